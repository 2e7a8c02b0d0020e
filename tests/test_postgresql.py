"""PostgreSQL as the store: schema versions, migrations, refusing newer schemas, a server
that cannot be reached, and a writer killed in the middle of a transaction.

The commands themselves run on PostgreSQL throughout the suite (every test using the
`perm` fixtures runs on both stores); this file holds what is particular to the server."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from conftest import NO_PG, PG_ADMIN_URL
from permcli.resources import bundled
from permcli.store.schema import HEAD, REVISIONS, expected_triggers

pytestmark = [pytest.mark.skipif(not PG_ADMIN_URL, reason=NO_PG), pytest.mark.sqlite_only]


def rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def scalar(url: str, sql: str):
    return rows(url, sql)[0][0]


def test_init_creates_the_schema_on_postgresql(perm, pg):
    result = perm("init", "--policy", "four-panels")
    assert result.code == 0, result.err
    assert "Created a perm database at postgresql+psycopg://" in result.out
    assert scalar(pg, "select version_num from alembic_version") == HEAD
    assert scalar(pg, "select value from setting where key = 'policy'") == "four-panels"
    triggers = {r[0] for r in rows(pg, "select tgname from pg_trigger where not tgisinternal")}
    assert triggers == expected_triggers(HEAD, "postgresql")
    assert {"audit_identity", "event_no_update", "child_change_no_delete"} <= triggers
    again = perm("init")
    assert again.code == 1 and "a perm database already exists at postgresql+psycopg://" in again.err


def test_an_older_schema_is_upgraded_and_a_newer_refused(perm, pg):
    from alembic import command
    from alembic.config import Config

    from permcli.store.engine import alchemy_transaction, locate, make_alchemy_engine

    engine = make_alchemy_engine(locate(pg))
    config = Config()
    config.set_main_option("script_location", str(bundled("migrations")))
    with alchemy_transaction(engine, write=True) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, REVISIONS[0])
        conn.execute(text(
            "insert into child (id, ref, name, dob, uasc, recorded_at, recorded_by) "
            "values (1, 'P1', 'Old Record', '2015-05-05', false, now(), 'old')"
        ))
        conn.execute(text(
            "insert into event (child_id, kind, date, details, recorded_at, recorded_by) "
            "values (1, 'looked-after', '2026-01-05', '{\"legal_status\": \"s20\"}', now(), 'old')"
        ))
    engine.dispose()
    result = perm("--as-of", "2026-01-20", "due", "--json")
    assert result.code == 0, result.err
    assert [r["due"] for r in result.json()] == ["2026-02-02"]
    assert result.err == f"perm: upgraded the database schema from {REVISIONS[0]} to {HEAD}\n"
    assert scalar(pg, "select version_num from alembic_version") == HEAD

    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999'"))
    engine.dispose()
    refused = perm("due")
    assert refused.code == 1
    assert "has schema version 9999, newer than this perm understands" in refused.err


def test_an_unreachable_server_is_one_line(perm):
    result = perm("--db", "postgresql+psycopg://perm:secret@127.0.0.1:1/nowhere", "due")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith("perm: error: cannot open the database at postgresql+psycopg://perm:***@127.0.0.1:1/nowhere:")
    assert "secret" not in result.err


KILLED_WRITER = r"""
import datetime, sys
from permcli.app.context import Context
from permcli.store import repo
from permcli.store.engine import run_write
ctx = Context(db=sys.argv[1], user="crash")
engine = ctx.engine()
print("ready", flush=True)
batch = int(sys.argv[2])
while True:
    def work(conn):
        child_id, _ = repo.find_child(conn, "K1")
        for n in range(25):
            repo.insert_event(conn, child_id, "fgc", datetime.date(2026, 1, 5), {"batch": batch, "n": n},
                              ctx.now(), ctx.by)
        repo.audit(conn, ctx.now(), ctx.by, "test.batch", "K1", f"batch {batch}")
    run_write(engine, work)
    batch += 1
"""


def test_a_killed_writer_leaves_whole_transactions(perm, pg):
    assert perm("init").code == 0
    assert perm("child", "add", "K1", "--name", "Crash Test", "--dob", "2015-01-01").code == 0
    rng = random.Random(5)
    for round_ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, pg, str(round_ * 100_000)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    time.sleep(0.5)  # the server notices the closed connections and rolls them back
    engine = create_engine(pg)
    with engine.connect() as conn:
        sizes = [n for (n,) in conn.execute(text(
            "select count(*) from event where kind = 'fgc' group by details->>'batch'"
        ))]
    engine.dispose()
    assert sizes and set(sizes) == {25}
    assert perm("db", "check").code == 0
