"""Checking what is recorded about a child. Errors never repeat a name or date of birth."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .errors import PermError
from .text import clean_text, kind_of
from .events import parse_date
from .timeline import Child

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
def clean_ref(ref: str | None) -> str:
    if ref is not None and not isinstance(ref, str):  # a JSON file can hold any type
        raise PermError(f"child ID: expected text, not {kind_of(ref)}")
    ref = (ref or "").strip()
    if not _REF.match(ref):
        raise PermError(
            "child ID: use 1 to 64 letters, digits, '.', '_', '/' or '-', starting with a letter or digit"
        )
    return ref


def clean_dob(text: str | date | None, as_of: date) -> date:
    """A date of birth; the message on a bad value never repeats the value."""
    try:
        dob = parse_date(text, "--dob", bounded=False)  # out of range has its own message below
    except PermError:
        raise PermError("--dob: expected the date of birth as a real date, YYYY-MM-DD") from None
    if dob > as_of:
        raise PermError("--dob: the date of birth is after the as-of day")
    if dob.year < 1900:
        raise PermError("--dob: the date of birth is before 1900")
    return dob


# A pregnancy lasts about 40 weeks: an expected birth further ahead than this is a mistake.
EXPECTED_WITHIN = timedelta(weeks=44)


def clean_expected_birth(text: str | date | None, as_of: date) -> date:
    """The day an unborn child is expected. In the past is allowed (the birth may not have
    been recorded yet: perm due says so); more than 44 weeks ahead is not."""
    day = parse_date(text, "--expected-birth")
    if day > as_of + EXPECTED_WITHIN:
        raise PermError(f"--expected-birth: {day} is more than 44 weeks after {as_of}")
    return day


def clean_child(
    ref: str | None,
    name: str | None,
    dob: str | date | None,
    as_of: date,
    worker: str | None = None,
    team: str | None = None,
    sibling_group: str | None = None,
    uasc: bool = False,
    name_required: bool = True,
    expected_birth: str | date | None = None,
) -> Child:
    """A child as recorded: born (a date of birth) or not yet (the expected birth, and a
    name such as "Baby of ..."). Imports from returns that carry no names (SSDA903) pass
    ``name_required=False``."""
    if expected_birth not in (None, "") and dob not in (None, ""):
        raise PermError("give --dob for a child who is born, or --expected-birth for one who is not, not both")
    unborn = expected_birth not in (None, "")
    return Child(
        ref=clean_ref(ref),
        name=clean_text(name, "--name", required=name_required) or "",
        dob=None if unborn else clean_dob(dob, as_of),
        worker=clean_text(worker, "--worker"),
        team=clean_text(team, "--team"),
        sibling_group=clean_text(sibling_group, "--sibling-group", limit=64),
        uasc=bool(uasc),
        expected_birth=clean_expected_birth(expected_birth, as_of) if unborn else None,
    )
