"""Copies of a SQLite database made with SQLite's online backup API: consistent even while
other processes write, and readable by their owner only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from .engine import create_private_file


def backup_sqlite(engine: Engine, dest: Path) -> Path:
    create_private_file(dest)
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(dest)
        try:
            raw.driver_connection.backup(target)
        finally:
            target.close()
    finally:
        raw.close()
    return dest
