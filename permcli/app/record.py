"""Recording what happened to a child, and correcting a mistake.

A new event is refused if it contradicts the child's history (a review while not looked
after, ceasing twice, ...): the history is walked with the event in place, and any problem
that was not there before is the error. Nothing is written unless everything holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..domain.text import clean_text
from ..domain.errors import PermError
from ..domain.events import check_event, details_from_json, details_to_json, kind, parse_date
from ..domain.timeline import Event, Timeline
from ..store import repo
from ..store.engine import run_write
from . import policies
from .children import get_child
from .panels import check_panel_details
from .context import Context

CORRECTION = repo.CORRECTION


def record_event(
    ctx: Context, ref: str, kind_name: str, day_text: str | None, raw: Mapping[str, Any]
) -> int:
    kind(kind_name)
    day = parse_date(day_text, "--date")

    def work(conn) -> int:
        child_id, child = get_child(conn, ref)
        event_id = _append_checked(ctx, conn, child_id, child, kind_name, day, raw, [])
        repo.audit(conn, ctx.now(), ctx.by, "event.record", child.ref, f"event {event_id}",
                   detail={"kind": kind_name, "date": day.isoformat()})
        return event_id

    return run_write(ctx.engine(), work)


def _append_checked(ctx: Context, conn, child_id: int, child, kind_name: str, day, raw, leave_out: list[int]) -> int:
    """Check one new event against the child's history (less ``leave_out``) and append it."""
    spec, details = check_event(child.ref, child.dob, kind_name, day, raw, ctx.as_of)
    check_panel_details(policies.active(conn), spec.name, details)
    events = [r.as_event() for r in _standing(conn, child_id)]
    kept = [e for e in events if e.id not in leave_out]
    new = Event(id=_NEW_ID, kind=spec.name, date=day, details=details)
    prefix = "cannot record the corrected event: " if leave_out else ""
    _refuse_new_problems(child, events, kept + [new], prefix)
    return repo.insert_event(conn, child_id, spec.name, day, details_to_json(details), ctx.now(), ctx.by)


@dataclass(frozen=True)
class Correction:
    correction: int  # the correction's own event ID
    voided: repo.EventRecord
    replacement: int | None  # the right event, when one was recorded with the correction


def correct_event(
    ctx: Context,
    event_id: int,
    reason: str | None,
    day_text: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Correction:
    """Void an event with a reason and, when a new date or details are given, record the
    right one in the same transaction. Every row stays in the history; the rules no longer
    see the voided one."""
    reason = clean_text(reason, "--reason", limit=500, required=True)
    def work(conn) -> Correction:
        record = repo.find_event(conn, event_id)
        if record is None:
            raise PermError(f"no event with ID {event_id}")
        if record.kind == CORRECTION:
            raise PermError(f"event {event_id} is itself a correction and cannot be voided")
        if record.voided_by is not None:
            raise PermError(f"event {event_id} was already voided by correction {record.voided_by}")
        child_id, child = get_child(conn, record.child_ref)
        replacement = None
        if day_text is not None or changes:
            day = parse_date(day_text, "--date") if day_text is not None else record.date
            raw = {**details_from_json(record.kind, record.details), **(changes or {})}
            replacement = _append_checked(ctx, conn, child_id, child, record.kind, day, raw, [event_id])
        else:
            events = [r.as_event() for r in _standing(conn, child_id)]
            remaining = [e for e in events if e.id != event_id]
            _refuse_new_problems(child, events, remaining, f"cannot void event {event_id}: ")
        new_id = repo.insert_event(
            conn, child_id, CORRECTION, ctx.as_of, {}, ctx.now(), ctx.by, voids=event_id, reason=reason
        )
        repo.audit(conn, ctx.now(), ctx.by, "event.correct", child.ref, f"event {event_id}", reason,
                   {"voids": event_id, "correction": new_id, "replacement": replacement})
        return Correction(new_id, record, replacement)

    return run_write(ctx.engine(), work)


# Sorts after every stored event of the same day: a new event is recorded last.
_NEW_ID = 2**62


def _standing(conn, child_id: int) -> list[repo.EventRecord]:
    return [
        r for r in repo.child_event_records(conn, child_id) if r.kind != CORRECTION and r.voided_by is None
    ]


def _refuse_new_problems(child, before: list[Event], after: list[Event], prefix: str = "") -> None:
    known = {p.message for p in Timeline(child, before).problems}
    for problem in Timeline(child, after).problems:
        if problem.message not in known:
            raise PermError(prefix + problem.message)
