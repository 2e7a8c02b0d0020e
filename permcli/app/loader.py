"""Loading a caseload from two plain CSV files: children, and their events.

children.csv: child,name,dob,worker,team,sibling_group,uasc
events.csv:   child,kind,date, then one column per detail (legal_status, placement, type,
              plan, end_date, panel, outcome, reason, disrupted, status), blank where a
              detail does not apply.

Every row is checked exactly as `perm child add` and `perm record` check it; one bad row
stops the load with its file and line, and nothing is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..domain.children import clean_child
from ..domain.errors import PermError
from ..domain.events import KINDS, check_event, details_to_json, kind, parse_date
from ..domain.rules import Policy
from ..domain.timeline import Child, Event, Timeline
from ..store import repo
from ..store.engine import transaction, write_attempts
from . import policies
from .context import Context
from .panels import check_panel_details

CHILD_COLUMNS = ("child", "name", "dob", "worker", "team", "sibling_group", "uasc")
EVENT_COLUMNS = ("child", "kind", "date")
DETAIL_COLUMNS = tuple(sorted({f.name for k in KINDS.values() for f in k.fields}))


@dataclass(frozen=True)
class Loaded:
    children: int
    events: int


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(line number, row) for each data row; a clear error for an unreadable file or header."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PermError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PermError(f"{path}: not UTF-8 text") from None
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise PermError(f"{path}: the file is empty") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise PermError(f"{path}:1: missing column {missing[0]!r}")
    unknown = [c for c in header if c not in required + optional]
    if unknown:
        raise PermError(f"{path}:1: unknown column {unknown[0]!r}")
    rows = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise PermError(f"{path}:{line}: expected {len(header)} values, found {len(values)}")
        rows.append((line, dict(zip(header, (v.strip() for v in values)))))
    return rows


def _flag(text: str) -> bool:
    return text.lower() in ("1", "yes", "true", "y")


def load_caseload(ctx: Context, children_path: Path, event_paths: list[Path]) -> Loaded:
    """Children from one file and their events from one or more files, all or nothing."""
    with transaction(ctx.engine(), write=False) as conn:
        policy = policies.active(conn)
    children: dict[str, Child] = {}
    for line, row in read_rows(children_path, CHILD_COLUMNS[:3], CHILD_COLUMNS[3:]):
        try:
            child = clean_child(
                row["child"], row["name"], row["dob"], ctx.as_of,
                row.get("worker"), row.get("team"), row.get("sibling_group"), _flag(row.get("uasc", "")),
            )
        except PermError as exc:
            raise PermError(f"{children_path}:{line}: {exc}") from None
        if child.ref in children:
            raise PermError(f"{children_path}:{line}: child {child.ref} appears twice")
        children[child.ref] = child

    # Each event's id is its place in the files, so same-day events keep the files' order.
    events: dict[str, list[Event]] = {}
    where: dict[int, str] = {}
    for path in event_paths:
        for line, row in read_rows(path, EVENT_COLUMNS, DETAIL_COLUMNS):
            seq = len(where) + 1
            try:
                event = _event(row, children, ctx, seq, policy)
            except PermError as exc:
                raise PermError(f"{path}:{line}: {exc}") from None
            events.setdefault(row["child"], []).append(event)
            where[seq] = f"{path}:{line}"

    for ref, standing in events.items():
        problems = Timeline(children[ref], standing).problems
        if problems:
            raise PermError(f"{where[problems[0].event_id]}: {problems[0].message}")

    now, by = ctx.now(), ctx.by
    for attempt in write_attempts(ctx.engine()):
        with attempt as conn:
            existing = repo.child_ids(conn)
            for ref, child in children.items():
                if ref in existing:
                    raise PermError(f"{children_path}: a child with ID {ref} already exists")
                existing[ref] = repo.insert_child(conn, child, now, by)
            repo.insert_events(
                conn,
                (
                    dict(
                        child_id=existing[ref],
                        kind=e.kind,
                        date=e.date,
                        details=details_to_json(e.details),
                        voids=None,
                        reason=None,
                        recorded_at=now,
                        recorded_by=by,
                    )
                    for ref, standing in events.items()
                    for e in sorted(standing, key=lambda e: (e.date, e.id))
                ),
            )
            loaded = Loaded(len(children), sum(len(v) for v in events.values()))
            repo.audit(conn, now, by, "import.caseload", detail={
                "files": [str(children_path), *map(str, event_paths)], "children": loaded.children, "events": loaded.events,
            })
    return loaded


def _event(row: dict, children: dict[str, Child], ctx: Context, seq: int, policy: Policy) -> Event:
    ref = row["child"]
    child = children.get(ref)
    if child is None:
        raise PermError(f"child {ref!r} is not in the children file")
    spec = kind(row["kind"])
    allowed = {f.name for f in spec.fields}
    stray = [c for c in DETAIL_COLUMNS if row.get(c) and c not in allowed]
    if stray:
        raise PermError(f"column {stray[0]!r} does not apply to {spec.name} events")
    day = parse_date(row["date"], "date")
    raw = {c: row[c] for c in allowed if row.get(c)}
    spec, details = check_event(ref, child.dob, spec.name, day, raw, ctx.as_of)
    check_panel_details(policy, spec.name, details)
    return Event(seq, spec.name, day, details)
