"""The BCP permanence policy (permcli/policies/bcp.toml, seed 002, procedures.md 4.3).

A child is walked through seed 002's own sequence (legal planning meeting, decision to enter
care, initial PPM, the Permanence Planning and Tracking Meeting, LAC review 1 with a return
home uncertain, the final care plan and final hearing, review 2 and review PPMs, a
placement order and the PPMs before the adoption reviews); other children show the
long-term fostering match, leaving care, Staying Put, an early review and the special
guardianship support review. Every expected date is worked by hand in the comments: day 0
is the trigger day; "N wd" counts working days after it.

Bank holidays (England and Wales) met here: 2025: Thu 25 Dec, Fri 26 Dec; 2026: Thu 1 Jan,
Good Friday 3 Apr, Easter Monday 6 Apr, May Day Mon 4 May, Spring Mon 25 May, Summer Mon 31
Aug, Christmas Fri 25 Dec, Boxing Day substitute Mon 28 Dec; 2027: Fri 1 Jan.

Schedules (defaults of bcp.toml): the tracking meeting sits every other Monday in the weeks
of Mon 8 Jan 2018, so in 2026 on 12 Jan, 26 Jan, ... 23 Mar, [6 Apr Easter Monday: no
sitting], 20 Apr, [4 May: no sitting], 18 May, 1 Jun, ... 30 Nov, 14 Dec, [28 Dec: no
sitting], 11 Jan 2027; papers 2 working days before. The fostering panel sits on the second
Thursday of each month; papers 10 working days before.
"""

from __future__ import annotations

import pytest
from conftest import STATUTORY_RULES, d, history, items_of, one

from permcli.app import policies
from permcli.domain.engine import DONE, LATE, OPEN, STOPPED

LOCAL_RULES = {
    "ppm-initial", "ppm-legal-planning", "ppm-rehab-uncertain", "ppm-review", "ppm-final-hearing",
    "ppm-final-care-plan", "ppm-placement-order", "ppm-leaving-care", "ppm-minutes", "early-review",
    "tracking-first", "ltf-match", "together-apart", "staying-put-16", "sgo-support-review",
}
ICO_FOSTER = {"legal_status": "ico", "placement": "foster"}
S20_FOSTER = {"legal_status": "s20", "placement": "foster"}
TRACKING_PAPERS = [
    "Permanence Planning & Tracking Panel Referral Form (Appendix 4)",
    "Care plan and contingency plan, with all appropriate dates",
]


@pytest.fixture(scope="module")
def bcp():
    return policies.load("bcp")


def rule_items(hist, policy, as_of, rule):
    found = items_of(hist, policy, as_of, rule)
    return sorted(found, key=lambda i: (i.trigger, i.due))


def dates(item):
    """(trigger, due, done or stopped, state) as text, for compact comparisons."""
    end = item.done or item.stopped
    return (str(item.trigger), str(item.due), None if end is None else str(end), item.state)


# -- the policy file ---------------------------------------------------------------------------


def test_every_rule_of_section_4_3_with_its_source(bcp):
    local = {r.id: r for r in bcp.rules if r.id not in STATUTORY_RULES}
    assert set(local) == LOCAL_RULES
    assert all(r.source.startswith("seed 002 ") for r in local.values())
    assert {r.id for r in bcp.rules} == LOCAL_RULES | STATUTORY_RULES
    assert {p.id for p in bcp.panels} == {"tracking", "fostering"}
    assert bcp.rule("tracking-first").panel == "tracking"
    assert bcp.rule("ltf-match").panel == "fostering"
    assert not any(r.override for r in bcp.rules)


def test_tracking_meeting_sittings_skip_bank_holiday_mondays(bcp):
    tracking = bcp.panel("tracking")
    # Every other Monday: 9 Mar, 23 Mar, 6 Apr (Easter Monday: no sitting), 20 Apr, 4 May
    # (May Day: no sitting), 18 May, 1 Jun.
    assert tracking.sittings(d("2026-03-01"), d("2026-06-01")) == [
        d("2026-03-09"), d("2026-03-23"), d("2026-04-20"), d("2026-05-18"), d("2026-06-01"),
    ]
    # Christmas week 2026: 14 Dec, 28 Dec (Boxing Day substitute: none), 11 Jan 2027.
    assert tracking.sittings(d("2026-12-01"), d("2027-01-31")) == [
        d("2026-12-14"), d("2027-01-11"), d("2027-01-25"),
    ]
    assert tracking.next_sitting(d("2026-04-06")) == d("2026-04-20")
    # Papers 2 working days before: Mon 20 Apr -> Fri 17 (1), Thu 16 (2).
    assert tracking.deadline(d("2026-04-20")) == d("2026-04-16")
    # Mon 1 Jun -> Fri 29 May (1), Thu 28 May (2) (Spring bank holiday 25 May is not crossed).
    assert tracking.deadline(d("2026-06-01")) == d("2026-05-28")
    # Mon 11 Jan 2027 -> Fri 8 (1), Thu 7 (2).
    assert tracking.deadline(d("2027-01-11")) == d("2027-01-07")
    assert (tracking.hours, tracking.slot(0), tracking.slot(1)) == ("10:00-12:30", "10:00-10:15", "10:15-10:30")


def test_fostering_panel_sittings_and_deadlines(bcp):
    fostering = bcp.panel("fostering")
    # Second Thursday: 1 Jan 2026 is the first Thursday (a bank holiday, but not a sitting).
    assert fostering.sittings(d("2026-01-01"), d("2026-06-30")) == [
        d("2026-01-08"), d("2026-02-12"), d("2026-03-12"), d("2026-04-09"), d("2026-05-14"), d("2026-06-11"),
    ]
    # 10 working days before Thu 8 Jan 2026: Wed 7 (1), Tue 6 (2), Mon 5 (3), Fri 2 (4),
    # [Thu 1 Jan], Wed 31 Dec (5), Tue 30 (6), Mon 29 (7), [Fri 26, Thu 25 Dec], Wed 24 (8),
    # Tue 23 (9), Mon 22 Dec 2025 (10).
    assert fostering.deadline(d("2026-01-08")) == d("2025-12-22")
    # Thu 12 Mar: Wed 11 (1) ... Mon 2 (8), Fri 27 Feb (9), Thu 26 Feb (10).
    assert fostering.deadline(d("2026-03-12")) == d("2026-02-26")
    # Thu 9 Apr: Wed 8 (1), Tue 7 (2), [Mon 6 Easter Monday, Fri 3 Good Friday], Thu 2 (3),
    # Wed 1 (4), Tue 31 Mar (5), Mon 30 (6), Fri 27 (7), Thu 26 (8), Wed 25 (9), Tue 24 (10).
    assert fostering.deadline(d("2026-04-09")) == d("2026-03-24")
    # Thu 14 May: Wed 13 (1), Tue 12 (2), Mon 11 (3), Fri 8 (4), Thu 7 (5), Wed 6 (6),
    # Tue 5 (7), [Mon 4 May Day], Fri 1 (8), Thu 30 Apr (9), Wed 29 Apr (10).
    assert fostering.deadline(d("2026-05-14")) == d("2026-04-29")


# -- one child through seed 002 --------------------------------------------------------------


MAIN = (
    ("legal-planning-meeting", "2026-03-12"),                      # 1
    ("ppm", "2026-03-18", {"type": "initial"}),                  # 2 after the LPM
    ("minutes", "2026-03-20", {"meeting": "ppm"}),               # 3
    ("proceedings-issued", "2026-03-23"),                        # 4
    ("care-decision", "2026-03-23"),                             # 5
    ("looked-after", "2026-03-24", ICO_FOSTER),                  # 6
    ("order", "2026-03-24", {"type": "ico"}),                    # 7
    ("ppm", "2026-04-09", {"type": "initial"}),                  # 8
    ("minutes", "2026-04-14", {"meeting": "ppm"}),               # 9 late
    ("panel", "2026-04-20", {"panel": "tracking", "reason": "first"}),  # 10
    ("review", "2026-04-22", {"rehab_uncertain": True}),         # 11 LAC review 1
    ("ppm", "2026-05-05", {"type": "review"}),                   # 12
    ("minutes", "2026-05-06", {"meeting": "ppm"}),               # 13
    ("final-evidence-set", "2026-06-01", {"filing_date": d("2026-08-14")}),  # 14
    ("ppm", "2026-07-01", {"type": "review"}),                   # 15
    ("minutes", "2026-07-02", {"meeting": "ppm"}),               # 16
    ("final-hearing-listed", "2026-07-06", {"hearing_date": d("2026-09-14")}),  # 17
    ("together-apart", "2026-07-13"),                            # 18
    ("final-hearing-listed", "2026-07-20", {"hearing_date": d("2026-10-12")}),  # 19 relisted
    ("review", "2026-07-21"),                                    # 20 LAC review 2
    ("plan", "2026-07-21", {"plan": "adoption"}),                # 21
    ("ppm", "2026-08-26", {"type": "review"}),                   # 22
    ("minutes", "2026-08-27", {"meeting": "ppm"}),               # 23
    ("order", "2026-10-12", {"type": "placement"}),              # 24 final hearing
    ("ppm", "2026-11-16", {"type": "review"}),                   # 25
    ("minutes", "2026-11-17", {"meeting": "ppm"}),               # 26
    ("adoption-review", "2027-01-11"),                           # 27
    ("ppm", "2027-02-04", {"type": "review"}),                   # 28
    ("minutes", "2027-02-05", {"meeting": "ppm"}),               # 29
    ("placed-for-adoption", "2027-03-01"),                       # 30
)


@pytest.fixture(scope="module")
def main_child():
    return history(*MAIN, dob="2019-02-14", sibling_group="SG1")


def test_legal_planning_meeting_then_ppm(bcp, main_child):
    # LPM Thu 12 Mar = day 0; 5 wd: Fri 13 (1), Mon 16 (2), Tue 17 (3), Wed 18 (4), Thu 19 (5).
    item = one(main_child, bcp, "2026-03-13", "ppm-legal-planning")
    assert dates(item) == ("2026-03-12", "2026-03-19", None, OPEN)
    item = one(main_child, bcp, "2026-03-31", "ppm-legal-planning")
    assert dates(item) == ("2026-03-12", "2026-03-19", "2026-03-18", DONE)


def test_decision_to_enter_care_starts_the_initial_ppm(bcp, main_child):
    # Decision Mon 23 Mar = day 0 (the PPM of 18 Mar came before it and does not count).
    # 20 wd: 24-27 Mar (1-4), 30, 31 Mar, 1, 2 Apr (5-8), [Good Friday 3 Apr, Easter Monday
    # 6 Apr], 7-10 Apr (9-12), 13-17 Apr (13-17), 20, 21, 22 Apr (18-20): Wed 22 Apr.
    # The decision came the day before care, so "by LAC review 1" does not apply to it (and
    # review 1 is due later anyway: Thu 23 Apr). Becoming looked after on 24 Mar starts no
    # second item while this one is open.
    assert dates(one(main_child, bcp, "2026-03-31", "ppm-initial")) == ("2026-03-23", "2026-04-22", None, OPEN)
    assert dates(one(main_child, bcp, "2026-05-01", "ppm-initial")) == ("2026-03-23", "2026-04-22", "2026-04-09", DONE)


def test_lac_review_1_date_for_reference(bcp, main_child):
    # Looked after Tue 24 Mar = day 0; 20 wd: 25-27 Mar (1-3), 30 Mar-2 Apr (4-7), [3, 6 Apr],
    # 7-10 Apr (8-11), 13-17 Apr (12-16), 20-23 Apr (17-20): Thu 23 Apr.
    item = one(main_child, bcp, "2026-03-31", "review-first")
    assert item.due == d("2026-04-23")


def test_tracking_meeting_within_4_weeks_at_a_sitting(bcp, main_child):
    # Looked after Tue 24 Mar + 4 weeks = Tue 21 Apr. Sittings from 24 Mar: 6 Apr is Easter
    # Monday (none), so Mon 20 Apr; its papers are due Thu 16 Apr (2 wd before).
    item = one(main_child, bcp, "2026-03-31", "tracking-first")
    assert dates(item) == ("2026-03-24", "2026-04-21", None, OPEN)
    assert (item.panel, item.reason, item.sitting, item.note) == ("tracking", "first", d("2026-04-20"), None)
    papers = one(main_child, bcp, "2026-03-31", "tracking-paperwork")
    assert (papers.item, papers.sitting, papers.due) == ("paperwork", d("2026-04-20"), d("2026-04-16"))
    assert papers.papers == tuple((p, False) for p in TRACKING_PAPERS)
    # Heard on the day; the papers never came in, so the paperwork item is closed with the
    # sitting rather than left overdue.
    item = one(main_child, bcp, "2026-05-01", "tracking-first")
    assert dates(item) == ("2026-03-24", "2026-04-21", "2026-04-20", DONE)
    assert dates(one(main_child, bcp, "2026-05-01", "tracking-paperwork"))[2:] == ("2026-04-20", STOPPED)


def test_ppm_minutes_72_hours_after_each_ppm(bcp, main_child):
    # 72 hours = 3 calendar days (perm counts whole days). PPM Wed 18 Mar -> Sat 21 Mar,
    # minutes Fri 20 Mar: done. PPM Thu 9 Apr -> Sun 12 Apr, minutes Tue 14 Apr: late.
    # PPM Tue 5 May -> Fri 8 May, minutes Wed 6 May: done.
    found = [dates(i) for i in rule_items(main_child, bcp, "2026-05-08", "ppm-minutes")]
    assert found == [
        ("2026-03-18", "2026-03-21", "2026-03-20", DONE),
        ("2026-04-09", "2026-04-12", "2026-04-14", LATE),
        ("2026-05-05", "2026-05-08", "2026-05-06", DONE),
    ]


def test_ppm_within_2_weeks_of_review_1_when_rehabilitation_uncertain(bcp, main_child):
    # Review 1 Wed 22 Apr (rehabilitation home uncertain) + 2 weeks = Wed 6 May.
    assert dates(one(main_child, bcp, "2026-05-01", "ppm-rehab-uncertain")) == ("2026-04-22", "2026-05-06", None, OPEN)
    assert dates(one(main_child, bcp, "2026-05-08", "ppm-rehab-uncertain")) == (
        "2026-04-22", "2026-05-06", "2026-05-05", DONE,
    )


def test_together_and_apart_by_review_2(bcp, main_child):
    # Sibling group. Before review 1 is held: review 2 projected from review 1's due date,
    # Thu 23 Apr + 3 months = Thu 23 Jul. Once review 1 is held on Wed 22 Apr: review 2 due
    # Wed 22 Jul, and so is the assessment. Review 2 was then held a day early, Tue 21 Jul,
    # and "by review 2" becomes that day. Recorded Mon 13 Jul: done.
    assert dates(one(main_child, bcp, "2026-03-31", "together-apart")) == ("2026-03-24", "2026-07-23", None, OPEN)
    assert dates(one(main_child, bcp, "2026-05-01", "together-apart")) == ("2026-03-24", "2026-07-22", None, OPEN)
    assert dates(one(main_child, bcp, "2026-07-24", "together-apart")) == ("2026-03-24", "2026-07-21", "2026-07-13", DONE)


def test_ppm_before_the_final_care_plan_is_filed(bcp, main_child):
    # Filing date Fri 14 Aug - 6 weeks = Fri 3 Jul; the PPM of Wed 1 Jul is in time.
    assert dates(one(main_child, bcp, "2026-06-02", "ppm-final-care-plan")) == ("2026-06-01", "2026-07-03", None, OPEN)
    assert dates(one(main_child, bcp, "2026-07-10", "ppm-final-care-plan")) == (
        "2026-06-01", "2026-07-03", "2026-07-01", DONE,
    )


def test_ppm_6_weeks_before_the_final_hearing_follows_a_relisting(bcp, main_child):
    # Listed Mon 6 Jul for Mon 14 Sep: 14 Sep - 6 weeks = Mon 3 Aug.
    assert dates(one(main_child, bcp, "2026-07-10", "ppm-final-hearing")) == ("2026-07-06", "2026-08-03", None, OPEN)
    # Relisted Mon 20 Jul for Mon 12 Oct: 12 Oct - 6 weeks = Mon 31 Aug (the Summer bank
    # holiday: perm does not move a due date). Still one item; the PPM of 26 Aug is in time.
    assert dates(one(main_child, bcp, "2026-07-24", "ppm-final-hearing")) == ("2026-07-06", "2026-08-31", None, OPEN)
    assert dates(one(main_child, bcp, "2026-09-01", "ppm-final-hearing")) == (
        "2026-07-06", "2026-08-31", "2026-08-26", DONE,
    )


def test_review_ppms_every_12_weeks_from_review_2_until_placed(bcp, main_child):
    # Review 2 Tue 21 Jul + 12 weeks (84 days) = Tue 13 Oct; PPM Wed 26 Aug -> next due
    # 26 Aug + 84 = Wed 18 Nov; PPM Mon 16 Nov -> next 16 Nov + 84 = Mon 8 Feb 2027; PPM Thu
    # 4 Feb 2027 -> next 4 Feb + 84 = Thu 29 Apr 2027, no longer needed from the placement
    # for adoption on Mon 1 Mar 2027.
    assert [dates(i) for i in rule_items(main_child, bcp, "2026-07-24", "ppm-review")] == [
        ("2026-07-21", "2026-10-13", None, OPEN),
    ]
    assert [dates(i) for i in rule_items(main_child, bcp, "2027-03-05", "ppm-review")] == [
        ("2026-07-21", "2026-10-13", "2026-08-26", DONE),
        ("2026-08-26", "2026-11-18", "2026-11-16", DONE),
        ("2026-11-16", "2027-02-08", "2027-02-04", DONE),
        ("2027-02-04", "2027-04-29", "2027-03-01", STOPPED),
    ]


def test_ppms_before_the_adoption_reviews(bcp, main_child):
    # Placement order Mon 12 Oct 2026 + 3 months = Tue 12 Jan 2027 (the first adoption
    # review's due date). The PPM of 16 Nov is before it: done.
    assert dates(one(main_child, bcp, "2026-10-20", "ppm-placement-order")) == ("2026-10-12", "2027-01-12", None, OPEN)
    assert dates(one(main_child, bcp, "2026-10-20", "adoption-review-not-placed"))[:2] == ("2026-10-12", "2027-01-12")
    # The first adoption review, Mon 11 Jan 2027 (on time) + 3 months = Sun 11 Apr 2027
    # (order + 6 months less a day); the PPM of Thu 4 Feb is before it.
    assert [dates(i) for i in rule_items(main_child, bcp, "2027-01-15", "ppm-placement-order")] == [
        ("2026-10-12", "2027-01-12", "2026-11-16", DONE),
        ("2027-01-11", "2027-04-11", None, OPEN),
    ]
    assert [dates(i) for i in rule_items(main_child, bcp, "2027-03-05", "ppm-placement-order")] == [
        ("2026-10-12", "2027-01-12", "2026-11-16", DONE),
        ("2027-01-11", "2027-04-11", "2027-02-04", DONE),
    ]


def test_no_early_review_without_a_change_of_plan(bcp, main_child):
    assert items_of(main_child, bcp, "2027-03-05", "early-review") == []


# -- the initial PPM by review 1, over Christmas -----------------------------------------------


CHRISTMAS = (
    ("looked-after", "2026-12-07", S20_FOSTER),   # emergency: no decision recorded
    ("review", "2026-12-22"),                     # review 1 held early
    ("ppm", "2026-12-24", {"type": "initial"}),
    ("minutes", "2026-12-29", {"meeting": "ppm"}),
)


def test_initial_ppm_no_later_than_review_1(bcp):
    h = history(*CHRISTMAS, dob="2014-06-01")
    # Looked after Mon 7 Dec = day 0; 20 wd: 8-11 Dec (1-4), 14-18 (5-9), 21-24 (10-13),
    # [Fri 25 Dec, Mon 28 Dec], 29-31 Dec (14-16), [Fri 1 Jan 2027], 4-7 Jan (17-20):
    # Thu 7 Jan 2027; review 1 is due the same day.
    assert dates(one(h, bcp, "2026-12-08", "ppm-initial")) == ("2026-12-07", "2027-01-07", None, OPEN)
    assert one(h, bcp, "2026-12-08", "review-first").due == d("2027-01-07")
    # Review 1 held early, Tue 22 Dec: the PPM is due by then, and is overdue on 23 Dec.
    item = one(h, bcp, "2026-12-23", "ppm-initial")
    assert dates(item) == ("2026-12-07", "2026-12-22", None, OPEN)
    assert item.status(d("2026-12-23"), 14) == "overdue"
    assert dates(one(h, bcp, "2027-01-04", "ppm-initial")) == ("2026-12-07", "2026-12-22", "2026-12-24", LATE)
    # PPM Thu 24 Dec + 72 hours = Sun 27 Dec; minutes Tue 29 Dec: late.
    assert dates(one(h, bcp, "2027-01-04", "ppm-minutes")) == ("2026-12-24", "2026-12-27", "2026-12-29", LATE)


def test_tracking_meeting_over_christmas_needs_booking_by_hand(bcp):
    h = history(CHRISTMAS[0], dob="2014-06-01")
    # Looked after Mon 7 Dec + 4 weeks = Mon 4 Jan 2027. The sitting of Mon 14 Dec has time
    # for the papers (due Thu 10 Dec: Fri 11 (1), Thu 10 (2)); the case stays there.
    item = one(h, bcp, "2026-12-08", "tracking-first")
    assert (item.due, item.sitting, item.note) == (d("2027-01-04"), d("2026-12-14"), None)
    assert one(h, bcp, "2026-12-08", "tracking-paperwork").due == d("2026-12-10")
    # On Fri 11 Dec the papers are overdue, the case still at 14 Dec.
    papers = one(h, bcp, "2026-12-11", "tracking-paperwork")
    assert (papers.sitting, papers.status(d("2026-12-11"), 14)) == (d("2026-12-14"), "overdue")
    # 14 Dec went by without a hearing. 28 Dec is the Boxing Day substitute (no sitting): the
    # next sitting with time for the papers is Mon 11 Jan 2027, after the due date.
    item = one(h, bcp, "2026-12-15", "tracking-first")
    assert item.note == (
        "not heard at the sitting on 2026-12-14; "
        "the next sitting with time for the papers is 2027-01-11; book it by hand"
    )
    # Booked by hand on 15 Dec for 11 Jan: papers due Thu 7 Jan (Fri 8 (1), Thu 7 (2)).
    booked = history(
        CHRISTMAS[0],
        ("booking", "2026-12-15", {"panel": "tracking", "sitting": d("2027-01-11"), "reason": "first"}),
        dob="2014-06-01",
    )
    item = one(booked, bcp, "2026-12-15", "tracking-first")
    assert (item.sitting, item.note, item.due) == (d("2027-01-11"), "booked by hand", d("2027-01-04"))
    papers = [i for i in items_of(booked, bcp, "2026-12-15", "tracking-paperwork") if i.outstanding]
    assert [(i.sitting, i.due) for i in papers] == [(d("2027-01-11"), d("2027-01-07"))]


def test_tracking_meeting_that_no_sitting_can_meet(bcp):
    # Looked after Fri 11 Dec + 4 weeks = Fri 8 Jan 2027. Mon 14 Dec's papers were due Thu
    # 10 Dec, the day before; 28 Dec has no sitting; 11 Jan is after 8 Jan.
    h = history(("looked-after", "2026-12-11", S20_FOSTER), dob="2014-06-01")
    item = one(h, bcp, "2026-12-11", "tracking-first")
    assert (item.due, item.sitting) == (d("2027-01-08"), None)
    assert item.note == (
        "cannot be met: no sitting by 2027-01-08 leaves time for the papers; "
        "the next sitting with time for the papers is 2027-01-11; book it by hand"
    )


# -- long-term fostering match at the fostering panel ----------------------------------------


LTF = (
    ("looked-after", "2025-11-03", S20_FOSTER),
    ("review", "2025-12-02"),
    ("review", "2026-03-02"),                       # review 2
    ("plan", "2026-03-02", {"plan": "long-term-fostering"}),
)


def test_ltf_match_within_3_months_at_the_fostering_panel(bcp):
    h = history(*LTF, dob="2015-09-09")
    # Plan agreed at review 2, Mon 2 Mar + 3 months = Tue 2 Jun. The 12 Mar sitting's papers
    # were due Thu 26 Feb, before the plan: the case goes to Thu 9 Apr, papers due Tue 24 Mar.
    item = one(h, bcp, "2026-03-02", "ltf-match")
    assert dates(item) == ("2026-03-02", "2026-06-02", None, OPEN)
    assert (item.panel, item.reason, item.sitting) == ("fostering", "ltf-match", d("2026-04-09"))
    papers = one(h, bcp, "2026-03-02", "fostering-paperwork")
    assert (papers.due, papers.papers) == (d("2026-03-24"), (("Long-term fostering matching report", False),))
    # On Wed 25 Mar the report is overdue; the case stays at 9 Apr.
    assert one(h, bcp, "2026-03-25", "ltf-match").sitting == d("2026-04-09")
    assert one(h, bcp, "2026-03-25", "fostering-paperwork").status(d("2026-03-25"), 14) == "overdue"
    # 9 Apr went by unheard. On Fri 10 Apr the next sitting with time for the papers is Thu
    # 14 May (papers Wed 29 Apr); on Thu 30 Apr it is Thu 11 Jun (papers Thu 28 May: 10 wd
    # back from 11 Jun: 10, 9, 8 Jun (1-3), 5-1 Jun (4-8), Fri 29 May (9), Thu 28 May (10)).
    assert one(h, bcp, "2026-04-10", "ltf-match").note == (
        "not heard at the sitting on 2026-04-09; "
        "the next sitting with time for the papers is 2026-05-14; book it by hand"
    )
    assert one(h, bcp, "2026-04-30", "ltf-match").note == (
        "not heard at the sitting on 2026-04-09; "
        "the next sitting with time for the papers is 2026-06-11; book it by hand"
    )


def test_ltf_match_booked_heard_and_review_ppms_stop(bcp):
    h = history(
        *LTF,
        ("booking", "2026-03-25", {"panel": "fostering", "sitting": d("2026-05-14"), "reason": "ltf-match"}),
        ("paperwork", "2026-04-20", {"panel": "fostering", "sitting": d("2026-05-14"),
                                      "paper": "Long-term fostering matching report", "received": True}),
        ("panel", "2026-05-14", {"panel": "fostering", "reason": "ltf-match", "outcome": "match confirmed"}),
        dob="2015-09-09",
    )
    papers = one(h, bcp, "2026-04-21", "fostering-paperwork")
    assert dates(papers)[1:] == ("2026-04-29", "2026-04-20", DONE)
    item = one(h, bcp, "2026-05-15", "ltf-match")
    assert dates(item) == ("2026-03-02", "2026-06-02", "2026-05-14", DONE)
    # Review PPMs from review 2: 2 Mar + 84 days = Mon 25 May (Spring bank holiday; not
    # moved). Permanence is obtained by the match on 14 May: no longer needed.
    assert dates(one(h, bcp, "2026-05-15", "ppm-review")) == ("2026-03-02", "2026-05-25", "2026-05-14", STOPPED)


# -- older young people: leaving care and Staying Put ----------------------------------------


def test_leaving_care_ppm_and_staying_put_from_16(bcp):
    # Born 15 Jun 2009, looked after at 16 on Mon 1 Sep 2025 in foster care. Eligible after
    # 91 days of care: 1 Sep + 91 days = Mon 1 Dec 2025 (30 Sep is day 29, 31 Oct 60, 30 Nov
    # 90). The leaving-care PPM is due on the 17th birthday, Mon 15 Jun 2026.
    h = history(
        ("looked-after", "2025-09-01", S20_FOSTER),
        ("staying-put", "2025-10-01"),
        ("ppm", "2026-05-20", {"type": "review"}),
        dob="2009-06-15",
    )
    assert items_of(h, bcp, "2025-11-30", "ppm-leaving-care") == []
    assert dates(one(h, bcp, "2025-12-01", "ppm-leaving-care")) == ("2025-12-01", "2026-06-15", None, OPEN)
    assert dates(one(h, bcp, "2026-06-01", "ppm-leaving-care")) == ("2025-12-01", "2026-06-15", "2026-05-20", DONE)
    # Staying Put on the agenda by the 16th birthday (15 Jun 2025): already past when she
    # came into foster care, so due at once (1 Sep 2025); discussed 1 Oct: late. The same
    # discussion is the statutory one, due on the 17th birthday: done.
    assert dates(one(h, bcp, "2026-06-01", "staying-put-16")) == ("2025-09-01", "2025-09-01", "2025-10-01", LATE)
    assert dates(one(h, bcp, "2026-06-01", "staying-put")) == ("2025-09-01", "2026-06-15", "2025-10-01", DONE)


def test_leaving_care_ppm_at_once_when_eligible_after_17(bcp):
    # Born 10 Jan 2009 (17 on 10 Jan 2026), looked after Mon 2 Mar 2026: eligible 2 Mar + 91
    # days = Mon 1 Jun 2026 (31 Mar is day 29, 30 Apr 59, 31 May 90): due that day.
    h = history(("looked-after", "2026-03-02", S20_FOSTER), dob="2009-01-10")
    item = one(h, bcp, "2026-06-02", "ppm-leaving-care")
    assert dates(item) == ("2026-06-01", "2026-06-01", None, OPEN)
    assert item.status(d("2026-06-02"), 14) == "overdue"
    # Staying Put on the agenda: 16th birthday long past, due at once (2 Mar 2026).
    assert one(h, bcp, "2026-06-02", "staying-put-16").due == d("2026-03-02")


def test_staying_put_16_for_a_younger_child_in_foster_care(bcp):
    # Born 14 Feb 2019: due on the 16th birthday, 14 Feb 2035; a discussion counts from the
    # 15th birthday (14 Feb 2034). A move to residential care ends it.
    h = history(("looked-after", "2026-03-24", ICO_FOSTER), dob="2019-02-14")
    item = one(h, bcp, "2026-04-01", "staying-put-16")
    assert (item.due, item.earliest) == (d("2035-02-14"), d("2034-02-14"))
    moved = history(
        ("looked-after", "2026-03-24", ICO_FOSTER),
        ("placement-end", "2026-06-01"),
        ("placement-start", "2026-06-01", {"type": "residential"}),
        dob="2019-02-14",
    )
    assert dates(one(moved, bcp, "2026-06-02", "staying-put-16"))[2:] == ("2026-06-01", STOPPED)


# -- an early review after a change of plan; the SGO support review ------------------------


def test_early_review_within_20_working_days_of_a_plan_change(bcp):
    # PPM Mon 7 Sep 2026 changed the plan = day 0; 20 wd: 8-11 Sep (1-4), 14-18 (5-9),
    # 21-25 (10-14), 28 Sep-2 Oct (15-19), Mon 5 Oct (20). Review held Thu 1 Oct: done.
    h = history(
        ("looked-after", "2026-01-05", S20_FOSTER),
        ("review", "2026-01-29"),
        ("ppm", "2026-09-07", {"type": "review", "plan_changed": True}),
        ("review", "2026-10-01"),
        dob="2015-09-09",
    )
    assert dates(one(h, bcp, "2026-09-08", "early-review")) == ("2026-09-07", "2026-10-05", None, OPEN)
    assert dates(one(h, bcp, "2026-10-02", "early-review")) == ("2026-09-07", "2026-10-05", "2026-10-01", DONE)


def test_sgo_support_plan_reviewed_every_12_months(bcp):
    # SGO made Mon 28 Jul 2025 (care ends): review due Tue 28 Jul 2026; held Mon 20 Jul 2026
    # -> next due Tue 20 Jul 2027, overdue on 1 Aug 2027.
    h = history(
        ("looked-after", "2025-02-04", {"legal_status": "ico", "placement": "connected-person"}),
        ("order", "2025-07-28", {"type": "sgo"}),
        ("ceased", "2025-07-28"),
        ("sgo-support-review", "2026-07-20"),
        dob="2024-01-30",
    )
    assert [dates(i) for i in rule_items(h, bcp, "2027-08-01", "sgo-support-review")] == [
        ("2025-07-28", "2026-07-28", "2026-07-20", DONE),
        ("2026-07-20", "2027-07-20", None, OPEN),
    ]


def test_a_ppm_between_the_decision_and_care_asks_for_another(bcp):
    # Documented limitation (bcp.toml, ppm-initial): the decision of Mon 2 Nov (due 20 wd:
    # 3-6 Nov (1-4), 9-13 (5-9), 16-20 (10-14), 23-27 (15-19), Mon 30 Nov (20)) is met by the
    # PPM of Wed 4 Nov; becoming looked after on Mon 9 Nov starts a second item, due 20 wd
    # later: 10-13 Nov (1-4), 16-20 (5-9), 23-27 (10-14), 30 Nov-4 Dec (15-19), Mon 7 Dec (20).
    h = history(
        ("care-decision", "2026-11-02"),
        ("ppm", "2026-11-04", {"type": "initial"}),
        ("looked-after", "2026-11-09", S20_FOSTER),
        dob="2015-09-09",
    )
    assert [dates(i) for i in rule_items(h, bcp, "2026-11-10", "ppm-initial")] == [
        ("2026-11-02", "2026-11-30", "2026-11-04", DONE),
        ("2026-11-09", "2026-12-07", None, OPEN),
    ]


# -- the CLI, end to end ------------------------------------------------------------------------


def test_cli_tracking_agenda_papers_and_due(perm):
    assert perm("init", "--policy", "bcp").code == 0
    A = ("--as-of", "2026-03-24")
    steps = (
        ("child", "add", "C1", "--name", "Ada Example", "--dob", "2019-02-14", "--worker", "Sam Worker",
         "--team", "North", "--sibling-group", "SG1"),
        ("record", "looked-after", "C1", "--date", "2026-03-24", "--legal-status", "ico", "--placement", "foster"),
    )
    for args in steps:
        result = perm(*A, *args)
        assert result.code == 0, (args, result.err)
    # The agenda of Mon 20 Apr (Easter Monday 6 Apr has no sitting): papers due Thu 16 Apr.
    agenda = perm(*A, "agenda", "--panel", "tracking", "--format", "json").json()
    assert (agenda["sitting"], agenda["papers_due"], agenda["time"]) == ("2026-04-20", "2026-04-16", "10:00-12:30")
    assert agenda["chair"] == "Service Director"
    assert [c["child"] for c in agenda["cases"]] == ["C1"]
    case = agenda["cases"][0]
    assert (case["slot"], case["worker"], case["team"]) == ("10:00-10:15", "Sam Worker", "North")
    assert case["reasons"] == ["First consideration: within 4 weeks of entering care"]
    assert case["papers"] == [{"paper": p, "received": False} for p in TRACKING_PAPERS]
    got = perm("--as-of", "2026-04-14", "paperwork", "C1", "--panel", "tracking", "--received", "1")
    assert got.code == 0, got.err
    assert "1 of 2 missing." in got.out
    agenda = perm("--as-of", "2026-04-14", "agenda", "--panel", "tracking", "--date", "2026-04-20", "--format", "json").json()
    assert agenda["cases"][0]["papers"] == [
        {"paper": TRACKING_PAPERS[0], "received": True},
        {"paper": TRACKING_PAPERS[1], "received": False},
    ]
    # Due within 14 days of Tue 14 Apr (by Tue 28 Apr): the papers (Thu 16 Apr), the tracking
    # meeting (Tue 21 Apr, at the 20 Apr sitting), the initial PPM (no decision recorded: 20
    # wd, Thu 23 Apr, the same day as review 1) and LAC review 1 (Thu 23 Apr).
    rows = perm("--as-of", "2026-04-14", "due", "--json").json()
    got_rows = [(r["rule"], r["due"], r["status"], r["days"], r["sitting"]) for r in rows]
    assert got_rows == [
        ("tracking-paperwork", "2026-04-16", "due-soon", 2, "2026-04-20"),
        ("tracking-first", "2026-04-21", "due-soon", 7, "2026-04-20"),
        ("ppm-initial", "2026-04-23", "due-soon", 9, None),
        ("review-first", "2026-04-23", "due-soon", 9, None),
    ]
    assert {r["child"] for r in rows} == {"C1"}
    # Heard at the tracking meeting on 20 Apr: the meeting and its papers leave the list.
    assert perm("--as-of", "2026-04-20", "record", "panel", "C1", "--date", "2026-04-20", "--panel", "tracking",
                "--reason", "first", "--outcome", "plan approved").code == 0
    rows = perm("--as-of", "2026-04-20", "due", "--json").json()
    assert [r["rule"] for r in rows] == ["ppm-initial", "review-first"]
