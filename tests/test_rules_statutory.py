"""Every statutory rule (permcli/policies/base.toml) driven through derive().

Expected dates are worked by hand from procedures.md sections 2 and 3; each comment shows
day 0 and any bank holidays skipped. Bank holidays used here (England and Wales):
2026: Thu 1 Jan, Fri 3 Apr, Mon 6 Apr, Mon 4 May, Mon 25 May, Mon 31 Aug, Fri 25 Dec,
Mon 28 Dec (Boxing Day substitute); 2027: Fri 1 Jan.
"""

from __future__ import annotations

import pytest
from conftest import STATUTORY_RULES, d, history, items_of

from permcli.domain.engine import DONE, DUE_SOON, LATE, OPEN, OVERDUE, STOPPED, UPCOMING

ICO = {"legal_status": "ico"}
FOSTER = {"legal_status": "ico", "placement": "foster"}


def one(items):
    assert len(items) == 1, items
    return items[0]


def reviews(hist, policy, as_of):
    """Review items in trigger order: (rule, number, trigger, due, state)."""
    found = [i for i in items_of(hist, policy, as_of) if i.item == "review"]
    found.sort(key=lambda i: (i.period, i.trigger, i.number))
    return [(i.rule, i.number, str(i.trigger), str(i.due), i.state) for i in found]


# -- LAC reviews -------------------------------------------------------------------------


def test_review_first_due_20_working_days_after_becoming_looked_after(statutory):
    # Day 0 Mon 5 Jan 2026; 20 working days: 6-9 (1-4), 12-16, 19-23, 26-30 (5-19),
    # Mon 2 Feb (20). No bank holidays.
    h = history(("looked-after", "2026-01-05", ICO))
    item = one(items_of(h, statutory, "2026-01-06", "review-first"))
    assert item.item == "review"
    assert item.number == 1
    assert item.title == "LAC review 1"
    assert item.trigger == d("2026-01-05")
    assert item.due == d("2026-02-02")
    assert item.state == OPEN and item.outstanding


def test_reviews_numbered_1_2_3_4_5(statutory):
    # Review 1 on time 2 Feb -> review 2 due 2 Feb + 3 months = Sat 2 May (no roll).
    # Review 2 held early 28 Apr -> review 3 due 28 Oct. Review 3 held 20 Oct -> review 4
    # due 20 Apr 2027. Review 4 held 20 Apr 2027 -> review 5 due 20 Oct 2027.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-04-28"),
        ("review", "2026-10-20"),
        ("review", "2027-04-20"),
    )
    assert reviews(h, statutory, "2027-01-15") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", DONE),
        ("review-subsequent", 3, "2026-04-28", "2026-10-28", DONE),
        ("review-subsequent", 4, "2026-10-20", "2027-04-20", OPEN),
    ]
    assert reviews(h, statutory, "2027-05-01") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", DONE),
        ("review-subsequent", 3, "2026-04-28", "2026-10-28", DONE),
        ("review-subsequent", 4, "2026-10-20", "2027-04-20", DONE),
        ("review-subsequent", 5, "2027-04-20", "2027-10-20", OPEN),
    ]
    titles = [i.title for i in items_of(h, statutory, "2027-05-01") if i.item == "review"]
    assert sorted(titles) == ["LAC review 1", "LAC review 2", "LAC review 3", "LAC review 4", "LAC review 5"]


def test_a_late_review_moves_the_next_due_date(statutory):
    # Review 1 due Mon 2 Feb, held late Mon 16 Feb -> review 2 due 16 May (not 2 May).
    # Review 2 held late 1 Jun -> review 3 due 1 Dec 2026 (not 16 Nov).
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-16"),
        ("review", "2026-06-01"),
    )
    assert reviews(h, statutory, "2026-07-01") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", LATE),
        ("review-second", 2, "2026-02-16", "2026-05-16", LATE),
        ("review-subsequent", 3, "2026-06-01", "2026-12-01", OPEN),
    ]


def test_review_first_spanning_christmas_2026(statutory):
    # Day 0 Fri 11 Dec 2026. Mon 14 .. Thu 24 (1-9); skip Fri 25, Sat 26, Sun 27,
    # Mon 28 (substitute); Tue 29 (10), Wed 30 (11), Thu 31 (12); skip Fri 1 Jan 2027;
    # Mon 4 .. Fri 8 (13-17), Mon 11 (18), Tue 12 (19), Wed 13 Jan 2027 (20).
    h = history(("looked-after", "2026-12-11", ICO))
    item = one(items_of(h, statutory, "2026-12-20", "review-first"))
    assert item.due == d("2027-01-13")
    assert item.number == 1


def test_review_first_spanning_easter_2026(statutory):
    # Day 0 Mon 23 Mar 2026. Tue 24 .. Fri 27 (1-4), Mon 30 (5), Tue 31 (6), Wed 1 Apr (7),
    # Thu 2 Apr (8); skip Good Friday 3 Apr, weekend, Easter Monday 6 Apr; Tue 7 .. Fri 10
    # (9-12), Mon 13 .. Fri 17 (13-17), Mon 20 (18), Tue 21 (19), Wed 22 Apr (20).
    h = history(("looked-after", "2026-03-23", ICO))
    assert one(items_of(h, statutory, "2026-03-24", "review-first")).due == d("2026-04-22")


def test_review_first_spanning_the_may_bank_holidays_2026(statutory):
    # Day 0 Mon 27 Apr 2026. Tue 28 .. Fri 1 May (1-4); skip Mon 4 May; Tue 5 .. Fri 8 (5-8),
    # Mon 11 .. Fri 15 (9-13), Mon 18 .. Fri 22 (14-18); skip Mon 25 May; Tue 26 (19),
    # Wed 27 May (20).
    h = history(("looked-after", "2026-04-27", ICO))
    assert one(items_of(h, statutory, "2026-04-28", "review-first")).due == d("2026-05-27")


def test_review_first_from_a_saturday(statutory):
    # Day 0 Sat 10 Jan 2026: Mon 12 (1) .. Fri 16 (5), 19-23 (6-10), 26-30 (11-15),
    # 2-6 Feb (16-20). Due Fri 6 Feb.
    h = history(("looked-after", "2026-01-10", ICO))
    assert one(items_of(h, statutory, "2026-01-12", "review-first")).due == d("2026-02-06")


def test_review_first_from_good_friday(statutory):
    # Day 0 Good Friday 3 Apr 2026 (itself a bank holiday: day 0 all the same). Skip Easter
    # Monday 6 Apr; Tue 7 .. Fri 10 (1-4), 13-17 (5-9), 20-24 (10-14), Mon 27 .. Thu 30
    # (15-18), Fri 1 May (19); skip Mon 4 May (early May bank holiday); Tue 5 May (20).
    h = history(("looked-after", "2026-04-03", ICO))
    assert one(items_of(h, statutory, "2026-04-04", "review-first")).due == d("2026-05-05")


def test_review_second_clipped_to_the_end_of_november(statutory):
    # Day 0 Mon 3 Aug 2026; 20 working days: 4-7 (1-4), 10-14, 17-21, 24-28 (5-19),
    # skip Mon 31 Aug (summer bank holiday), Tue 1 Sep (20).
    # Review 1 held 31 Aug (on time) -> review 2 due 31 Aug + 3 months = 30 Nov (no 31 Nov).
    h = history(("looked-after", "2026-08-03", ICO), ("review", "2026-08-31"))
    assert reviews(h, statutory, "2026-09-10") == [
        ("review-first", 1, "2026-08-03", "2026-09-01", DONE),
        ("review-second", 2, "2026-08-31", "2026-11-30", OPEN),
    ]


def test_review_chain_through_a_leap_february(statutory):
    # Day 0 Mon 8 Nov 2027; 20 working days -> Mon 6 Dec 2027 (four whole weeks, no holidays).
    # Review 1 on 30 Nov 2027 -> review 2 due 30 Feb 2028 -> 29 Feb 2028 (leap year).
    # Review 2 on 29 Feb 2028 -> review 3 due 29 Aug 2028.
    # Review 3 on 29 Aug 2028 -> review 4 due 29 Feb 2029 -> 28 Feb 2029 (common year).
    h = history(
        ("looked-after", "2027-11-08", ICO),
        ("review", "2027-11-30"),
        ("review", "2028-02-29"),
        ("review", "2028-08-29"),
    )
    assert reviews(h, statutory, "2028-09-01") == [
        ("review-first", 1, "2027-11-08", "2027-12-06", DONE),
        ("review-second", 2, "2027-11-30", "2028-02-29", DONE),
        ("review-subsequent", 3, "2028-02-29", "2028-08-29", DONE),
        ("review-subsequent", 4, "2028-08-29", "2029-02-28", OPEN),
    ]


def test_review_subsequent_month_end(statutory):
    # Review 2 on 31 Aug 2026 -> review 3 due 31 Aug + 6 months = 28 Feb 2027.
    h = history(
        ("looked-after", "2026-05-04", ICO),
        ("review", "2026-05-29"),
        ("review", "2026-08-31"),
    )
    item = one(items_of(h, statutory, "2026-09-01", "review-subsequent"))
    assert (item.number, item.trigger, item.due) == (3, d("2026-08-31"), d("2027-02-28"))


def test_a_review_recorded_twice_on_one_day_is_one_review(statutory):
    # Review 1 held 2 Feb and recorded twice: still one meeting, so review 2 (due 2 Feb
    # + 3 months = 2 May) is outstanding and numbered 2.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-02-02"),
    )
    assert reviews(h, statutory, "2026-02-03") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", OPEN),
    ]
    # A review the next day is review 2 (held early): review 3 due 3 Feb + 6 months = 3 Aug.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-02-02"),
        ("review", "2026-02-03"),
    )
    assert reviews(h, statutory, "2026-02-04") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", DONE),
        ("review-subsequent", 3, "2026-02-03", "2026-08-03", OPEN),
    ]


def test_numbering_counts_meetings_not_records(statutory):
    # Review 1 on 2 Feb recorded twice, review 2 on 28 Apr: review 3 is number 3,
    # due 28 Oct.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-02-02"),
        ("review", "2026-04-28"),
    )
    assert reviews(h, statutory, "2026-05-01") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", DONE),
        ("review-subsequent", 3, "2026-04-28", "2026-10-28", OPEN),
    ]


# -- status: done, done late, overdue, due soon --------------------------------------------


@pytest.mark.parametrize(
    "as_of, within, status",
    [
        ("2026-01-18", 14, UPCOMING),  # 15 days to go
        ("2026-01-19", 14, DUE_SOON),  # 14 days to go: the window includes its last day
        ("2026-02-01", 14, DUE_SOON),
        ("2026-02-02", 14, DUE_SOON),  # due today
        ("2026-02-02", 0, DUE_SOON),
        ("2026-02-01", 0, UPCOMING),
        ("2026-02-03", 14, OVERDUE),  # a day past due
        ("2026-03-01", 14, OVERDUE),
    ],
)
def test_status_of_an_outstanding_review(statutory, as_of, within, status):
    h = history(("looked-after", "2026-01-05", ICO))
    item = one(items_of(h, statutory, as_of, "review-first"))
    assert item.due == d("2026-02-02")
    assert item.state == OPEN
    assert item.status(d(as_of), within) == status


def test_done_on_the_due_date_is_done(statutory):
    h = history(("looked-after", "2026-01-05", ICO), ("review", "2026-02-02"))
    item = one(items_of(h, statutory, "2026-02-10", "review-first"))
    assert item.state == DONE
    assert item.done == d("2026-02-02")
    assert item.done_event == 2
    assert item.child == "C1"
    assert not item.outstanding


def test_done_a_day_after_the_due_date_is_late(statutory):
    h = history(("looked-after", "2026-01-05", ICO), ("review", "2026-02-03"))
    item = one(items_of(h, statutory, "2026-02-10", "review-first"))
    assert item.state == LATE
    assert item.done == d("2026-02-03")
    assert not item.outstanding


def test_a_review_on_the_day_care_started_counts(statutory):
    h = history(("looked-after", "2026-01-05", ICO), ("review", "2026-01-05"))
    item = one(items_of(h, statutory, "2026-01-06", "review-first"))
    assert item.state == DONE and item.done == d("2026-01-05")


# -- periods of care ---------------------------------------------------------------------


def test_ceasing_to_be_looked_after_stops_the_items(statutory):
    h = history(("looked-after", "2026-01-05", ICO), ("ceased", "2026-01-20"))
    found = items_of(h, statutory, "2026-03-01")
    first = one([i for i in found if i.rule == "review-first"])
    plan = one([i for i in found if i.rule == "permanence-plan"])
    for item in (first, plan):
        assert item.state == STOPPED
        assert item.stopped == d("2026-01-20")
        assert not item.outstanding
    assert [i for i in found if i.rule == "review-second"] == []
    assert [i for i in found if i.outstanding] == []


def test_ceasing_after_review_1_stops_review_2(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("ceased", "2026-03-02"),
        ("review", "2026-04-01"),  # not looked after: does not count
    )
    second = one(items_of(h, statutory, "2026-06-01", "review-second"))
    assert second.state == STOPPED and second.stopped == d("2026-03-02")
    assert second.due == d("2026-05-02")


def test_a_review_held_on_the_day_care_ends_is_counted(statutory):
    # Review 1 on 2 Feb, review 2 on 1 Apr (held early), then care ends the same day 1 Apr
    # (recorded after the review, so the review was held while looked after). The next
    # item is review 3 (due 1 Apr + 6 months = 1 Oct), stopped on 1 Apr.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-04-01"),
        ("ceased", "2026-04-01"),
    )
    assert reviews(h, statutory, "2026-05-01") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", DONE),
        ("review-subsequent", 3, "2026-04-01", "2026-10-01", STOPPED),
    ]


def test_a_second_period_of_care_restarts_at_review_1(statutory):
    # Period 1: 5 Jan 2026, review 1 on 2 Feb, ceased 2 Mar (review 2, due 2 May, stopped).
    # Period 2: day 0 Mon 1 Jun 2026; 20 working days = four whole weeks, no June bank
    # holidays -> Mon 29 Jun. Review 1 of period 2 held 20 Jun -> review 2 due 20 Sep.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("ceased", "2026-03-02"),
        ("looked-after", "2026-06-01", {"legal_status": "s20"}),
        ("review", "2026-06-20"),
    )
    assert reviews(h, statutory, "2026-07-01") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", STOPPED),
        ("review-first", 1, "2026-06-01", "2026-06-29", DONE),
        ("review-second", 2, "2026-06-20", "2026-09-20", OPEN),
    ]
    periods = {(i.rule, i.period) for i in items_of(h, statutory, "2026-07-01") if i.item == "review"}
    assert periods == {("review-first", 0), ("review-second", 0), ("review-first", 1), ("review-second", 1)}
    # The permanence plan starts again too: period 1 stopped, period 2 due with review 2.
    plans = sorted(items_of(h, statutory, "2026-07-01", "permanence-plan"), key=lambda i: i.trigger)
    assert [(str(i.due), i.state) for i in plans] == [("2026-05-02", STOPPED), ("2026-09-20", OPEN)]


def test_second_period_before_its_first_review(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("ceased", "2026-01-09"),
        ("looked-after", "2026-06-01", {"legal_status": "s20"}),
    )
    first = [i for i in items_of(h, statutory, "2026-06-02", "review-first") if i.outstanding]
    item = one(first)
    assert (item.number, item.trigger, item.due, item.period) == (1, d("2026-06-01"), d("2026-06-29"), 1)
    # The plan for period 2 is due with its review 2, projected: 29 Jun + 3 months = 29 Sep.
    plan = one([i for i in items_of(h, statutory, "2026-06-02", "permanence-plan") if i.outstanding])
    assert (plan.period, plan.due) == (1, d("2026-09-29"))


# -- permanence plan and escalation -------------------------------------------------------


def test_permanence_plan_due_with_review_2_before_review_1(statutory):
    # Nothing held yet: review 1 due 2 Feb, so review 2 would be due 2 May.
    h = history(("looked-after", "2026-01-05", ICO))
    item = one(items_of(h, statutory, "2026-01-20", "permanence-plan"))
    assert item.item == "permanence-plan"
    assert item.number is None
    assert item.trigger == d("2026-01-05")
    assert item.due == d("2026-05-02")


def test_permanence_plan_due_with_review_2(statutory):
    # Review 1 held late 16 Feb: review 2 due 16 May, and so is the plan.
    h = history(("looked-after", "2026-01-05", ICO), ("review", "2026-02-16"))
    assert one(items_of(h, statutory, "2026-03-01", "permanence-plan")).due == d("2026-05-16")


def test_permanence_plan_due_on_review_2_held_early(statutory):
    # Review 2 due 2 May but held early, 1 Apr: the plan is due 1 Apr.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("plan", "2026-03-20", {"plan": "adoption"}),
        ("review", "2026-04-01"),
    )
    item = one(items_of(h, statutory, "2026-04-10", "permanence-plan"))
    assert item.due == d("2026-04-01")
    assert item.done == d("2026-03-20")
    assert item.state == DONE
    assert items_of(h, statutory, "2026-04-10", "permanence-plan-escalation") == []


def test_no_plan_at_review_2_escalates(statutory):
    # Review 2 held early 1 Apr with no plan: plan due 1 Apr, escalation due 1 Apr too.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-04-01"),
    )
    found = items_of(h, statutory, "2026-04-02")
    plan = one([i for i in found if i.rule == "permanence-plan"])
    esc = one([i for i in found if i.rule == "permanence-plan-escalation"])
    assert plan.due == d("2026-04-01") and plan.state == OPEN
    assert esc.item == "permanence-plan-escalation"
    assert esc.trigger == d("2026-04-01") and esc.due == d("2026-04-01")
    assert esc.status(d("2026-04-02"), 14) == OVERDUE


def test_plan_agreed_after_review_2_is_late_and_ends_the_escalation(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-04-01"),
        ("plan", "2026-04-10", {"plan": "long-term-fostering"}),
    )
    found = items_of(h, statutory, "2026-04-20")
    plan = one([i for i in found if i.rule == "permanence-plan"])
    esc = one([i for i in found if i.rule == "permanence-plan-escalation"])
    assert (plan.state, plan.done) == (LATE, d("2026-04-10"))
    assert (esc.state, esc.done) == (LATE, d("2026-04-10"))


def test_plan_agreed_at_review_2_no_escalation(statutory):
    # The plan recorded on the day of review 2 (even after it) is a plan at review 2.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-05-01"),
        ("plan", "2026-05-01", {"plan": "reunification"}),
    )
    plan = one(items_of(h, statutory, "2026-05-02", "permanence-plan"))
    assert (plan.due, plan.state) == (d("2026-05-01"), DONE)
    assert items_of(h, statutory, "2026-05-02", "permanence-plan-escalation") == []


def test_review_2_held_late_without_a_plan(statutory):
    # Review 2 due 2 May, held late 1 Jun with no plan: the plan stays due 2 May (the
    # earlier of due and held); the escalation is due on the day of review 2, 1 Jun.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-06-01"),
    )
    plan = one(items_of(h, statutory, "2026-06-02", "permanence-plan"))
    esc = one(items_of(h, statutory, "2026-06-02", "permanence-plan-escalation"))
    assert (plan.due, plan.state) == (d("2026-05-02"), OPEN)
    assert (esc.trigger, esc.due, esc.state) == (d("2026-06-01"), d("2026-06-01"), OPEN)


def test_a_plan_in_an_earlier_period_does_not_prevent_escalation(statutory):
    # Period 1: plan agreed 20 Jan, care ends 1 Feb. Period 2 from Mon 1 Jun: review 1 on
    # 20 Jun, review 2 on 15 Sep (early; due 20 Sep) with no plan in this period.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("plan", "2026-01-20", {"plan": "reunification"}),
        ("ceased", "2026-02-01"),
        ("looked-after", "2026-06-01", {"legal_status": "s20"}),
        ("review", "2026-06-20"),
        ("review", "2026-09-15"),
    )
    esc = one(items_of(h, statutory, "2026-09-16", "permanence-plan-escalation"))
    assert (esc.trigger, esc.due, esc.period, esc.state) == (d("2026-09-15"), d("2026-09-15"), 1, OPEN)
    plans = sorted(items_of(h, statutory, "2026-09-16", "permanence-plan"), key=lambda i: i.trigger)
    assert [(i.period, str(i.due), i.state) for i in plans] == [
        (0, "2026-05-02", DONE),  # period 1: review 1 would be 2 Feb, review 2 2 May
        (1, "2026-09-15", OPEN),
    ]


def test_no_escalation_before_review_2(statutory):
    h = history(("looked-after", "2026-01-05", ICO), ("review", "2026-02-02"))
    assert items_of(h, statutory, "2026-06-01", "permanence-plan-escalation") == []
    plan = one(items_of(h, statutory, "2026-06-01", "permanence-plan"))
    assert plan.status(d("2026-06-01"), 14) == OVERDUE  # due 2 May


# -- PLO pre-proceedings -------------------------------------------------------------------


def test_pre_proceedings_16_weeks(statutory):
    # Day 0 Mon 5 Jan 2026 + 16 weeks (112 days) = Mon 27 Apr 2026. Not looked after.
    h = history(("plo-start", "2026-01-05"))
    item = one(items_of(h, statutory, "2026-04-28", "pre-proceedings-end"))
    assert item.item == "pre-proceedings-end"
    assert (item.trigger, item.due, item.state) == (d("2026-01-05"), d("2026-04-27"), OPEN)
    assert item.status(d("2026-04-28"), 14) == OVERDUE


@pytest.mark.parametrize(
    "event, state",
    [
        (("proceedings-issued", "2026-03-02"), DONE),
        (("plo-end", "2026-04-27"), DONE),
        (("plo-end", "2026-05-01"), LATE),
        (("proceedings-issued", "2026-05-01"), LATE),
    ],
)
def test_pre_proceedings_satisfied_by_issue_or_plo_end(statutory, event, state):
    h = history(("plo-start", "2026-01-05"), event)
    item = one(items_of(h, statutory, "2026-06-01", "pre-proceedings-end"))
    assert item.due == d("2026-04-27")
    assert item.done == d(event[1])
    assert item.state == state


def test_a_second_plo(statutory):
    # Second PLO from Mon 1 Jun 2026 + 16 weeks = Mon 21 Sep 2026.
    h = history(("plo-start", "2026-01-05"), ("plo-end", "2026-02-02"), ("plo-start", "2026-06-01"))
    found = sorted(items_of(h, statutory, "2026-07-01", "pre-proceedings-end"), key=lambda i: i.trigger)
    assert [(str(i.due), i.state) for i in found] == [("2026-04-27", DONE), ("2026-09-21", OPEN)]


# -- care proceedings ----------------------------------------------------------------------


def test_proceedings_26_weeks_less_a_day(statutory):
    # Issued Mon 5 Jan 2026 (day 1 of the 26 weeks): last day Sun 5 Jul 2026.
    h = history(("proceedings-issued", "2026-01-05"))
    item = one(items_of(h, statutory, "2026-01-06", "proceedings-end"))
    assert item.item == "proceedings-end"
    assert (item.trigger, item.due) == (d("2026-01-05"), d("2026-07-05"))


def test_proceedings_issued_on_a_tuesday(statutory):
    # Issued Tue 10 Mar 2026: + 26 weeks = Tue 8 Sep; less a day: Mon 7 Sep 2026.
    h = history(("proceedings-issued", "2026-03-10"))
    assert one(items_of(h, statutory, "2026-03-11", "proceedings-end")).due == d("2026-09-07")


@pytest.mark.parametrize(
    "details",
    [
        {"type": "care"},
        {"type": "placement"},
        {"type": "sgo"},
        {"type": "cao"},
        {"type": "supervision", "end_date": d("2027-06-01")},
        {"type": "no-order"},
    ],
    ids=lambda x: x["type"],
)
def test_proceedings_end_satisfied_by_each_final_order(statutory, details):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("proceedings-issued", "2026-01-05"),
        ("order", "2026-01-06", {"type": "ico"}),
        ("order", "2026-06-01", details),
    )
    item = one(items_of(h, statutory, "2026-08-01", "proceedings-end"))
    assert item.due == d("2026-07-05")
    assert (item.done, item.state) == (d("2026-06-01"), DONE)


def test_proceedings_end_satisfied_by_withdrawal(statutory):
    h = history(("proceedings-issued", "2026-01-05"), ("proceedings-withdrawn", "2026-03-02"))
    item = one(items_of(h, statutory, "2026-08-01", "proceedings-end"))
    assert (item.done, item.state) == (d("2026-03-02"), DONE)


def test_an_interim_care_order_does_not_end_proceedings(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("proceedings-issued", "2026-01-05"),
        ("order", "2026-01-06", {"type": "ico"}),
        ("order", "2026-03-30", {"type": "ico"}),
    )
    item = one(items_of(h, statutory, "2026-07-06", "proceedings-end"))
    assert item.state == OPEN and item.done is None
    assert item.status(d("2026-07-06"), 14) == OVERDUE  # due Sun 5 Jul


def test_an_adoption_order_does_not_end_care_proceedings(statutory):
    h = history(("proceedings-issued", "2026-01-05"), ("order", "2026-03-02", {"type": "adoption"}))
    item = one(items_of(h, statutory, "2026-03-03", "proceedings-end"))
    assert item.state == OPEN


def test_a_final_order_after_26_weeks_is_late(statutory):
    h = history(("proceedings-issued", "2026-01-05"), ("order", "2026-07-06", {"type": "care"}))
    item = one(items_of(h, statutory, "2026-08-01", "proceedings-end"))
    assert (item.done, item.state) == (d("2026-07-06"), LATE)


def test_a_second_set_of_proceedings(statutory):
    # Withdrawn 2 Mar; issued again Mon 1 Jun 2026: + 26 weeks = Mon 30 Nov; less a day:
    # Sun 29 Nov 2026.
    h = history(
        ("proceedings-issued", "2026-01-05"),
        ("proceedings-withdrawn", "2026-03-02"),
        ("proceedings-issued", "2026-06-01"),
    )
    found = sorted(items_of(h, statutory, "2026-06-02", "proceedings-end"), key=lambda i: i.trigger)
    assert [(str(i.due), i.state) for i in found] == [("2026-07-05", DONE), ("2026-11-29", OPEN)]


# -- adoption reviews ----------------------------------------------------------------------


def test_adoption_review_not_placed_chain(statutory):
    # Placement order Mon 2 Mar 2026 -> first review due 2 Jun (3 months).
    # Held 20 May -> next due 20 Nov (6 months). Held late 30 Nov (late) -> next due 30 May 2027.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("order", "2026-03-02", {"type": "placement"}),
        ("adoption-review", "2026-05-20"),
        ("adoption-review", "2026-11-30"),
    )
    found = items_of(h, statutory, "2027-01-10", "adoption-review-not-placed")
    assert [(str(i.trigger), str(i.due), i.state) for i in found] == [
        ("2026-03-02", "2026-06-02", DONE),
        ("2026-05-20", "2026-11-20", LATE),
        ("2026-11-30", "2027-05-30", OPEN),
    ]
    assert {i.item for i in found} == {"adoption-review"}
    assert {i.number for i in found} == {None}


def test_adoption_review_not_placed_late_review(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("order", "2026-03-02", {"type": "placement"}),
        ("adoption-review", "2026-06-03"),
    )
    found = items_of(h, statutory, "2026-06-10", "adoption-review-not-placed")
    assert [(str(i.due), i.state) for i in found] == [("2026-06-02", LATE), ("2026-12-03", OPEN)]


def test_adoption_review_not_placed_month_end(statutory):
    # Placement order 30 Nov 2026 -> first review due 30 Feb 2027 -> 28 Feb 2027.
    h = history(("looked-after", "2026-01-05", ICO), ("order", "2026-11-30", {"type": "placement"}))
    item = one(items_of(h, statutory, "2026-12-01", "adoption-review-not-placed"))
    assert item.due == d("2027-02-28")


def test_a_lac_review_counts_as_the_adoption_review(statutory):
    # Choice in base.toml: the two are normally combined.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("order", "2026-03-02", {"type": "placement"}),
        ("review", "2026-05-01"),
    )
    found = items_of(h, statutory, "2026-05-02", "adoption-review-not-placed")
    assert [(str(i.due), i.state) for i in found] == [("2026-06-02", DONE), ("2026-11-01", OPEN)]


def test_adoption_review_needs_the_child_looked_after(statutory):
    h = history(("order", "2026-03-02", {"type": "placement"}))
    assert items_of(h, statutory, "2026-07-01", "adoption-review-not-placed") == []


def test_adoption_review_placed_chain_and_placed_stops_not_placed(statutory):
    # Placed Wed 15 Apr 2026 -> first review due 15 Apr + 28 days = 13 May.
    # Held 12 May -> next + 3 months = 12 Aug; held 12 Aug -> next + 6 months = 12 Feb 2027;
    # held 1 Feb 2027 -> next + 6 months = 1 Aug 2027.
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("order", "2026-03-02", {"type": "placement"}),
        ("placed-for-adoption", "2026-04-15"),
        ("adoption-review", "2026-05-12"),
        ("adoption-review", "2026-08-12"),
        ("adoption-review", "2027-02-01"),
    )
    not_placed = one(items_of(h, statutory, "2027-03-01", "adoption-review-not-placed"))
    assert (not_placed.due, not_placed.state, not_placed.stopped) == (d("2026-06-02"), STOPPED, d("2026-04-15"))
    placed = items_of(h, statutory, "2027-03-01", "adoption-review-placed")
    assert [(str(i.trigger), str(i.due), i.state) for i in placed] == [
        ("2026-04-15", "2026-05-13", DONE),
        ("2026-05-12", "2026-08-12", DONE),
        ("2026-08-12", "2027-02-12", DONE),
        ("2027-02-01", "2027-08-01", OPEN),
    ]
    assert {i.item for i in placed} == {"adoption-review"}


def test_adoption_order_stops_the_placed_chain(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("order", "2026-03-02", {"type": "placement"}),
        ("placed-for-adoption", "2026-04-15"),
        ("adoption-review", "2026-05-12"),
        ("order", "2026-07-01", {"type": "adoption"}),
    )
    placed = items_of(h, statutory, "2026-09-01", "adoption-review-placed")
    assert [(str(i.due), i.state) for i in placed] == [("2026-05-13", DONE), ("2026-08-12", STOPPED)]
    assert placed[-1].stopped == d("2026-07-01")


# -- Staying Put ---------------------------------------------------------------------------


def test_staying_put_due_at_the_17th_birthday(statutory):
    # Born 4 Mar 2012: 17 on 4 Mar 2029; discussions count from the 15th birthday, 4 Mar 2027.
    h = history(("looked-after", "2026-01-05", FOSTER), dob="2012-03-04")
    item = one(items_of(h, statutory, "2026-02-01", "staying-put"))
    assert item.item == "staying-put"
    assert (item.trigger, item.due, item.earliest) == (d("2026-01-05"), d("2029-03-04"), d("2027-03-04"))
    assert item.state == OPEN


def test_staying_put_connected_person_placement(statutory):
    h = history(("looked-after", "2026-01-05", {"legal_status": "s20", "placement": "connected-person"}))
    assert one(items_of(h, statutory, "2026-02-01", "staying-put")).due == d("2029-03-04")


def test_staying_put_29_february_child(statutory):
    # Born 29 Feb 2012: 17th birthday in 2029 (common year) is 28 Feb.
    h = history(("looked-after", "2026-01-05", FOSTER), dob="2012-02-29")
    assert one(items_of(h, statutory, "2026-02-01", "staying-put")).due == d("2029-02-28")


def test_no_staying_put_without_foster_care(statutory):
    h = history(("looked-after", "2026-01-05", {"legal_status": "ico", "placement": "residential"}))
    assert items_of(h, statutory, "2026-02-01", "staying-put") == []
    h = history(("looked-after", "2026-01-05", ICO))
    assert items_of(h, statutory, "2026-02-01", "staying-put") == []


def test_staying_put_starts_with_a_move_to_foster_care(statutory):
    h = history(
        ("looked-after", "2026-01-05", {"legal_status": "ico", "placement": "residential"}),
        ("placement-start", "2026-06-01", {"type": "foster"}),
    )
    item = one(items_of(h, statutory, "2026-07-01", "staying-put"))
    assert (item.trigger, item.due) == (d("2026-06-01"), d("2029-03-04"))


def test_staying_put_at_once_for_a_child_placed_in_foster_care_after_17(statutory):
    # Born 4 Mar 2009: 17 on 4 Mar 2026. Placed in foster care 1 Jun 2026: due at once.
    h = history(("looked-after", "2026-06-01", FOSTER), dob="2009-03-04")
    item = one(items_of(h, statutory, "2026-06-02", "staying-put"))
    assert (item.trigger, item.due) == (d("2026-06-01"), d("2026-06-01"))
    assert item.status(d("2026-06-02"), 14) == OVERDUE
    h = history(
        ("looked-after", "2026-01-05", {"legal_status": "s20", "placement": "residential"}),
        ("placement-start", "2026-06-01", {"type": "foster"}),
        dob="2009-03-04",
    )
    item = one(items_of(h, statutory, "2026-06-02", "staying-put"))
    assert (item.trigger, item.due) == (d("2026-06-01"), d("2026-06-01"))


def test_a_foster_to_foster_move_is_one_item(statutory):
    h = history(("looked-after", "2026-01-05", FOSTER), ("placement-start", "2026-06-01", {"type": "foster"}))
    item = one(items_of(h, statutory, "2026-07-01", "staying-put"))
    assert item.trigger == d("2026-01-05")


def test_a_residential_placement_stops_staying_put(statutory):
    h = history(
        ("looked-after", "2026-01-05", FOSTER),
        ("placement-start", "2027-05-01", {"type": "residential"}),
    )
    item = one(items_of(h, statutory, "2027-06-01", "staying-put"))
    assert (item.state, item.stopped) == (STOPPED, d("2027-05-01"))


def test_back_to_foster_care_after_residential_starts_staying_put_again(statutory):
    h = history(
        ("looked-after", "2026-01-05", FOSTER),
        ("placement-start", "2027-05-01", {"type": "residential"}),
        ("placement-start", "2027-09-01", {"type": "foster"}),
    )
    found = items_of(h, statutory, "2027-10-01", "staying-put")
    assert [(str(i.trigger), str(i.due), i.state) for i in found] == [
        ("2026-01-05", "2029-03-04", STOPPED),
        ("2027-09-01", "2029-03-04", OPEN),
    ]


def test_a_staying_put_discussion_before_15_does_not_count(statutory):
    h = history(("looked-after", "2026-01-05", FOSTER), ("staying-put", "2026-06-01"))
    item = one(items_of(h, statutory, "2027-06-01", "staying-put"))
    assert item.state == OPEN and item.done is None
    # On the 15th birthday (4 Mar 2027) it counts.
    h = history(
        ("looked-after", "2026-01-05", FOSTER),
        ("staying-put", "2026-06-01"),
        ("staying-put", "2027-03-04"),
    )
    item = one(items_of(h, statutory, "2027-06-01", "staying-put"))
    assert (item.state, item.done) == (DONE, d("2027-03-04"))


def test_staying_put_discussed_after_17_is_late(statutory):
    h = history(("looked-after", "2026-01-05", FOSTER), ("staying-put", "2029-03-05"))
    item = one(items_of(h, statutory, "2029-04-01", "staying-put"))
    assert (item.state, item.done) == (LATE, d("2029-03-05"))


def test_staying_put_stops_when_care_ends(statutory):
    h = history(("looked-after", "2026-01-05", FOSTER), ("ceased", "2026-06-01"))
    item = one(items_of(h, statutory, "2026-07-01", "staying-put"))
    assert (item.state, item.stopped) == (STOPPED, d("2026-06-01"))


# -- pathway plan --------------------------------------------------------------------------
# Convention (timeline.care_leaver_eligibility): a day of care counts once it is over, so a
# child looked after from day S has 91 days (13 weeks) of care on day S + 91.


def test_pathway_plan_due_3_months_after_the_16th_birthday(statutory):
    # Born 10 May 2010: 14 on 10 May 2024, 16 on 10 May 2026. Looked after since 6 Jan 2025
    # (well over 91 days by the 16th birthday): eligible 10 May 2026, due 10 Aug 2026.
    h = history(("looked-after", "2025-01-06", ICO), dob="2010-05-10")
    item = one(items_of(h, statutory, "2026-06-01", "pathway-plan"))
    assert item.item == "pathway-plan"
    assert (item.trigger, item.due, item.state) == (d("2026-05-10"), d("2026-08-10"), OPEN)


def test_pathway_plan_none_before_eligibility(statutory):
    h = history(("looked-after", "2025-01-06", ICO), dob="2010-05-10")
    assert items_of(h, statutory, "2026-05-09", "pathway-plan") == []
    assert len(items_of(h, statutory, "2026-05-10", "pathway-plan")) == 1


def test_pathway_plan_done(statutory):
    h = history(("looked-after", "2025-01-06", ICO), ("pathway-plan", "2026-07-01"), dob="2010-05-10")
    item = one(items_of(h, statutory, "2026-09-01", "pathway-plan"))
    assert (item.due, item.done, item.state) == (d("2026-08-10"), d("2026-07-01"), DONE)


def test_pathway_plan_for_a_child_looked_after_after_16(statutory):
    # Looked after from Tue 1 Sep 2026, aged 16: 91 days of care on 1 Sep + 91 days:
    # Sep 1 + 29 = 30 Sep, + 31 = 31 Oct (60), + 30 = 30 Nov (90), + 1 = 1 Dec 2026 (91).
    # Eligible 1 Dec 2026; pathway plan due 1 Mar 2027. Not yet eligible on 30 Nov.
    h = history(("looked-after", "2026-09-01", ICO), dob="2010-05-10")
    assert items_of(h, statutory, "2026-11-30", "pathway-plan") == []
    item = one(items_of(h, statutory, "2027-01-01", "pathway-plan"))
    assert (item.trigger, item.due) == (d("2026-12-01"), d("2027-03-01"))


def test_pathway_plan_periods_add_up(statutory):
    # Born 10 May 2010 (14 on 10 May 2024, 16 on 10 May 2026).
    # Period 1: 10 Apr 2024 to 9 Jun 2024; only days from the 14th birthday count:
    #   10 May .. 8 Jun 2024 = 30 days.
    # Period 2 from Mon 1 Jun 2026 (aged 16): 61 more days -> Jun 1 + 29 = 30 Jun,
    #   + 31 = 31 Jul (60), + 1 = 1 Aug 2026 (61). Eligible 1 Aug 2026, due 1 Nov 2026.
    #   (Without period 1 it would be 1 Jun + 91 = 31 Aug 2026.)
    h = history(
        ("looked-after", "2024-04-10", ICO),
        ("ceased", "2024-06-09"),
        ("looked-after", "2026-06-01", {"legal_status": "s20"}),
        dob="2010-05-10",
    )
    item = one(items_of(h, statutory, "2026-09-01", "pathway-plan"))
    assert (item.trigger, item.due, item.period) == (d("2026-08-01"), d("2026-11-01"), 1)


def test_no_pathway_plan_for_a_child_not_looked_after_at_16(statutory):
    # Looked after two years from 14, but care ended the day before the 16th birthday.
    h = history(("looked-after", "2024-06-01", ICO), ("ceased", "2026-05-09"), dob="2010-05-10")
    assert items_of(h, statutory, "2026-12-01", "pathway-plan") == []


def test_no_pathway_plan_without_13_weeks_of_care(statutory):
    # Looked after from 1 Jun 2026 (aged 16), ceased 1 Aug 2026: 61 days, never eligible.
    h = history(("looked-after", "2026-06-01", ICO), ("ceased", "2026-08-01"), dob="2010-05-10")
    assert items_of(h, statutory, "2026-12-01", "pathway-plan") == []


def test_pathway_plan_care_before_16_counts_for_a_later_period(statutory):
    # Period 1: 1 Jun 2024 (aged 14) to 1 Jun 2025: 365 days, over 91. Looked after again
    # from 1 Jun 2027 (aged 17): eligible that day, due 1 Sep 2027.
    h = history(
        ("looked-after", "2024-06-01", ICO),
        ("ceased", "2025-06-01"),
        ("looked-after", "2027-06-01", {"legal_status": "s20"}),
        dob="2010-05-10",
    )
    item = one(items_of(h, statutory, "2027-06-02", "pathway-plan"))
    assert (item.trigger, item.due, item.period) == (d("2027-06-01"), d("2027-09-01"), 1)


def test_no_pathway_plan_when_13_weeks_end_after_18(statutory):
    # Born 10 May 2010 (18 on 10 May 2028). Looked after from 1 Mar 2028: 91 days would be
    # reached on 31 May 2028, after the 18th birthday: never an eligible child.
    h = history(("looked-after", "2028-03-01", ICO), dob="2010-05-10")
    assert items_of(h, statutory, "2028-07-01", "pathway-plan") == []


def test_pathway_plan_stops_when_care_ends(statutory):
    h = history(("looked-after", "2025-01-06", ICO), ("ceased", "2026-06-15"), dob="2010-05-10")
    item = one(items_of(h, statutory, "2026-09-01", "pathway-plan"))
    assert (item.due, item.state, item.stopped) == (d("2026-08-10"), STOPPED, d("2026-06-15"))


def test_pathway_plan_again_in_a_new_period_of_care(statutory):
    # Eligible 10 May 2026 (16th birthday), due 10 Aug; care ends 15 Jun (stopped). Looked
    # after again from Tue 1 Sep 2026: already over 91 days since 14, so eligible that day,
    # due 1 Dec 2026 (a new period starts the statutory sequence again).
    h = history(
        ("looked-after", "2025-01-06", ICO),
        ("ceased", "2026-06-15"),
        ("looked-after", "2026-09-01", {"legal_status": "s20"}),
        dob="2010-05-10",
    )
    found = sorted(items_of(h, statutory, "2026-09-02", "pathway-plan"), key=lambda i: i.trigger)
    assert [(str(i.trigger), str(i.due), i.state, i.period) for i in found] == [
        ("2026-05-10", "2026-08-10", STOPPED, 0),
        ("2026-09-01", "2026-12-01", OPEN, 1),
    ]


def test_pathway_plan_29_february_child(statutory):
    # Born 29 Feb 2012: 16 on 29 Feb 2028 (leap year): due 29 May 2028.
    h = history(("looked-after", "2026-01-05", ICO), dob="2012-02-29")
    item = one(items_of(h, statutory, "2028-03-01", "pathway-plan"))
    assert (item.trigger, item.due) == (d("2028-02-29"), d("2028-05-29"))


# -- supervision order expiry --------------------------------------------------------------

SUPERVISION = {"type": "supervision", "end_date": d("2027-01-05")}


def test_supervision_order_expiry_due_3_months_before_the_end(statutory):
    # Ends 5 Jan 2027: due 5 Oct 2026; a panel counts from 5 Sep 2026 (4 months before).
    h = history(("order", "2026-01-05", SUPERVISION))
    item = one(items_of(h, statutory, "2026-02-01", "supervision-order-expiry"))
    assert item.item == "supervision-order-expiry"
    assert (item.trigger, item.due, item.earliest) == (d("2026-01-05"), d("2026-10-05"), d("2026-09-05"))


@pytest.mark.parametrize(
    "panel_day, state",
    [
        ("2026-09-05", DONE),  # the first day that counts
        ("2026-09-30", DONE),
        ("2026-10-05", DONE),
        ("2026-10-20", LATE),
    ],
)
def test_supervision_order_expiry_satisfied_by_a_panel(statutory, panel_day, state):
    h = history(("order", "2026-01-05", SUPERVISION), ("panel", panel_day, {"panel": "legal"}))
    item = one(items_of(h, statutory, "2026-12-01", "supervision-order-expiry"))
    assert (item.done, item.state) == (d(panel_day), state)


def test_an_earlier_panel_does_not_count(statutory):
    h = history(
        ("order", "2026-01-05", SUPERVISION),
        ("panel", "2026-03-01", {"panel": "legal"}),
        ("panel", "2026-09-04", {"panel": "legal"}),
    )
    item = one(items_of(h, statutory, "2026-10-06", "supervision-order-expiry"))
    assert item.state == OPEN and item.done is None
    assert item.status(d("2026-10-06"), 14) == OVERDUE


def test_supervision_order_expiry_month_end(statutory):
    # Ends 31 May 2027: due 28 Feb 2027 (no 31 Feb); panels count from 31 Jan 2027.
    h = history(
        ("order", "2026-06-01", {"type": "supervision", "end_date": d("2027-05-31")}),
        ("panel", "2027-01-31", {"panel": "legal"}),
    )
    item = one(items_of(h, statutory, "2027-03-01", "supervision-order-expiry"))
    assert (item.due, item.earliest, item.done, item.state) == (
        d("2027-02-28"),
        d("2027-01-31"),
        d("2027-01-31"),
        DONE,
    )


def test_supervision_order_shorter_than_3_months_is_due_at_once(statutory):
    # Ends 1 Mar 2026: end - 3 months = 1 Dec 2025, before the order (5 Jan 2026) was made.
    # An item is never due before its trigger: due the day the order was made.
    h = history(("order", "2026-01-05", {"type": "supervision", "end_date": d("2026-03-01")}))
    item = one(items_of(h, statutory, "2026-01-06", "supervision-order-expiry"))
    assert (item.trigger, item.due) == (d("2026-01-05"), d("2026-01-05"))


# -- as-of: the past as it was -------------------------------------------------------------


def test_events_after_the_as_of_day_are_ignored(statutory):
    h = history(
        ("looked-after", "2026-01-05", ICO),
        ("review", "2026-02-02"),
        ("review", "2026-04-28"),
    )
    assert reviews(h, statutory, "2026-02-01") == [("review-first", 1, "2026-01-05", "2026-02-02", OPEN)]
    assert reviews(h, statutory, "2026-02-02") == [
        ("review-first", 1, "2026-01-05", "2026-02-02", DONE),
        ("review-second", 2, "2026-02-02", "2026-05-02", OPEN),
    ]
    assert items_of(h, statutory, "2026-01-04") == []


def test_as_of_before_proceedings_were_issued(statutory):
    h = history(("plo-start", "2026-01-05"), ("proceedings-issued", "2026-03-02"))
    found = items_of(h, statutory, "2026-03-01")
    assert [i.rule for i in found] == ["pre-proceedings-end"]
    assert found[0].state == OPEN
    found = items_of(h, statutory, "2026-03-02")
    assert sorted(i.rule for i in found) == ["pre-proceedings-end", "proceedings-end"]


def test_every_statutory_rule_is_tested(statutory):
    assert {r.id for r in statutory.rules} == STATUTORY_RULES
