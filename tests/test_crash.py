"""A writer killed (SIGKILL) at a random moment leaves the database sound: every write is
whole or absent, for single transactions and for a bulk import alike."""

from __future__ import annotations

import csv
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

# killing a writer of an SQLite file (PostgreSQL: tests/test_postgresql.py)
pytestmark = pytest.mark.sqlite_only

BATCH = 25
BATCH_ROUNDS = 20
IMPORT_ROUNDS = 6
CHILDREN = 2000  # in the bulk import

BATCH_WRITER = r"""
import datetime, sys
from permcli.app.context import Context
from permcli.store import repo
from permcli.store.engine import transaction

ctx = Context(db=sys.argv[1], user="crash")
engine = ctx.engine()
start = int(sys.argv[2])
print("ready", flush=True)
batch = start
while True:
    with transaction(engine, write=True) as conn:
        child_id, _ = repo.find_child(conn, "K1")
        for n in range(BATCH):
            repo.insert_event(conn, child_id, "fgc", datetime.date(2026, 1, 5), {"batch": batch, "n": n},
                              ctx.now(), ctx.by)
        repo.audit(conn, ctx.now(), ctx.by, "test.batch", "K1", f"batch {batch}")
    batch += 1
""".replace("BATCH)", f"{BATCH})")

IMPORTER = r"""
import sys
from pathlib import Path
from permcli.app.context import Context
from permcli.app.intakefiles import caseload_files

ctx = Context(db=sys.argv[1], as_of_text="2026-11-23", user="importer")
ctx.engine()
print("ready", flush=True)
caseload_files(ctx, Path(sys.argv[2]), [Path(sys.argv[3])])
print("done", flush=True)
"""


def _integrity(db) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


def _kill_after(proc: subprocess.Popen, seconds: float) -> None:
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_killed_writer_leaves_whole_transactions(perm, isolated):
    assert perm("init").code == 0
    assert perm("child", "add", "K1", "--name", "Crash Test", "--dob", "2015-01-01").code == 0
    db = isolated / "perm.db"
    rng = random.Random(20261122)
    kills = 0
    for round_ in range(BATCH_ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-c", BATCH_WRITER, str(db), str(round_ * 100_000)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        _kill_after(proc, rng.uniform(0.0, 0.6))
        kills += proc.returncode == -signal.SIGKILL
        assert _integrity(db) == "ok", f"round {round_}"
    assert kills == BATCH_ROUNDS
    with sqlite3.connect(db) as conn:
        batches = Counter(
            conn.execute("select json_extract(details, '$.batch') from event where kind = 'fgc'").fetchall()
        )
        audited = {r for (r,) in conn.execute("select record from audit where action = 'test.batch'")}
        assert conn.execute("pragma foreign_key_check").fetchall() == []
    assert batches, "some batches were written before the kills"
    assert set(batches.values()) == {BATCH}, "every batch is whole or absent"
    assert audited == {f"batch {b}" for (b,) in batches}, "each batch's audit line landed with it"
    # The database is still perfectly usable.
    assert perm("db", "check").code == 0


@pytest.fixture
def big_caseload(tmp_path):
    """2,000 children, 10 events each: an import that takes long enough to be killed part
    way (300 children once did; perm got faster)."""
    children, events = tmp_path / "children.csv", tmp_path / "events.csv"
    with children.open("w", newline="") as c, events.open("w", newline="") as e:
        cw, ew = csv.writer(c), csv.writer(e)
        cw.writerow(["child", "name", "dob", "worker", "team"])
        ew.writerow(["child", "kind", "date", "legal_status"])
        for i in range(CHILDREN):
            ref = f"B{i:04d}"
            cw.writerow([ref, f"Bulk Child {i}", "2014-06-01", "Worker", "Team"])
            ew.writerow([ref, "looked-after", "2025-01-06", "care-order"])
            for m in range(1, 10):
                ew.writerow([ref, "review", f"2025-{m + 1:02d}-03", ""])
    return children, events


def test_killed_bulk_import_lands_whole_or_not_at_all(perm, isolated, big_caseload):
    db = isolated / "perm.db"
    children, events = big_caseload
    rng = random.Random(7)
    outcomes = []
    for round_ in range(IMPORT_ROUNDS):
        if db.exists():
            for suffix in ("", "-wal", "-shm"):
                (isolated / f"perm.db{suffix}").unlink(missing_ok=True)
        assert perm("init").code == 0
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(db), str(children), str(events)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        _kill_after(proc, rng.uniform(0.05, 1.5))
        assert _integrity(db) == "ok"
        with sqlite3.connect(db) as conn:
            counts = (
                conn.execute("select count(*) from child").fetchone()[0],
                conn.execute("select count(*) from event").fetchone()[0],
                conn.execute("select count(*) from audit where action = 'import.caseload'").fetchone()[0],
            )
        assert counts in ((0, 0, 0), (CHILDREN, 10 * CHILDREN, 1)), counts
        outcomes.append(counts[0])
    assert 0 in outcomes, "at least one import was cut off (and left nothing)"
    assert len(outcomes) == IMPORT_ROUNDS
