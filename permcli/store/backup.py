"""Copies of a SQLite database made with SQLite's online backup API: consistent even while
other processes write, and readable by their owner only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .engine import Database, create_private_file


def backup_sqlite(db: Database, dest: Path) -> Path:
    create_private_file(dest)
    target = sqlite3.connect(dest)
    try:
        db.sqlite().backup(target)
    finally:
        target.close()
    return dest
