"""Panels and their sittings: a schedule (an RFC 5545 RRULE), times, the paperwork each
reason for attending needs, and the paperwork deadline before each sitting.

A sitting that falls on a bank holiday does not happen (procedures.md section 5, a
choice): the next sitting in the schedule is used.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import MAXYEAR, date, datetime, time, timedelta

from .calendar import CALENDAR, Offset, WorkingCalendar

DEFAULT_FIRST = date(2020, 1, 6)  # a Monday: where a schedule starts unless it says otherwise
PREVIOUS_MINUTES = "Minutes from attendance at panel previously"


@dataclass(frozen=True)
class Reason:
    """A reason for attending a panel, with the papers it needs."""

    id: str
    title: str
    papers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    id: str
    name: str
    schedule: str = ""  # RRULE, e.g. FREQ=WEEKLY;BYDAY=TU
    first: date = DEFAULT_FIRST
    starts: time | None = None
    ends: time | None = None
    slot_minutes: int | None = None
    paperwork_due: Offset | None = None  # from the sitting: "-2 working days"
    previous_minutes: str | None = PREVIOUS_MINUTES
    chair: str = ""
    members: tuple[str, ...] = ()
    source: str = ""
    description: str = ""
    reasons: tuple[Reason, ...] = ()
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def reason(self, reason_id: str | None) -> Reason | None:
        return next((r for r in self.reasons if r.id == reason_id), None)

    def papers(self, reason_id: str | None, attended_before: bool) -> list[str]:
        """The papers a case brings: its reason's list, and the minutes of the last
        attendance when the child came to this panel before."""
        key = ("papers", reason_id, attended_before)
        if key not in self._cache:
            self._cache[key] = tuple(self._papers(reason_id, attended_before))
        return list(self._cache[key])

    def _papers(self, reason_id: str | None, attended_before: bool) -> list[str]:
        reason = self.reason(reason_id)
        papers = list(reason.papers) if reason else []
        if attended_before and self.previous_minutes and self.previous_minutes not in papers:
            papers.append(self.previous_minutes)
        return papers

    def deadline(self, sitting: date, calendar: WorkingCalendar = CALENDAR) -> date:
        """The day papers are due for a sitting (the sitting itself when no lead time)."""
        return self.paperwork_due.apply(sitting, calendar) if self.paperwork_due else sitting

    # -- sittings ------------------------------------------------------------------

    def _year(self, year: int, calendar: WorkingCalendar) -> list[date]:
        year_key = ("year", year, id(calendar))
        if year_key not in self._cache:
            from dateutil.rrule import rrulestr

            rule = rrulestr(self.schedule, dtstart=datetime.combine(self.first, time()))
            start = datetime(year, 1, 1)
            end = datetime(year, 12, 31, 23, 59)
            days = [d.date() for d in rule.between(start, end, inc=True)]
            self._cache[year_key] = [d for d in days if d >= self.first and not calendar.is_bank_holiday(d)]
        return self._cache[year_key]

    def sittings(self, start: date, end: date, calendar: WorkingCalendar = CALENDAR) -> list[date]:
        """Sittings from ``start`` to ``end``, both included, bank holidays left out."""
        found: list[date] = []
        for year in range(start.year, end.year + 1):
            found.extend(d for d in self._year(year, calendar) if start <= d <= end)
        return found

    def is_sitting(self, day: date, calendar: WorkingCalendar = CALENDAR) -> bool:
        return day in self._year(day.year, calendar)

    def next_sitting(
        self, day: date, papers_by: date | None = None, calendar: WorkingCalendar = CALENDAR
    ) -> date | None:
        """The first sitting on or after ``day`` whose paperwork deadline is not before
        ``papers_by``; None if there is none within two years."""
        key = ("next", day, papers_by, id(calendar))
        if key not in self._cache:
            self._cache[key] = self._next_sitting(day, papers_by, calendar)
        return self._cache[key]

    def _next_sitting(self, day: date, papers_by: date | None, calendar: WorkingCalendar) -> date | None:
        # Two years on from ``day``, never past the last year a date can have.
        for year in range(day.year, min(day.year + 3, MAXYEAR + 1)):
            sittings = self._year(year, calendar)
            for sitting in sittings[bisect.bisect_left(sittings, day):]:
                if papers_by is None or self.deadline(sitting, calendar) >= papers_by:
                    return sitting
        return None

    def slot(self, index: int) -> str | None:
        """The time slot of the index-th case of a sitting, when the panel has slots."""
        if self.starts is None:
            return None
        if not self.slot_minutes:
            return self.hours
        begin = datetime.combine(date(2000, 1, 1), self.starts) + timedelta(minutes=index * self.slot_minutes)
        finish = begin + timedelta(minutes=self.slot_minutes)
        return f"{begin:%H:%M}-{finish:%H:%M}"

    @property
    def hours(self) -> str | None:
        if self.starts is None:
            return None
        return f"{self.starts:%H:%M}" + (f"-{self.ends:%H:%M}" if self.ends else "")

    def describe_schedule(self) -> str:
        """The schedule in words: "every Tuesday", "every 2 weeks on Tuesday", ..."""
        parts = dict(p.split("=", 1) for p in self.schedule.upper().split(";") if "=" in p)
        days = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
                "SA": "Saturday", "SU": "Sunday"}
        byday = parts.get("BYDAY", "")
        named = ", ".join(_ordinal_day(d, days) for d in byday.split(",") if d)
        interval = int(parts.get("INTERVAL", "1"))
        freq = parts.get("FREQ", "")
        if freq == "WEEKLY":
            every = "every week" if interval == 1 else f"every {interval} weeks"
            return f"{every} on {named}" if named else every
        if freq == "MONTHLY":
            every = "every month" if interval == 1 else f"every {interval} months"
            if named:
                return f"{every} on the {named}"
            if "BYMONTHDAY" in parts:
                return f"{every} on day {parts['BYMONTHDAY']}"
            return every
        return self.schedule


def _ordinal_day(code: str, days: dict[str, str]) -> str:
    nth = code[:-2]
    name = days.get(code[-2:], code)
    if not nth:
        return name
    words = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
    return f"{words.get(nth.lstrip('+'), nth)} {name}"
