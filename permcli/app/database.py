"""Looking after the database: backups, restoring one, and checking it.

One check serves `perm db check` on the live database and `perm db restore` on a candidate
file: a backup is restored only if it would pass the same check the live database is held
to (for its own schema version), so a tampered or broken copy never replaces a sound one.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import PermError
from ..domain.timeline import Timeline
from ..store import health, repo
from ..store.backup import backup_sqlite, fresh_file
from ..store.engine import Conn, SQLiteConn, run_write, transaction
from ..store.schema import HEAD, REVISIONS, expected_triggers
from . import policies
from .context import Context


def sqlite_path(ctx: Context) -> Path:
    if ctx.location.path is None:
        raise PermError("this works on an SQLite file; for PostgreSQL use pg_dump and pg_restore")
    return ctx.location.path


# -- backups ----------------------------------------------------------------------------


def backup(ctx: Context, dest: str | None) -> Path:
    """A consistent copy of the database (SQLite's online backup API, safe while others
    write), readable by its owner only, checked before perm reports success."""
    path = sqlite_path(ctx)
    if dest:
        target = Path(dest).expanduser().resolve()
        if target.exists():
            raise PermError(f"{target} already exists: perm does not overwrite a file with a backup")
        if not target.parent.is_dir():
            raise PermError(f"no folder {target.parent}")
    else:
        target = None
    engine = ctx.engine()
    target = backup_sqlite(engine, target or fresh_file(path.with_name(f"{path.stem}.backup")))
    problems = [f for f in inspect_file(target) if not f.ok]
    if problems:
        target.unlink(missing_ok=True)
        raise PermError(f"the backup failed its checks ({problems[0].detail}) and was removed")
    run_write(engine, lambda conn: repo.audit(conn, ctx.now(), ctx.by, "db.backup", detail={"to": str(target)}))
    return target


def restore(ctx: Context, source: str) -> tuple[Path, Path]:
    """Replace the database with a backup that passes the full check. The database as it
    was is kept beside it first. Returns (restored from, safety copy)."""
    path = sqlite_path(ctx)
    origin = Path(source).expanduser().resolve()
    if origin == path:
        raise PermError("that is the database itself")
    problems = [f for f in inspect_file(origin) if not f.ok]
    if problems:
        raise PermError(f"{origin} is not restored: {problems[0].detail}")
    engine = ctx.engine()
    safety = backup_sqlite(engine, fresh_file(path.with_name(f"{path.stem}.before-restore")))
    engine.dispose()
    src = sqlite3.connect(f"{origin.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(path, timeout=60)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    ctx.close()
    # Opening the restored file upgrades an older backup.
    run_write(ctx.engine(), lambda conn: repo.audit(
        conn, ctx.now(), ctx.by, "db.restore", detail={"from": str(origin), "kept": str(safety)}))
    return origin, safety


# -- checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str


def check(ctx: Context) -> list[Finding]:
    """Everything perm can check about its database, each as ok or not."""
    with transaction(ctx.engine(), write=False) as conn:
        findings = inspect(conn, live=True)
    if ctx.location.path is not None:
        loose = [p.name for p in _files(ctx.location.path) if stat.S_IMODE(os.stat(p).st_mode) & 0o077]
        findings.append(Finding("file modes", not loose, "owner only" if not loose else f"readable by others: {', '.join(loose)}"))
    return findings


def inspect_file(path: Path) -> list[Finding]:
    """The check of a database file that is not open: read-only, whatever is in it."""
    if not path.is_file():
        return [Finding("file", False, f"no file at {path}")]
    try:
        raw = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [Finding("file", False, f"cannot open it: {exc}")]
    try:
        raw.execute("BEGIN")
        return inspect(SQLiteConn(raw), live=False)
    except sqlite3.DatabaseError as exc:
        reason = "it is not an SQLite database" if "not a database" in str(exc) else f"cannot read it: {str(exc)[:100]}"
        return [Finding("file", False, reason)]
    finally:
        raw.close()


def inspect(conn: Conn, live: bool) -> list[Finding]:
    """The checks, first problem first. ``live``: the database perm has open, which must be
    at the newest schema; a candidate file may be older (it is upgraded when restored)."""
    facts = health.facts(conn)
    out: list[Finding] = []
    if facts.dialect == "sqlite":
        out.append(Finding("integrity", facts.integrity == ("ok",), "; ".join(facts.integrity[:3])))
        out.append(Finding("foreign keys", not facts.broken_links,
                           f"{facts.broken_links} rows point at missing records" if facts.broken_links else "ok"))
    if not {"child", "event", "alembic_version"} <= facts.tables:
        return out + [Finding("schema", False, "it is not a perm database")]
    version = facts.version
    if live:
        out.append(Finding("schema", version == HEAD, f"version {version}" + ("" if version == HEAD else f", expected {HEAD}")))
    else:
        known = version in REVISIONS
        out.append(Finding("schema", known, f"version {version}" if known
                           else f"schema version {version} is not one this perm knows (up to {HEAD})"))
        if not known:
            return out
    missing = sorted(expected_triggers(version, facts.dialect) - facts.triggers)
    out.append(Finding("append-only", not missing, f"append-only triggers missing: {', '.join(missing)}" if missing else "ok"))
    out.append(Finding("readable", not facts.unreadable,
                       f"details that are not JSON: {', '.join(facts.unreadable)}" if facts.unreadable else "ok"))
    out.append(_audit_finding(facts, version))
    ref = repo.get_setting(conn, policies.SETTING) or policies.DEFAULT_POLICY
    try:
        policy = policies.load(ref)
        out.append(Finding("policy", True, f"{policy.id} ({policy.path})"))
    except PermError as exc:
        out.append(Finding("policy", False, str(exc)))
    if facts.unreadable:
        return out  # the histories cannot be read
    found = repo.histories(conn)
    problems = [p.message for child, events in found for p in Timeline(child, events).problems]
    out.append(Finding(
        "histories", not problems,
        f"{len(found)} children, no contradictions" if not problems
        else f"{len(problems)} contradiction{'' if len(problems) == 1 else 's'} in the histories; first: {problems[0]}",
    ))
    return out


def _audit_finding(facts: health.Facts, version: str) -> Finding:
    """The audit trail is continuous: on SQLite its lines are numbered without a gap from 1
    (purges rewrite lines, they never remove one); on both, nothing was recorded after its
    last line. (PostgreSQL numbers can skip after a rolled-back transaction.)"""
    if version in REVISIONS and REVISIONS.index(version) < REVISIONS.index("0003"):
        return Finding("audit", True, "no audit trail before schema 0003")
    if facts.dialect == "sqlite" and facts.audit_rows and (
        facts.audit_first != 1 or facts.audit_last - facts.audit_first + 1 != facts.audit_rows
    ):
        gone = facts.audit_last - facts.audit_rows
        return Finding("audit", False, f"the audit trail has lost {gone} lines (numbered 1 to {facts.audit_last}, {facts.audit_rows} kept)")
    if facts.event_latest is not None and facts.audit_latest is not None and facts.event_latest > facts.audit_latest:
        return Finding("audit", False, "events were recorded after the last line of the audit trail: lines are missing")
    return Finding("audit", True, f"{facts.audit_rows} lines" if facts.audit_rows else "empty")


def _files(path: Path) -> list[Path]:
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]
