"""`perm report`: the quarterly highlight figures, checked against a caseload counted by hand.

The caseload is built once through the CLI (as of 15 April 2026) and copied for each test.
The default period is then the last complete quarter: 1 January to 31 March 2026, with
figures as of 31 March. Every date below was worked out by hand (working days skip the
bank holidays of 25 and 26 December 2025 and 1 January 2026) and the counting is written
next to the assertions.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import drop_pg_database, mode, new_pg_database

from permcli.cli.main import main_entry

AS_OF = ("--as-of", "2026-04-15")

# C1 North/Ann Lee: looked after Mon 5 Jan 2026 (s20). Review 1 due Mon 2 Feb (20 working
#    days, rules.md); held 28 Jan: on time, 23 days. Review 2 and the plan due 28 Apr: later.
# C2 North/Ann Lee: looked after 5 Jan (ico). Review 1 due 2 Feb, held 10 Feb: late, 36 days.
# C3 North/Bob Marsh: looked after 5 Jan (ico). Review 1 due 2 Feb, never held: overdue on
#    31 Mar by 57 days (2 Feb -> 2 Mar 28, -> 31 Mar 29). The plan is projected to 2 May.
# C4 South/Cy Dee: looked after Wed 1 Oct 2025 (ico). Review 1 due 29 Oct, held 27 Oct.
#    Review 2 due 27 Jan 2026, held 20 Jan: on time, 111 days after 1 Oct (Oct 1 -> Jan 1
#    92, + 19). The plan is due on the day review 2 was held (20 Jan) and agreed that day: on
#    time, 111 days. Proceedings issued Mon 6 Oct 2025 (due 5 Apr 2026), care order 16 Mar:
#    161 days (Oct 6 -> Mar 6: 31+30+31+31+28 = 151, + 10), within 26 weeks.
# C5 South/Cy Dee: looked after 1 Jul 2025 (ico). Review 1 20 Jul, review 2 15 Sep 2025 with
#    no plan: the plan and the IRO escalation due 15 Sep 2025, overdue by 197 days on 31 Mar
#    (Sep 15 -> Mar 15: 30+31+30+31+31+28 = 181, + 16). Review 3 due 15 Mar 2026, not held:
#    overdue by 16 days.
# C6 South/Cy Dee: looked after Mon 15 Dec 2025 (s20). Review 1 due Thu 15 Jan 2026 (days
#    1-7 are 16-24 Dec, 8-10 are 29-31 Dec, 11 is 2 Jan, 12-16 are 5-9 Jan, 17-20 are
#    12-15 Jan), never held; ceased 20 Feb: missed.
# C7 no team, no worker: looked after Mon 2 Mar 2026 (s20). Review 1 due Mon 30 Mar; ceased
#    20 Mar, before it was due: no longer needed (not counted as due).
# C8 North/Bob Marsh, never looked after: PLO from Mon 1 Dec 2025, proceedings issued 9 Feb
#    2026 (70 days: 31 + 31 + 8; due 23 Mar, within), withdrawn 9 Mar (not a final order).
# C9 South/Cy Dee, never looked after: PLO from Mon 5 Jan 2026, ended 3 Mar: 57 days.
# C10 North/Ann Lee: looked after Thu 1 May 2025 (ico). Review 1 20 May, plan 1 Jul, review
#    2 4 Aug 2025; review 3 due 4 Feb 2026, held 2 Feb: on time. Proceedings issued Mon 2
#    Jun 2025 (due 30 Nov 2025), care order 2 Feb 2026: 245 days (Jun 2 -> Feb 2:
#    30+31+31+30+31+30+31+31), not within 26 weeks.
# C11 South/Eve Fox: looked after Mon 20 Oct 2025 (ico). Review 1 due 17 Nov, held 14 Nov.
#    Review 2 due 14 Feb 2026, held 12 Feb: on time, 115 days (Oct 20 -> Jan 20: 31+30+31
#    = 92, + 23). The plan is due 12 Feb (review 2 held), agreed 2 Mar: late, 133 days
#    (-> Feb 20: 123, + 10). The escalation (not a plan figure) is done late the same day.
# C12 North/Bob Marsh: looked after Mon 3 Nov 2025 (ico). Review 1 due 1 Dec, held 24 Nov.
#    Review 2 and the plan due 24 Feb 2026, neither held; ceased 9 Mar: both missed.
CHILDREN = [
    ("C1", "North", "Ann Lee"), ("C2", "North", "Ann Lee"), ("C3", "North", "Bob Marsh"),
    ("C4", "South", "Cy Dee"), ("C5", "South", "Cy Dee"), ("C6", "South", "Cy Dee"), ("C7", None, None),
    ("C8", "North", "Bob Marsh"), ("C9", "South", "Cy Dee"), ("C10", "North", "Ann Lee"),
    ("C11", "South", "Eve Fox"), ("C12", "North", "Bob Marsh"),
]
EVENTS = [
    ("looked-after", "C1", "2026-01-05", "--legal-status", "s20"),
    ("review", "C1", "2026-01-28"),
    ("looked-after", "C2", "2026-01-05", "--legal-status", "ico"),
    ("review", "C2", "2026-02-10"),
    ("looked-after", "C3", "2026-01-05", "--legal-status", "ico"),
    ("looked-after", "C4", "2025-10-01", "--legal-status", "ico"),
    ("proceedings-issued", "C4", "2025-10-06"),
    ("review", "C4", "2025-10-27"),
    ("review", "C4", "2026-01-20"),
    ("plan", "C4", "2026-01-20", "--plan", "adoption"),
    ("order", "C4", "2026-03-16", "--type", "care"),
    ("looked-after", "C5", "2025-07-01", "--legal-status", "ico"),
    ("review", "C5", "2025-07-20"),
    ("review", "C5", "2025-09-15"),
    ("looked-after", "C6", "2025-12-15", "--legal-status", "s20"),
    ("ceased", "C6", "2026-02-20"),
    ("looked-after", "C7", "2026-03-02", "--legal-status", "s20"),
    ("ceased", "C7", "2026-03-20"),
    ("plo-start", "C8", "2025-12-01"),
    ("proceedings-issued", "C8", "2026-02-09"),
    ("proceedings-withdrawn", "C8", "2026-03-09"),
    ("plo-start", "C9", "2026-01-05"),
    ("plo-end", "C9", "2026-03-03"),
    ("looked-after", "C10", "2025-05-01", "--legal-status", "ico"),
    ("review", "C10", "2025-05-20"),
    ("proceedings-issued", "C10", "2025-06-02"),
    ("plan", "C10", "2025-07-01", "--plan", "long-term-fostering"),
    ("review", "C10", "2025-08-04"),
    ("order", "C10", "2026-02-02", "--type", "care"),
    ("review", "C10", "2026-02-02"),
    ("looked-after", "C11", "2025-10-20", "--legal-status", "ico"),
    ("review", "C11", "2025-11-14"),
    ("review", "C11", "2026-02-12"),
    ("plan", "C11", "2026-03-02", "--plan", "sgo"),
    ("looked-after", "C12", "2025-11-03", "--legal-status", "ico"),
    ("review", "C12", "2025-11-24"),
    ("ceased", "C12", "2026-03-09"),
]


def _run(*args) -> None:
    code = main_entry([str(a) for a in args])
    assert code == 0, args


def build(db: str) -> None:
    """The hand-counted caseload, through the CLI, into a database."""
    _run("--db", db, *AS_OF, "init")
    for ref, team, worker in CHILDREN:
        extra = [*(("--team", team) if team else ()), *(("--worker", worker) if worker else ())]
        _run("--db", db, *AS_OF, "child", "add", ref, "--name", f"Name of {ref}", "--dob", "2018-06-01", *extra)
    for kind, ref, day, *details in EVENTS:
        _run("--db", db, *AS_OF, "record", kind, ref, "--date", day, *details)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The caseload built once per backend (on first use), and dropped at the end."""
    databases: dict[str, str] = {}
    yield databases, tmp_path_factory
    for backend, db in databases.items():
        if backend == "postgresql":
            drop_pg_database(db)


@pytest.fixture
def caseload(built, backend, isolated, monkeypatch) -> tuple[str, ...]:
    """The caseload as this test's database (a fresh copy of the SQLite file; on
    PostgreSQL, one database shared by the module's tests: reports only add audit rows).
    Returns the global options to look at it."""
    databases, factory = built
    if backend not in databases:
        if backend == "postgresql":
            databases[backend] = new_pg_database()
        else:
            databases[backend] = str(factory.mktemp("report") / "perm.db")
        build(databases[backend])
    if backend == "postgresql":
        monkeypatch.setenv("PERM_DB", databases[backend])
    else:
        for suffix in ("", "-wal", "-shm"):
            source = Path(databases[backend] + suffix)
            if source.exists():
                shutil.copyfile(source, isolated / f"perm.db{suffix}")
    return AS_OF


def tally(due, on_time=0, late=0, overdue=0, missed=0, open_=0, no_longer_needed=0) -> dict:
    """A figure as the report writes it; percentages of those due, one decimal place."""
    not_done = overdue + missed
    assert due == on_time + late + not_done + open_

    def pct(n):
        return None if not due else float(f"{100 * n / due + 1e-9:.1f}")

    return {"due": due, "on_time": on_time, "late": late, "not_done": not_done, "overdue": overdue,
            "missed": missed, "open": open_, "no_longer_needed": no_longer_needed,
            "on_time_percent": pct(on_time), "late_percent": pct(late), "not_done_percent": pct(not_done),
            "open_percent": pct(open_)}


# The figures for 1 January to 31 March 2026, counted from the notes above.
EXPECTED = {
    "period": {"from": "2026-01-01", "to": "2026-03-31", "as_of": "2026-03-31", "chosen": "the last complete quarter"},
    "policy": "statutory",
    "filters": {"team": None, "worker": None},
    "children": {
        # Still looked after on 31 Mar: C1 C2 C3 C4 C5 C10 C11 (C6, C7 and C12 ceased).
        "looked_after_at_end": 7,
        "looked_after_at_end_s20": 1,  # C1; C6 and C7 were s20 but have left care
        # ... and those who left during the quarter: + C6 C7 C12.
        "looked_after_during": 10,
        "starts": 4,  # C1 C2 C3 (5 Jan), C7 (2 Mar)
        "ends": 3,  # C6 (20 Feb), C12 (9 Mar), C7 (20 Mar)
    },
    "reviews": {
        # Review 1 due in the quarter: C1 on time, C2 late, C3 overdue, C6 missed; C7's was no
        # longer needed before it was due.
        "first": tally(4, on_time=1, late=1, overdue=1, missed=1, no_longer_needed=1),
        # Review 2: C4 and C11 on time; C12 missed.
        "second": tally(3, on_time=2, missed=1),
        # Later: C10's review 3 on time; C5's review 3 overdue.
        "later": tally(2, on_time=1, overdue=1),
        "all": tally(9, on_time=4, late=1, overdue=2, missed=2, no_longer_needed=1),
    },
    # Plans due in the quarter: C4 on time (20 Jan), C11 late (due 12 Feb, agreed 2 Mar), C12
    # missed (due 24 Feb, ceased 9 Mar). C1 C2 C3 C6 C7 are due after March; C5 in 2025.
    "permanence_plans": tally(3, on_time=1, late=1, missed=1),
    "ppms": {"rules": [], "all": tally(0), "by_rule": {}},
    "milestones": [
        {"milestone": "review-1", "name": "Looked after to LAC review 1 held", "reached": 2,
         "median_days": 29.5, "shortest_days": 23, "longest_days": 36, "within_target": 1},  # C1 23, C2 36
        {"milestone": "review-2", "name": "Looked after to LAC review 2 held", "reached": 2,
         "median_days": 113, "shortest_days": 111, "longest_days": 115, "within_target": 2},  # C4 111, C11 115
        {"milestone": "permanence-plan", "name": "Looked after to permanence plan agreed", "reached": 2,
         "median_days": 122, "shortest_days": 111, "longest_days": 133, "within_target": 1},  # C4 111, C11 133
        {"milestone": "plo", "name": "PLO started to PLO concluded (proceedings issued or PLO ended)",
         "reached": 2, "median_days": 63.5, "shortest_days": 57, "longest_days": 70, "within_target": 2},  # C9, C8
        {"milestone": "proceedings", "name": "Proceedings issued to final order (26-week target)", "reached": 2,
         "median_days": 203, "shortest_days": 161, "longest_days": 245, "within_target": 1},  # C4, C10; C8 withdrawn
    ],
    "drifting": {
        "overdue_items": 4,
        "top": [
            {"child": "C5", "worker": "Cy Dee", "team": "South", "what": "Permanence plan agreed (by the second LAC review)",
             "rule": "permanence-plan", "due": "2025-09-15", "days_overdue": 197},
            {"child": "C5", "worker": "Cy Dee", "team": "South",
             "what": "No permanence plan at the second review: IRO escalation",
             "rule": "permanence-plan-escalation", "due": "2025-09-15", "days_overdue": 197},
            {"child": "C3", "worker": "Bob Marsh", "team": "North", "what": "LAC review 1", "rule": "review-first",
             "due": "2026-02-02", "days_overdue": 57},
            {"child": "C5", "worker": "Cy Dee", "team": "South", "what": "LAC review 3", "rule": "review-subsequent",
             "due": "2026-03-15", "days_overdue": 16},
        ],
    },
    "by_team": [
        # North: C1 C2 C3 C10 looked after at the end. Reviews C1 on time, C2 late, C3 overdue,
        # C10 on time, C12 missed; plan C12 missed.
        {"team": "North", "looked_after_at_end": 4,
         "reviews": tally(5, on_time=2, late=1, overdue=1, missed=1),
         "permanence_plans": tally(1, missed=1), "ppms": tally(0)},
        # South: C4 C5 C11 at the end. Reviews C4 and C11 on time, C5 overdue, C6 missed; plans
        # C4 on time, C11 late.
        {"team": "South", "looked_after_at_end": 3,
         "reviews": tally(4, on_time=2, overdue=1, missed=1),
         "permanence_plans": tally(2, on_time=1, late=1), "ppms": tally(0)},
        # No team: C7, looked after during the quarter; its review was no longer needed.
        {"team": None, "looked_after_at_end": 0, "reviews": tally(0, no_longer_needed=1),
         "permanence_plans": tally(0), "ppms": tally(0)},
    ],
    "by_worker": [
        {"worker": "Ann Lee", "looked_after_at_end": 3,  # C1 C2 C10
         "reviews": tally(3, on_time=2, late=1), "permanence_plans": tally(0), "ppms": tally(0)},
        {"worker": "Bob Marsh", "looked_after_at_end": 1,  # C3 (C8 never, C12 ceased)
         "reviews": tally(2, overdue=1, missed=1), "permanence_plans": tally(1, missed=1), "ppms": tally(0)},
        {"worker": "Cy Dee", "looked_after_at_end": 2,  # C4 C5
         "reviews": tally(3, on_time=1, overdue=1, missed=1), "permanence_plans": tally(1, on_time=1),
         "ppms": tally(0)},
        {"worker": "Eve Fox", "looked_after_at_end": 1,  # C11
         "reviews": tally(1, on_time=1), "permanence_plans": tally(1, late=1), "ppms": tally(0)},
        {"worker": None, "looked_after_at_end": 0, "reviews": tally(0, no_longer_needed=1),
         "permanence_plans": tally(0), "ppms": tally(0)},
    ],
}


def test_the_hand_counted_figures(perm, caseload):
    result = perm(*caseload, "report", "--format", "json")
    assert result.code == 0, result.err
    got = result.json()
    for key, figures in EXPECTED.items():  # one section at a time, for a readable failure
        assert got[key] == figures, key
    assert got == EXPECTED


def test_the_percentages_round_half_up():
    from permcli.app.report import percent

    # 1 of 8 is 12.5% exactly; 1 of 16 is 6.25%, shown 6.3 (half up, not to even).
    assert (percent(1, 8), percent(1, 16), percent(2, 3), percent(0, 0)) == (12.5, 6.3, 66.7, None)


def test_the_same_period_given_explicitly_and_by_to_alone(perm, caseload):
    default = perm(*caseload, "report", "--format", "json").json()
    given = perm(*caseload, "report", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "json").json()
    by_to = perm(*caseload, "report", "--to", "2026-03-31", "--format", "json").json()
    assert given["period"]["chosen"] == "given" and by_to["period"]["from"] == "2026-01-01"
    for other in (given, by_to):
        assert {k: v for k, v in other.items() if k != "period"} == {k: v for k, v in default.items() if k != "period"}


def test_a_period_not_over_yet_counts_items_not_yet_overdue_as_open(perm, caseload):
    # As of 10 Mar, --from alone runs to the as-of day. Events after 10 Mar are not known
    # yet: C7 has not ceased, C12 ceased on 9 Mar (known), C11's plan of 2 Mar is known.
    result = perm("--as-of", "2026-03-10", "report", "--from", "2026-01-01", "--format", "json")
    got = result.json()
    assert got["period"] == {"from": "2026-01-01", "to": "2026-03-10", "as_of": "2026-03-10",
                             "chosen": "from --from to the as-of day"}
    # C7's review 1 (due 30 Mar) and C5's review 3 (due 15 Mar) fall after the period; due in
    # it: review 1 of C1, C2, C3 (2 Feb) and C6 (15 Jan, missed on 20 Feb).
    assert got["reviews"]["first"] == tally(4, on_time=1, late=1, overdue=1, missed=1)
    # Looked after on 10 Mar: C1 C2 C3 C4 C5 C7 C10 C11 = 8; C6 and C12 left.
    assert got["children"]["looked_after_at_end"] == 8
    # With --to after the as-of day, the items due after it are open.
    later = perm("--as-of", "2026-03-10", "report", "--from", "2026-01-01", "--to", "2026-03-31",
                 "--format", "json").json()
    assert later["period"]["as_of"] == "2026-03-10"
    # C7's review 1 (due 30 Mar) is open, not yet overdue; C5's review 3 (due 15 Mar) too.
    assert later["reviews"]["first"] == tally(5, on_time=1, late=1, overdue=1, missed=1, open_=1)
    assert later["reviews"]["later"] == tally(2, on_time=1, open_=1)


def test_the_team_filter_keeps_that_team_only(perm, caseload):
    got = perm(*caseload, "report", "--team", "north", "--format", "json").json()
    assert got["filters"] == {"team": "north", "worker": None}
    assert [r["team"] for r in got["by_team"]] == ["North"]
    assert got["by_team"][0]["reviews"] == got["reviews"]["all"] == EXPECTED["by_team"][0]["reviews"]
    assert got["children"] == {"looked_after_at_end": 4, "looked_after_at_end_s20": 1, "looked_after_during": 5,
                               "starts": 3, "ends": 1}  # C1 C2 C3 C10, + C12 who ceased


def test_csv_has_one_row_per_figure(perm, caseload):
    result = perm(*caseload, "report", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == ["section", "group", "name", "count", "percent", "value"]
    keyed = {(r["section"], r["group"], r["name"]): (r["count"], r["percent"], r["value"]) for r in rows}
    assert len(keyed) == len(rows)
    assert keyed[("period", "", "from")] == ("", "", "2026-01-01")
    assert keyed[("children", "", "looked_after_at_end")] == ("7", "", "")
    assert keyed[("reviews", "first", "due")] == ("4", "", "")
    assert keyed[("reviews", "first", "on_time")] == ("1", "25.0", "")
    assert keyed[("reviews", "all", "on_time")] == ("4", "44.4", "")
    assert keyed[("reviews", "all", "not_done")] == ("4", "44.4", "")
    assert keyed[("permanence_plans", "", "late")] == ("1", "33.3", "")
    assert keyed[("ppms", "all", "due")] == ("0", "", "")
    assert keyed[("milestones", "plo", "median_days")] == ("", "", "63.5")
    assert keyed[("milestones", "proceedings", "within_target")] == ("1", "", "")
    assert keyed[("drifting", "", "overdue_items")] == ("4", "", "")
    assert keyed[("drifting", "C3", "LAC review 1")] == ("57", "", "2026-02-02")
    assert keyed[("team", "South", "permanence_plans.on_time")] == ("1", "50.0", "")
    assert keyed[("team", "(no team)", "reviews.no_longer_needed")] == ("1", "", "")
    assert keyed[("worker", "Bob Marsh", "reviews.not_done")] == ("2", "100.0", "")


def test_markdown_for_email(perm, caseload):
    result = perm(*caseload, "report", "--format", "md")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "# Permanence report: 1 January 2026 to 31 March 2026"
    for line in (
        "| Looked after at the end of the period | 7 |",
        "| Periods of care started | 4 |",
        "| LAC review 1 | 4 | 1 (25.0%) | 1 (25.0%) | 2 (50.0%) | 0 |",
        "| All LAC reviews | 9 | 4 (44.4%) | 1 (11.1%) | 4 (44.4%) | 0 |",
        "| Permanence plans by review 2 | 3 | 1 (33.3%) | 1 (33.3%) | 1 (33.3%) | 0 |",
        "| PPMs | 0 | 0 | 0 | 0 | 0 |",
        "Policy statutory has no PPM rules, so no PPMs are counted.",
        "| PLO started to PLO concluded (proceedings issued or PLO ended) | 2 | 63.5 | 57 | 70 | 2 |",
        "| C5 | Cy Dee | South | Permanence plan agreed (by the second LAC review) | 2025-09-15 | 197 |",
        "| North | 4 | 2 of 5 (40.0%) | 0 of 1 (0.0%) | - |",
        "| (no team) | 0 | - | - | - |",
    ):
        assert line in lines, line


def test_table_for_the_terminal(perm, caseload):
    result = perm(*caseload, "report")
    assert result.code == 0, result.err
    out = result.out
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert "Permanence report: 1 January 2026 to 31 March 2026" in out
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in out.splitlines() if line.startswith("│")}
    assert rows["LAC review 1"][:5] == ["4", "1", "1", "2", "0"]
    assert rows["All LAC reviews"][:5] == ["9", "4", "1", "4", "0"]
    # The bar: 24 cells for 9 due, on time █ (4), late ▓ (1), not done ▒ (4): 10.7, 2.7 and
    # 10.7 cells; 10, 2 and 10 whole ones, and the 2 cells left go to the largest remainders,
    # equal here, so to the first two.
    assert rows["All LAC reviews"][5] == "44.4% " + "█" * 11 + "▓" * 3 + "▒" * 10
    assert rows["Looked after at the end of the period"] == ["7"]
    assert rows["C3"][:5] == ["Bob Marsh", "North", "LAC review 1", "2026-02-02", "57"]
    assert rows["North"][0] == "4" and rows["North"][1].endswith("2 of 5 (40.0%)")


def test_reports_carry_child_ids_never_names(perm, caseload):
    for fmt in ("table", "md", "html", "csv", "json"):
        out = perm(*caseload, "report", "--format", fmt).out
        assert "C5" in out and "Name of" not in out, fmt


def test_output_writes_a_private_file_and_records_the_export(perm, caseload, tmp_path):
    target = tmp_path / "q1.html"
    result = perm(*caseload, "report", "--output", target)
    assert result.code == 0, result.err
    assert result.out == f"Wrote the report for 2026-01-01 to 2026-03-31 (html) to {target}\n"
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and mode(target) == 0o600
    # Self-contained: no scripts, nothing fetched from elsewhere.
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "<svg" in page
    trail = perm(*caseload, "audit", "--json").json()
    last = trail[-1]
    assert last["action"] == "export.report"
    # The children named in the file: the drifting cases.
    assert last["detail"] == {"period_from": "2026-01-01", "period_to": "2026-03-31", "as_of": "2026-03-31",
                              "format": "html", "to": str(target.resolve()), "children": ["C3", "C5"]}
    assert list(tmp_path.glob(".perm-*")) == []


def test_the_terminal_report_goes_to_a_text_file_without_colour(perm, caseload, tmp_path):
    target = tmp_path / "q1.txt"
    result = perm(*caseload, "report", "--output", target, "--team", "South")
    assert result.code == 0, result.err
    text = target.read_text()
    assert mode(target) == 0o600 and "\x1b[" not in text
    assert "Permanence report: 1 January 2026 to 31 March 2026" in text and "team South" in text


def test_html_escapes_what_people_typed(perm, isolated):
    assert perm("--as-of", "2026-04-15", "init").code == 0
    assert perm("--as-of", "2026-04-15", "child", "add", "C1", "--name", "X", "--dob", "2018-01-01",
                "--team", "<b>North</b> & co").code == 0
    assert perm("--as-of", "2026-04-15", "record", "looked-after", "C1", "--date", "2026-01-05",
                "--legal-status", "s20").code == 0
    page = perm("--as-of", "2026-04-15", "report", "--format", "html").out
    assert "&lt;b&gt;North&lt;/b&gt; &amp; co" in page and "<b>North</b>" not in page
    md = perm("--as-of", "2026-04-15", "report", "--format", "md").out
    assert "\\<b\\>North\\</b\\> & co" in md


def test_bad_periods_are_refused(perm, caseload):
    after = perm(*caseload, "report", "--from", "2026-03-01", "--to", "2026-02-01")
    assert (after.code, after.err) == (1, "perm: error: --from: 2026-03-01 is after --to 2026-02-01\n")
    ahead = perm(*caseload, "report", "--from", "2026-05-01")
    assert (ahead.code, ahead.err) == (
        1, "perm: error: --from: 2026-05-01 is after the as-of day 2026-04-15; a report cannot look ahead\n")
    fmt = perm(*caseload, "report", "--format", "pdf")
    assert fmt.code == 2 and "--format" in fmt.err


def test_ppms_on_time_under_a_policy_with_ppms(perm, isolated):
    # bcp: an initial PPM is due within 20 working days of becoming looked after and by
    # LAC review 1: for 5 Jan 2026, Mon 2 Feb. C1's PPM on 20 Jan is on time, C2's on 10 Feb
    # late, C3 has none (overdue on 31 Mar).
    assert perm(*AS_OF, "init", "--policy", "bcp").code == 0
    for ref in ("C1", "C2", "C3"):
        assert perm(*AS_OF, "child", "add", ref, "--name", "X", "--dob", "2018-01-01", "--team", "T").code == 0
        assert perm(*AS_OF, "record", "looked-after", ref, "--date", "2026-01-05", "--legal-status", "s20").code == 0
    assert perm(*AS_OF, "record", "ppm", "C1", "--date", "2026-01-20", "--type", "initial").code == 0
    assert perm(*AS_OF, "record", "ppm", "C2", "--date", "2026-02-10", "--type", "initial").code == 0
    got = perm(*AS_OF, "report", "--format", "json").json()
    # The meetings themselves; PPM minutes (ppm-minutes) are paperwork, not a PPM.
    assert "ppm-initial" in got["ppms"]["rules"] and "ppm-minutes" not in got["ppms"]["rules"]
    assert got["ppms"]["all"] == got["ppms"]["by_rule"]["ppm-initial"] == tally(3, on_time=1, late=1, overdue=1)
    assert got["by_team"][0]["ppms"] == tally(3, on_time=1, late=1, overdue=1)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.sqlite_only
@pytest.mark.skipif(_chromium() is None, reason="no Chromium on this machine: .ci/run installs it for CI")
def test_report_html_renders_in_a_headless_browser(perm, caseload, tmp_path):
    page = tmp_path / "report.html"
    assert perm(*caseload, "report", "--output", page).code == 0
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    for output in (f"--print-to-pdf={pdf}", f"--screenshot={png}"):
        subprocess.run(
            [_chromium(), *flags, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
             "--window-size=1000,1400", output, page.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (1000, 1400)
