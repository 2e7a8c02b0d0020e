"""What can be read about a database's soundness: the facts `perm db check` and `perm db
restore` judge, for the live database or for a candidate file opened read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .engine import Conn, as_moment


@dataclass(frozen=True)
class Facts:
    dialect: str
    tables: frozenset[str]
    version: str | None
    triggers: frozenset[str]
    integrity: tuple[str, ...] = ("ok",)  # SQLite's integrity_check
    broken_links: int = 0  # SQLite's foreign_key_check
    unreadable: tuple[str, ...] = ()  # rows whose JSON cannot be read: "event 12"
    audit_rows: int = 0
    audit_first: int | None = None
    audit_last: int | None = None
    audit_latest: datetime | None = None  # the newest audit line's time
    event_latest: datetime | None = None  # the newest event's recording time
    event_count: int = 0


def facts(conn: Conn) -> Facts:
    """Everything health checks need, in a few queries."""
    sqlite = conn.dialect == "sqlite"
    if sqlite:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    else:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        triggers = {r[0] for r in conn.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    base = dict(dialect=conn.dialect, tables=frozenset(tables), triggers=frozenset(triggers),
                version=conn.scalar("SELECT version_num FROM alembic_version") if "alembic_version" in tables else None)
    if sqlite:
        base["integrity"] = tuple(r[0] for r in conn.execute("PRAGMA integrity_check"))
        base["broken_links"] = len(conn.execute("PRAGMA foreign_key_check").fetchall())
    if "event" not in tables:
        return Facts(**base)
    unreadable: list[str] = []
    if sqlite:  # PostgreSQL's json columns cannot hold anything else
        unreadable += [f"event {r[0]}" for r in conn.execute(
            "SELECT id FROM event WHERE json_valid(details) = 0 OR json_type(details) != 'object' ORDER BY id LIMIT 5")]
        if "audit" in tables:
            unreadable += [f"audit line {r[0]}" for r in conn.execute(
                "SELECT id FROM audit WHERE detail IS NOT NULL AND json_valid(detail) = 0 ORDER BY id LIMIT 5")]
    base.update(unreadable=tuple(unreadable))
    count, latest = conn.execute("SELECT count(*), max(recorded_at) FROM event").fetchone()
    base.update(event_count=count, event_latest=as_moment(latest) if latest is not None else None)
    if "audit" in tables:
        rows, first, last, at = conn.execute('SELECT count(*), min(id), max(id), max("at") FROM audit').fetchone()
        base.update(audit_rows=rows, audit_first=first, audit_last=last,
                    audit_latest=as_moment(at) if at is not None else None)
    return Facts(**base)
