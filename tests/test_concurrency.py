"""Several processes writing to one SQLite file at once: no "database is locked", no lost
writes, and a backup taken meanwhile is sound.

Each writer runs read-then-write transactions: it counts every event, then appends one
that carries the count it saw. If transactions were not serialised, two writers would see
the same count; if a write were lost, the total would fall short.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import go, last_json, start_script

WRITERS = 6
TRANSACTIONS = 200

WRITER = r"""
import json, sys, datetime
from permcli.app.context import Context
from permcli.store import repo
from permcli.store.engine import run_write

db, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ctx = Context(db=db, user=f"writer-{worker}")
engine = ctx.engine()
failures = 0
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(n):
    try:
        # perm's own way to write: SQLite queues at BEGIN IMMEDIATE; PostgreSQL runs
        # SERIALIZABLE and tries again after a conflict.
        def work(conn):
            child_id, _ = repo.find_child(conn, f"W{worker}")
            seen = conn.scalar("SELECT count(*) FROM event")
            repo.insert_event(conn, child_id, "fgc", datetime.date(2026, 1, 5), {"seen": seen, "i": i},
                              ctx.now(), ctx.by)
            repo.audit(conn, ctx.now(), ctx.by, "test.write", f"W{worker}")
        run_write(engine, work)
    except Exception as exc:
        failures += 1
        print(type(exc).__name__, str(exc)[:200], file=sys.stderr)
print(json.dumps({"worker": worker, "failures": failures}))
"""

READER = r"""
import json, sys
from permcli.app.context import Context
from permcli.app.due import DueQuery, due_items
ctx = Context(db=sys.argv[1], as_of_text="2026-11-23")
print("ready", flush=True)
sys.stdin.readline()
runs = failures = 0
for _ in range(int(sys.argv[2])):
    try:
        due_items(ctx, DueQuery(include_all=True))
        runs += 1
    except Exception as exc:
        failures += 1
        print(type(exc).__name__, str(exc)[:200], file=sys.stderr)
print(json.dumps({"runs": runs, "failures": failures}))
"""


@pytest.fixture
def shared_db(perm, database):
    assert perm("init").code == 0
    for w in range(WRITERS):
        assert perm("child", "add", f"W{w}", "--name", f"Writer Child {w}", "--dob", "2015-01-01").code == 0
    return database


def query(db: str, sql: str) -> list[tuple]:
    """Rows from the test database, SQLite file or PostgreSQL alike."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_six_writers_and_readers_at_once(shared_db, perm):
    writers = [start_script(WRITER, shared_db, w, TRANSACTIONS) for w in range(WRITERS)]
    readers = [start_script(READER, shared_db, 15) for _ in range(2)]
    go(*writers, *readers)
    # Backups taken, one after another, while they all run (SQLite files; PostgreSQL has
    # pg_dump for that).
    backups = []
    while "://" not in shared_db and any(proc.poll() is None for proc in writers) and len(backups) < 20:
        backups.append(Path(shared_db).with_name(f"during-{len(backups)}.db"))
        taken = perm("db", "backup", str(backups[-1]))
        assert taken.code == 0, taken.err
    results = [last_json(proc, timeout=600) for proc in writers + readers]
    assert [r["failures"] for r in results] == [0] * (WRITERS + 2)
    assert all(r["runs"] == 15 for r in results[WRITERS:])

    seen = sorted((d if isinstance(d, dict) else json.loads(d))["seen"] for (d,) in query(shared_db, "select details from event"))
    per_child = dict(query(shared_db, "select c.ref, count(*) from event e join child c on c.id = e.child_id group by c.ref"))
    total = WRITERS * TRANSACTIONS
    assert seen == list(range(total)), "every transaction saw a different count: serialised, none lost"
    assert per_child == {f"W{w}": TRANSACTIONS for w in range(WRITERS)}

    counts = []
    for backup in backups:
        checked = perm("--db", str(backup), "db", "check", "--json")
        assert checked.code == 0, checked.out
        assert {r["check"]: r["result"] for r in checked.json()} == {
            "integrity": "ok", "foreign keys": "ok", "append-only": "ok", "schema": "ok", "policy": "ok",
            "histories": "ok", "file modes": "ok", "readable": "ok", "audit": "ok",
        }
        with sqlite3.connect(backup) as conn:
            counts.append(conn.execute("select count(*) from event").fetchone()[0])
    if "://" not in shared_db:
        assert any(0 < n < total for n in counts), f"no backup was taken mid-stream: {counts}"


def test_concurrent_cli_records_all_land(shared_db, perm_cli):
    """Whole `perm record` commands, four at a time, with no terminal."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "permcli", "--db", str(shared_db), "--as-of", "2026-11-23",
             "record", "fgc", f"W{w}", "--date", f"2026-0{w + 1}-01"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for w in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
    assert query(shared_db, "select count(*) from event where kind = 'fgc'") == [(4,)]
    assert query(shared_db, "select count(*) from audit where action = 'event.record'") == [(4,)]
