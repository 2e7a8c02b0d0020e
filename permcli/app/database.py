"""Looking after the database: backups, restoring one, checking it, and retention.

Records of a looked-after child are kept until the 75th anniversary of the child's birth
(Care Planning, Placement and Case Review (England) Regulations 2010 reg 50). perm lists
who is past that date; it deletes nothing unless a command names the children.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..domain.calendar import birthday
from ..domain.children import clean_ref, clean_text
from ..domain.errors import PermError
from ..domain.timeline import Timeline
from ..store import repo
from ..store.backup import backup_sqlite
from ..store.engine import run_write, transaction
from ..store.schema import HEAD, REVISIONS
from . import policies
from .context import Context

RETENTION_YEARS = 75


def _sqlite_path(ctx: Context) -> Path:
    if ctx.location.path is None:
        raise PermError("this works on an SQLite file; for PostgreSQL use pg_dump and pg_restore")
    return ctx.location.path


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


# -- backups ----------------------------------------------------------------------------


def backup(ctx: Context, dest: str | None) -> Path:
    """A consistent copy of the database (SQLite's online backup API, safe while others
    write), readable by its owner only, checked before perm reports success."""
    path = _sqlite_path(ctx)
    target = Path(dest).expanduser().resolve() if dest else path.with_name(f"{path.stem}.backup-{_stamp()}.db")
    if target.exists():
        raise PermError(f"{target} already exists: perm does not overwrite a file with a backup")
    if not target.parent.is_dir():
        raise PermError(f"no folder {target.parent}")
    engine = ctx.engine()
    backup_sqlite(engine, target)
    problems = file_problems(target)
    if problems:
        target.unlink(missing_ok=True)
        raise PermError(f"the backup failed its checks ({problems[0]}) and was removed")
    run_write(engine, lambda conn: repo.audit(conn, ctx.now(), ctx.by, "db.backup", detail={"to": str(target)}))
    return target


def file_problems(path: Path) -> list[str]:
    """What is wrong with a database file, checked read-only: empty when it is a sound perm
    database of a schema this perm knows."""
    if not path.is_file():
        return [f"no file at {path}"]
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"cannot open it: {exc}"]
    try:
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError:
            return ["it is not an SQLite database"]
        problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity[0]}"]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"child", "event", "alembic_version"} <= tables:
            return problems + ["it is not a perm database"]
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone() or (None,)
        if version not in REVISIONS:
            problems.append(f"schema version {version} is not one this perm knows (up to {HEAD})")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            problems.append(f"foreign_key_check: {len(broken)} rows point at missing records")
        return problems
    finally:
        conn.close()


def restore(ctx: Context, source: str) -> tuple[Path, Path]:
    """Replace the database with a backup that passes the checks. The database as it was
    is kept beside it first. Returns (restored from, safety copy)."""
    path = _sqlite_path(ctx)
    origin = Path(source).expanduser().resolve()
    if origin == path:
        raise PermError("that is the database itself")
    problems = file_problems(origin)
    if problems:
        raise PermError(f"{origin} is not restored: {problems[0]}")
    engine = ctx.engine()
    safety = path.with_name(f"{path.stem}.before-restore-{_stamp()}.db")
    backup_sqlite(engine, safety)
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
    engine = ctx.engine()
    findings: list[Finding] = []
    sqlite = ctx.location.path is not None
    with transaction(engine, write=False) as conn:
        if sqlite:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            findings.append(Finding("integrity", integrity == ["ok"], "; ".join(integrity[:3])))
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            findings.append(Finding("foreign keys", not broken, f"{len(broken)} rows point at missing records" if broken else "ok"))

        listed = "SELECT name FROM sqlite_master WHERE type = 'trigger'" if sqlite else (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        )
        triggers = {r[0] for r in conn.execute(listed)}
        wanted = {"event_no_update", "event_no_delete", "audit_no_update", "audit_no_delete", "child_no_delete"}
        missing = sorted(wanted - triggers)
        findings.append(Finding("append-only", not missing, f"missing triggers: {', '.join(missing)}" if missing else "ok"))
        version = conn.scalar("SELECT version_num FROM alembic_version")
        findings.append(Finding("schema", version == HEAD, f"version {version}" + ("" if version == HEAD else f", expected {HEAD}")))
        ref = repo.get_setting(conn, policies.SETTING) or policies.DEFAULT_POLICY
        try:
            policy = policies.load(ref)
            findings.append(Finding("policy", True, f"{policy.id} ({policy.path})"))
        except PermError as exc:
            findings.append(Finding("policy", False, str(exc)))
        found = repo.histories(conn)
    problems = [p.message for child, events in found for p in Timeline(child, events).problems]
    findings.append(Finding(
        "histories", not problems,
        f"{len(found)} children, no contradictions" if not problems else f"{len(problems)} contradictions; first: {problems[0]}",
    ))
    if sqlite:
        loose = [p.name for p in _files(ctx.location.path) if stat.S_IMODE(os.stat(p).st_mode) & 0o077]
        findings.append(Finding("file modes", not loose, "owner only" if not loose else f"readable by others: {', '.join(loose)}"))
    return findings


def _files(path: Path) -> list[Path]:
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


# -- retention ---------------------------------------------------------------------------


def retention(ctx: Context) -> list[dict]:
    """Children whose records are past the retention date (the 75th anniversary of birth)."""
    with transaction(ctx.engine(), write=False) as conn:
        children = repo.list_children(conn)
    rows = []
    for child in children:
        until = birthday(child.dob, RETENTION_YEARS)
        if until <= ctx.as_of:
            rows.append({"child": child.ref, "kept_until": until.isoformat()})
    return rows


def purge(ctx: Context, refs: list[str], reason: str | None) -> list[str]:
    """Delete the named children past retention, with all their events, in one transaction.
    The audit trail keeps a line for each (child ID, who, when, why)."""
    reason = clean_text(reason, "--reason", limit=500, required=True)
    wanted = [clean_ref(r) for r in refs]
    if not wanted:
        raise PermError("name the children to delete")

    def work(conn) -> list[str]:
        ids = {}
        for ref in wanted:
            found = repo.find_child(conn, ref)
            if found is None:
                raise PermError(f"unknown child {ref}")
            child_id, child = found
            until = birthday(child.dob, RETENTION_YEARS)
            if until > ctx.as_of:
                raise PermError(f"{ref} is kept until {until}: records are kept until the 75th anniversary of birth")
            ids[ref] = child_id
        if repo.purge_children(conn, list(ids.values())):
            raise PermError("events were left behind; nothing was deleted")
        for ref in ids:
            repo.audit(conn, ctx.now(), ctx.by, "retention.purge", ref, f"child {ref}", reason)
        return list(ids)

    return run_write(ctx.engine(), work)

