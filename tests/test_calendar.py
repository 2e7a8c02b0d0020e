"""The counting conventions of procedures.md section 2, with dates worked by hand.

Every expected date below was worked out on paper from a calendar and the list of bank
holidays in England and Wales; the comments show the working (day 0, the days counted and
the bank holidays skipped). Nothing here was copied from perm's own output.
"""

from __future__ import annotations

import calendar as stdcal
from datetime import date, timedelta

import pytest
from conftest import d
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from permcli.domain.calendar import (
    CALENDAR,
    Offset,
    WorkingCalendar,
    add_months,
    age_on,
    birthday,
    parse_offset,
)
from permcli.domain.errors import PermError

# Bank holidays in England and Wales, 2026 to 2028, listed by hand (gov.uk list and the
# usual rules: New Year, Good Friday, Easter Monday, first and last Mondays of May, last
# Monday of August, Christmas and Boxing Day, with substitute days for weekends).
BANK_HOLIDAYS = {
    # 2026: Easter Sunday 5 April; Boxing Day is a Saturday, substitute Monday 28 December.
    d("2026-01-01"), d("2026-04-03"), d("2026-04-06"), d("2026-05-04"), d("2026-05-25"),
    d("2026-08-31"), d("2026-12-25"), d("2026-12-28"),
    # 2027: Easter Sunday 28 March; Christmas Saturday and Boxing Day Sunday, substitutes
    # Monday 27 and Tuesday 28 December.
    d("2027-01-01"), d("2027-03-26"), d("2027-03-29"), d("2027-05-03"), d("2027-05-31"),
    d("2027-08-30"), d("2027-12-27"), d("2027-12-28"),
    # 2028: New Year's Day is a Saturday, substitute Monday 3 January; Easter Sunday 16 April.
    d("2028-01-03"), d("2028-04-14"), d("2028-04-17"), d("2028-05-01"), d("2028-05-29"),
    d("2028-08-28"), d("2028-12-25"), d("2028-12-26"),
}

wd = CALENDAR.add_working_days


def after(text: str, day: str, roll: str = "none") -> date:
    return parse_offset(text, roll).apply(d(day))


# -- working days: the calendar itself ------------------------------------------------


def test_working_days_2026_to_2028_match_the_hand_list():
    day = d("2026-01-01")
    wrong = []
    while day <= d("2028-12-31"):
        expected = day.weekday() < 5 and day not in BANK_HOLIDAYS
        if CALENDAR.is_working_day(day) != expected:
            wrong.append(day)
        day += timedelta(days=1)
    assert wrong == []


@pytest.mark.parametrize("day", sorted(BANK_HOLIDAYS))
def test_each_weekday_bank_holiday_is_a_bank_holiday(day):
    assert CALENDAR.is_bank_holiday(day)
    assert not CALENDAR.is_working_day(day)


def test_weekends_are_not_working_days():
    assert not CALENDAR.is_working_day(d("2026-01-10"))  # Saturday
    assert not CALENDAR.is_working_day(d("2026-01-11"))  # Sunday
    assert CALENDAR.is_working_day(d("2026-01-12"))  # Monday


def test_christmas_2026():
    # Fri 25 Dec (Christmas), Sat 26 (Boxing Day), Sun 27, Mon 28 (Boxing Day substitute),
    # Fri 1 Jan 2027 (New Year's Day).
    for day in ("2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28", "2027-01-01"):
        assert not CALENDAR.is_working_day(d(day)), day
    assert CALENDAR.is_bank_holiday(d("2026-12-28"))
    for day in ("2026-12-24", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-04"):
        assert CALENDAR.is_working_day(d(day)), day
    # Thu 24 Dec + 1: Fri 25, Sat, Sun, Mon 28 skipped -> Tue 29.
    assert wd(d("2026-12-24"), 1) == d("2026-12-29")
    # Wed 23 Dec + 5: Thu 24 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), [Fri 1 Jan], Mon 4 (5).
    assert wd(d("2026-12-23"), 5) == d("2027-01-04")
    # Mon 4 Jan - 3: [Sun, Sat, Fri 1 Jan], Thu 31 (1), Wed 30 (2), Tue 29 (3).
    assert wd(d("2027-01-04"), -3) == d("2026-12-29")
    # Tue 29 Dec - 1: [Mon 28, Sun 27, Sat 26, Fri 25] -> Thu 24.
    assert wd(d("2026-12-29"), -1) == d("2026-12-24")


def test_easter_2026():
    # Good Friday 3 April, Easter Monday 6 April.
    assert not CALENDAR.is_working_day(d("2026-04-03"))
    assert not CALENDAR.is_working_day(d("2026-04-06"))
    assert CALENDAR.is_working_day(d("2026-04-02"))
    assert CALENDAR.is_working_day(d("2026-04-07"))
    # Thu 2 Apr + 1: [Fri 3, Sat, Sun, Mon 6] -> Tue 7.
    assert wd(d("2026-04-02"), 1) == d("2026-04-07")
    # Wed 1 Apr + 3: Thu 2 (1), Tue 7 (2), Wed 8 (3).
    assert wd(d("2026-04-01"), 3) == d("2026-04-08")
    # Tue 7 Apr - 1 -> Thu 2.
    assert wd(d("2026-04-07"), -1) == d("2026-04-02")


def test_may_and_august_bank_holidays_2026():
    # Early May: Mon 4 May; spring: Mon 25 May; summer: Mon 31 Aug.
    assert wd(d("2026-05-01"), 1) == d("2026-05-05")
    assert wd(d("2026-05-22"), 1) == d("2026-05-26")
    assert wd(d("2026-08-28"), 1) == d("2026-09-01")
    # Fri 1 May + 10: Tue 5 .. Fri 8 (1-4), Mon 11 .. Fri 15 (5-9), Mon 18 (10).
    assert wd(d("2026-05-01"), 10) == d("2026-05-18")


def test_christmas_2027_two_substitute_days():
    # Sat 25 and Sun 26 Dec 2027: substitutes Mon 27 and Tue 28. Fri 24 + 1 -> Wed 29.
    assert wd(d("2027-12-24"), 1) == d("2027-12-29")
    assert not CALENDAR.is_working_day(d("2027-12-27"))
    assert not CALENDAR.is_working_day(d("2027-12-28"))


def test_new_year_2028_substitute_day():
    # Sat 1 Jan 2028: substitute Mon 3 Jan. Fri 31 Dec 2027 + 1 -> Tue 4 Jan 2028.
    assert wd(d("2027-12-31"), 1) == d("2028-01-04")
    assert not CALENDAR.is_working_day(d("2028-01-03"))


def test_leap_year_2028_working_days():
    # Mon 28 Feb 2028 + 1 = Tue 29 Feb (it exists in 2028); + 2 = Wed 1 Mar.
    assert wd(d("2028-02-28"), 1) == d("2028-02-29")
    assert wd(d("2028-02-28"), 2) == d("2028-03-01")
    assert CALENDAR.is_working_day(d("2028-02-29"))
    # Easter 2028: Good Friday 14 Apr, Easter Monday 17 Apr. Thu 13 + 1 -> Tue 18.
    assert wd(d("2028-04-13"), 1) == d("2028-04-18")


def test_zero_working_days_is_the_same_day_even_on_a_weekend():
    assert wd(d("2026-01-10"), 0) == d("2026-01-10")
    assert wd(d("2026-12-25"), 0) == d("2026-12-25")


def test_working_days_from_a_weekend_or_holiday_day_0():
    # Day 0 is D "whatever day of the week D is": Sat 10 Jan 2026 + 1 = Mon 12 Jan.
    assert wd(d("2026-01-10"), 1) == d("2026-01-12")
    # Good Friday 3 Apr 2026 + 1 = Tue 7 Apr (Easter Monday skipped).
    assert wd(d("2026-04-03"), 1) == d("2026-04-07")


def test_fresh_calendar_gives_the_same_answers():
    cal = WorkingCalendar()
    assert cal.add_working_days(d("2026-12-24"), 1) == d("2026-12-29")
    assert cal.is_bank_holiday(d("2027-12-28"))


def test_roll_back_and_forward():
    # Sat 26 Dec 2026: back -> Thu 24 (Fri 25 is Christmas); forward -> Tue 29.
    assert CALENDAR.roll_back(d("2026-12-26")) == d("2026-12-24")
    assert CALENDAR.roll_forward(d("2026-12-26")) == d("2026-12-29")
    # A working day stays where it is.
    assert CALENDAR.roll_back(d("2026-03-10")) == d("2026-03-10")
    assert CALENDAR.roll_forward(d("2026-03-10")) == d("2026-03-10")


# -- procedures.md section 2, worked examples -------------------------------------------


def test_within_20_working_days_of_monday_5_january_2026():
    # Day 0 Mon 5 Jan. Tue 6 .. Fri 9 (1-4), 12-16 (5-9), 19-23 (10-14), 26-30 (15-19),
    # Mon 2 Feb (20). No bank holidays in that stretch.
    assert wd(d("2026-01-05"), 20) == d("2026-02-02")
    assert after("20 working days", "2026-01-05") == d("2026-02-02")


def test_31_january_plus_1_month_is_end_of_february():
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert add_months(d("2028-01-31"), 1) == d("2028-02-29")  # leap year
    assert after("1 month", "2026-01-31") == d("2026-02-28")


def test_30_november_2026_plus_3_months_is_28_february_2027():
    assert add_months(d("2026-11-30"), 3) == d("2027-02-28")
    assert after("3 months", "2026-11-30") == d("2027-02-28")


def test_within_n_weeks_is_7n_days():
    # Mon 5 Jan 2026 + 16 weeks = + 112 days = Mon 27 Apr 2026.
    assert after("16 weeks", "2026-01-05") == d("2026-04-27")


@pytest.mark.parametrize(
    "k, expected",
    [
        (1, "2026-01-11"),  # 5 Jan + 6 = Sun 11 Jan
        (2, "2026-01-18"),  # + 13
        (4, "2026-02-01"),  # + 27: Jan has 26 days left after the 5th, then 1 Feb
        (16, "2026-04-26"),  # + 111: Sun 26 Apr, the day before 16 weeks (Mon 27 Apr)
    ],
)
def test_week_k_of_a_timeline_is_d_plus_7k_minus_1(k, expected):
    assert after(f"week {k}", "2026-01-05") == d(expected)
    assert after(f"end of week {k}", "2026-01-05") == d(expected)


def test_26_weeks_beginning_with_the_day_of_issue():
    # Issued Mon 5 Jan 2026: 26 weeks = 182 days -> Mon 6 Jul; less a day -> Sun 5 Jul.
    assert after("26 weeks - 1 day", "2026-01-05") == d("2026-07-05")
    # Issued Tue 10 Mar 2026: + 26 weeks = Tue 8 Sep; less a day -> Mon 7 Sep.
    assert after("26 weeks - 1 day", "2026-03-10") == d("2026-09-07")


def test_2_working_days_prior_to_a_tuesday_sitting_is_the_friday_before():
    # Tue 10 Mar 2026: Mon 9 (1), Fri 6 (2).
    assert after("-2 working days", "2026-03-10") == d("2026-03-06")


def test_2_working_days_prior_skips_a_bank_holiday_monday():
    # Tue 26 May 2026: [Mon 25 spring bank holiday], Fri 22 (1), Thu 21 (2).
    assert after("-2 working days", "2026-05-26") == d("2026-05-21")
    # Tue 7 Apr 2026: [Mon 6 Easter Monday, Sun, Sat, Fri 3 Good Friday], Thu 2 (1), Wed 1 (2).
    assert after("-2 working days", "2026-04-07") == d("2026-04-01")


def test_at_least_n_days_before_a_sitting():
    # Tue 10 Mar 2026 - 7 days = Tue 3 Mar, a working day: stays.
    assert after("-7 days", "2026-03-10", roll="back") == d("2026-03-03")
    # Tue 10 Mar 2026 - 10 days = Sat 28 Feb -> the working day before, Fri 27 Feb.
    assert after("-10 days", "2026-03-10", roll="back") == d("2026-02-27")
    # Thu 9 Apr 2026 - 6 days = Fri 3 Apr (Good Friday) -> Thu 2 Apr.
    assert after("-6 days", "2026-04-09", roll="back") == d("2026-04-02")
    # Mon 13 Apr 2026 - 7 days = Mon 6 Apr (Easter Monday) -> [Sun 5, Sat 4, Fri 3] -> Thu 2 Apr.
    assert after("-7 days", "2026-04-13", roll="back") == d("2026-04-02")
    # Without a roll, the calendar day stands.
    assert after("-10 days", "2026-03-10") == d("2026-02-28")


def test_roll_forward_on_an_offset():
    # Thu 24 Dec 2026 + 1 day = Fri 25 (Christmas) -> forward past Sat, Sun, Mon 28 -> Tue 29.
    assert after("1 day", "2026-12-24", roll="forward") == d("2026-12-29")


def test_29_february_birthday_in_common_and_leap_years():
    dob = d("2012-02-29")
    assert birthday(dob, 14) == d("2026-02-28")  # 2026 is a common year
    assert birthday(dob, 15) == d("2027-02-28")
    assert birthday(dob, 16) == d("2028-02-29")  # 2028 is a leap year
    assert birthday(dob, 17) == d("2029-02-28")
    assert age_on(dob, d("2026-02-27")) == 13
    assert age_on(dob, d("2026-02-28")) == 14
    assert age_on(dob, d("2028-02-28")) == 15
    assert age_on(dob, d("2028-02-29")) == 16


def test_ordinary_birthdays_and_ages():
    dob = d("2012-03-04")
    assert birthday(dob, 15) == d("2027-03-04")
    assert birthday(dob, 17) == d("2029-03-04")
    assert age_on(dob, d("2029-03-03")) == 16
    assert age_on(dob, d("2029-03-04")) == 17
    assert age_on(dob, dob) == 0
    assert birthday(d("2011-12-31"), 16) == d("2027-12-31")


# -- months: month ends and leap years ---------------------------------------------------


@pytest.mark.parametrize(
    "start, months, expected",
    [
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-08-31", 3, "2026-11-30"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2027-08-31", 6, "2028-02-29"),
        ("2027-11-30", 3, "2028-02-29"),
        ("2026-12-31", 2, "2027-02-28"),
        ("2027-12-31", 2, "2028-02-29"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2028-02-29", 48, "2032-02-29"),
        ("2026-05-31", -3, "2026-02-28"),
        ("2026-01-31", -1, "2025-12-31"),
        ("2026-03-15", -3, "2025-12-15"),
        ("2026-11-15", 2, "2027-01-15"),
        ("2026-12-01", 12, "2027-12-01"),
        ("2026-06-30", 0, "2026-06-30"),
    ],
)
def test_add_months_by_hand(start, months, expected):
    assert add_months(d(start), months) == d(expected)


def test_years_are_12_months():
    assert after("1 year", "2028-02-29") == d("2029-02-28")
    assert after("2 years", "2026-01-05") == d("2028-01-05")


def test_months_then_days_apply_left_to_right():
    # 31 Jan 2026 + 1 month = 28 Feb, + 1 day = 1 Mar.
    assert after("1 month + 1 day", "2026-01-31") == d("2026-03-01")
    # 28 Feb 2026 - 3 months = 28 Nov 2025 (the month arithmetic, not "end of month").
    assert after("-3 months", "2026-02-28") == d("2025-11-28")


# -- parse_offset: the grammar -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, terms",
    [
        ("20 working days", ((20, "wd"),)),
        ("1 working day", ((1, "wd"),)),
        ("3 months", ((3, "m"),)),
        ("1 month", ((1, "m"),)),
        ("26 weeks - 1 day", ((26, "w"), (-1, "d"))),
        ("26 weeks-1 day", ((26, "w"), (-1, "d"))),
        ("-2 working days", ((-2, "wd"),)),
        ("+3 months", ((3, "m"),)),
        ("0 days", ((0, "d"),)),
        ("5 calendar days", ((5, "d"),)),
        ("1 calendar day", ((1, "d"),)),
        ("2 years", ((2, "y"),)),
        ("1 year + 2 months - 3 days", ((1, "y"), (2, "m"), (-3, "d"))),
        ("  3 MONTHS  ", ((3, "m"),)),
        ("10 Working Days", ((10, "wd"),)),
        ("week 1", ((6, "d"),)),
        ("week 2", ((13, "d"),)),
        ("End of week 3", ((20, "d"),)),
        ("week 16", ((111, "d"),)),
    ],
)
def test_parse_offset_grammar(text, terms):
    offset = parse_offset(text)
    assert offset.terms == terms
    assert offset.roll == "none"
    assert str(offset) == text.strip()


def test_parse_offset_keeps_roll():
    assert parse_offset("-7 days", "back").roll == "back"
    assert parse_offset("week 2", "forward").roll == "forward"
    assert isinstance(parse_offset("3 months"), Offset)


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "time span"),
        ("   ", "time span"),
        ("three months", "cannot read the time span"),
        ("3 fortnights", "cannot read the time span"),
        ("3 months 2 days", "join parts with + or -"),
        ("26 weeks -", "cannot read the time span"),
        ("20 working days,", "cannot read the time span"),
        ("12345 days", "cannot read the time span"),
        ("3months", "cannot read the time span"),
        ("week 0", "count from week 1"),
        ("week two", "cannot read the time span"),
    ],
)
def test_parse_offset_rejects_bad_text_clearly(text, words):
    with pytest.raises(PermError) as err:
        parse_offset(text)
    assert words in str(err.value)


def test_parse_offset_rejects_non_text_and_bad_roll():
    with pytest.raises(PermError):
        parse_offset(None)  # type: ignore[arg-type]
    with pytest.raises(PermError) as err:
        parse_offset("3 days", "sideways")
    assert "roll must be one of" in str(err.value)


def test_parse_offset_error_quotes_the_text():
    with pytest.raises(PermError) as err:
        parse_offset("  three months ")
    assert "'three months'" in str(err.value)


# -- properties --------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31))
PROPS = settings(max_examples=150, deadline=None)


def _working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += CALENDAR.is_working_day(day)
    return count


@PROPS
@given(DAYS, st.integers(min_value=1, max_value=80))
def test_add_working_days_counts_exactly_n(day, n):
    result = wd(day, n)
    assert result > day
    assert CALENDAR.is_working_day(result)
    assert _working_days_between(day, result) == n


@PROPS
@given(DAYS, st.integers(min_value=1, max_value=80))
def test_subtract_working_days_counts_exactly_n(day, n):
    result = wd(day, -n)
    assert result < day
    assert CALENDAR.is_working_day(result)
    # working days in [result, day) are exactly n
    assert _working_days_between(result - timedelta(days=1), day - timedelta(days=1)) == n


@PROPS
@given(DAYS, st.integers(min_value=0, max_value=80))
def test_working_days_round_trip_from_a_working_day(day, n):
    day = CALENDAR.roll_forward(day)
    assert wd(wd(day, n), -n) == day
    assert wd(wd(day, -n), n) == day


@PROPS
@given(DAYS, st.integers(min_value=0, max_value=60))
def test_add_working_days_is_strictly_increasing_in_n(day, n):
    assert wd(day, n + 1) > wd(day, n)


@PROPS
@given(DAYS)
def test_rolls_land_on_the_nearest_working_day(day):
    back, forward = CALENDAR.roll_back(day), CALENDAR.roll_forward(day)
    assert CALENDAR.is_working_day(back) and CALENDAR.is_working_day(forward)
    assert back <= day <= forward
    assert _working_days_between(back, day) == 0
    assert _working_days_between(day, forward) == (0 if forward == day else 1)
    if CALENDAR.is_working_day(day):
        assert back == day == forward


@PROPS
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), st.integers(-240, 240))
def test_add_months_is_clipped_to_the_month_end(day, months):
    result = add_months(day, months)
    # the right month
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    # the same day of the month, or the last day when that day does not exist
    last = stdcal.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)
    # dateutil.relativedelta does exactly this (procedures.md section 2)
    assert result == day + relativedelta(months=months)


@PROPS
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 25))
def test_birthday_is_in_the_right_year(dob, age):
    day = birthday(dob, age)
    assert day.year == dob.year + age
    if (dob.month, dob.day) == (2, 29):
        assert (day.month, day.day) == ((2, 29) if stdcal.isleap(day.year) else (2, 28))
    else:
        assert (day.month, day.day) == (dob.month, dob.day)
    assert age_on(dob, day) == age
    if age >= 1:
        assert age_on(dob, day - timedelta(days=1)) == age - 1


@PROPS
@given(DAYS, st.integers(1, 60))
def test_weeks_and_week_k(day, k):
    assert parse_offset(f"{k} weeks").apply(day) == day + timedelta(days=7 * k)
    assert parse_offset(f"week {k}").apply(day) == day + timedelta(days=7 * k - 1)
    assert parse_offset(f"{k} weeks - 1 day").apply(day) == day + timedelta(days=7 * k - 1)


@PROPS
@given(DAYS, st.integers(0, 60))
def test_at_least_n_days_before_rolls_back(day, n):
    got = parse_offset(f"-{n} days", "back").apply(day)
    raw = day - timedelta(days=n)
    assert CALENDAR.is_working_day(got)
    assert got <= raw
    assert _working_days_between(got, raw) == 0
