"""Copies of a SQLite database made with SQLite's online backup API: consistent even while
other processes write, and readable by their owner only."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from .engine import Database, create_private_file


def fresh_file(prefix: Path, suffix: str = ".db") -> Path:
    """A new, empty, owner-only file named ``prefix``, the time (to the microsecond, UTC)
    and ``suffix``, claimed atomically: two backups in the same moment get two files,
    never one error."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    for n in range(1000):
        extra = "" if n == 0 else f"-{n}"
        path = prefix.with_name(f"{prefix.name}-{stamp}{extra}{suffix}")
        try:
            create_private_file(path)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free name for {prefix}")


def backup_sqlite(db: Database, dest: Path) -> Path:
    """Copy the database into ``dest``: a new file, or an empty one made by fresh_file."""
    if not dest.exists():
        create_private_file(dest)
    target = sqlite3.connect(dest)
    try:
        db.sqlite().backup(target)
    finally:
        target.close()
    return dest
