"""Reading files into an intake: the SSDA903 return, a plain events CSV with its children
CSV, and perm's own exports (JSON, or the CSV files of a folder). Nothing here touches the
database: app/importer.py checks an intake against it and writes what holds."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..domain import childfacts
from ..domain.children import clean_child, clean_ref
from ..domain.errors import PermError
from ..domain.events import KINDS, event_id, parse_date
from ..domain.intake import Candidate, ImportReport, Intake, Row, Where
from ..domain.text import clean_text
from ..store import repo
from .context import Context
from .csvfiles import read_table

CHILD_COLUMNS = ("child", "name", "dob", "worker", "team", "sibling_group", "uasc", "expected_birth")
# A change to a child's details since first recorded, as `perm export` writes it.
CHANGE_COLUMNS = ("child", "field", "value", "from", "reason", "recorded_at", "recorded_by")
EVENT_COLUMNS = ("child", "kind", "date")
DETAIL_COLUMNS = tuple(sorted({f.name for k in KINDS.values() for f in k.fields}))
# What an export adds to an events file so that it imports back without loss.
EXPORT_COLUMNS = ("id", "voids", "correction_reason", "voided_by", "recorded_at", "recorded_by")
CORRECTION = repo.CORRECTION


def _flag(text: str | bool | None) -> bool:
    if isinstance(text, bool):
        return text
    return (text or "").strip().lower() in ("1", "yes", "true", "y")


def children_from_rows(intake: Intake, name: str, rows: list[Row], as_of: date) -> None:
    for row in rows:
        intake.rows[name] += 1
        where = Where(name, row.line)
        v = row.values
        if row.problem:
            intake.reject(where, v.get("child") or None, row.problem)
            continue
        try:
            child = clean_child(v.get("child"), v.get("name"), v.get("dob"), as_of, v.get("worker"), v.get("team"),
                                v.get("sibling_group"), _flag(v.get("uasc")), name_required=False,
                                expected_birth=v.get("expected_birth"))
        except PermError as exc:
            intake.reject(where, v.get("child") or None, str(exc))
            continue
        intake.children.append((child, where))


def changes_from_rows(intake: Intake, name: str, rows: list[Row]) -> None:
    """Rows of changes to children, as an export writes them: the child, the detail, its new
    value, from which day (empty: a correction for the whole record), why, who and when."""
    for row in rows:
        intake.rows[name] += 1
        where = Where(name, row.line)
        v = row.values
        try:
            ref = clean_ref(v.get("child"))
            if row.problem:
                raise PermError(row.problem)
            field = (clean_text(v.get("field"), "field") or "").replace(" ", "_")
            if field not in childfacts.FIELDS:
                raise PermError(f"field: {field!r} is not a detail of a child ({', '.join(childfacts.FIELDS)})")
            value = clean_text(v.get("value"), "value", limit=200)
            if field == "uasc" and value not in ("yes", "no"):
                raise PermError("value: UASC is yes or no")
            if field in ("dob", "expected_birth") and value is not None:
                value = parse_date(value, "value").isoformat()
            from_day = parse_date(v["from"], "from") if v.get("from") not in (None, "") else None
            if (from_day is None) != (field in childfacts.CORRECTIONS):
                raise PermError(f"from: a change of {childfacts.WORDS[field]} " +
                                ("is for the whole record, with no day" if from_day else "needs the day it applies from"))
            change = childfacts.Change(0, field, childfacts.from_text(field, value), from_day,
                                       clean_text(v.get("reason"), "reason", limit=500, required=True),
                                       _moment(v.get("recorded_at")),
                                       clean_text(v.get("recorded_by"), "recorded_by", limit=100))
        except PermError as exc:
            intake.reject(where, (v.get("child") or None) if isinstance(v.get("child"), str) else None, str(exc))
            continue
        intake.changes.append((ref, change, where))


def events_from_rows(intake: Intake, name: str, rows: list[Row]) -> None:
    """Rows of an events file: child, kind, date, the details of that kind, and the columns
    an export adds (original ID, what a correction voids and why, who recorded it when)."""
    for row in rows:
        intake.rows[name] += 1
        where = Where(name, row.line)
        v = row.values
        child = v.get("child")
        child = (child.strip() or None) if isinstance(child, str) else None
        if row.problem:
            intake.reject(where, child, row.problem)
            continue
        try:
            intake.events.append(_candidate(v, where))
        except PermError as exc:
            intake.reject(where, child, str(exc))


def _candidate(v: dict[str, Any], where: Where) -> Candidate:
    kind = clean_text(v.get("kind"), "kind") or ""
    if not v.get("child"):
        raise PermError("child is empty")
    ref = clean_ref(v.get("child"))
    day = parse_date(v.get("date"), "date")
    original = _int(v.get("id"), "id")
    recorded_at = _moment(v.get("recorded_at"))
    recorded_by = clean_text(v.get("recorded_by"), "recorded_by", limit=100)
    if kind == CORRECTION:
        voids = _int(v.get("voids"), "voids")
        if voids is None:
            raise PermError("a correction needs voids: the ID of the event it voids")
        reason = clean_text(v.get("correction_reason") or v.get("reason"), "correction_reason", limit=500)
        return Candidate(ref, kind, day, {}, where, original, voids, reason, recorded_at, recorded_by)
    if kind not in KINDS:
        raise PermError(f"unknown event kind {kind!r}")
    allowed = {f.name for f in KINDS[kind].fields}
    stray = [c for c in DETAIL_COLUMNS if v.get(c) not in (None, "", "no", False) and c not in allowed]
    if stray:
        raise PermError(f"column {stray[0]!r} does not apply to {kind} events")
    raw = {c: v[c] for c in allowed if v.get(c) not in (None, "")}
    return Candidate(ref, kind, day, raw, where, original, None, None, recorded_at, recorded_by)


def _int(value: Any, what: str) -> int | None:
    if value in (None, ""):
        return None
    return event_id(value, what)


def _moment(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise PermError(f"recorded_at: {str(value)[:40]!r} is not a date and time") from None


def read_events_file(path: Path, children: Path | None, as_of: date, changes: Path | None = None) -> Intake:
    """A plain events CSV (with a children CSV, and the changes to them an export wrote), or
    a JSON export of perm."""
    intake = Intake()
    if path.suffix.lower() == ".json":
        _read_json(intake, path, as_of)
        return intake
    if changes is not None and children is None:
        raise PermError("--changes: give the children file they change with --children")
    if children is not None:
        children_from_rows(intake, str(children), read_table(children, CHILD_COLUMNS[:3], CHILD_COLUMNS[3:]), as_of)
    if changes is not None:
        changes_from_rows(intake, str(changes), read_table(changes, CHANGE_COLUMNS[:5], CHANGE_COLUMNS[5:]))
    events_from_rows(intake, str(path), read_table(path, EVENT_COLUMNS, DETAIL_COLUMNS + EXPORT_COLUMNS))
    return intake


def _read_json(intake: Intake, path: Path, as_of: date) -> None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise PermError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PermError(f"{path}: not a JSON export of perm ({type(exc).__name__})") from None
    except RecursionError:
        raise PermError(f"{path}: not a JSON export of perm (nested too deeply)") from None
    if not isinstance(data, dict) or not isinstance(data.get("children"), list) or not isinstance(data.get("events"), list):
        raise PermError(f"{path}: not a JSON export of perm (children and events)")
    name = str(path)
    children, changes = [], []
    for i, c in enumerate(data["children"], start=1):
        if isinstance(c, dict) and "changes" in c:
            c = dict(c)
            listed = c.pop("changes")
            if not isinstance(listed, list):
                children.append(Row(i, {}, "changes: not a list"))
                continue
            changes += [{**x, "child": c.get("child")} if isinstance(x, dict) else x for x in listed]
        children.append(_json_row(i, c))
    children_from_rows(intake, f"{name} children", children, as_of)
    changes_from_rows(intake, f"{name} changes", [_json_row(i, c) for i, c in enumerate(changes, start=1)])
    event_rows = []
    for i, e in enumerate(data["events"], start=1):
        if isinstance(e, dict):
            details = e.get("details") or {}
            flat = {k: v for k, v in e.items() if k not in ("details", "reason")}
            flat.update(details if isinstance(details, dict) else {"details": details})
            flat["correction_reason"] = e.get("reason")
            e = flat
        event_rows.append(_json_row(i, e))
    events_from_rows(intake, f"{name} events", event_rows)


def _json_row(number: int, value: Any) -> Row:
    """An object of a JSON export as a row of cells, as a CSV file would give it: numbers
    become their text, and anything that is not a plain value is the row's problem."""
    if not isinstance(value, dict):
        return Row(number, {}, "not an object")
    cells: dict[str, Any] = {}
    for key, cell in value.items():
        if cell is None:
            cell = ""
        elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
            cell = str(cell)
        elif not isinstance(cell, (str, bool)):
            return Row(number, {k: v for k, v in value.items() if isinstance(v, str)}, f"{str(key)[:40]}: not a plain value")
        cells[str(key)] = cell
    return Row(number, cells)


# -- checking an intake against the database and writing it -----------------------------------


def caseload_files(ctx: Context, children: Path, events: list[Path], strict: bool = True) -> ImportReport:
    """The demo's (and any clean caseload's) children file and event files, all or nothing."""
    intake = Intake()
    children_from_rows(intake, str(children), read_table(children, CHILD_COLUMNS[:3], CHILD_COLUMNS[3:]), ctx.as_of)
    for path in events:
        events_from_rows(intake, str(path), read_table(path, EVENT_COLUMNS, DETAIL_COLUMNS + EXPORT_COLUMNS))
    from .importer import import_intake

    return import_intake(ctx, intake, strict=strict, action="import.caseload")


def read_ssda903(header: Path, episodes: Path, reviews: Path, placed: Path | None, uasc: Path | None, as_of: date) -> Intake:
    """The SSDA903 files, columns found by name (other columns are left alone)."""
    from ..domain import ssda903

    def table(path: Path, required: tuple[str, ...]):
        return str(path), read_table(path, required, loose=True)

    return ssda903.read(
        table(header, ssda903.HEADER),
        table(episodes, ssda903.EPISODES),
        table(reviews, ssda903.REVIEWS),
        table(placed, ssda903.PLACED) if placed else None,
        table(uasc, ssda903.UASC) if uasc else None,
        as_of,
    )
