"""Queries. The only place that reads and writes rows; everything returns plain data.

A caseload is read in two set-based queries (children, then their events), never one
query per child.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, Iterable

from sqlalchemy import Connection, func, insert, select

from ..domain.events import details_from_json
from ..domain.timeline import Child, Event
from .tables import AuditRow, ChildRow, EventRow, PurgeRow, SettingRow

child_t = ChildRow.__table__
event_t = EventRow.__table__
setting_t = SettingRow.__table__
audit_t = AuditRow.__table__
purge_t = PurgeRow.__table__

CORRECTION = "correction"


@dataclass(frozen=True)
class EventRecord:
    """An event as stored, with who recorded it and whether it was voided."""

    id: int
    child_ref: str
    kind: str
    date: date
    details: dict[str, Any]
    recorded_at: datetime
    recorded_by: str
    voids: int | None = None
    reason: str | None = None
    voided_by: int | None = None

    def as_event(self) -> Event:
        return Event(self.id, self.kind, self.date, details_from_json(self.kind, self.details))


def _child(row) -> Child:
    return Child(
        ref=row.ref,
        dob=row.dob,
        name=row.name,
        worker=row.worker,
        team=row.team,
        sibling_group=row.sibling_group,
        uasc=bool(row.uasc),
    )


def insert_child(conn: Connection, child: Child, at: datetime, by: str) -> int:
    values = dict(
        ref=child.ref,
        name=child.name,
        dob=child.dob,
        worker=child.worker,
        team=child.team,
        sibling_group=child.sibling_group,
        uasc=child.uasc,
        recorded_at=at,
        recorded_by=by,
    )
    return conn.execute(insert(child_t).values(**values).returning(child_t.c.id)).scalar_one()


def find_child(conn: Connection, ref: str) -> tuple[int, Child] | None:
    row = conn.execute(select(child_t).where(child_t.c.ref == ref)).first()
    return None if row is None else (row.id, _child(row))


def child_ids(conn: Connection) -> dict[str, int]:
    return {ref: id_ for id_, ref in conn.execute(select(child_t.c.id, child_t.c.ref))}


def _filtered_children(worker: str | None, team: str | None, ref: str | None):
    query = select(child_t)
    if ref is not None:
        query = query.where(child_t.c.ref == ref)
    if worker is not None:
        query = query.where(func.lower(child_t.c.worker) == worker.lower())
    if team is not None:
        query = query.where(func.lower(child_t.c.team) == team.lower())
    return query


def list_children(
    conn: Connection, worker: str | None = None, team: str | None = None
) -> list[Child]:
    rows = conn.execute(_filtered_children(worker, team, None).order_by(child_t.c.ref))
    return [_child(r) for r in rows]


def insert_event(
    conn: Connection,
    child_id: int,
    kind: str,
    day: date,
    details: dict[str, Any],
    at: datetime,
    by: str,
    voids: int | None = None,
    reason: str | None = None,
) -> int:
    values = dict(
        child_id=child_id,
        kind=kind,
        date=day,
        details=details,
        voids=voids,
        reason=reason,
        recorded_at=at,
        recorded_by=by,
    )
    return conn.execute(insert(event_t).values(**values).returning(event_t.c.id)).scalar_one()


def insert_events(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Many events in one statement (executemany)."""
    rows = list(rows)
    if rows:
        conn.execute(insert(event_t), rows)


def utc(moment: datetime) -> datetime:
    """Times are stored in UTC; SQLite hands them back without a zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _records(rows) -> list[EventRecord]:
    rows = list(rows)
    voided_by = {r.voids: r.id for r in rows if r.voids is not None}
    return [
        EventRecord(
            id=r.id,
            child_ref=r.ref,
            kind=r.kind,
            date=r.date,
            details=dict(r.details or {}),
            recorded_at=utc(r.recorded_at),
            recorded_by=r.recorded_by,
            voids=r.voids,
            reason=r.reason,
            voided_by=voided_by.get(r.id),
        )
        for r in rows
    ]


def child_event_records(conn: Connection, child_id: int | None) -> list[EventRecord]:
    """Every row of one child (or of every child, for None), corrections and voided
    events included, in one query."""
    query = select(event_t, child_t.c.ref).join(child_t, child_t.c.id == event_t.c.child_id)
    if child_id is not None:
        query = query.where(event_t.c.child_id == child_id)
    return _records(conn.execute(query.order_by(child_t.c.ref, event_t.c.date, event_t.c.id)))


def find_event(conn: Connection, event_id: int) -> EventRecord | None:
    row = conn.execute(
        select(event_t, child_t.c.ref)
        .join(child_t, child_t.c.id == event_t.c.child_id)
        .where(event_t.c.id == event_id)
    ).first()
    if row is None:
        return None
    voided_by = conn.execute(select(event_t.c.id).where(event_t.c.voids == event_id)).scalar()
    return replace(_records([row])[0], voided_by=voided_by)


def histories(
    conn: Connection,
    ref: str | None = None,
    worker: str | None = None,
    team: str | None = None,
) -> list[tuple[Child, list[Event]]]:
    """Children (filtered) with their standing events: corrections and the events they
    void are left out. Two queries whatever the size of the caseload."""
    children = conn.execute(_filtered_children(worker, team, ref).order_by(child_t.c.ref)).all()
    if not children:
        return []
    wanted = _filtered_children(worker, team, ref).with_only_columns(child_t.c.id)
    query = (
        select(
            event_t.c.child_id,
            event_t.c.id,
            event_t.c.kind,
            event_t.c.date,
            event_t.c.details,
            event_t.c.voids,
        )
        .where(event_t.c.child_id.in_(wanted.scalar_subquery()))
        .order_by(event_t.c.child_id, event_t.c.date, event_t.c.id)
    )
    rows = conn.execute(query).all()
    voided = {r.voids for r in rows if r.voids is not None}
    by_child: dict[int, list[Event]] = {}
    for r in rows:
        if r.kind == CORRECTION or r.id in voided:
            continue
        by_child.setdefault(r.child_id, []).append(
            Event(r.id, r.kind, r.date, details_from_json(r.kind, r.details))
        )
    return [(_child(c), by_child.get(c.id, [])) for c in children]


def get_setting(conn: Connection, key: str) -> str | None:
    return conn.execute(select(setting_t.c.value).where(setting_t.c.key == key)).scalar()


def set_setting(conn: Connection, key: str, value: str, at: datetime, by: str) -> None:
    conn.execute(setting_t.delete().where(setting_t.c.key == key))
    conn.execute(insert(setting_t).values(key=key, value=value, recorded_at=at, recorded_by=by))


def audit(
    conn: Connection,
    at: datetime,
    by: str,
    action: str,
    child_ref: str | None = None,
    record: str | None = None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """One line of the audit trail, in the same transaction as what it records."""
    conn.execute(
        insert(audit_t).values(
            at=at, by=by, action=action, child_ref=child_ref, record=record, reason=reason, detail=detail
        )
    )


def audit_rows(conn: Connection, child_ref: str | None = None, since: datetime | None = None) -> list[dict]:
    query = select(audit_t).order_by(audit_t.c.at, audit_t.c.id)
    if child_ref is not None:
        query = query.where(audit_t.c.child_ref == child_ref)
    if since is not None:
        query = query.where(audit_t.c.at >= since)
    rows = [dict(row._mapping) for row in conn.execute(query)]
    for row in rows:
        row["at"] = utc(row["at"])
    return rows
