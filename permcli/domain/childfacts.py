"""A child's record over time: the details as first recorded, and each change since as a
fact of its own (who, when, from which day, why), never an overwrite.

Two kinds of change. Allocation and status (worker, team, sibling group, UASC) apply from
a day: the case was with North until 2026-03-01 and with South from then, and every
question about a day gets the answer for that day. Corrections (name, date of birth, the
expected birth) put right what was wrong all along: they apply to the whole record, and the
old value is kept in the history and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Iterable

from .errors import PermError
from .timeline import Child

DATED = ("worker", "team", "sibling_group", "uasc")
CORRECTIONS = ("name", "dob", "expected_birth")
FIELDS = DATED + CORRECTIONS
WORDS = {"worker": "worker", "team": "team", "sibling_group": "sibling group", "uasc": "UASC",
         "name": "name", "dob": "date of birth", "expected_birth": "expected birth"}


@dataclass(frozen=True)
class Change:
    id: int
    field: str
    value: Any  # the field's own type: text or None, a date, True or False
    from_day: date | None  # None: a correction, true for the whole record
    reason: str
    recorded_at: datetime | None = None
    recorded_by: str | None = None
    voids: int | None = None


def to_text(field: str, value: Any) -> str | None:
    """A value as the child_change table keeps it."""
    if value is None:
        return None
    if field == "uasc":
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def from_text(field: str, text: str | None) -> Any:
    if field == "uasc":
        return text == "yes"
    if text is None:
        return None
    if field in ("dob", "expected_birth"):
        return date.fromisoformat(text)
    return text


def child_on(first: Child, changes: Iterable[Change], day: date | None) -> Child:
    """The child as recorded on ``day`` (None: as things stand now): corrections always,
    dated changes from their day on, a later change to the same field winning. The history
    rides along in ``changes``."""
    changes = tuple(changes)
    values: dict[str, Any] = {}
    for change in standing(changes):
        if change.from_day is not None and day is not None and change.from_day > day:
            continue
        values[change.field] = change.value
    return replace(first, **values, changes=changes, first=first)


def as_on(child: Child, day: date) -> Child:
    """The same child as recorded on another day (who held the case then)."""
    if not child.changes:
        return child
    return child_on(child.first or child, child.changes, day)


def standing(changes: Iterable[Change]) -> list[Change]:
    """The changes that stand (not voided, not voiding), in the order they apply."""
    changes = tuple(changes)
    voided = {c.voids for c in changes if c.voids is not None}
    return sorted((c for c in changes if c.voids is None and c.id not in voided),
                  key=lambda c: (c.from_day or date.min, c.id))


def allocation_history(child: Child) -> list[dict]:
    """Who held the case from when: the allocation as first recorded, then each dated
    change of worker or team, in order (changes from the same day together)."""
    base = child.first or child
    rows = [{"from": None, "worker": base.worker, "team": base.team, "reason": None, "by": None}]
    for change in standing(child.changes):
        if change.field not in ("worker", "team"):
            continue
        if rows[-1]["from"] != change.from_day:
            rows.append({**rows[-1], "from": change.from_day, "reason": change.reason, "by": change.recorded_by})
        rows[-1][change.field] = change.value
    return rows


def check_change(child: Child, field: str, value: Any, from_day: date | None, began: date, as_of: date) -> None:
    """One change, checked against the record: a dated change from a day within the record
    and not after the as-of day; a correction with no day."""
    if field not in FIELDS:
        raise PermError(f"unknown detail {field!r}")
    if field in CORRECTIONS and from_day is not None:
        raise PermError(f"--from: a {WORDS[field]} is corrected for the whole record, not from a day")
    if from_day is not None:
        if from_day > as_of:
            raise PermError(f"--from: {from_day} is after {as_of}; record a change once it has happened")
        if from_day < began:
            raise PermError(f"--from: {from_day} is before {child.ref}'s record began ({began})")
