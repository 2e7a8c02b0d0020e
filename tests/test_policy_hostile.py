"""Issue 10, defect 4: a policy that passes `perm policy check` must never break perm.

Every policy below is either refused by the loader, with FILE:LINE and one line, or works
with every command that reads the caseload: `due`, `panels`, `agenda`, `show` and `report`
each end within a few seconds with exit code 0, or 1 and one clear line, and never with
perm's last-resort message ("unexpected KeyError; run again with PERM_DEBUG=1 ..."). The
fuzz test mutates the shipped policies (schedules, first sittings, times, time spans,
references between rules, triggers) and holds each mutant to that.
"""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import tomllib
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permcli.app import policies
from permcli.domain.errors import PolicyError
from permcli.domain.policyfile import parse_policy

# The loader does not depend on the backend, and the fuzz test needs its seconds.
pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "permcli/policies"
BASE = (SHIPPED / "base.toml").read_text()
AS_OF = "2026-06-01"
SECONDS = 5  # per command: the reported policies took minutes
COMMANDS = (
    ("due",), ("panels",), ("agenda",), ("agenda", "--format", "ics"), ("show", "C1"), ("show", "C3"), ("report",),
    ("policy", "show"),
)


class TooSlow(BaseException):
    """Not an Exception: perm's own handler must not turn it into an error message."""


@contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise TooSlow(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_and_run(perm, path: Path, text: str) -> list[str]:
    """Write the policy and check it; when it passes, run every command. The commands run:
    none when the check refused the policy."""
    path.write_text(text)
    policies.load.cache_clear()  # perm reads the file again on every run; in-process, forget it
    checked = perm("policy", "check", str(path))
    assert checked.code in (0, 1), checked
    if checked.code == 1:
        assert re.fullmatch(rf"perm: error: {re.escape(str(path))}(:\d+)?: [^\n]+\n", checked.err), checked.err
        assert "PERM_DEBUG" not in checked.err
        return []
    ran = []
    for command in COMMANDS:
        command = (*command, str(path)) if command[0] == "policy" else command
        result = None
        try:
            with time_limit(SECONDS):
                result = perm(*command)
        except TooSlow:
            pass  # failed below, outside the handler: the stopped frames make no traceback
        if result is None:
            pytest.fail(f"perm {' '.join(command)} took more than {SECONDS} s with this policy:\n{text}")
        # perm's last resort names no cause ("unexpected KeyError", "a value perm cannot use
        # (ValueError)") and asks for PERM_DEBUG=1: a policy must never bring it out.
        assert "PERM_DEBUG" not in result.err and "Traceback" not in result.err, (command, result.err, text)
        if result.code == 1:
            assert re.fullmatch(r"perm: error: [^\n]+\n", result.err), (command, result.err)
        else:
            assert result.code == 0, (command, result, text)
            assert all(line.startswith("perm: ") for line in result.err.splitlines()), (command, result.err)
        ran.append(" ".join(command))
    return ran


# -- a small caseload ---------------------------------------------------------------------------


def record_caseload(perm, policy) -> None:
    """Four children whose events cover the triggers of the shipped policies: periods of care
    starting and ending, reviews, PPMs, plans, placements and disruptions, proceedings with
    their dates, orders with an end date, a care leaver, panel hearings, a booking and papers."""
    panel = policy.panels[0] if policy.panels else None
    reason = panel.reasons[0] if panel and panel.reasons else None
    at_panel = ["--panel", panel.id, *(["--reason", reason.id] if reason else [])] if panel else []
    steps = [
        ("child", "add", "C1", "--name", "Sam Example", "--dob", "2015-03-01"),
        ("child", "add", "C2", "--name", "Kai Example", "--dob", "2009-06-15", "--uasc"),
        ("child", "add", "C3", "--name", "Ava Example", "--dob", "2020-01-01", "--sibling-group", "SG1"),
        ("child", "add", "C4", "--name", "Noor Example", "--dob", "2012-05-05"),
        ("record", "looked-after", "C1", "--date", "2025-09-01", "--legal-status", "s20", "--placement", "foster",
         "--agreed-end", "2026-03-01"),
        ("record", "review", "C1", "--date", "2025-09-26"),
        ("record", "ppm", "C1", "--date", "2025-10-01", "--type", "initial"),
        ("record", "plan", "C1", "--date", "2025-12-01", "--plan", "long-term-fostering"),
        ("record", "placement-start", "C1", "--date", "2026-01-10", "--type", "foster"),
        ("record", "placement-end", "C1", "--date", "2026-02-01", "--disrupted"),
        ("record", "minutes", "C1", "--date", "2026-02-05", "--meeting", "ppm"),
        ("record", "looked-after", "C2", "--date", "2024-01-10", "--legal-status", "care-order",
         "--placement", "residential"),
        ("record", "order", "C2", "--date", "2024-02-01", "--type", "care"),
        ("record", "review", "C2", "--date", "2024-02-05"),
        ("record", "review", "C2", "--date", "2024-04-30"),
        ("record", "staying-put", "C2", "--date", "2025-06-01"),
        ("record", "pathway-plan", "C2", "--date", "2025-07-01"),
        ("record", "ceased", "C2", "--date", "2026-04-01"),
        ("record", "plo-start", "C3", "--date", "2025-06-01"),
        ("record", "care-decision", "C3", "--date", "2025-07-01"),
        ("record", "proceedings-issued", "C3", "--date", "2025-08-01"),
        ("record", "looked-after", "C3", "--date", "2025-08-02", "--legal-status", "ico"),
        ("record", "order", "C3", "--date", "2025-08-02", "--type", "ico"),
        ("record", "cmh", "C3", "--date", "2025-08-20"),
        ("record", "final-evidence-set", "C3", "--date", "2025-09-01", "--filing-date", "2026-01-15"),
        ("record", "final-hearing-listed", "C3", "--date", "2025-09-01", "--hearing-date", "2026-02-20"),
        ("record", "order", "C3", "--date", "2026-02-20", "--type", "supervision", "--end-date", "2027-02-20"),
        ("record", "permanence-decision", "C3", "--date", "2026-03-01"),
    ]
    if panel:
        steps += [
            ("record", "panel", "C1", "--date", "2026-02-03", *at_panel, "--outcome", "agreed"),
            ("book", "C1", *at_panel),
        ]
        if reason and reason.papers:
            steps.append(("paperwork", "C1", "--panel", panel.id, "--received", "1"))
    for step in steps:
        result = perm(*step)
        assert result.code == 0, (step, result)


@pytest.fixture
def council(perm, tmp_path, monkeypatch):
    """A database following a policy file that each test writes again: (path, text)."""
    monkeypatch.setenv("PERM_AS_OF", AS_OF)
    path = tmp_path / "council.toml"

    def start(text: str) -> Path:
        path.write_text(text)
        policies.load.cache_clear()
        assert perm("init", "--policy", str(path)).code == 0
        record_caseload(perm, policies.load(str(path)))
        return path

    yield start
    policies.load.cache_clear()


# -- the reported policies ----------------------------------------------------------------------

HEAD = """[policy]
id = "council"
name = "Our council"

[[panel]]
id = "legal"
name = "Legal Planning Panel"
schedule = "FREQ=WEEKLY;BYDAY=TU"
time = "09:00-12:00"
slot = "20 minutes"
paperwork_due = "-2 working days"

[[panel.reason]]
id = "plan"
title = "Permanence plan"
papers = ["Care plan"]
"""


def rule(rule_id: str, trigger: str = '"period-start"', due: str = '"6 weeks"', extra: str = "") -> str:
    return (f'\n[[rule]]\nid = "{rule_id}"\ntitle = "T"\nsource = "s"\ntrigger = {trigger}\ndue = {due}\n'
            f'satisfied_by = ["ppm"]\n{extra}')


REPORTED = {
    "every second": HEAD.replace("FREQ=WEEKLY;BYDAY=TU", "FREQ=SECONDLY"),
    "every minute": HEAD.replace("FREQ=WEEKLY;BYDAY=TU", "FREQ=MINUTELY"),
    "every hour": HEAD.replace("FREQ=WEEKLY;BYDAY=TU", "FREQ=HOURLY"),
    "never": HEAD.replace("FREQ=WEEKLY;BYDAY=TU", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
    "interval 0": HEAD.replace("FREQ=WEEKLY;BYDAY=TU", "FREQ=DAILY;INTERVAL=0"),
    "done: itself": HEAD + rule("again", '"done:again"'),
    "by itself": HEAD + rule("wait", due='{ by = "wait" }'),
    "earliest by itself": HEAD + rule("wait", extra='earliest = { by = "wait" }\n'),
    "a circle": HEAD + rule("a", '"done:b"') + rule("b", due='{ by = "a" }'),
    "9999 years": HEAD + rule("far", due='"9999 years"'),
    "-9999 years": HEAD + rule("far", due='"-9999 years"'),
    "papers 9999 years early": HEAD.replace('"-2 working days"', '"-9999 years"'),
    "first sitting in the year 1": HEAD.replace('slot = "20 minutes"', 'slot = "20 minutes"\nfirst = 0001-01-01'),
    "a chain of 1200 rules": HEAD + rule("r0") + "".join(rule(f"r{i}", f'"done:r{i - 1}"') for i in range(1, 1200))
    + rule("last", due='{ by = "r1199" }'),
    "due dates nested 400 deep": HEAD + rule("deep", due="{ latest_of = [" * 400 + '"1 day"' + ', "2 days"] }' * 400),
}


@pytest.mark.parametrize("name", REPORTED)
def test_a_reported_policy_is_refused_with_its_line(perm, council, name):
    path = council(HEAD + rule("visit", extra='panel = "legal"\nreason = "plan"\n'))
    assert check_and_run(perm, path, REPORTED[name]) == []


def test_the_caseload_works_with_a_good_policy(perm, council):
    path = council(HEAD)
    assert check_and_run(perm, path, HEAD + rule("visit", extra='panel = "legal"\nreason = "plan"\n')) == [
        "due", "panels", "agenda", "agenda --format ics", "show C1", "show C3", "report", f"policy show {path}",
    ]


def test_a_booking_at_a_panel_the_policy_no_longer_has(perm, council):
    """The caseload was booked at "legal"; the council's file now calls that panel
    "resource". The booked case keeps its item, with no list of papers to ask for."""
    path = council(HEAD)
    assert check_and_run(perm, path, HEAD.replace('id = "legal"', 'id = "resource"')) == [
        "due", "panels", "agenda", "agenda --format ics", "show C1", "show C3", "report", f"policy show {path}",
    ]


# -- fuzzing: the shipped policies, mutated -----------------------------------------------------

BASE_RULES = tomllib.loads(BASE)["rule"]
SCHEDULE_PARTS = {
    "FREQ": ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "FORTNIGHTLY"],
    "INTERVAL": ["0", "1", "2", "7", "13", "53", "400", "99999999999", "-1"],
    "BYDAY": ["TU", "MO,TH", "1MO", "-1FR", "5MO", "SA,SU", "XX"],
    "BYMONTHDAY": ["15", "31", "30", "-1", "0", "32"],
    "BYMONTH": ["2", "6", "13", "1,7"],
    "BYSETPOS": ["1", "-1", "400", "6"],
    "BYHOUR": ["9", "9,14"],
    "BYMINUTE": ["0,30"],
    "BYSECOND": ["1"],
    "BYYEARDAY": ["366", "1", "-1"],
    "BYWEEKNO": ["53", "1"],
    "BYEASTER": ["0"],
    "COUNT": ["0", "1", "3"],
    "UNTIL": ["20200101", "20261231", "20261231T000000Z"],
    "WKST": ["MO", "SU"],
}
SCHEDULES = st.one_of(
    st.sampled_from([
        "FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9,14", "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;BYMONTH=13", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;INTERVAL=12;BYMONTH=6",
        "FREQ=DAILY;INTERVAL=7;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU;COUNT=1", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20200101",
        "DTSTART:19000101T000000\nRRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY;BYDAY=MO", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
        "FREQ=DAILY;BYYEARDAY=366", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=DAILY", "FREQ=YEARLY",
        "FREQ=WEEKLY;BYDAY=TU;", "weekly", "",
    ]),
    st.builds(
        lambda freq, parts: ";".join([f"FREQ={freq}", *parts]),
        st.sampled_from(SCHEDULE_PARTS["FREQ"]),
        st.lists(
            st.sampled_from([f"{name}={v}" for name, values in SCHEDULE_PARTS.items() if name != "FREQ" for v in values]),
            max_size=3,
            unique_by=lambda part: part.split("=")[0],
        ),
    ),
)
SPANS = st.sampled_from([
    "0 days", "1 day", "-1 day", "6 weeks", "-2 working days", "48 hours", "week 1", "week 999", "25 years",
    "-25 years", "300 months", "1305 weeks", "6522 working days", "-6522 working days", "9999 years",
    "-9999 years", "9999 working days + 9999 working days", "20 years + 20 years", "-7 months", "-6 months",
])
ANCHORS = st.sampled_from([
    "trigger", "end_date", "agreed_end", "hearing_date", "filing_date", "sitting", "last:review",
    "latest:order.end_date", "latest:ppm", "latest:final-evidence-set.filing_date",
])
TRIGGERS = st.sampled_from([
    "period-start", "eligible", "event:review", "event:ppm", "event:order", "event:placement-end",
    "event:looked-after", "event:final-evidence-set", "event:panel", "event:booking",
])
KINDS_MATCHED = st.sampled_from(["ppm", "review", "plan", "panel", "minutes", "order:care|sgo", "placement-start"])


def dues(refs: list[str]):
    leaf = st.one_of(
        SPANS,
        st.fixed_dictionaries({"offset": SPANS, "from": ANCHORS}),
        st.fixed_dictionaries({"offset": SPANS, "roll": st.sampled_from(["back", "forward"])}),
        st.sampled_from(refs).map(lambda r: {"by": r}),
        st.integers(-1, 30).map(lambda n: {"age": n}),
        st.just({"next_sitting": True}),
    )

    def nest(inner):
        return st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: {"earliest_of": parts}),
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: {"latest_of": parts}),
            st.tuples(leaf.filter(lambda d: isinstance(d, dict)), inner).map(lambda t: {**t[0], "otherwise": t[1]}),
        )

    return st.recursive(leaf, nest, max_leaves=4)


def mutate(policy: dict, draw) -> None:
    """One change to a parsed policy file: a hostile value where perm reads one. Panel IDs
    stay, so that the caseload's booking at the first panel still finds its panel (a panel
    renamed under a booking is its own test above)."""
    rules = policy.setdefault("rule", [])
    panels = policy.get("panel", [])
    if not rules or draw(st.integers(0, 5)) == 0:
        # a new rule, or a statutory one written again with override = true
        template = copy.deepcopy(draw(st.sampled_from(BASE_RULES)))
        if draw(st.booleans()):
            template["override"] = True
        else:
            template["id"] = draw(st.sampled_from(["local-a", "local-b", "local-c"]))
            template.pop("item", None)
        rules.append(template)
    ids = [r.get("id", "x") for r in rules] + [r["id"] for r in BASE_RULES]
    target = draw(st.sampled_from(rules))
    refs = [target.get("id", "x"), *ids[:6], "nope"]
    what = draw(st.sampled_from(["schedule", "panel", "due", "earliest", "trigger", "then", "unless",
                                 "satisfied_by", "circle", "panel-of-rule", "in_care", "count", "replaces", "drop"]))
    if what in ("schedule", "panel") and panels:
        panel = draw(st.sampled_from(panels))
        if what == "schedule":
            panel["schedule"] = draw(SCHEDULES)
        else:
            key, values = draw(st.sampled_from([
                ("first", st.sampled_from([date(1, 1, 1), date(1999, 12, 31), date(2000, 1, 1), date(2026, 6, 2),
                                           date(2026, 6, 4), date(2099, 12, 31), date(9999, 12, 31)])),
                ("time", st.sampled_from(["00:00-23:59", "23:59", "15:00-09:00", "09:00-09:00", "24:00"])),
                ("slot", st.sampled_from(["1 minutes", "999 minutes", "60 minutes"])),
                ("paperwork_due", st.one_of(SPANS, st.fixed_dictionaries({"offset": SPANS, "roll": st.just("forward")}))),
            ]))
            panel[key] = draw(values)
    elif what in ("due", "earliest"):
        target[what] = draw(dues(refs))
    elif what == "trigger":
        target["trigger"] = draw(st.one_of(
            TRIGGERS, st.sampled_from(refs).map(lambda r: f"done:{r}"),
            st.lists(st.one_of(TRIGGERS, st.sampled_from(refs).map(lambda r: f"done:{r}")), min_size=1, max_size=3),
            st.fixed_dictionaries({"on": st.just("event:review"), "nth": st.sampled_from([1, 2, 10**18])}),
        ))
    elif what == "then":
        target["then"] = draw(st.lists(SPANS, min_size=1, max_size=3))
    elif what == "unless":
        target["unless"] = draw(st.lists(st.one_of(st.sampled_from(refs).map(lambda r: f"done:{r}"),
                                                  st.just("event:ppm")), max_size=2))
    elif what == "satisfied_by":
        target[draw(st.sampled_from(["satisfied_by", "stops"]))] = draw(st.lists(KINDS_MATCHED, min_size=1, max_size=2))
    elif what == "circle":
        other = draw(st.sampled_from(rules))
        target["trigger"] = f"done:{other.get('id', 'x')}"
        other["due"] = {"by": target.get("id", "x")}
    elif what == "panel-of-rule" and panels:
        panel = draw(st.sampled_from(panels))
        target["panel"] = panel["id"]
        reasons = [r["id"] for r in panel.get("reason", [])]
        if reasons:
            target["reason"] = draw(st.sampled_from(reasons))
        else:
            target.pop("reason", None)
        target["due"] = draw(st.one_of(st.just({"next_sitting": True}), dues(refs)))
    elif what == "in_care":
        target["in_care"] = draw(st.booleans())
    elif what == "count":
        target["count"] = draw(st.sampled_from(["review", "ppm", "panel", "booking"]))
    elif what == "replaces" and not target.get("override"):
        target["replaces"] = draw(st.sampled_from([r["id"] for r in BASE_RULES]))
    elif what == "drop":
        target.pop(draw(st.sampled_from(sorted(target))), None)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"


def to_toml(policy: dict) -> str:
    lines = ["[policy]", *(f"{k} = {toml_value(v)}" for k, v in policy["policy"].items())]
    for panel in policy.get("panel", []):
        lines += ["", "[[panel]]", *(f"{k} = {toml_value(v)}" for k, v in panel.items() if k != "reason")]
        for reason in panel.get("reason", []):
            lines += ["", "[[panel.reason]]", *(f"{k} = {toml_value(v)}" for k, v in reason.items())]
    for item in policy.get("rule", []):
        lines += ["", "[[rule]]", *(f"{k} = {toml_value(v)}" for k, v in item.items())]
    return "\n".join(lines) + "\n"


# About 30 s on SQLite; PERM_FUZZ_EXAMPLES=500 searches harder.
FUZZ = settings(max_examples=int(os.environ.get("PERM_FUZZ_EXAMPLES", 80)), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("shipped", ["four-panels", "permanence-panel", "bcp", "ppm-process", "statutory"])
def test_every_mutant_of_a_shipped_policy_that_passes_check_works(perm, council, shipped):
    original = (SHIPPED / f"{shipped}.toml").read_text()
    path = council(original)
    parsed = tomllib.loads(original)
    accepted = []

    @FUZZ
    @given(st.data())
    def mutants(data):
        policy = copy.deepcopy(parsed)
        for _ in range(data.draw(st.integers(1, 3))):
            mutate(policy, data.draw)
        text = to_toml(policy)
        try:
            parse_policy(text, str(path), BASE, "base.toml")
            refused = False
        except PolicyError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(str(path))
            refused = True
        ran = check_and_run(perm, path, text)
        assert bool(ran) != refused
        if ran:
            accepted.append(text)

    mutants()
    # The test means something only if some mutants pass the check and run.
    assert accepted
