"""The Permanence Panel and tracking meetings policy (permcli/policies/permanence-panel.toml,
seed 003, procedures.md 4.4).

A child is walked through seed 003's own sequence: proceedings issued while at home, care
the next day, LAC review 1, the Permanence Panel within 6 weeks, a Permanence Planning
Tracking Meeting (PPTM) every 6 weeks through proceedings, the plan ratified at the panel
after review 2, a placement order and PPTMs every 6 weeks under it; other children show a
permanent placement disrupting over Easter, the 12-weekly PPTMs under a care order, and
PPTMs and the panel over Christmas and New Year. Every expected date is worked by hand in
the comments: day 0 is the trigger day; "N wd" counts working days after it.

Bank holidays (England and Wales) met here: 2025: Thu 25 Dec, Fri 26 Dec; 2026: Thu 1 Jan,
Good Friday 3 Apr, Easter Monday 6 Apr, May Day 4 May, Spring 25 May, Summer 31 Aug,
Christmas Fri 25 Dec, Boxing Day substitute Mon 28 Dec; 2027: Fri 1 Jan.

Schedules: the Permanence Panel sits every other Tuesday in the weeks of Tue 9 Jan 2018, so
in 2026 on 13 Jan, 27 Jan, ... 24 Mar, 7 Apr, 21 Apr, 5 May, ... 14 Jul, 28 Jul, ... 17 Nov,
1 Dec, 15 Dec, 29 Dec, 12 Jan 2027 (and 16 Dec, 30 Dec 2025); papers "at least 3 days
before": the Saturday, rolled back to the Friday (or earlier over a bank holiday). The PPTM
sits every Thursday (the default agreed day); papers 2 days before: the Tuesday.
"""

from __future__ import annotations

import pytest
from conftest import STATUTORY_RULES, d, history, items_of, one

from permcli.app import policies
from permcli.domain.engine import DONE, LATE, OPEN, STOPPED

LOCAL_RULES = {
    "panel-6-weeks", "panel-plan-ratify", "panel-disruption", "panel-record",
    "pptm-proceedings", "pptm-placement-order", "pptm-care-order", "pptm-minutes",
}
PANEL_PAPER = "Permanence paperwork, quality assured by the Team Manager"
PPTM_PAPER = "Permanence paperwork, completed by the allocated Social Worker"
ICO_FOSTER = {"legal_status": "ico", "placement": "foster"}
S20_FOSTER = {"legal_status": "s20", "placement": "foster"}


@pytest.fixture(scope="module")
def pp():
    return policies.load("permanence-panel")


def rule_items(hist, policy, as_of, rule):
    return sorted(items_of(hist, policy, as_of, rule), key=lambda i: (i.trigger, i.due))


def papers_open(hist, policy, as_of, rule):
    """The one paperwork item still outstanding (earlier sittings' items are closed)."""
    found = [i for i in items_of(hist, policy, as_of, rule) if i.outstanding]
    assert len(found) == 1, found
    return found[0]


def dates(item):
    """(trigger, due, done or stopped, state) as text."""
    end = item.done or item.stopped
    return (str(item.trigger), str(item.due), None if end is None else str(end), item.state)


# -- the policy file --------------------------------------------------------------------------


def test_every_rule_of_section_4_4_with_its_source(pp):
    local = {r.id: r for r in pp.rules if r.id not in STATUTORY_RULES}
    # pptm-paperwork is the pptm panel's paperwork deadline: perm derives items with that
    # rule ID for every case at a PPTM sitting (shown in the walk below).
    assert set(local) == LOCAL_RULES
    assert all(r.source.startswith("seed 003 ") for r in local.values())
    assert {p.id for p in pp.panels} == {"permanence-panel", "pptm"}
    assert not any(r.override for r in pp.rules)


def test_permanence_panel_sittings_and_papers_3_days_before(pp):
    panel = pp.panel("permanence-panel")
    assert panel.sittings(d("2026-03-20"), d("2026-05-06")) == [
        d("2026-03-24"), d("2026-04-07"), d("2026-04-21"), d("2026-05-05"),
    ]
    assert panel.sittings(d("2026-12-10"), d("2027-01-20")) == [d("2026-12-15"), d("2026-12-29"), d("2027-01-12")]
    # Tue 21 Apr - 3 days = Sat 18 Apr -> Fri 17 Apr.
    assert panel.deadline(d("2026-04-21")) == d("2026-04-17")
    # Tue 7 Apr - 3 days = Sat 4 Apr -> [Fri 3 Apr Good Friday] -> Thu 2 Apr.
    assert panel.deadline(d("2026-04-07")) == d("2026-04-02")
    # Tue 29 Dec - 3 days = Sat 26 Dec -> [Fri 25 Dec Christmas] -> Thu 24 Dec.
    assert panel.deadline(d("2026-12-29")) == d("2026-12-24")
    # Tue 12 Jan 2027 - 3 days = Sat 9 Jan -> Fri 8 Jan.
    assert panel.deadline(d("2027-01-12")) == d("2027-01-08")
    assert (panel.hours, panel.slot(0), panel.slot(2)) == ("09:30-12:30", "09:30-09:50", "10:10-10:30")


def test_pptm_sits_every_thursday_except_bank_holidays(pp):
    pptm = pp.panel("pptm")
    # Christmas Day 2025 and New Year's Day 2026 are Thursdays: no meeting.
    assert pptm.sittings(d("2025-12-15"), d("2026-01-10")) == [d("2025-12-18"), d("2026-01-08")]
    # Thu 23 Apr - 2 days = Tue 21 Apr; Thu 31 Dec 2026 - 2 days = Tue 29 Dec (the Monday
    # before is the Boxing Day substitute, not in the way).
    assert pptm.deadline(d("2026-04-23")) == d("2026-04-21")
    assert pptm.deadline(d("2026-12-31")) == d("2026-12-29")


# -- one child through seed 003 ------------------------------------------------------------------


MAIN = (
    ("proceedings-issued", "2026-03-16"),                                   # 1 at home
    ("looked-after", "2026-03-17", ICO_FOSTER),                             # 2
    ("order", "2026-03-17", {"type": "ico"}),                               # 3
    ("review", "2026-04-14"),                                               # 4 LAC review 1
    ("panel", "2026-04-21", {"panel": "permanence-panel", "reason": "first"}),   # 5
    ("panel", "2026-04-23", {"panel": "pptm", "reason": "proceedings"}),    # 6
    ("minutes", "2026-04-28", {"meeting": "pptm"}),                         # 7
    ("minutes", "2026-04-30", {"meeting": "permanence-panel"}),             # 8 late
    ("panel", "2026-06-04", {"panel": "pptm", "reason": "proceedings"}),    # 9
    ("minutes", "2026-06-05", {"meeting": "pptm"}),                         # 10
    ("review", "2026-07-14"),                                               # 11 LAC review 2
    ("plan", "2026-07-14", {"plan": "adoption"}),                           # 12
    ("panel", "2026-07-16", {"panel": "pptm", "reason": "proceedings"}),    # 13
    ("minutes", "2026-07-20", {"meeting": "pptm"}),                         # 14
    ("panel", "2026-07-28", {"panel": "permanence-panel", "reason": "plan"}),    # 15
    ("minutes", "2026-07-29", {"meeting": "permanence-panel"}),             # 16
    ("order", "2026-09-10", {"type": "placement"}),                         # 17
    ("panel", "2026-10-22", {"panel": "pptm", "reason": "placement-order"}),  # 18
    ("minutes", "2026-10-23", {"meeting": "pptm"}),                         # 19
)


@pytest.fixture(scope="module")
def main_child():
    return history(*MAIN, dob="2021-05-05")


def test_panel_within_6_weeks_from_proceedings_with_the_child_at_home(pp, main_child):
    # Proceedings issued Mon 16 Mar while at home = day 0: due + 6 weeks = Mon 27 Apr. The
    # child came into care the next day (no second item). A hearing counts from 20 wd after
    # the issue: 17-20 Mar (1-4), 23-27 (5-9), 30, 31 Mar, 1, 2 Apr (10-13), [3, 6 Apr],
    # 7-10 Apr (14-17), 13, 14, 15 Apr (18-20): Wed 15 Apr. First sitting from then: Tue 21
    # Apr, papers Fri 17 Apr.
    item = one(main_child, pp, "2026-03-18", "panel-6-weeks")
    assert dates(item) == ("2026-03-16", "2026-04-27", None, OPEN)
    assert (item.earliest, item.sitting, item.reason) == (d("2026-04-15"), d("2026-04-21"), "first")
    papers = one(main_child, pp, "2026-03-18", "permanence-panel-paperwork")
    assert (papers.sitting, papers.due, papers.papers) == (d("2026-04-21"), d("2026-04-17"), ((PANEL_PAPER, False),))
    assert dates(one(main_child, pp, "2026-04-24", "panel-6-weeks")) == ("2026-03-16", "2026-04-27", "2026-04-21", DONE)


def test_record_of_the_panel_within_5_working_days(pp, main_child):
    # Panel Tue 21 Apr; 5 wd: Wed 22 (1), Thu 23 (2), Fri 24 (3), Mon 27 (4), Tue 28 (5).
    # Record sent Thu 30 Apr: late. Panel Tue 28 Jul; 5 wd: 29, 30, 31 Jul (1-3), Mon 3 (4),
    # Tue 4 Aug (5); record Wed 29 Jul: done.
    assert dates(one(main_child, pp, "2026-04-24", "panel-record")) == ("2026-04-21", "2026-04-28", None, OPEN)
    assert [dates(i) for i in rule_items(main_child, pp, "2026-08-01", "panel-record")] == [
        ("2026-04-21", "2026-04-28", "2026-04-30", LATE),
        ("2026-07-28", "2026-08-04", "2026-07-29", DONE),
    ]


def test_pptm_every_6_weeks_during_proceedings(pp, main_child):
    # Issued Mon 16 Mar: due + 42 days = Mon 27 Apr; a meeting counts from 36 days = Tue 21
    # Apr; the Thursday in that week is 23 Apr (papers Tue 21 Apr).
    item = one(main_child, pp, "2026-03-18", "pptm-proceedings")
    assert dates(item) == ("2026-03-16", "2026-04-27", None, OPEN)
    assert (item.earliest, item.sitting, item.reason) == (d("2026-04-21"), d("2026-04-23"), "proceedings")
    papers = [i for i in items_of(main_child, pp, "2026-03-18", "pptm-paperwork")]
    assert [(p.sitting, p.due, p.papers) for p in papers] == [(d("2026-04-23"), d("2026-04-21"), ((PPTM_PAPER, False),))]
    # Held Thu 23 Apr -> next due 23 Apr + 42 = Thu 4 Jun (counts from Fri 29 May), at the 4
    # Jun meeting, papers Tue 2 Jun.
    current = [i for i in rule_items(main_child, pp, "2026-04-24", "pptm-proceedings") if i.outstanding]
    assert [(dates(i), i.earliest, i.sitting) for i in current] == [
        (("2026-04-23", "2026-06-04", None, OPEN), d("2026-05-29"), d("2026-06-04")),
    ]
    assert papers_open(main_child, pp, "2026-04-24", "pptm-paperwork").due == d("2026-06-02")
    # Held 4 Jun -> due Thu 16 Jul; held 16 Jul -> due Thu 27 Aug (papers Tue 25 Aug). No
    # meeting on 27 Aug: overdue on 28 Aug; the placement order of Thu 10 Sep ends the
    # proceedings, and the item is no longer needed from that day.
    assert [dates(i) for i in rule_items(main_child, pp, "2026-09-11", "pptm-proceedings")] == [
        ("2026-03-16", "2026-04-27", "2026-04-23", DONE),
        ("2026-04-23", "2026-06-04", "2026-06-04", DONE),
        ("2026-06-04", "2026-07-16", "2026-07-16", DONE),
        ("2026-07-16", "2026-08-27", "2026-09-10", STOPPED),
    ]
    late = [i for i in rule_items(main_child, pp, "2026-08-28", "pptm-proceedings") if i.outstanding]
    assert [(i.due, i.status(d("2026-08-28"), 14)) for i in late] == [(d("2026-08-27"), "overdue")]


def test_pptm_minutes_within_5_working_days(pp, main_child):
    # 23 Apr: 24 (1), 27 (2), 28 (3), 29 (4), 30 Apr (5); minutes 28 Apr. 4 Jun: 5 (1), 8-11
    # (2-5): Thu 11 Jun; minutes 5 Jun. 16 Jul: 17 (1), 20-23 (2-5): Thu 23 Jul; minutes 20
    # Jul. 22 Oct: 23 (1), 26-29 (2-5): Thu 29 Oct; minutes 23 Oct.
    assert [dates(i) for i in rule_items(main_child, pp, "2026-11-01", "pptm-minutes")] == [
        ("2026-04-23", "2026-04-30", "2026-04-28", DONE),
        ("2026-06-04", "2026-06-11", "2026-06-05", DONE),
        ("2026-07-16", "2026-07-23", "2026-07-20", DONE),
        ("2026-10-22", "2026-10-29", "2026-10-23", DONE),
    ]


def test_plan_ratified_at_the_earliest_sitting_after_the_review(pp, main_child):
    # Plan agreed at review 2, Tue 14 Jul. The 14 Jul sitting's papers were due Fri 10 Jul
    # (before the plan): the earliest sitting is Tue 28 Jul (papers Fri 24 Jul).
    item = one(main_child, pp, "2026-07-15", "panel-plan-ratify")
    assert dates(item) == ("2026-07-14", "2026-07-28", None, OPEN)
    assert (item.sitting, item.reason) == (d("2026-07-28"), "plan")
    assert papers_open(main_child, pp, "2026-07-15", "permanence-panel-paperwork").due == d("2026-07-24")
    assert dates(one(main_child, pp, "2026-08-01", "panel-plan-ratify")) == ("2026-07-14", "2026-07-28", "2026-07-28", DONE)


def test_pptm_every_6_weeks_under_the_placement_order(pp, main_child):
    # Placement order Thu 10 Sep + 42 = Thu 22 Oct (counts from Fri 16 Oct), papers Tue 20
    # Oct. Held 22 Oct -> next 22 Oct + 42 = Thu 3 Dec (from Fri 27 Nov), papers Tue 1 Dec.
    item = one(main_child, pp, "2026-09-11", "pptm-placement-order")
    assert dates(item) == ("2026-09-10", "2026-10-22", None, OPEN)
    assert (item.earliest, item.sitting) == (d("2026-10-16"), d("2026-10-22"))
    assert [(dates(i), i.sitting) for i in rule_items(main_child, pp, "2026-10-23", "pptm-placement-order")] == [
        (("2026-09-10", "2026-10-22", "2026-10-22", DONE), d("2026-10-22")),
        (("2026-10-22", "2026-12-03", None, OPEN), d("2026-12-03")),
    ]
    assert papers_open(main_child, pp, "2026-10-23", "pptm-paperwork").due == d("2026-12-01")
    # Proceedings ended within 26 weeks (last day Sun 13 Sep): the statutory item is done.
    assert dates(one(main_child, pp, "2026-09-11", "proceedings-end"))[1:] == ("2026-09-13", "2026-09-10", DONE)


def test_proceedings_while_looked_after_start_no_second_panel(pp):
    # Looked after (s20) Mon 9 Mar; proceedings issued later, on Mon 1 Jun: one panel item.
    h = history(("looked-after", "2026-03-09", S20_FOSTER), ("proceedings-issued", "2026-06-01"), dob="2019-11-27")
    assert [i.trigger for i in items_of(h, pp, "2026-06-02", "panel-6-weeks")] == [d("2026-03-09")]


# -- a permanent placement disrupts over Easter; PPTMs under a care order -----------------------


CARE = (
    ("looked-after", "2025-06-02", ICO_FOSTER),
    ("order", "2025-12-01", {"type": "care"}),
    ("panel", "2026-02-19", {"panel": "pptm", "reason": "care-order"}),
    ("placement-end", "2026-04-02", {"disrupted": True, "permanent": True}),
    ("placement-start", "2026-04-02", {"type": "foster"}),
    ("panel", "2026-04-07", {"panel": "permanence-panel", "reason": "disruption"}),
    ("panel", "2026-06-25", {"panel": "pptm", "reason": "care-order"}),
    ("panel", "2026-06-30", {"panel": "permanence-panel", "reason": "plan", "outcome": "long-term fostering agreed"}),
)


def test_disrupted_permanent_placement_at_the_earliest_sitting(pp):
    h = history(*CARE, dob="2016-09-03")
    # Disrupted Thu 2 Apr. Tue 7 Apr's papers are due Thu 2 Apr (Sat 4 -> [Good Friday] ->
    # Thu 2): not before the disruption, so 7 Apr is the earliest sitting.
    item = one(h, pp, "2026-04-02", "panel-disruption")
    assert dates(item) == ("2026-04-02", "2026-04-07", None, OPEN)
    assert (item.sitting, item.reason) == (d("2026-04-07"), "disruption")
    assert dates(one(h, pp, "2026-04-08", "panel-disruption")) == ("2026-04-02", "2026-04-07", "2026-04-07", DONE)
    # Disrupted on Good Friday instead: the 7 Apr papers were due the day before; Tue 21 Apr.
    h2 = history(
        ("looked-after", "2025-06-02", ICO_FOSTER),
        ("placement-end", "2026-04-03", {"disrupted": True, "permanent": True}),
        dob="2016-09-03",
    )
    assert one(h2, pp, "2026-04-03", "panel-disruption").due == d("2026-04-21")
    # A disruption of a placement not agreed as permanent does not go to the panel.
    h3 = history(
        ("looked-after", "2025-06-02", ICO_FOSTER),
        ("placement-end", "2026-04-03", {"disrupted": True}),
        dob="2016-09-03",
    )
    assert items_of(h3, pp, "2026-04-03", "panel-disruption") == []


def test_pptm_every_12_weeks_under_a_care_order(pp):
    h = history(*CARE, dob="2016-09-03")
    # Care order Mon 1 Dec 2025 + 84 days = Mon 23 Feb 2026 (1 Jan is day 31, 1 Feb day 62);
    # counts from day 78, Tue 17 Feb; the Thursday that week: 19 Feb, papers Tue 17 Feb.
    item = one(h, pp, "2025-12-02", "pptm-care-order")
    assert dates(item) == ("2025-12-01", "2026-02-23", None, OPEN)
    assert (item.earliest, item.sitting, item.reason) == (d("2026-02-17"), d("2026-02-19"), "care-order")
    # Held 19 Feb -> next due 19 Feb + 84 = Thu 14 May; the move of Thu 2 Apr (a new
    # placement, under 12 months) ends that cycle and starts another: 2 Apr + 84 = Thu 25 Jun
    # (from Fri 19 Jun), papers Tue 23 Jun. Held 25 Jun -> next due 25 Jun + 84 = Thu 17
    # Sep, no longer needed once the panel agreed the plan (Tue 30 Jun).
    found = rule_items(h, pp, "2026-04-03", "pptm-care-order")
    assert [(dates(i), i.sitting) for i in found] == [
        (("2025-12-01", "2026-02-23", "2026-02-19", DONE), d("2026-02-19")),
        (("2026-02-19", "2026-05-14", "2026-04-02", STOPPED), None),
        (("2026-04-02", "2026-06-25", None, OPEN), d("2026-06-25")),
    ]
    assert papers_open(h, pp, "2026-04-03", "pptm-paperwork").due == d("2026-06-23")
    assert [dates(i) for i in rule_items(h, pp, "2026-07-01", "pptm-care-order")][2:] == [
        ("2026-04-02", "2026-06-25", "2026-06-25", DONE),
        ("2026-06-25", "2026-09-17", "2026-06-30", STOPPED),
    ]


# -- Christmas and New Year ----------------------------------------------------------------------


AT_HOME = (("proceedings-issued", "2025-11-20"),)


def test_pptm_due_on_new_years_day_needs_booking(pp):
    h = history(*AT_HOME, dob="2020-02-02")
    # Issued Thu 20 Nov 2025 (child at home) + 42 = Thu 1 Jan 2026 (New Year's Day: no
    # meeting); counts from + 36 = Fri 26 Dec. No meeting in [26 Dec, 1 Jan]: perm says so
    # and names the next meeting with time for the papers, Thu 8 Jan (papers Tue 6 Jan).
    item = one(h, pp, "2025-12-01", "pptm-proceedings")
    assert dates(item) == ("2025-11-20", "2026-01-01", None, OPEN)
    assert item.sitting is None
    assert item.note == (
        "cannot be met: no sitting by 2026-01-01 leaves time for the papers; "
        "the next sitting with time for the papers is 2026-01-08; book it by hand"
    )
    booked = history(
        *AT_HOME,
        ("booking", "2025-12-01", {"panel": "pptm", "sitting": d("2026-01-08"), "reason": "proceedings"}),
        ("panel", "2026-01-08", {"panel": "pptm", "reason": "proceedings"}),
        dob="2020-02-02",
    )
    item = one(booked, pp, "2025-12-01", "pptm-proceedings")
    assert (item.sitting, item.note) == (d("2026-01-08"), "booked by hand")
    assert one(booked, pp, "2025-12-01", "pptm-paperwork").due == d("2026-01-06")
    # Held 8 Jan: done late; the next is due 8 Jan + 42 = Thu 19 Feb (from Fri 13 Feb).
    assert [(dates(i), i.sitting) for i in rule_items(booked, pp, "2026-01-09", "pptm-proceedings")] == [
        (("2025-11-20", "2026-01-01", "2026-01-08", LATE), d("2026-01-08")),
        (("2026-01-08", "2026-02-19", None, OPEN), d("2026-02-19")),
    ]


def test_panel_for_a_child_at_home_over_christmas(pp):
    h = history(*AT_HOME, dob="2020-02-02")
    # Issued Thu 20 Nov 2025, at home: due + 42 = Thu 1 Jan 2026. Counts from 20 wd: 21 Nov
    # (1), 24-28 (2-6), 1-5 Dec (7-11), 8-12 (12-16), 15-18 Dec (17-20): Thu 18 Dec. Next
    # sitting Tue 30 Dec 2025; its papers: Sat 27 -> [Fri 26, Thu 25 Dec] -> Wed 24 Dec.
    item = one(h, pp, "2025-12-01", "panel-6-weeks")
    assert dates(item) == ("2025-11-20", "2026-01-01", None, OPEN)
    assert (item.earliest, item.sitting) == (d("2025-12-18"), d("2025-12-30"))
    assert one(h, pp, "2025-12-01", "permanence-panel-paperwork").due == d("2025-12-24")


def test_plan_agreed_over_christmas_2026(pp):
    base = (("looked-after", "2026-08-03", ICO_FOSTER),)
    # Plan Mon 21 Dec or Thu 24 Dec: Tue 29 Dec's papers are due Thu 24 Dec (Sat 26 ->
    # [Fri 25 Dec] -> Thu 24): earliest sitting 29 Dec. Plan Mon 28 Dec (recorded on the
    # bank holiday): too late for 29 Dec; Tue 12 Jan 2027 (papers Fri 8 Jan).
    for day, due in (("2026-12-21", "2026-12-29"), ("2026-12-24", "2026-12-29"), ("2026-12-28", "2027-01-12")):
        h = history(*base, ("plan", day, {"plan": "sgo"}), dob="2021-10-05")
        assert one(h, pp, day, "panel-plan-ratify").due == d(due), day


# -- the CLI, end to end ------------------------------------------------------------------------


def test_cli_panel_agenda_pptm_booking_and_due(perm):
    assert perm("init", "--policy", "permanence-panel").code == 0
    A = ("--as-of", "2026-11-23")
    steps = (
        ("child", "add", "C1", "--name", "Ada Example", "--dob", "2018-04-04", "--worker", "Sam Worker", "--team", "North"),
        ("child", "add", "C2", "--name", "Ben Example", "--dob", "2020-02-02", "--worker", "Kim Worker", "--team", "South"),
        ("record", "looked-after", "C1", "--date", "2026-11-02", "--legal-status", "s20", "--placement", "foster"),
        ("record", "proceedings-issued", "C2", "--date", "2026-10-12"),
        ("record", "panel", "C2", "--date", "2026-11-17", "--panel", "permanence-panel", "--reason", "first",
         "--outcome", "parallel plan agreed"),
        ("record", "panel", "C2", "--date", "2026-11-19", "--panel", "pptm", "--reason", "proceedings"),
    )
    for args in steps:
        result = perm(*A, *args)
        assert result.code == 0, (args, result.err)
    # C1: looked after Mon 2 Nov; review 1 due 20 wd: 3-6 Nov (1-4), 9-13 (5-9), 16-20
    # (10-14), 23-27 (15-19), Mon 30 Nov (20). Panel due 2 Nov + 42 = Mon 14 Dec, counting
    # from review 1 (30 Nov): the sitting of Tue 1 Dec, papers Fri 27 Nov.
    agenda = perm(*A, "agenda", "--panel", "permanence-panel", "--format", "json").json()
    assert (agenda["sitting"], agenda["papers_due"], agenda["time"]) == ("2026-12-01", "2026-11-27", "09:30-12:30")
    assert agenda["chair"] == "Group Manager, Children in Care"
    assert [(c["child"], c["slot"], c["reasons"]) for c in agenda["cases"]] == [
        ("C1", "09:30-09:50", ["First consideration, after LAC review 1 (within 6 weeks of care)"]),
    ]
    assert agenda["cases"][0]["papers"] == [{"paper": PANEL_PAPER, "received": False}]
    # C2: PPTM held Thu 19 Nov -> next due 19 Nov + 42 = Thu 31 Dec (from Fri 25 Dec); the
    # Business Support Officer books it, as the seed says.
    booked = perm(*A, "book", "C2", "--panel", "pptm", "--date", "2026-12-31")
    assert booked.code == 0, booked.err
    assert booked.out == "Booked C2 for Permanence Planning Tracking Meeting on 2026-12-31 (proceedings).\n"
    agenda = perm(*A, "agenda", "--panel", "pptm", "--date", "2026-12-31", "--format", "json").json()
    # Papers 2 days before Thu 31 Dec: Tue 29 Dec.
    assert (agenda["sitting"], agenda["papers_due"]) == ("2026-12-31", "2026-12-29")
    assert [(c["child"], c["slot"], c["reasons"]) for c in agenda["cases"]] == [
        ("C2", "10:00-11:00", ["Tracking during care proceedings (every 6 weeks)"]),
    ]
    assert agenda["cases"][0]["papers"] == [{"paper": PPTM_PAPER, "received": False}]
    got = perm(*A, "paperwork", "C2", "--panel", "pptm", "--received", "1")
    assert got.code == 0, got.err
    assert "All received." in got.out
    # Due within 14 days of Mon 23 Nov (by Mon 7 Dec): C2's panel record (panel Tue 17 Nov;
    # 5 wd: 18, 19, 20, 23, Tue 24 Nov), C2's PPTM minutes (Thu 19 Nov; 20, 23, 24, 25, Thu
    # 26 Nov), C1's panel papers (Fri 27 Nov) and C1's review 1 (Mon 30 Nov).
    rows = perm(*A, "due", "--json").json()
    assert [(r["child"], r["rule"], r["due"], r["status"], r["days"]) for r in rows] == [
        ("C2", "panel-record", "2026-11-24", "due-soon", 1),
        ("C2", "pptm-minutes", "2026-11-26", "due-soon", 3),
        ("C1", "permanence-panel-paperwork", "2026-11-27", "due-soon", 4),
        ("C1", "review-first", "2026-11-30", "due-soon", 7),
    ]
    rows = perm(*A, "due", "--all", "--json").json()
    pptm = [r for r in rows if r["rule"] == "pptm-proceedings"]
    assert [(r["due"], r["sitting"], r["note"]) for r in pptm] == [("2026-12-31", "2026-12-31", "booked by hand")]
    c1_panel = [r for r in rows if r["rule"] == "panel-6-weeks" and r["child"] == "C1"]
    assert [(r["due"], r["sitting"]) for r in c1_panel] == [("2026-12-14", "2026-12-01")]
