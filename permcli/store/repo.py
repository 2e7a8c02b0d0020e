"""Queries. The only place that reads and writes rows; everything returns plain data.

Each statement is written once and runs on SQLite and PostgreSQL (see engine.Conn). A
caseload is read in two set-based queries (children, then their events), never one query
per child.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any, Iterable, Iterator

from ..domain import childfacts
from ..domain.childfacts import Change
from ..domain.events import details_from_json
from ..domain.timeline import Child, Event
from .engine import Conn, as_date, as_json, as_moment

CORRECTION = "correction"

CHILD_COLUMNS = "id, ref, name, dob, worker, team, sibling_group, uasc, expected_birth"
CHANGE_COLUMNS = "id, child_id, field, value, from_day, reason, recorded_at, recorded_by, voids"
EVENT_COLUMNS = 'e.id, c.ref, e.kind, e."date", e.details, e.recorded_at, e.recorded_by, e.voids, e.reason'


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
    _, ref, name, dob, worker, team, sibling_group, uasc, expected = row
    return Child(ref=ref, dob=as_date(dob) if dob is not None else None, name=name, worker=worker, team=team,
                 sibling_group=sibling_group, uasc=bool(uasc),
                 expected_birth=as_date(expected) if expected is not None else None)


def insert_child(conn: Conn, child: Child, at: datetime, by: str) -> int:
    return conn.scalar(
        "INSERT INTO child (ref, name, dob, worker, team, sibling_group, uasc, expected_birth, recorded_at, recorded_by) "
        "VALUES (:ref, :name, :dob, :worker, :team, :sibling_group, :uasc, :expected, :at, :by) RETURNING id",
        dict(ref=child.ref, name=child.name, dob=child.dob, worker=child.worker, team=child.team,
             sibling_group=child.sibling_group, uasc=child.uasc, expected=child.expected_birth, at=at, by=by),
    )


def insert_change(conn: Conn, child_id: int, field: str, value: Any, from_day: date | None, reason: str,
                  at: datetime, by: str) -> int:
    """One change to what is recorded about a child (see domain.childfacts)."""
    return conn.scalar(
        "INSERT INTO child_change (child_id, field, value, from_day, reason, recorded_at, recorded_by) "
        "VALUES (:child_id, :field, :value, :from_day, :reason, :at, :by) RETURNING id",
        dict(child_id=child_id, field=field, value=childfacts.to_text(field, value), from_day=from_day,
             reason=reason, at=at, by=by),
    )


def _change(row) -> Change:
    id_, _, field, value, from_day, reason, at, by, voids = row
    return Change(id_, field, childfacts.from_text(field, value), as_date(from_day) if from_day is not None else None,
                  reason, as_moment(at), by, voids)


def _changes(conn: Conn, where: str, params: dict) -> dict[int, list[Change]]:
    """The changes of the children a WHERE clause on child chooses, by child row ID."""
    chosen = f" WHERE child_id IN (SELECT id FROM child{where})" if where else ""
    found: dict[int, list[Change]] = {}
    for row in conn.execute(f"SELECT {CHANGE_COLUMNS} FROM child_change{chosen} ORDER BY child_id, id", params):
        found.setdefault(row[1], []).append(_change(row))
    return found


def find_child(conn: Conn, ref: str, as_of: date | None = None) -> tuple[int, Child] | None:
    """A child by ID, as recorded on ``as_of`` (None: as things stand now)."""
    row = conn.execute(f"SELECT {CHILD_COLUMNS} FROM child WHERE ref = :ref", {"ref": ref}).fetchone()
    if row is None:
        return None
    changes = _changes(conn, " WHERE ref = :ref", {"ref": ref}).get(row[0], [])
    return row[0], childfacts.child_on(_child(row), changes, as_of)


def record_began(conn: Conn, child_id: int) -> date:
    """The first day of a child's record: when the child was added, or the first event
    recorded for them (an import brings earlier history), whichever is earlier."""
    added, first = conn.execute(
        'SELECT c.recorded_at, (SELECT min("date") FROM event WHERE child_id = c.id) FROM child c WHERE c.id = :id',
        {"id": child_id}).fetchone()
    began = as_moment(added).date()
    return min(began, as_date(first)) if first is not None else began


def child_ids(conn: Conn) -> dict[str, int]:
    return {ref: id_ for id_, ref in conn.execute("SELECT id, ref FROM child")}


@dataclass(frozen=True)
class ChildFilter:
    """Which children: by ID, or by worker, team or sibling group on a day (capitals and
    surrounding space do not matter)."""

    ref: str | None = None
    worker: str | None = None
    team: str | None = None
    sibling_group: str | None = None

    def _wanted(self) -> dict[str, str]:
        return {f: getattr(self, f).strip().lower() for f in ("worker", "team", "sibling_group") if getattr(self, f)}

    def where(self) -> tuple[str, dict]:
        """A WHERE clause on child choosing every child the filter may match: those recorded
        with the value, or changed to it at some time. ``matches`` then decides on the day."""
        terms, params = [], {}
        if self.ref is not None:
            terms.append("ref = :ref")
            params["ref"] = self.ref
        for field, value in self._wanted().items():
            terms.append(f"(lower({field}) = :{field} OR id IN (SELECT child_id FROM child_change "
                         f"WHERE field = '{field}' AND lower(value) = :{field}))")
            params[field] = value
        return (" WHERE " + " AND ".join(terms) if terms else ""), params

    def matches(self, child: Child) -> bool:
        return all((getattr(child, f) or "").strip().lower() == v for f, v in self._wanted().items())


def _chosen_children(conn: Conn, chosen: ChildFilter, as_of: date | None) -> tuple[list[tuple[int, Child]], str, dict]:
    where, params = chosen.where()
    rows = conn.execute(f"SELECT {CHILD_COLUMNS} FROM child{where} ORDER BY id", params).fetchall()
    changes = _changes(conn, where, params) if rows else {}
    children = [(row[0], childfacts.child_on(_child(row), changes.get(row[0], ()), as_of)) for row in rows]
    return [(i, c) for i, c in children if chosen.matches(c)], where, params


def list_children(conn: Conn, chosen: ChildFilter = ChildFilter(), as_of: date | None = None) -> list[Child]:
    children, _, _ = _chosen_children(conn, chosen, as_of)
    return sorted((c for _, c in children), key=lambda c: c.ref)


def insert_event(
    conn: Conn,
    child_id: int,
    kind: str,
    day: date,
    details: dict[str, Any],
    at: datetime,
    by: str,
    voids: int | None = None,
    reason: str | None = None,
) -> int:
    return conn.scalar(
        'INSERT INTO event (child_id, kind, "date", details, voids, reason, recorded_at, recorded_by) '
        "VALUES (:child_id, :kind, :day, :details, :voids, :reason, :at, :by) RETURNING id",
        dict(child_id=child_id, kind=kind, day=day, details=details, voids=voids, reason=reason, at=at, by=by),
    )


def _records(rows) -> list[EventRecord]:
    rows = list(rows)
    voided_by = {r[7]: r[0] for r in rows if r[7] is not None}
    return [
        EventRecord(
            id=id_,
            child_ref=ref,
            kind=kind,
            date=as_date(day),
            details=dict(as_json(details) or {}),
            recorded_at=as_moment(at),
            recorded_by=by,
            voids=voids,
            reason=reason,
            voided_by=voided_by.get(id_),
        )
        for id_, ref, kind, day, details, at, by, voids, reason in rows
    ]


def child_event_records(conn: Conn, child_id: int | None) -> list[EventRecord]:
    """Every row of one child (or of every child, for None), corrections and voided
    events included, in one query."""
    where = " WHERE e.child_id = :child_id" if child_id is not None else ""
    return _records(conn.execute(
        f'SELECT {EVENT_COLUMNS} FROM event e JOIN child c ON c.id = e.child_id{where} ORDER BY c.ref, e."date", e.id',
        {"child_id": child_id} if child_id is not None else {},
    ))


def find_event(conn: Conn, event_id: int) -> EventRecord | None:
    row = conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM event e JOIN child c ON c.id = e.child_id WHERE e.id = :id", {"id": event_id}
    ).fetchone()
    if row is None:
        return None
    voided_by = conn.scalar("SELECT id FROM event WHERE voids = :id", {"id": event_id})
    return replace(_records([row])[0], voided_by=voided_by)


def histories(
    conn: Conn, chosen: ChildFilter = ChildFilter(), as_of: date | None = None
) -> list[tuple[Child, list[Event]]]:
    """Children (filtered, by ID) with their standing events: corrections and the events
    they void are left out."""
    return sorted(iter_histories(conn, chosen, as_of), key=lambda found: found[0].ref)


def iter_histories(
    conn: Conn, chosen: ChildFilter = ChildFilter(), as_of: date | None = None
) -> Iterator[tuple[Child, list[Event]]]:
    """As histories, one child at a time in the order they were added, each child as
    recorded on ``as_of``: three queries whatever the size of the caseload, and only one
    child's events held at once."""
    children, where, params = _chosen_children(conn, chosen, as_of)
    if not children:
        return
    chosen_sql = f" WHERE child_id IN (SELECT id FROM child{where})" if where else ""
    rows = conn.execute(
        f'SELECT child_id, id, kind, "date", details, voids FROM event{chosen_sql} ORDER BY child_id, "date", id', params
    )
    # A caseload repeats a few hundred distinct dates and details many thousand times: each
    # is parsed once (nothing changes an event's details once read).
    days: dict[Any, date] = {}
    parsed: dict[tuple[str, str], dict] = {}

    def standing(group) -> list[Event]:
        group = list(group)
        voided = {r[5] for r in group if r[5] is not None}  # a correction is the child's own
        events = []
        for _, id_, kind, day, details, _ in group:
            if kind == CORRECTION or id_ in voided:
                continue
            if day not in days:
                days[day] = as_date(day)
            if isinstance(details, str):
                key = (kind, details)
                if key not in parsed:
                    parsed[key] = details_from_json(kind, as_json(details))
                values = parsed[key]
            else:
                values = details_from_json(kind, details)
            events.append(Event(id_, kind, days[day], values))
        return events

    groups = groupby(rows, key=itemgetter(0))
    pending = next(groups, None)
    for child_id, child in children:
        while pending is not None and pending[0] < child_id:
            pending = next(groups, None)
        events: list[Event] = []
        if pending is not None and pending[0] == child_id:
            events = standing(pending[1])
            pending = next(groups, None)
        yield child, events


def get_setting(conn: Conn, key: str) -> str | None:
    return conn.scalar('SELECT "value" FROM setting WHERE "key" = :key', {"key": key})


def set_setting(conn: Conn, key: str, value: str, at: datetime, by: str) -> None:
    conn.execute('DELETE FROM setting WHERE "key" = :key', {"key": key})
    conn.execute(
        'INSERT INTO setting ("key", "value", recorded_at, recorded_by) VALUES (:key, :value, :at, :by)',
        {"key": key, "value": value, "at": at, "by": by},
    )


def audit(
    conn: Conn,
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
        'INSERT INTO audit ("at", "by", "action", child_ref, "record", reason, detail) '
        "VALUES (:at, :by, :action, :child_ref, :record, :reason, :detail)",
        dict(at=at, by=by, action=action, child_ref=child_ref, record=record, reason=reason, detail=detail),
    )


AUDIT_KEYS = ("id", "at", "by", "db_role", "action", "child_ref", "record", "reason", "detail")


def audit_rows(conn: Conn, child_ref: str | None = None, since: datetime | None = None,
               action: str | None = None) -> list[dict]:
    terms, params = [], {}
    if action is not None:
        terms.append('"action" = :action')
        params["action"] = action
    if child_ref is not None:
        terms.append("child_ref = :child_ref")
        params["child_ref"] = child_ref
    if since is not None:
        terms.append('"at" >= :since')
        params["since"] = since
    where = " WHERE " + " AND ".join(terms) if terms else ""
    columns = ", ".join(f'"{k}"' for k in AUDIT_KEYS)
    rows = [dict(zip(AUDIT_KEYS, r)) for r in conn.execute(f'SELECT {columns} FROM audit{where} ORDER BY "at", id', params)]
    for row in rows:
        row["at"] = as_moment(row["at"])
        row["detail"] = as_json(row["detail"])
    return rows


def purge_children(conn: Conn, child_ids: list[int]) -> int:
    """Delete children and every row about them (corrections first). The append-only
    triggers allow it only for the children listed in the purge table meanwhile, and allow
    audit lines to be rewritten only then (see rewrite_audit). Returns how many events are
    left behind (none, or the purge must not stand)."""
    marks = ", ".join(f":c{i}" for i in range(len(child_ids)))
    params = {f"c{i}": child_id for i, child_id in enumerate(child_ids)}
    conn.executemany("INSERT INTO purge (child_id) VALUES (:child_id)", [{"child_id": c} for c in child_ids])
    for table in ("event", "child_change"):  # what voids another row goes first
        conn.execute(f"DELETE FROM {table} WHERE voids IS NOT NULL AND child_id IN ({marks})", params)
        conn.execute(f"DELETE FROM {table} WHERE child_id IN ({marks})", params)
    conn.execute(f"DELETE FROM child WHERE id IN ({marks})", params)
    return conn.scalar(f"SELECT count(*) FROM event WHERE child_id IN ({marks})", params)


def end_purge(conn: Conn, child_ids: list[int]) -> None:
    marks = ", ".join(f":c{i}" for i in range(len(child_ids)))
    conn.execute(f"DELETE FROM purge WHERE child_id IN ({marks})", {f"c{i}": c for i, c in enumerate(child_ids)})


def audit_mentioning(conn: Conn, refs: list[str]) -> list[dict]:
    """Audit lines about these children, or whose text may name one of them (a superset:
    the caller decides on each)."""
    terms, params = [], {}
    for i, ref in enumerate(refs):
        params[f"r{i}"] = ref
        params[f"p{i}"] = f"%{ref}%"
        terms.append(f"child_ref = :r{i} OR \"record\" LIKE :p{i} OR reason LIKE :p{i} OR CAST(detail AS TEXT) LIKE :p{i}")
    columns = ", ".join(f'"{k}"' for k in AUDIT_KEYS)
    found = conn.execute(f"SELECT {columns} FROM audit WHERE {' OR '.join(terms)} ORDER BY id", params)
    rows = [dict(zip(AUDIT_KEYS, r)) for r in found]
    for row in rows:
        row["detail"] = as_json(row["detail"])
    return rows


def rewrite_audit(conn: Conn, audit_id: int, action: str, child_ref: str | None, record: str | None,
                  reason: str | None, detail: dict | None) -> None:
    """Rewrite one audit line in place: only a purge may (the database refuses otherwise),
    and the line keeps its number, so the trail has no gap."""
    conn.execute(
        'UPDATE audit SET "action" = :action, child_ref = :child_ref, "record" = :record, reason = :reason, '
        "detail = :detail WHERE id = :id",
        dict(id=audit_id, action=action, child_ref=child_ref, record=record, reason=reason, detail=detail),
    )


def insert_events(conn: Conn, rows: Iterable[dict[str, Any]]) -> None:
    """Many events in one statement (executemany): child_id, kind, day, details, at, by."""
    conn.executemany(
        'INSERT INTO event (child_id, kind, "date", details, recorded_at, recorded_by) '
        "VALUES (:child_id, :kind, :day, :details, :at, :by)",
        rows,
    )
