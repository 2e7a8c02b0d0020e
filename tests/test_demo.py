"""The demo caseload (sample_data/): it loads, and it shows every statutory situation.

The dates asserted below were worked out by hand from procedures.md section 2 (working
days skip weekends and England bank holidays; "3 months" is the same day 3 calendar
months later; "26 weeks beginning with" the day of issue ends 26 weeks less a day after it).
As-of day: Monday 2026-11-23 (sample_data/caseload.toml).
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest
from conftest import STATUTORY_RULES

from permcli.app import policies
from permcli.app.demo import build_demo, manifest
from permcli.app.due import DueQuery, due_items
from permcli.domain.engine import History, derive
from permcli.resources import bundled
from permcli.store import repo
from permcli.store.engine import transaction

# the demo builds its own SQLite file
pytestmark = pytest.mark.sqlite_only

AS_OF = date(2026, 11, 23)
CHILDREN = 41
BASE_EVENTS = 391  # events.csv: every policy
STATUTORY_EXTRA = 7  # policies/statutory.csv: panel hearings
EVENTS = BASE_EVENTS + STATUTORY_EXTRA


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo built once into a temp file: (context, loaded, {child: [items]})."""
    ctx, loaded = build_demo(path=tmp_path_factory.mktemp("demo") / "demo.db")
    with transaction(ctx.engine(), write=False) as conn:
        policy = policies.active(conn)
        found = repo.histories(conn)
    items = {child.ref: derive(History(child, tuple(events)), policy, ctx.as_of) for child, events in found}
    yield ctx, loaded, items, policy
    ctx.close()


@pytest.fixture(scope="module")
def items(demo):
    return demo[2]


def only(items, child: str, rule: str, **match):
    """The single item of ``rule`` for ``child`` (matching trigger/number/... if given)."""
    found = [
        i for i in items[child]
        if i.rule == rule and all(getattr(i, k) == (d(v) if isinstance(v, str) else v) for k, v in match.items())
    ]
    assert len(found) == 1, f"{child} {rule} {match}: {found}"
    return found[0]


# -- the files and the command ------------------------------------------------------------


def test_manifest_describes_the_demo_day():
    info = manifest()
    assert str(info["as_of"]) == "2026-11-23"
    assert info["policy"] == "statutory"


def test_csv_files_are_a_believable_caseload():
    folder = bundled("sample_data")
    children = list(csv.DictReader((folder / "children.csv").open(encoding="utf-8")))
    events = list(csv.DictReader((folder / "events.csv").open(encoding="utf-8")))
    extra = list(csv.DictReader((folder / "policies/statutory.csv").open(encoding="utf-8")))
    assert len(extra) == STATUTORY_EXTRA and {e["kind"] for e in extra} == {"panel"}
    assert [c["child"] for c in children] == [f"C{n:03d}" for n in range(1, CHILDREN + 1)]
    assert len(events) == BASE_EVENTS
    assert {c["team"] for c in children} == {"Children in Care North", "Children in Care South", "Leaving Care"}
    workers = Counter(c["worker"] for c in children)
    assert len(workers) == 6 and min(workers.values()) >= 3
    groups = Counter(c["sibling_group"] for c in children if c["sibling_group"])
    assert groups == {"SG1": 2, "SG2": 3, "SG3": 2, "SG4": 2}
    assert sorted(c["child"] for c in children if c["uasc"] == "yes") == ["C025", "C026", "C027"]
    dob = {c["child"]: d(c["dob"]) for c in children}
    ages = [(AS_OF - b).days // 365 for b in dob.values()]
    assert min(ages) == 0 and max(ages) == 18  # C041 left care at 18 (a care leaver)
    for e in events + extra:
        assert dob[e["child"]] <= d(e["date"]) <= AS_OF, e
        if e["end_date"]:
            assert d(e["end_date"]) > d(e["date"]), e


def test_perm_demo_prints_the_due_table(perm):
    result = perm("demo")
    assert result.code == 0, result.err
    assert "Due as of 2026-11-23" in result.out
    # an overdue first review and a due-soon Staying Put are in the table
    assert "C010" in result.out and "Leo Martin" in result.out
    assert "C022" in result.out
    assert f"{CHILDREN} fictional children, {EVENTS} events" in result.err
    assert "Database:" in result.err


def test_demo_due_json_has_overdue_and_due_soon(perm, tmp_path):
    build_demo(path=tmp_path / "demo.db")[0].close()
    result = perm("--db", tmp_path / "demo.db", "--as-of", "2026-11-23", "due", "--json")
    assert result.code == 0, result.err
    rows = result.json()
    status = Counter(r["status"] for r in rows)
    assert status["overdue"] >= 5 and status["due-soon"] >= 5
    assert set(status) == {"overdue", "due-soon"}


def test_build_demo_loads_every_child_and_event(demo):
    ctx, loaded, items, _ = demo
    assert (loaded.children_added, loaded.events_total) == (CHILDREN, EVENTS)
    assert ctx.as_of == AS_OF
    assert len(items) == CHILDREN


# -- coverage ---------------------------------------------------------------------------


def test_every_statutory_rule_appears(demo):
    _, _, items, policy = demo
    assert {r.id for r in policy.rules} == STATUTORY_RULES
    derived = {i.rule for found in items.values() for i in found}
    assert derived == STATUTORY_RULES


def test_every_state_appears(items):
    states = Counter(i.state for found in items.values() for i in found)
    assert states["done"] > 100
    assert states["late"] >= 5
    assert states["stopped"] >= 5
    outstanding = [i for found in items.values() for i in found if i.outstanding]
    status = Counter(i.status(AS_OF, 14) for i in outstanding)
    assert status["overdue"] >= 5 and status["due-soon"] >= 5 and status["upcoming"] > 0


def test_due_items_with_all(demo):
    ctx, *_ = demo
    rows = due_items(ctx, DueQuery(include_all=True))
    assert {r["status"] for r in rows} == {"overdue", "due-soon", "upcoming"}
    overdue = {(r["child"], r["rule"]) for r in rows if r["status"] == "overdue"}
    assert {
        ("C010", "review-first"),
        ("C017", "review-subsequent"),
        ("C014", "permanence-plan"),
        ("C014", "permanence-plan-escalation"),
        ("C019", "pre-proceedings-end"),
        ("C013", "proceedings-end"),
        ("C023", "staying-put"),
        ("C024", "pathway-plan"),
    } <= overdue
    assert rows == sorted(rows, key=lambda r: (r["due"], r["child"], r["rule"], r["number"] or 0))


# -- LAC reviews ----------------------------------------------------------------------------


def test_c010_first_review_overdue(items):
    # Looked after Monday 2026-10-12. Working days after it: Tue 13-Fri 16 = 4,
    # 19-23 Oct = 9, 26-30 Oct = 14, 2-6 Nov = 19, Mon 9 Nov = 20 (no bank holidays).
    item = only(items, "C010", "review-first")
    assert (item.number, item.due, item.state) == (1, d("2026-11-09"), "open")
    assert item.status(AS_OF, 14) == "overdue"


def test_c011_police_protection_first_review_due_soon(items):
    # Police protection Thursday 2026-10-29: Fri 30 Oct = 1, 2-6 Nov = 6, 9-13 Nov = 11,
    # 16-20 Nov = 16, Mon 23 - Thu 26 Nov = 20. Due 2026-11-26, 3 days after the as-of day.
    item = only(items, "C011", "review-first")
    assert item.due == d("2026-11-26")
    assert item.status(AS_OF, 14) == "due-soon"


def test_c012_second_period_restarts_reviews(items):
    # Period 1 (2025-03-03 to 2025-10-20): review 3 (2025-06-25 + 6 months) stops.
    stopped = only(items, "C012", "review-subsequent")
    assert (stopped.number, stopped.due, stopped.state, stopped.stopped) == (
        3, d("2025-12-25"), "stopped", d("2025-10-20")
    )
    # Period 2 from Monday 2026-11-02: 3-6 Nov = 4, 9-13 = 9, 16-20 = 14, 23-27 = 19,
    # Mon 30 Nov = 20. Review number 1 again.
    again = only(items, "C012", "review-first", period=1)
    assert (again.number, again.due, again.state) == (1, d("2026-11-30"), "open")
    assert again.status(AS_OF, 14) == "due-soon"


def test_c016_bank_holiday_skipped_and_review_two_due_soon(items):
    # Looked after Monday 2026-08-03: 4-7 Aug = 4, 10-14 = 9, 17-21 = 14, 24-28 = 19,
    # Mon 31 Aug is the summer bank holiday, so Tue 1 Sep = 20. Held that day: on time.
    first = only(items, "C016", "review-first")
    assert (first.due, first.done, first.state) == (d("2026-09-01"), d("2026-09-01"), "done")
    # Review 2 within 3 months of review 1: 2026-12-01; the plan is due by then too.
    second = only(items, "C016", "review-second")
    plan = only(items, "C016", "permanence-plan")
    assert second.due == plan.due == d("2026-12-01")
    assert second.status(AS_OF, 14) == plan.status(AS_OF, 14) == "due-soon"


def test_c015_first_review_and_plan_late(items):
    # Looked after Monday 2026-02-02: 20 working days is Monday 2026-03-02; held 03-12.
    first = only(items, "C015", "review-first")
    assert (first.due, first.done, first.state) == (d("2026-03-02"), d("2026-03-12"), "late")
    # Review 2 due 2026-06-12 but held 2026-06-10 with no plan: the plan was due 06-10,
    # escalation at once; the plan came on 2026-07-06.
    plan = only(items, "C015", "permanence-plan")
    escalation = only(items, "C015", "permanence-plan-escalation")
    assert (plan.due, plan.done, plan.state) == (d("2026-06-10"), d("2026-07-06"), "late")
    assert (escalation.due, escalation.state) == (d("2026-06-10"), "late")


def test_c014_no_plan_at_review_two_escalates(items):
    # Looked after Monday 2026-04-13; Mon 4 May is a bank holiday, so review 1 is due
    # Tue 2026-05-12 (held 05-11). Review 2 held 2026-08-10 with no permanence plan.
    assert only(items, "C014", "review-first").due == d("2026-05-12")
    escalation = only(items, "C014", "permanence-plan-escalation")
    plan = only(items, "C014", "permanence-plan")
    assert escalation.due == plan.due == d("2026-08-10")
    assert escalation.outstanding and plan.outstanding
    assert escalation.status(AS_OF, 14) == "overdue"


def test_later_reviews_every_six_months(items):
    # C017: review 10 held 2026-05-14, review 11 due 2026-11-14: overdue.
    overdue = only(items, "C017", "review-subsequent", number=11)
    assert overdue.due == d("2026-11-14") and overdue.status(AS_OF, 14) == "overdue"
    # C018: review 11 held 2026-06-01, review 12 due 2026-12-01: due soon.
    soon = only(items, "C018", "review-subsequent", number=12)
    assert soon.due == d("2026-12-01") and soon.status(AS_OF, 14) == "due-soon"
    # C035: review 3 held 2025-07-04, review 4 due 2026-01-04, held 2026-01-19 (late);
    # review 5 counts from the late review: 2026-07-19.
    late = only(items, "C035", "review-subsequent", number=4)
    assert (late.due, late.done, late.state) == (d("2026-01-04"), d("2026-01-19"), "late")
    assert only(items, "C035", "review-subsequent", number=5).due == d("2026-07-19")


# -- PLO and proceedings ------------------------------------------------------------------


def test_plo(items):
    # C030/C031 (SG3, at home): PLO from 2026-08-10, + 16 weeks = 2026-11-30, due soon.
    for child in ("C030", "C031"):
        item = only(items, child, "pre-proceedings-end")
        assert item.due == d("2026-11-30") and item.status(AS_OF, 14) == "due-soon"
    # C019: from 2026-07-06, due 2026-10-26, still open: overdue.
    assert only(items, "C019", "pre-proceedings-end").status(AS_OF, 14) == "overdue"
    # C016: concluded by issuing proceedings (2026-05-11 + 16 weeks = 2026-08-31).
    issued = only(items, "C016", "pre-proceedings-end")
    assert (issued.due, issued.done, issued.state) == (d("2026-08-31"), d("2026-07-30"), "done")
    # C032: ended without proceedings (plo-end 2026-04-20; due 2026-05-04).
    ended = only(items, "C032", "pre-proceedings-end")
    assert (ended.due, ended.done, ended.state) == (d("2026-05-04"), d("2026-04-20"), "done")


def test_proceedings(items):
    # C013: issued Monday 2026-04-20; 26 weeks beginning with that day end Sunday 2026-10-18.
    late = only(items, "C013", "proceedings-end")
    assert late.due == d("2026-10-18") and late.outstanding
    assert late.status(AS_OF, 14) == "overdue"
    # C009: issued 2026-09-14, last day 2027-03-14: open, within time.
    open_ = only(items, "C009", "proceedings-end")
    assert open_.due == d("2027-03-14") and open_.status(AS_OF, 14) == "upcoming"
    # C001: issued 2024-02-05 (last day 2024-08-04), care order 2024-07-24.
    done = only(items, "C001", "proceedings-end")
    assert (done.due, done.done, done.state) == (d("2024-08-04"), d("2024-07-24"), "done")
    # C036: withdrawn 2026-04-13.
    assert only(items, "C036", "proceedings-end").done == d("2026-04-13")


# -- adoption ---------------------------------------------------------------------------


def test_adoption_review_not_placed(items):
    # C005: placement order 2026-03-02, first adoption review within 3 months: 2026-06-02,
    # held 2026-05-28; later ones every 6 months from the last review.
    found = sorted((i for i in items["C005"] if i.rule == "adoption-review-not-placed"), key=lambda i: i.due)
    assert (found[0].due, found[0].done, found[0].state) == (d("2026-06-02"), d("2026-05-28"), "done")
    assert found[-1].outstanding


def test_adoption_review_placed(items):
    # C007 placed for adoption 2026-08-24: review within 4 weeks (2026-09-21), held
    # 2026-09-17; the next within 3 months of it: 2026-12-17.
    found = sorted((i for i in items["C007"] if i.rule == "adoption-review-placed"), key=lambda i: i.due)
    assert [(i.due, i.state) for i in found] == [(d("2026-09-21"), "done"), (d("2026-12-17"), "open")]
    # Placing the child stopped the not-placed reviews.
    assert any(i.rule == "adoption-review-not-placed" and i.stopped == d("2026-08-24") for i in items["C007"])


def test_adopted_child_items_stop(items):
    # C008: adoption order and care ended 2026-05-11; nothing is outstanding.
    assert not [i for i in items["C008"] if i.outstanding]
    placed = [i for i in items["C008"] if i.rule == "adoption-review-placed"]
    assert placed[-1].stopped == d("2026-05-11")


# -- leaving care ---------------------------------------------------------------------------


def test_staying_put(items):
    # C022 turns 17 on 2026-12-03: due soon. C023 turned 17 on 2026-07-09: overdue.
    # C020 discussed it on 2026-04-14 (after her 15th birthday, before her 17th).
    assert only(items, "C022", "staying-put").due == d("2026-12-03")
    assert only(items, "C022", "staying-put").status(AS_OF, 14) == "due-soon"
    assert only(items, "C023", "staying-put").status(AS_OF, 14) == "overdue"
    done = only(items, "C020", "staying-put")
    assert (done.due, done.done, done.state) == (d("2027-03-20"), d("2026-04-14"), "done")
    # C024 moved to residential care after a disrupted foster placement: no longer needed.
    assert only(items, "C024", "staying-put").stopped == d("2025-02-10")


def test_pathway_plan(items):
    # C025 (UASC) looked after from 2026-06-01, already 16: eligible after 13 weeks
    # (91 days) on 2026-08-31; pathway plan due 3 months later, 2026-11-30.
    soon = only(items, "C025", "pathway-plan")
    assert (soon.trigger, soon.due) == (d("2026-08-31"), d("2026-11-30"))
    assert soon.status(AS_OF, 14) == "due-soon"
    # C024: 16 on 2026-06-15, looked after since 13: due 2026-09-15, not done.
    assert only(items, "C024", "pathway-plan").due == d("2026-09-15")
    assert only(items, "C024", "pathway-plan").status(AS_OF, 14) == "overdue"
    # C022: 16 on 2025-12-03, due 2026-03-03, done 2026-02-16. C023: done late.
    assert only(items, "C022", "pathway-plan").state == "done"
    late = only(items, "C023", "pathway-plan")
    assert (late.due, late.done, late.state) == (d("2025-10-09"), d("2025-10-27"), "late")


def test_supervision_orders(items):
    # C029: supervision order ends 2027-03-01; panel due 3 months before, 2026-12-01.
    soon = only(items, "C029", "supervision-order-expiry")
    assert soon.due == d("2026-12-01") and soon.status(AS_OF, 14) == "due-soon"
    # C033: ends 2026-12-14, due 2026-09-14, heard at the legal planning panel 2026-09-08.
    done = only(items, "C033", "supervision-order-expiry")
    assert (done.due, done.done, done.state) == (d("2026-09-14"), d("2026-09-08"), "done")


def test_ceased_child_items_stop(items):
    # C029 went home under the supervision order on 2026-03-02: review 3 stops then.
    review = only(items, "C029", "review-subsequent")
    assert (review.state, review.stopped) == ("stopped", d("2026-03-02"))


def test_show_json_states(perm, tmp_path):
    build_demo(path=tmp_path / "demo.db")[0].close()
    result = perm("--db", tmp_path / "demo.db", "--as-of", "2026-11-23", "show", "C002", "--json")
    assert result.code == 0, result.err
    story = result.json()
    assert story["child"]["sibling_group"] == "SG2"
    # Review 7: review 6 held 2025-08-15, due 2026-02-15, held 2026-02-24.
    late = [i for i in story["items"] if i["state"] == "late"]
    assert [(i["rule"], i["number"], i["due"], i["done"]) for i in late] == [
        ("review-subsequent", 7, "2026-02-15", "2026-02-24")
    ]
    result = perm("--db", tmp_path / "demo.db", "--as-of", "2026-11-23", "show", "C012", "--json")
    story = result.json()
    assert [p["start"] for p in story["periods"]] == ["2025-03-03", "2026-11-02"]
    assert any(i["state"] == "stopped" for i in story["items"])


@pytest.mark.parametrize(
    "policy_id", ["statutory", "newham-older-children", "four-panels", "bcp", "permanence-panel", "ppm-process"]
)
def test_demo_runs_under_every_shipped_policy(perm, policy_id):
    """`perm demo --policy ID` loads the caseload under the policy, shows what is due and
    then the next agenda of each of the policy's panels."""
    result = perm("demo", "--policy", policy_id)
    assert result.code == 0, result.err
    assert f"as of 2026-11-23, policy {policy_id}" in result.err
    assert "Due as of 2026-11-23" in result.out
    policy = policies.load(policy_id)
    for panel in policy.panels:
        assert f"# {panel.name}: " in result.out, panel.id
    rows = perm("--db", str(build_demo_path(result.err)), "--as-of", "2026-11-23", "due", "--json", "--all").json()
    local = {r["rule"] for r in rows} - STATUTORY_RULES
    if policy_id != "statutory":
        assert local, "the policy's own rules show in the demo"


def build_demo_path(stderr: str) -> str:
    line = next(line for line in stderr.splitlines() if line.startswith("Database: "))
    return line.removeprefix("Database: ")


def test_demo_refuses_an_unknown_policy(perm):
    result = perm("demo", "--policy", "nowhere")
    assert result.code == 1
    assert result.err.startswith("perm: error: --policy: the demo runs under a shipped policy: bcp, four-panels")
