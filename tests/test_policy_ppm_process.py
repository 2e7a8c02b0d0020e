"""The ppm-process policy (seed 004, procedures.md section 4.5) walked by hand.

Every expected date below was worked out by hand from procedures.md section 2, never copied
from perm: "within 7 days" is D + 7; "within 3 weeks" is D + 21; "every four to six weeks"
is due 6 weeks (42 days) after the last meeting; "after six months" is D + 6 calendar
months (the last day of the month when the day does not exist). None of these is moved off
a weekend or bank holiday: the seed counts days, weeks and months, not working days.

Bank holidays used (England and Wales): 2026: Fri 3 Apr, Mon 6 Apr (Easter Monday), Mon 4 May,
Mon 25 May, Mon 31 Aug, Fri 25 Dec, Mon 28 Dec (Boxing Day substitute); 2027: Fri 1 Jan.
"""

from __future__ import annotations

import pytest
from conftest import STATUTORY_RULES, d, history, items_of, one

from permcli.app import policies
from permcli.domain.engine import DONE, LATE, OPEN, STOPPED

POLICY = "ppm-process"
LOCAL = (
    "ppm-after-cmh",
    "ppm-referral-cmh",
    "ppm-after-decision",
    "ppm-referral",
    "monitoring-group",
    "plan-review-6-months",
)
ICO = {"legal_status": "ico", "placement": "foster"}


@pytest.fixture(scope="module")
def policy():
    return policies.load(POLICY)


def local(hist, policy, as_of, *rules):
    """(rule, number, trigger, due, state) of the local items, in trigger order."""
    wanted = rules or LOCAL
    found = [i for i in items_of(hist, policy, as_of) if i.rule in wanted]
    found.sort(key=lambda i: (i.trigger, LOCAL.index(i.rule)))
    return [(i.rule, i.number, str(i.trigger), str(i.due), i.state) for i in found]


# -- the file ---------------------------------------------------------------------------------


def test_every_rule_of_section_4_5_with_its_source(policy):
    ids = {r.id for r in policy.rules}
    # The table's ppm-referral has two triggers with different deadlines: two rules, one item name.
    assert ids == STATUTORY_RULES | set(LOCAL)
    assert policy.panels == ()
    for rule_id in LOCAL:
        assert policy.rule(rule_id).source.startswith("seed 004 ")
    assert policy.rule("ppm-referral").item == policy.rule("ppm-referral-cmh").item == "ppm-referral"


# -- the seed's process, start to end -------------------------------------------------------------


def walk():
    return history(
        ("proceedings-issued", "2026-02-02"),  # Mon
        ("looked-after", "2026-02-03", ICO),  # Tue
        ("cmh", "2026-02-17"),  # Tue: first CMH
        ("ppm-referral", "2026-02-18", {"to": "adoption"}),
        ("ppm", "2026-02-23", {"type": "initial"}),  # Mon: first PPM
        ("monitoring-meeting", "2026-04-02"),  # Thu: meeting 1, on time
        ("monitoring-meeting", "2026-05-19"),  # Tue: meeting 2, late
        ("permanence-decision", "2026-06-10"),  # Wed
        ("ppm-referral", "2026-06-16", {"to": "fostering"}),
        ("ppm", "2026-06-30", {"type": "review"}),  # Tue
        ("plan-review", "2026-08-21"),  # Fri
        dob="2021-04-04",
    )


def test_first_ppm_and_referral_within_7_days_of_the_first_cmh(policy):
    h = walk()
    # CMH Tue 17 Feb 2026 + 7 days = Tue 24 Feb, for the PPM and for its referral.
    assert local(h, policy, "2026-02-17") == [
        ("ppm-after-cmh", None, "2026-02-17", "2026-02-24", OPEN),
        ("ppm-referral-cmh", None, "2026-02-17", "2026-02-24", OPEN),
    ]
    assert one(h, policy, "2026-02-17", "ppm-referral-cmh").item == "ppm-referral"
    # Referral Wed 18 Feb, PPM Mon 23 Feb: both on time.
    assert local(h, policy, "2026-02-23")[:2] == [
        ("ppm-after-cmh", None, "2026-02-17", "2026-02-24", DONE),
        ("ppm-referral-cmh", None, "2026-02-17", "2026-02-24", DONE),
    ]


def test_monitoring_group_every_six_weeks_and_the_plan_review(policy):
    h = walk()
    # First PPM Mon 23 Feb: monitoring meeting 1 due + 42 days = Easter Monday 6 Apr (not
    # moved: calendar weeks); the plan review due 23 Feb + 6 months = Sun 23 Aug.
    assert local(h, policy, "2026-02-23", "monitoring-group", "plan-review-6-months") == [
        ("monitoring-group", 1, "2026-02-23", "2026-04-06", OPEN),
        ("plan-review-6-months", None, "2026-02-23", "2026-08-23", OPEN),
    ]
    # Meeting 1 Thu 2 Apr (on time) -> meeting 2 due 2 Apr + 42 = Thu 14 May; held Tue 19 May
    # (late) -> meeting 3 due 19 May + 42 = Tue 30 Jun.
    assert local(h, policy, "2026-06-01", "monitoring-group") == [
        ("monitoring-group", 1, "2026-02-23", "2026-04-06", DONE),
        ("monitoring-group", 2, "2026-04-02", "2026-05-14", LATE),
        ("monitoring-group", 3, "2026-05-19", "2026-06-30", OPEN),
    ]
    # Due soon from 4 weeks with the default 14-day window: 30 Jun - 14 days = Tue 16 Jun.
    third = local(h, policy, "2026-06-16", "monitoring-group")[-1]
    assert third[3] == "2026-06-30"
    item = [i for i in items_of(h, policy, "2026-06-16", "monitoring-group") if i.number == 3][0]
    assert item.status(d("2026-06-15"), 14) == "upcoming"
    assert item.status(d("2026-06-16"), 14) == "due-soon"
    assert item.status(d("2026-07-01"), 14) == "overdue"
    # A PPM (30 Jun) is not a monitoring meeting: meeting 3 is still open, overdue from 1 Jul.
    assert local(h, policy, "2026-07-01", "monitoring-group")[-1] == (
        "monitoring-group", 3, "2026-05-19", "2026-06-30", OPEN
    )
    # Plan review Fri 21 Aug: on time (due Sun 23 Aug).
    assert local(h, policy, "2026-08-25", "plan-review-6-months") == [
        ("plan-review-6-months", None, "2026-02-23", "2026-08-23", DONE),
    ]


def test_ppm_and_referral_within_3_weeks_of_a_decision_to_pursue_permanence(policy):
    h = walk()
    # Decision Wed 10 Jun + 21 days = Wed 1 Jul.
    assert local(h, policy, "2026-06-10", "ppm-after-decision", "ppm-referral") == [
        ("ppm-after-decision", None, "2026-06-10", "2026-07-01", OPEN),
        ("ppm-referral", None, "2026-06-10", "2026-07-01", OPEN),
    ]
    # Referral Tue 16 Jun, PPM Tue 30 Jun: both on time; the first CMH's items stay as they were.
    assert local(h, policy, "2026-07-01", "ppm-after-decision", "ppm-referral", "ppm-after-cmh") == [
        ("ppm-after-cmh", None, "2026-02-17", "2026-02-24", DONE),
        ("ppm-after-decision", None, "2026-06-10", "2026-07-01", DONE),
        ("ppm-referral", None, "2026-06-10", "2026-07-01", DONE),
    ]


# -- edges ------------------------------------------------------------------------------------------


def test_a_ppm_before_the_cmh_means_no_first_ppm_item(policy):
    h = history(
        ("proceedings-issued", "2026-02-02"),
        ("looked-after", "2026-02-03", ICO),
        ("ppm", "2026-02-12", {"type": "initial"}),  # Thu
        ("cmh", "2026-02-17"),
        dob="2021-04-04",
    )
    assert local(h, policy, "2026-02-20", "ppm-after-cmh", "ppm-referral-cmh") == []
    # The monitoring group runs from that PPM: Thu 12 Feb + 42 = Thu 26 Mar; review 12 Aug.
    assert local(h, policy, "2026-02-20", "monitoring-group", "plan-review-6-months") == [
        ("monitoring-group", 1, "2026-02-12", "2026-03-26", OPEN),
        ("plan-review-6-months", None, "2026-02-12", "2026-08-12", OPEN),
    ]


def test_only_the_first_cmh_and_the_child_may_be_at_home(policy):
    # Proceedings about a child at home: the CMH still calls for the first PPM.
    h = history(
        ("proceedings-issued", "2026-09-07"),
        ("cmh", "2026-09-21"),  # Mon: first CMH -> due Mon 28 Sep
        ("cmh", "2026-10-19"),  # a further CMH: no new item
        dob="2019-01-01",
    )
    assert local(h, policy, "2026-10-20") == [
        ("ppm-after-cmh", None, "2026-09-21", "2026-09-28", OPEN),
        ("ppm-referral-cmh", None, "2026-09-21", "2026-09-28", OPEN),
    ]
    # A PPM at home completes it but starts no monitoring group (that is for a child in care).
    h2 = history(
        ("proceedings-issued", "2026-09-07"),
        ("cmh", "2026-09-21"),
        ("ppm", "2026-10-01", {"type": "initial"}),  # Thu: 3 days late
        dob="2019-01-01",
    )
    assert local(h2, policy, "2026-10-20") == [
        ("ppm-after-cmh", None, "2026-09-21", "2026-09-28", LATE),
        ("ppm-referral-cmh", None, "2026-09-21", "2026-09-28", OPEN),
    ]


def test_christmas_and_month_end(policy):
    h = history(
        ("looked-after", "2026-06-01", ICO),
        ("permanence-decision", "2026-12-10"),  # Thu -> PPM due Thu 31 Dec
        ("ppm-referral", "2026-12-11", {"to": "adoption"}),
        ("ppm", "2026-12-31", {"type": "initial"}),  # Thu, the last day: on time
        ("monitoring-meeting", "2027-02-01"),  # Mon
        dob="2024-05-05",
    )
    assert local(h, policy, "2026-12-10") == [
        ("ppm-after-decision", None, "2026-12-10", "2026-12-31", OPEN),
        ("ppm-referral", None, "2026-12-10", "2026-12-31", OPEN),
    ]
    # First PPM Thu 31 Dec 2026: monitoring due + 42 = Thu 11 Feb 2027; the plan review
    # 31 Dec + 6 months = 30 Jun 2027 (June has no 31st).
    assert local(h, policy, "2027-01-05") == [
        ("ppm-after-decision", None, "2026-12-10", "2026-12-31", DONE),
        ("ppm-referral", None, "2026-12-10", "2026-12-31", DONE),
        ("monitoring-group", 1, "2026-12-31", "2027-02-11", OPEN),
        ("plan-review-6-months", None, "2026-12-31", "2027-06-30", OPEN),
    ]
    # Meeting 1 Mon 1 Feb 2027 -> meeting 2 due Mon 15 Mar 2027.
    assert local(h, policy, "2027-02-02", "monitoring-group")[-1] == (
        "monitoring-group", 2, "2027-02-01", "2027-03-15", OPEN
    )
    # A meeting on Mon 16 Nov 2026 would make the next due Mon 28 Dec, a bank holiday: not moved.
    h2 = history(
        ("looked-after", "2026-06-01", ICO),
        ("ppm", "2026-10-05", {"type": "initial"}),  # Mon -> meeting 1 due Mon 16 Nov
        ("monitoring-meeting", "2026-11-16"),
        dob="2024-05-05",
    )
    assert local(h2, policy, "2026-11-20", "monitoring-group") == [
        ("monitoring-group", 1, "2026-10-05", "2026-11-16", DONE),
        ("monitoring-group", 2, "2026-11-16", "2026-12-28", OPEN),
    ]


def test_care_ending_stops_monitoring_and_the_plan_review(policy):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("ppm", "2026-01-26", {"type": "initial"}),  # Mon
        ("ceased", "2026-02-20", {"reason": "special guardianship order"}),
        dob="2024-05-05",
    )
    assert local(h, policy, "2026-03-01") == [
        ("monitoring-group", 1, "2026-01-26", "2026-03-09", STOPPED),
        ("plan-review-6-months", None, "2026-01-26", "2026-07-26", STOPPED),
    ]


def test_a_second_decision_after_the_first_ppm_calls_another(policy):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("permanence-decision", "2026-01-20"),  # Tue -> due Tue 10 Feb
        ("ppm", "2026-02-12", {"type": "initial"}),  # Thu: 2 days late
        ("permanence-decision", "2026-09-01"),  # Tue: parallel plan -> due Tue 22 Sep
        dob="2024-05-05",
    )
    assert local(h, policy, "2026-09-23", "ppm-after-decision", "ppm-referral") == [
        ("ppm-after-decision", None, "2026-01-20", "2026-02-10", LATE),
        ("ppm-referral", None, "2026-01-20", "2026-02-10", OPEN),
        ("ppm-after-decision", None, "2026-09-01", "2026-09-22", OPEN),
    ]


# -- the CLI, end to end ---------------------------------------------------------------------------


def test_cli_walk(perm):
    assert perm("init", "--policy", POLICY).code == 0
    assert perm("--as-of", "2026-02-17", "child", "add", "P1", "--name", "Pat Example", "--dob", "2021-04-04",
                "--worker", "A Worker", "--team", "South").code == 0
    for args in (
        ("proceedings-issued", "P1", "--date", "2026-02-02"),
        ("looked-after", "P1", "--date", "2026-02-03", "--legal-status", "ico", "--placement", "foster"),
        ("cmh", "P1", "--date", "2026-02-17"),
    ):
        r = perm("--as-of", "2026-02-17", "record", *args)
        assert r.code == 0, r.err

    # As of the CMH, Tue 17 Feb: PPM and referral due Tue 24 Feb (7 days); LAC review 1 due
    # Tue 3 Mar (20 working days from Tue 3 Feb, no holidays: four weeks), 14 days away.
    rows = perm("--as-of", "2026-02-17", "due", "--json").json()
    assert [(r["rule"], r["item"], r["due"], r["status"], r["days"]) for r in rows] == [
        ("ppm-after-cmh", "ppm-after-cmh", "2026-02-24", "due-soon", 7),
        ("ppm-referral-cmh", "ppm-referral", "2026-02-24", "due-soon", 7),
        ("review-first", "review", "2026-03-03", "due-soon", 14),
    ]
    assert {r["child"] for r in rows} == {"P1"} and {r["panel"] for r in rows} == {None}
    # The policy has no panels.
    assert perm("--as-of", "2026-02-17", "agenda").code == 1

    assert perm("--as-of", "2026-02-25", "record", "ppm", "P1", "--date", "2026-02-25", "--type", "initial").code == 0
    # PPM Wed 25 Feb (a day late), no referral yet: the referral is overdue; the monitoring
    # group is due 25 Feb + 42 = Wed 8 Apr, the plan review 25 Aug.
    rows = perm("--as-of", "2026-02-25", "due", "--json", "--all").json()
    local_rows = [(r["rule"], r["number"], r["due"], r["status"], r["days"]) for r in rows if r["rule"] in LOCAL]
    assert local_rows == [
        ("ppm-referral-cmh", None, "2026-02-24", "overdue", -1),
        ("monitoring-group", 1, "2026-04-08", "upcoming", 42),
        ("plan-review-6-months", None, "2026-08-25", "upcoming", 181),
    ]
    assert perm("--as-of", "2026-02-26", "record", "ppm-referral", "P1", "--date", "2026-02-26", "--to", "adoption").code == 0
    assert perm("--as-of", "2026-04-01", "record", "monitoring-meeting", "P1", "--date", "2026-04-01").code == 0
    # Meeting 1 Wed 1 Apr -> meeting 2 due Wed 13 May; nothing local is due within 14 days of 2 Apr.
    rows = perm("--as-of", "2026-04-02", "due", "--json", "--all").json()
    assert [(r["rule"], r["number"], r["due"]) for r in rows if r["rule"] in LOCAL] == [
        ("monitoring-group", 2, "2026-05-13"),
        ("plan-review-6-months", None, "2026-08-25"),
    ]
    show = perm("--as-of", "2026-04-02", "show", "P1", "--json")
    assert show.code == 0, show.err
