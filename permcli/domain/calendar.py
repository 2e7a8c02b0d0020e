"""Working days and the counting conventions of the procedures (procedures.md section 2).

Every date perm computes goes through this module: working days in England and Wales,
calendar months, weeks, "week k" of a timeline and birthdays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .errors import PermError

if TYPE_CHECKING:
    from pathlib import Path

_WEEKEND = (5, 6)


class WorkingCalendar:
    """Monday to Friday, less bank holidays in England and Wales (substitute days included).

    Holidays come from the ``holidays`` package, a year at a time, at most once per run;
    with a ``store`` they are also kept between runs (see HolidayStore).
    """

    def __init__(self, store: "HolidayStore | None" = None) -> None:
        self._years: set[int] = set()
        self._holidays: set[date] = set()
        self._store = store
        # Offset.apply's answers on this calendar: a caseload asks the same few thousand
        # questions ("20 working days after 5 January") again and again.
        self.answers: dict[tuple, date] = {}

    def _load(self, year: int) -> None:
        wanted = {year - 1, year, year + 1} - self._years
        if not wanted:
            return
        kept = self._store.read() if self._store else {}
        missing = sorted(y for y in wanted if y not in kept)
        if missing:
            import holidays  # a tenth of a second: only when a year is not kept

            bank = holidays.country_holidays("GB", subdiv="ENG", years=missing)
            for y in missing:
                kept[y] = sorted(d for d in bank if d.year == y)
            if self._store:
                self._store.write(kept)
        for y in wanted:
            self._holidays.update(kept[y])
        self._years |= wanted

    def is_bank_holiday(self, day: date) -> bool:
        if day.year not in self._years:
            self._load(day.year)
        return day in self._holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in _WEEKEND and not self.is_bank_holiday(day)

    def add_working_days(self, day: date, n: int) -> date:
        """The nth working day after ``day`` (before it when n < 0); ``day`` is day 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def roll_back(self, day: date) -> date:
        """``day`` if it is a working day, else the working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def roll_forward(self, day: date) -> date:
        """``day`` if it is a working day, else the working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


class HolidayStore:
    """Bank holidays kept in a file between runs, so that a command does not import and run
    the ``holidays`` package every time. The file names the package's version by the size
    and time of its files (as Python's .pyc files name their source): when the package
    changes, the kept years are dropped and computed again. A file that cannot be read is
    ignored; one that cannot be written is not kept."""

    def __init__(self, path: "Path | None" = None) -> None:
        self._path = path

    @property
    def path(self) -> "Path":
        if self._path is None:
            from pathlib import Path

            from platformdirs import user_cache_dir

            self._path = Path(user_cache_dir("perm", appauthor=False)) / "bank-holidays-gb-eng.json"
        return self._path

    @staticmethod
    def package_stamp() -> list:
        import importlib.util
        import os

        spec = importlib.util.find_spec("holidays")
        if spec is None or not spec.origin:
            return []
        folder = os.path.dirname(spec.origin)
        stamp = [spec.origin]
        for name in ("__init__.py", "version.py", os.path.join("countries", "united_kingdom.py")):
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            stamp += [name, info.st_size, info.st_mtime_ns]
        return stamp

    def read(self) -> dict[int, list[date]]:
        import json

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("package") != self.package_stamp():
                return {}
            return {int(y): [date.fromisoformat(d) for d in days] for y, days in data["years"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def write(self, years: dict[int, list[date]]) -> None:
        import json

        from ..files import write_whole

        data = {"package": self.package_stamp(), "years": {str(y): [d.isoformat() for d in days] for y, days in sorted(years.items())}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_whole(self.path, json.dumps(data))
        except OSError:
            pass  # not kept: computed again next run


CALENDAR = WorkingCalendar(HolidayStore())


def add_months(day: date, months: int) -> date:
    """Calendar months; a day that does not exist becomes the last day of that month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def birthday(dob: date, age: int) -> date:
    """The day a child born on ``dob`` turns ``age``.

    Choice (procedures.md section 2): a child born on 29 February has the birthday on
    28 February in common years.
    """
    year = dob.year + age
    if dob.month == 2 and dob.day == 29 and _days_in_month(year, 2) == 28:
        return date(year, 2, 28)
    return date(year, dob.month, dob.day)


def age_on(dob: date, day: date) -> int:
    """Completed years of age on ``day``."""
    age = day.year - dob.year
    if day < birthday(dob, age):
        age -= 1
    return age


# -- offsets ---------------------------------------------------------------------------

_UNITS = {
    "working day": "wd",
    "working days": "wd",
    "day": "d",
    "days": "d",
    "calendar day": "d",
    "calendar days": "d",
    "week": "w",
    "weeks": "w",
    "month": "m",
    "months": "m",
    "year": "y",
    "years": "y",
    "hours": "h",
}
_TERM = re.compile(
    r"\s*([+-])?\s*(\d{1,4})\s+(working days?|calendar days?|days?|weeks?|months?|years?|hours)\s*",
    re.IGNORECASE,
)
_WEEK_K = re.compile(r"\s*(?:end of\s+)?week\s+(\d{1,3})\s*$", re.IGNORECASE)
ROLLS = ("none", "back", "forward")
# The longest time span perm counts: a childhood and more (ages run to 25). Longer spans
# only come from slips ("9999 years"), which put dates past the year 9999 and take working
# days a long time to count. A span's length adds up its terms, whatever their signs.
MAX_SPAN_YEARS = 25
_DAYS_IN = {"wd": 7 / 5, "d": 1, "w": 7, "m": 365.25 / 12, "y": 365.25}


def span_days(terms: tuple[tuple[int, str], ...]) -> float:
    """How many days a span's terms may move a day, counted as their sizes add up."""
    return sum(abs(n) * _DAYS_IN[unit] for n, unit in terms)


@dataclass(frozen=True)
class Offset:
    """A span of time as the procedures write it: "20 working days", "26 weeks - 1 day".

    Terms apply left to right. ``roll`` moves a result that is not a working day to the
    working day before ("back") or after ("forward") it.
    """

    terms: tuple[tuple[int, str], ...]
    roll: str = "none"
    text: str = ""

    def apply(self, day: date, calendar: WorkingCalendar = CALENDAR) -> date:
        key = (self.terms, self.roll, day)
        answer = calendar.answers.get(key)
        if answer is None:
            answer = calendar.answers[key] = self._apply(day, calendar)
        return answer

    def _apply(self, day: date, calendar: WorkingCalendar) -> date:
        try:
            return self._count(day, calendar)
        except (OverflowError, ValueError):
            # Only from a day already near the ends of the calendar (a detail typed as
            # 9999-12-31): policies' spans are bounded.
            raise PermError(f"{self.text or 'a time span'} from {day} is beyond the years perm counts (1 to 9999)") from None

    def _count(self, day: date, calendar: WorkingCalendar) -> date:
        for n, unit in self.terms:
            if unit == "wd":
                day = calendar.add_working_days(day, n)
            elif unit == "d":
                day += timedelta(days=n)
            elif unit == "w":
                day += timedelta(weeks=n)
            elif unit == "m":
                day = add_months(day, n)
            else:
                day = add_months(day, 12 * n)
        if self.roll == "back":
            day = calendar.roll_back(day)
        elif self.roll == "forward":
            day = calendar.roll_forward(day)
        return day

    def __str__(self) -> str:
        return self.text


def parse_offset(text: str, roll: str = "none") -> Offset:
    """Parse "20 working days", "3 months", "26 weeks - 1 day", "-2 working days", "week 2".

    "week k" is the end of week k of a timeline that starts on day 0: 7k - 1 days.
    """
    if not isinstance(text, str) or not text.strip():
        raise PermError(f"expected a time span such as '20 working days', got {text!r}")
    if roll not in ROLLS:
        raise PermError(f"roll must be one of {', '.join(ROLLS)}, got {roll!r}")
    week = _WEEK_K.match(text)
    if week:
        k = int(week.group(1))
        if k < 1:
            raise PermError(f"'{text.strip()}': weeks of a timeline count from week 1")
        return Offset(((7 * k - 1, "d"),), roll, text.strip())
    terms: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        match = _TERM.match(text, pos)
        if not match or match.end() == pos:
            raise PermError(
                f"cannot read the time span {text.strip()!r}: write it like "
                "'20 working days', '3 months', '26 weeks - 1 day' or 'week 2'"
            )
        sign = -1 if match.group(1) == "-" else 1
        if terms and match.group(1) is None:
            raise PermError(f"cannot read the time span {text.strip()!r}: join parts with + or -")
        n, unit = int(match.group(2)), _UNITS[match.group(3).lower()]
        if unit == "h":
            # "Within 48 hours" of a meeting: perm counts whole days (48 hours = 2 days).
            if n % 24:
                raise PermError(f"{text.strip()!r}: hours must make whole days (24, 48, 72 hours)")
            n, unit = n // 24, "d"
        terms.append((sign * n, unit))
        pos = match.end()
    if span_days(tuple(terms)) > MAX_SPAN_YEARS * _DAYS_IN["y"]:
        raise PermError(f"{text.strip()!r} is longer than {MAX_SPAN_YEARS} years in all: write a shorter time span")
    return Offset(tuple(terms), roll, text.strip())
