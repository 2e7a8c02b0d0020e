"""The newham-older-children policy (seed 000, procedures.md section 4.1) walked by hand.

Every expected date below was worked out by hand from procedures.md section 2, never copied
from perm: "week k" ends on day 0 + 7k - 1; "within two weeks of the PPP" is PPP + 14 days;
"20 working days" counts Monday to Friday less bank holidays, day 0 not counted; "2 working
days prior to" a sitting is the 2nd working day before it. The PPP sits every Monday (the
policy's default); a Monday that is a bank holiday has no sitting.

Bank holidays used (England and Wales): 2026: Fri 3 Apr (Good Friday), Mon 6 Apr (Easter
Monday), Mon 4 May, Mon 25 May, Mon 31 Aug, Fri 25 Dec, Mon 28 Dec (Boxing Day substitute);
2027: Fri 1 Jan.
"""

from __future__ import annotations


import pytest
from conftest import STATUTORY_RULES, d, history, items_of, one

from permcli.app import policies
from permcli.domain.engine import DONE, LATE, OPEN, STOPPED

POLICY = "newham-older-children"
LOCAL = ("interim-plan", "book-review", "fgc-referral", "ppp", "ippm")
TEMPLATE = "Permanence Planning template"
S20 = {"legal_status": "s20", "placement": "semi-independent"}
REASON = "newly-looked-after"


@pytest.fixture(scope="module")
def policy():
    return policies.load(POLICY)


def local(hist, policy, as_of):
    """(rule, trigger, due, state, sitting) of the local items and the paperwork item."""
    found = [i for i in items_of(hist, policy, as_of) if i.rule in (*LOCAL, "ppp-paperwork")]
    found.sort(key=lambda i: (i.trigger, (*LOCAL, "ppp-paperwork").index(i.rule)))
    return [(i.rule, str(i.trigger), str(i.due), i.state, i.sitting and str(i.sitting)) for i in found]


def papers(hist, policy, as_of, rule="ppp-paperwork"):
    return one(hist, policy, as_of, rule)


# -- the file -------------------------------------------------------------------------------


def test_every_rule_of_section_4_1_with_its_source(policy):
    ids = {r.id for r in policy.rules}
    assert ids == STATUTORY_RULES | set(LOCAL)
    for rule_id in LOCAL:
        assert policy.rule(rule_id).source.startswith("seed 000 Week")
    assert policy.rule("ppp").panel == "ppp" and policy.rule("ppp").reason == REASON
    # ppp-paperwork is derived by perm for the panel "ppp" (rule ID "<panel>-paperwork"), and
    # s20-quarterly is a caseload report, not a per-child item: both are explained in the file.
    text = (policies.SHIPPED_DIR / f"{POLICY}.toml").read_text(encoding="utf-8")
    assert "ppp-paperwork" in text and "s20-quarterly" in text
    assert "ppp-paperwork" not in ids and "s20-quarterly" not in ids


def test_the_panel(policy):
    ppp = policy.panel("ppp")
    assert ppp.name == "Permanency Planning Panel"
    assert ppp.describe_schedule() == "every week on Monday"
    assert ppp.hours == "10:00-12:00"
    assert ppp.slot(0) == "10:00-10:20" and ppp.slot(2) == "10:40-11:00"
    assert ppp.chair == "Service Manager, Children Looked After"
    assert ppp.papers(REASON, attended_before=False) == [TEMPLATE]
    # The PPP records its discussion on the template: no separate previous minutes.
    assert ppp.papers(REASON, attended_before=True) == [TEMPLATE]


def test_sittings_skip_bank_holidays_and_papers_are_due_two_working_days_before(policy):
    ppp = policy.panel("ppp")
    # Mondays 23 Mar - 20 Apr 2026; Easter Monday 6 Apr has no sitting.
    assert ppp.sittings(d("2026-03-23"), d("2026-04-20")) == [
        d("2026-03-23"), d("2026-03-30"), d("2026-04-13"), d("2026-04-20")
    ]
    # May and August bank holidays: no sitting on 4 May, 25 May or 31 Aug 2026.
    assert ppp.sittings(d("2026-05-01"), d("2026-06-01")) == [d("2026-05-11"), d("2026-05-18"), d("2026-06-01")]
    assert ppp.sittings(d("2026-08-24"), d("2026-09-07")) == [d("2026-08-24"), d("2026-09-07")]
    # Christmas 2026: Mon 21 Dec sits; Mon 28 Dec (substitute Boxing Day) does not; next Mon 4 Jan.
    assert ppp.sittings(d("2026-12-21"), d("2027-01-04")) == [d("2026-12-21"), d("2027-01-04")]
    assert ppp.next_sitting(d("2026-12-22")) == d("2027-01-04")
    # 2 working days before Mon 19 Jan 2026: Fri 16 (1), Thu 15 (2).
    assert ppp.deadline(d("2026-01-19")) == d("2026-01-15")
    # Before Mon 13 Apr 2026: Fri 10 (1), Thu 9 (2).
    assert ppp.deadline(d("2026-04-13")) == d("2026-04-09")
    # Before Mon 1 Jun 2026: Fri 29 May (1), Thu 28 May (2).
    assert ppp.deadline(d("2026-06-01")) == d("2026-05-28")
    # Before Mon 21 Dec 2026: Fri 18 (1), Thu 17 (2).
    assert ppp.deadline(d("2026-12-21")) == d("2026-12-17")
    # Before Mon 4 Jan 2027: Fri 1 Jan bank holiday, Thu 31 Dec (1), Wed 30 Dec (2).
    assert ppp.deadline(d("2027-01-04")) == d("2026-12-30")


# -- the seed's timeline, on time -------------------------------------------------------------


def walk():
    # A UASC of 16 accommodated under s20 in semi-independent accommodation on Monday
    # 12 Jan 2026 (day 0), then every step of seed 000 on time.
    return history(
        ("looked-after", "2026-01-12", S20),  # 1, day 0
        ("interim-plan", "2026-01-14"),  # 2, week 1
        ("review-booked", "2026-01-14"),  # 3
        ("fgc-referral", "2026-01-15"),  # 4
        ("paperwork", "2026-01-14", {"panel": "ppp", "sitting": d("2026-01-19"), "paper": TEMPLATE, "received": True}),
        ("panel", "2026-01-19", {"panel": "ppp", "reason": REASON, "outcome": "older children timeline"}),
        ("ppm", "2026-01-30", {"type": "initial"}),  # 7, IPPM in week 3
        ("review", "2026-02-06"),  # 8, LAC review 1
        ("review", "2026-05-05"),  # 9, LAC review 2
        dob="2009-09-01",
        uasc=True,
    )


def test_day_0_week_1_items_and_the_ppp_sitting(policy):
    h = walk()
    # Day 0 Mon 12 Jan: week 1 ends day 6 = Sun 18 Jan; week 2 ends day 13 = Sun 25 Jan.
    # Sittings: Mon 12 Jan (papers were due Thu 8 Jan, before day 0: no), Mon 19 Jan
    # (papers due Thu 15 Jan): the case is placed at 19 Jan.
    assert local(h, policy, "2026-01-12") == [
        ("interim-plan", "2026-01-12", "2026-01-18", OPEN, None),
        ("book-review", "2026-01-12", "2026-01-18", OPEN, None),
        ("fgc-referral", "2026-01-12", "2026-01-18", OPEN, None),
        ("ppp", "2026-01-12", "2026-01-25", OPEN, "2026-01-19"),
        ("ppp-paperwork", "2026-01-12", "2026-01-15", OPEN, "2026-01-19"),
    ]
    work = papers(h, policy, "2026-01-12")
    assert work.item == "paperwork" and work.panel == "ppp"
    assert work.papers == ((TEMPLATE, False),)
    # LAC review 1: 20 working days from Mon 12 Jan = Mon 9 Feb (four whole weeks, no holidays).
    assert one(h, policy, "2026-01-12", "review-first").due == d("2026-02-09")


def test_template_in_then_panel_then_ippm_within_two_weeks(policy):
    h = walk()
    # Thu 15 Jan (the deadline itself): week 1 done, template in on Wed 14 Jan, case still at 19 Jan.
    assert local(h, policy, "2026-01-15") == [
        ("interim-plan", "2026-01-12", "2026-01-18", DONE, None),
        ("book-review", "2026-01-12", "2026-01-18", DONE, None),
        ("fgc-referral", "2026-01-12", "2026-01-18", DONE, None),
        ("ppp", "2026-01-12", "2026-01-25", OPEN, "2026-01-19"),
        ("ppp-paperwork", "2026-01-12", "2026-01-15", DONE, "2026-01-19"),
    ]
    assert papers(h, policy, "2026-01-15").papers == ((TEMPLATE, True),)
    # Heard Mon 19 Jan: IPPM due 19 Jan + 14 days = Mon 2 Feb.
    ippm = one(h, policy, "2026-01-19", "ippm")
    assert (ippm.trigger, ippm.due, ippm.state) == (d("2026-01-19"), d("2026-02-02"), OPEN)
    # Held Fri 30 Jan: on time.
    assert local(h, policy, "2026-02-02")[-1][:4] == ("ippm", "2026-01-19", "2026-02-02", DONE)


def test_reviews_two_by_month_four(policy):
    h = walk()
    # Review 1 Fri 6 Feb (due Mon 9 Feb) -> review 2 due 6 Feb + 3 months = Wed 6 May,
    # inside seed 000's "within 4 months of becoming looked after" (12 May).
    second = one(h, policy, "2026-02-06", "review-second")
    assert (second.due, second.state) == (d("2026-05-06"), OPEN)
    assert one(h, policy, "2026-02-06", "permanence-plan").due == d("2026-05-06")
    # Review 2 Tue 5 May (the day after the May bank holiday) -> review 3 due Thu 5 Nov 2026.
    assert one(h, policy, "2026-05-05", "review-second").state == DONE
    third = one(h, policy, "2026-05-05", "review-subsequent")
    assert third.due == d("2026-11-05")
    assert [r[3] for r in local(h, policy, "2026-05-05")] == [DONE] * 6


# -- bank holidays ---------------------------------------------------------------------------


def test_easter_takes_the_week_2_sitting_away(policy):
    # Day 0 Tue 24 Mar 2026: week 1 ends Mon 30 Mar (day 6); week 2 ends Easter Monday
    # 6 Apr (day 13; a due date is not moved off a bank holiday).
    h = history(("looked-after", "2026-03-24", S20), dob="2009-06-01")
    # As of day 0: Mon 30 Mar sits, papers due Thu 26 Mar (Fri 27 (1), Thu 26 (2)).
    assert local(h, policy, "2026-03-24")[3:] == [
        ("ppp", "2026-03-24", "2026-04-06", OPEN, "2026-03-30"),
        ("ppp-paperwork", "2026-03-24", "2026-03-26", OPEN, "2026-03-30"),
    ]
    # As of Fri 27 Mar with no template in: the case stays at Mon 30 Mar and its papers
    # (due Thu 26 Mar) are overdue.
    item = one(h, policy, "2026-03-27", "ppp")
    assert (item.sitting, item.note) == (d("2026-03-30"), None)
    assert papers(h, policy, "2026-03-27").status(d("2026-03-27"), 14) == "overdue"
    # Not heard on 30 Mar: Easter Monday (6 Apr) has no sitting, and Mon 13 Apr (papers due
    # Thu 9 Apr) is the next one: book it by hand.
    item = one(h, policy, "2026-03-31", "ppp")
    assert item.note == (
        "not heard at the sitting on 2026-03-30; the next sitting with time for the papers is "
        "2026-04-13; book it by hand"
    )
    # LAC review 1: 20 working days from Tue 24 Mar: 25, 26, 27, 30, 31 Mar, 1, 2 Apr (7),
    # Good Friday and Easter Monday skipped, 7-10 Apr (11), 13-17 (16), 20-23 (20) = Thu 23 Apr.
    assert one(h, policy, "2026-03-24", "review-first").due == d("2026-04-23")


def test_easter_booked_by_hand_heard_late(policy):
    h = history(
        ("looked-after", "2026-03-24", S20),
        ("booking", "2026-03-27", {"panel": "ppp", "sitting": d("2026-04-13"), "reason": REASON}),
        ("paperwork", "2026-04-08", {"panel": "ppp", "sitting": d("2026-04-13"), "paper": TEMPLATE, "received": True}),
        ("panel", "2026-04-13", {"panel": "ppp", "reason": REASON}),
        dob="2009-06-01",
    )
    # Booked for Mon 13 Apr: papers due Thu 9 Apr (Fri 10 (1), Thu 9 (2)).
    assert local(h, policy, "2026-03-27")[3:] == [
        ("ppp", "2026-03-24", "2026-04-06", OPEN, "2026-04-13"),
        ("ppp-paperwork", "2026-03-24", "2026-04-09", OPEN, "2026-04-13"),
    ]
    assert one(h, policy, "2026-03-27", "ppp").note == "booked by hand"
    # Template in Wed 8 Apr: on time for the sitting.
    assert papers(h, policy, "2026-04-08").state == DONE
    # Heard 13 Apr, after the week-2 due date (6 Apr): done late. IPPM due 13 + 14 = Mon 27 Apr.
    assert one(h, policy, "2026-04-13", "ppp").state == LATE
    ippm = one(h, policy, "2026-04-13", "ippm")
    assert (ippm.due, ippm.state) == (d("2026-04-27"), OPEN)


def test_christmas_week(policy):
    # Day 0 Mon 14 Dec 2026: week 1 ends Sun 20 Dec, week 2 ends Sun 27 Dec.
    h = history(
        ("looked-after", "2026-12-14", S20),
        ("booking", "2026-12-18", {"panel": "ppp", "sitting": d("2027-01-04"), "reason": REASON}),
        ("paperwork", "2026-12-30", {"panel": "ppp", "sitting": d("2027-01-04"), "paper": TEMPLATE, "received": True}),
        ("panel", "2027-01-04", {"panel": "ppp", "reason": REASON}),
        ("ppm", "2027-01-15", {"type": "initial"}),
        dob="2010-02-02",
    )
    # As of day 0: Mon 14 Dec (papers due Thu 10 Dec) is too soon; Mon 21 Dec, papers due Thu 17 Dec.
    assert local(h, policy, "2026-12-14") == [
        ("interim-plan", "2026-12-14", "2026-12-20", OPEN, None),
        ("book-review", "2026-12-14", "2026-12-20", OPEN, None),
        ("fgc-referral", "2026-12-14", "2026-12-20", OPEN, None),
        ("ppp", "2026-12-14", "2026-12-27", OPEN, "2026-12-21"),
        ("ppp-paperwork", "2026-12-14", "2026-12-17", OPEN, "2026-12-21"),
    ]
    # Booked on Fri 18 Dec for Mon 4 Jan (28 Dec is a bank holiday): papers due Wed 30 Dec
    # (Fri 1 Jan bank holiday, Thu 31 Dec (1), Wed 30 Dec (2)).
    assert local(h, policy, "2026-12-18")[3:] == [
        ("ppp", "2026-12-14", "2026-12-27", OPEN, "2027-01-04"),
        ("ppp-paperwork", "2026-12-14", "2026-12-30", OPEN, "2027-01-04"),
    ]
    # Week-1 items overdue from Mon 21 Dec.
    assert all(i.status(d("2026-12-21"), 14) == "overdue" for i in items_of(h, policy, "2026-12-21")
               if i.rule in ("interim-plan", "book-review", "fgc-referral"))
    # Heard Mon 4 Jan: late (due 27 Dec); IPPM due Mon 18 Jan 2027, held Fri 15 Jan.
    assert local(h, policy, "2027-01-20")[3:] == [
        ("ppp", "2026-12-14", "2026-12-27", LATE, "2027-01-04"),
        ("ppp-paperwork", "2026-12-14", "2026-12-30", DONE, "2027-01-04"),
        ("ippm", "2027-01-04", "2027-01-18", DONE, None),
    ]
    # LAC review 1: 20 working days from Mon 14 Dec: 15-18 (4), 21-24 (8), 25 and 28 Dec
    # skipped, 29-31 (11), 1 Jan skipped, 4-8 Jan (16), 11-14 Jan (20) = Thu 14 Jan 2027.
    assert one(h, policy, "2026-12-14", "review-first").due == d("2027-01-14")


# -- who the timeline applies to ---------------------------------------------------------------


def test_police_protection_then_s20_counts_from_the_s20(policy):
    # Police protection Thu 29 Oct 2026, accommodated under s20 Fri 30 Oct (day 0).
    h = history(
        ("looked-after", "2026-10-29", {"legal_status": "police-protection", "placement": "foster"}),
        ("legal-status", "2026-10-30", {"status": "s20"}),
        dob="2010-01-01",
    )
    # Week 1 ends Thu 5 Nov, week 2 Thu 12 Nov. Mon 2 Nov's papers were due Thu 29 Oct,
    # before day 0; Mon 9 Nov, papers due Thu 5 Nov.
    assert local(h, policy, "2026-10-30") == [
        ("interim-plan", "2026-10-30", "2026-11-05", OPEN, None),
        ("book-review", "2026-10-30", "2026-11-05", OPEN, None),
        ("fgc-referral", "2026-10-30", "2026-11-05", OPEN, None),
        ("ppp", "2026-10-30", "2026-11-12", OPEN, "2026-11-09"),
        ("ppp-paperwork", "2026-10-30", "2026-11-05", OPEN, "2026-11-09"),
    ]
    # The statutory review still counts from the start of care, Thu 29 Oct: 20 working days
    # = 30 Oct (1), 2-6 Nov (6), 9-13 (11), 16-20 (16), 23-26 (20) = Thu 26 Nov.
    assert one(h, policy, "2026-10-30", "review-first").due == d("2026-11-26")


@pytest.mark.parametrize(
    "event, child",
    [
        ({"legal_status": "ico", "placement": "foster"}, {}),
        ({"legal_status": "remand", "placement": "secure"}, {}),
        ({"legal_status": "s20", "placement": "foster"}, {"sibling_group": "SG1"}),
    ],
    ids=["care-proceedings", "remand", "sibling-group"],
)
def test_no_local_items_outside_the_timeline(policy, event, child):
    h = history(("looked-after", "2026-01-12", event), dob="2009-09-01", **child)
    assert local(h, policy, "2026-03-01") == []
    assert one(h, policy, "2026-03-01", "review-first").due == d("2026-02-09")


def test_fgc_referral_not_needed_when_an_fgc_was_held_or_referred(policy):
    held = history(("fgc", "2025-12-01"), ("looked-after", "2026-01-12", S20), dob="2009-09-01")
    referred = history(("fgc-referral", "2026-01-05"), ("looked-after", "2026-01-12", S20), dob="2009-09-01")
    for h in (held, referred):
        assert items_of(h, policy, "2026-01-12", "fgc-referral") == []
        assert len(items_of(h, policy, "2026-01-12", "interim-plan")) == 1
    # An FGC held in week 1 (day 3) completes it too.
    h = history(("looked-after", "2026-01-12", S20), ("fgc", "2026-01-15"), dob="2009-09-01")
    assert one(h, policy, "2026-01-20", "fgc-referral").done == d("2026-01-15")


def test_a_review_held_shows_it_was_booked_late(policy):
    # No booking recorded; review 1 held Fri 6 Feb: book-review (due Sun 18 Jan) done late.
    h = history(("looked-after", "2026-01-12", S20), ("review", "2026-02-06"), dob="2009-09-01")
    item = one(h, policy, "2026-02-06", "book-review")
    assert (item.due, item.done, item.state) == (d("2026-01-18"), d("2026-02-06"), LATE)


def test_ippm_counts_only_after_the_panel_and_can_be_late(policy):
    h = history(
        ("looked-after", "2026-01-12", S20),
        ("ppm", "2026-01-16", {"type": "review"}),  # before the PPP: not the IPPM
        ("panel", "2026-01-19", {"panel": "ppp", "reason": REASON}),
        ("ppm", "2026-02-05"),  # no type recorded
        dob="2009-09-01",
    )
    # Due 19 Jan + 14 = Mon 2 Feb; held Thu 5 Feb: late.
    item = one(h, policy, "2026-02-10", "ippm")
    assert (item.due, item.done, item.state) == (d("2026-02-02"), d("2026-02-05"), LATE)


def test_care_ending_stops_the_items_and_a_new_period_starts_again(policy):
    h = history(
        ("looked-after", "2025-03-03", S20),  # Mon 3 Mar 2025
        ("ceased", "2025-03-06", {"reason": "went home"}),
        ("looked-after", "2026-11-02", S20),  # Mon 2 Nov 2026: day 0 again
        dob="2010-05-05",
    )
    found = local(h, policy, "2026-11-02")
    # First period: week 1 would end Sun 9 Mar 2025, week 2 Sun 16 Mar; stopped 6 Mar.
    assert [(r, t, due, s) for r, t, due, s, _ in found[:4]] == [
        ("interim-plan", "2025-03-03", "2025-03-09", STOPPED),
        ("book-review", "2025-03-03", "2025-03-09", STOPPED),
        ("fgc-referral", "2025-03-03", "2025-03-09", STOPPED),
        ("ppp", "2025-03-03", "2025-03-16", STOPPED),
    ]
    # Second period: week 1 ends Sun 8 Nov, week 2 Sun 15 Nov; Mon 2 Nov's papers were due
    # Thu 29 Oct (too soon); Mon 9 Nov, papers due Thu 5 Nov.
    assert found[4:] == [
        ("interim-plan", "2026-11-02", "2026-11-08", OPEN, None),
        ("book-review", "2026-11-02", "2026-11-08", OPEN, None),
        ("fgc-referral", "2026-11-02", "2026-11-08", OPEN, None),
        ("ppp", "2026-11-02", "2026-11-15", OPEN, "2026-11-09"),
        ("ppp-paperwork", "2026-11-02", "2026-11-05", OPEN, "2026-11-09"),
    ]


def test_a_case_with_its_papers_in_stays_at_its_sitting(policy):
    # Day 0 Tue 24 Mar 2026; placed at Mon 30 Mar (papers due Thu 26 Mar); template in
    # Wed 25 Mar. On Fri 27 Mar and on the panel day itself the case belongs to 30 Mar.
    h = history(
        ("looked-after", "2026-03-24", S20),
        ("paperwork", "2026-03-25", {"panel": "ppp", "sitting": d("2026-03-30"), "paper": TEMPLATE, "received": True}),
        dob="2009-06-01",
    )
    assert one(h, policy, "2026-03-26", "ppp").sitting == d("2026-03-30")
    assert one(h, policy, "2026-03-30", "ppp").sitting == d("2026-03-30")


def test_a_booking_used_by_the_ppp_item_makes_no_second_case(policy):
    # Booked on Fri 27 Mar for Mon 13 Apr and heard then: one case, the ppp item (done late).
    h = history(
        ("looked-after", "2026-03-24", S20),
        ("booking", "2026-03-27", {"panel": "ppp", "sitting": d("2026-04-13"), "reason": REASON}),
        ("panel", "2026-04-13", {"panel": "ppp", "reason": REASON}),
        dob="2009-06-01",
    )
    assert items_of(h, policy, "2026-04-12", "booking") == []
    assert items_of(h, policy, "2026-04-14", "booking") == []


# -- the CLI, end to end ---------------------------------------------------------------------


def test_cli_walk(perm):
    assert perm("init", "--policy", POLICY).code == 0
    r = perm("--as-of", "2026-01-12", "child", "add", "Y1", "--name", "Young Person", "--dob", "2009-09-01",
             "--worker", "A Worker", "--team", "CLA", "--uasc")
    assert r.code == 0, r.err
    assert perm("--as-of", "2026-01-12", "record", "looked-after", "Y1", "--date", "2026-01-12",
                "--legal-status", "s20", "--placement", "semi-independent").code == 0

    # Day 0, Mon 12 Jan 2026: week 1 by Sun 18 Jan; PPP by Sun 25 Jan at Mon 19 Jan; papers Thu 15 Jan.
    rows = perm("--as-of", "2026-01-12", "due", "--json").json()
    got = [(r["rule"], r["item"], r["panel"], r["due"], r["status"], r["days"], r["sitting"]) for r in rows]
    assert got == [
        ("ppp-paperwork", "paperwork", "ppp", "2026-01-15", "due-soon", 3, "2026-01-19"),
        ("book-review", "book-review", None, "2026-01-18", "due-soon", 6, None),
        ("fgc-referral", "fgc-referral", None, "2026-01-18", "due-soon", 6, None),
        ("interim-plan", "interim-plan", None, "2026-01-18", "due-soon", 6, None),
        ("ppp", "panel", "ppp", "2026-01-25", "due-soon", 13, "2026-01-19"),
    ]
    assert all(r["child"] == "Y1" for r in rows)

    # Day 0 is itself a Monday, so the default agenda is today's; ask for 19 Jan.
    agenda = perm("--as-of", "2026-01-12", "agenda", "--panel", "ppp", "--date", "2026-01-19", "--format", "json").json()
    assert (agenda["panel"], agenda["sitting"], agenda["papers_due"], agenda["time"]) == (
        "ppp", "2026-01-19", "2026-01-15", "10:00-12:00"
    )
    assert agenda["policy"] == POLICY
    [case] = agenda["cases"]
    assert (case["child"], case["slot"], case["worker"], case["team"]) == ("Y1", "10:00-10:20", "A Worker", "CLA")
    assert case["reasons"] == ["Young person newly looked after (week 2)"]
    assert case["papers"] == [{"paper": TEMPLATE, "received": False}]
    assert case["previous"] is None and case["decision"] is None

    for kind in ("interim-plan", "review-booked", "fgc-referral"):
        assert perm("--as-of", "2026-01-14", "record", kind, "Y1", "--date", "2026-01-14").code == 0
    r = perm("--as-of", "2026-01-14", "paperwork", "Y1", "--panel", "ppp", "--received", "template")
    assert r.code == 0, r.err
    assert "Received: Permanence Planning template" in r.out
    agenda = perm("--as-of", "2026-01-14", "agenda", "--panel", "ppp", "--format", "json").json()
    assert agenda["sitting"] == "2026-01-19"
    assert agenda["cases"][0]["papers"] == [{"paper": TEMPLATE, "received": True}]
    rows = perm("--as-of", "2026-01-14", "due", "--json").json()
    assert [(r["rule"], r["due"], r["sitting"]) for r in rows] == [("ppp", "2026-01-25", "2026-01-19")]

    # Heard Mon 19 Jan: IPPM due Mon 2 Feb (19 Jan + 14 days).
    assert perm("--as-of", "2026-01-19", "record", "panel", "Y1", "--date", "2026-01-19", "--panel", "ppp",
                "--reason", REASON, "--outcome", "older children timeline").code == 0
    rows = perm("--as-of", "2026-01-19", "due", "--json").json()
    assert [(r["rule"], r["item"], r["due"], r["status"], r["days"]) for r in rows] == [
        ("ippm", "ippm", "2026-02-02", "due-soon", 14),
    ]
    # Review 1 (Mon 9 Feb) comes into the 14-day window from 26 Jan.
    rows = perm("--as-of", "2026-01-26", "due", "--json").json()
    assert [(r["rule"], r["due"], r["days"]) for r in rows] == [
        ("ippm", "2026-02-02", 7),
        ("review-first", "2026-02-09", 14),
    ]
    # IPPM not held by Tue 3 Feb: overdue by a day.
    rows = perm("--as-of", "2026-02-03", "due", "--json").json()
    assert [(r["rule"], r["status"], r["days"]) for r in rows] == [
        ("ippm", "overdue", -1),
        ("review-first", "due-soon", 6),
    ]


def test_cli_book_by_hand_after_easter(perm):
    assert perm("init", "--policy", POLICY).code == 0
    assert perm("--as-of", "2026-03-24", "child", "add", "Y2", "--name", "Young Person Two", "--dob", "2009-06-01").code == 0
    assert perm("--as-of", "2026-03-24", "record", "looked-after", "Y2", "--date", "2026-03-24",
                "--legal-status", "s20").code == 0
    # Tue 31 Mar: not heard at Mon 30 Mar; Easter Monday has no sitting.
    [row] = [r for r in perm("--as-of", "2026-03-31", "due", "--json").json() if r["rule"] == "ppp"]
    assert (row["due"], row["sitting"]) == ("2026-04-06", "2026-03-30")
    assert "2026-04-13" in row["note"] and "book it by hand" in row["note"]
    # Easter Monday is refused as a sitting; Mon 13 Apr is booked, papers due Thu 9 Apr.
    r = perm("--as-of", "2026-03-31", "book", "Y2", "--panel", "ppp", "--date", "2026-04-06")
    assert r.code == 1 and "does not sit on 2026-04-06" in r.err
    r = perm("--as-of", "2026-03-31", "book", "Y2", "--panel", "ppp", "--date", "2026-04-13")
    assert r.code == 0, r.err
    assert r.out.strip() == "Booked Y2 for Permanency Planning Panel on 2026-04-13 (newly-looked-after)."
    rows = perm("--as-of", "2026-03-31", "due", "--json").json()
    assert [(r["rule"], r["due"], r["sitting"]) for r in rows if r["panel"] == "ppp"] == [
        ("ppp", "2026-04-06", "2026-04-13"),
        ("ppp-paperwork", "2026-04-09", "2026-04-13"),
    ]
    agenda = perm("--as-of", "2026-04-13", "agenda", "--panel", "ppp", "--format", "json").json()
    assert (agenda["sitting"], agenda["papers_due"]) == ("2026-04-13", "2026-04-09")
    assert [(c["child"], c["slot"], c["papers"]) for c in agenda["cases"]] == [
        ("Y2", "10:00-10:20", [{"paper": TEMPLATE, "received": False}]),
    ]
