"""Retention: who is past it, and purging them so that nothing about them is left.

Records of a looked-after child are kept until the 75th anniversary of the child's birth
(Care Planning, Placement and Case Review (England) Regulations 2010 reg 50). perm lists
who is past that date; it deletes nothing unless a command names the children. A purge
removes every row about a child, rewrites every audit line that names the child (keeping
the line, so the trail has no gap), overwrites what was deleted, and records which backup
and export files still hold the child, so the council can destroy them.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.calendar import birthday
from ..domain.children import clean_ref
from ..domain.text import clean_text
from ..domain.errors import PermError
from ..store import repo
from ..store.engine import run_write, transaction
from .context import Context

RETENTION_YEARS = 75
RULE = ("Care Planning, Placement and Case Review (England) Regulations 2010 reg 50: "
        "records kept until the 75th anniversary of the child's birth")
PURGE_ACTION = "retention.purge"
PURGED = "purged"  # what an audit line about a purged child becomes
_SQLITE_MAGIC = b"SQLite format 3\x00"


def retention(ctx: Context) -> dict:
    """Children past the retention date, and files that still hold purged children."""
    with transaction(ctx.engine(), write=False) as conn:
        children = repo.list_children(conn)
        purges = repo.audit_rows(conn, action=PURGE_ACTION)
    past = []
    for child in children:
        until = birthday(child.dob, RETENTION_YEARS)
        if until <= ctx.as_of:
            past.append({"child": child.ref, "kept_until": until.isoformat()})
    files: dict[str, str] = {}
    for row in purges:
        for name in (row["detail"] or {}).get("files", []):
            if Path(name).exists():
                files.setdefault(name, row["at"].date().isoformat())
    return {"children": past, "files": [{"file": f, "purged_on": on} for f, on in sorted(files.items())]}


def purge(ctx: Context, refs: list[str], reason: str | None) -> tuple[list[str], list[str], bool]:
    """Delete the named children past retention, with everything about them, in one
    transaction. Returns the children, the files that still hold them, and whether the
    database file was cleaned of every trace (False while other connections held it)."""
    reason = clean_text(reason, "--reason", limit=500, required=True)
    wanted = list(dict.fromkeys(clean_ref(r) for r in refs))
    if not wanted:
        raise PermError("name the children to delete")
    if _naming(reason, wanted):
        raise PermError("--reason: do not name the children being purged; the reason is kept after them")
    database_file = ctx.location.path

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
        mentions = repo.audit_mentioning(conn, wanted)
        copies = repo.audit_rows(conn, action="db.backup") + repo.audit_rows(conn, action="db.restore")
        held = _files_holding(mentions + copies, wanted, database_file)
        if repo.purge_children(conn, list(ids.values())):
            raise PermError("events were left behind; nothing was deleted")
        for row in mentions:
            _scrub(conn, row, wanted)
        repo.end_purge(conn, list(ids.values()))
        for _ in ids:
            repo.audit(conn, ctx.now(), ctx.by, PURGE_ACTION, reason=reason, detail={"rule": RULE, "files": held})
        return held

    held = run_write(ctx.engine(), work)
    clean = ctx.engine().compact()
    return wanted, held, clean


def _pattern(refs: list[str]) -> re.Pattern:
    # A child ID as a whole word: purging C1 leaves C10 alone.
    return re.compile(r"(?<![A-Za-z0-9._/-])(" + "|".join(re.escape(r) for r in refs) + r")(?![A-Za-z0-9_/-]|\.[A-Za-z0-9])")


def _naming(text: str | None, refs: list[str]) -> bool:
    return bool(text) and bool(_pattern(refs).search(text))


def _scrub(conn, row: dict, refs: list[str]) -> None:
    """An audit line about a purged child keeps only that something happened then; a line
    that merely names one (an export of many children) loses the name."""
    if row["child_ref"] in refs:
        repo.rewrite_audit(conn, row["id"], PURGED, None, None, None, None)
        return
    pattern = _pattern(refs)

    def clean(value):
        if isinstance(value, str):
            return pattern.sub("[purged]", value)
        if isinstance(value, list):
            return [clean(v) for v in value if not (isinstance(v, str) and pattern.fullmatch(v))]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    repo.rewrite_audit(conn, row["id"], row["action"], row["child_ref"], clean(row["record"]), clean(row["reason"]),
                       clean(row["detail"]))


def _files_holding(written: list[dict], refs: list[str], database_file: Path | None) -> list[str]:
    """Backups and exports perm knows of that still hold any of these children: files the
    audit trail says were written, and backups beside the database file."""
    candidates: set[Path] = set()
    for row in written:
        detail = row["detail"] or {}
        for key in ("to", "kept"):
            if isinstance(detail.get(key), str) and detail[key] != "stdout":
                candidates.add(Path(detail[key]))
    if database_file is not None:
        folder, stem = database_file.parent, database_file.stem
        for pattern in (f"{stem}.backup-*.db", f"{stem}.before-restore-*.db", f"{database_file.name}.before-*.bak"):
            candidates.update(folder.glob(pattern))
    return sorted(str(p) for p in candidates if p != database_file and _holds(p, refs))


def _holds(path: Path, refs: list[str]) -> bool:
    import sqlite3

    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    if head == _SQLITE_MAGIC:
        marks = ", ".join("?" for _ in refs)
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return conn.execute(f"SELECT count(*) FROM child WHERE ref IN ({marks})", refs).fetchone()[0] > 0
            finally:
                conn.close()
        except sqlite3.Error:
            return True  # cannot tell: list it, so a person looks
    try:
        return bool(_pattern(refs).search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False
