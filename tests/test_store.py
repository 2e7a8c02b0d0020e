"""The database: created at the newest schema, older ones upgraded after a backup, newer
ones refused, files readable by their owner only."""

from __future__ import annotations

import os
import sqlite3

import pytest

from conftest import mode
from sqlalchemy import text

from permcli.resources import bundled
from permcli.store.engine import alchemy_transaction, locate, make_alchemy_engine
from permcli.store.schema import HEAD, REVISIONS

# SQLite files: creation, modes, upgrades with file backups (PostgreSQL: tests/test_postgresql.py)
pytestmark = pytest.mark.sqlite_only


def test_revisions_match_alembic_history():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(bundled("migrations")))
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions()]
    assert list(reversed(chain)) == list(REVISIONS)
    assert script.get_current_head() == HEAD


def test_init_creates_newest_schema_and_records_policy(perm, isolated):
    result = perm("init")
    assert result.code == 0, result.err
    db = isolated / "perm.db"
    assert f"Created a perm database at {db}" in result.out
    with sqlite3.connect(db) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone() == (HEAD,)
        assert conn.execute("select value, recorded_by from setting where key = 'policy'").fetchone() == (
            "statutory",
            "tester",
        )
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        assert {"child", "event", "setting"} <= tables
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)


def test_database_files_are_private_under_umask_022(perm, isolated):
    old = os.umask(0o022)
    try:
        assert perm("init").code == 0
        assert perm("child", "add", "C1", "--name", "Ann Example", "--dob", "2015-05-05").code == 0
        db = isolated / "perm.db"
        assert mode(db) == 0o600
        # WAL and shared-memory files take the database file's permissions.
        conn = sqlite3.connect(db)
        conn.execute("pragma journal_mode=wal")
        conn.execute("create table if not exists t(x)")
        for suffix in ("-wal", "-shm"):
            side = db.with_name(db.name + suffix)
            if side.exists():
                assert mode(side) == 0o600, suffix
        conn.close()
    finally:
        os.umask(old)


def test_commands_need_an_initialised_database(perm, isolated):
    result = perm("due")
    assert result.code == 1
    assert result.err.strip() == f"perm: error: no perm database at {isolated / 'perm.db'}: run `perm init` first, or give --db"
    assert not (isolated / "perm.db").exists()


def test_init_twice_is_refused(perm, isolated):
    assert perm("init").code == 0
    before = (isolated / "perm.db").read_bytes()
    result = perm("init")
    assert result.code == 1
    assert "a perm database already exists" in result.err
    assert (isolated / "perm.db").read_bytes() == before


def test_init_with_unknown_policy_creates_nothing(perm, isolated):
    result = perm("init", "--policy", "no-such-policy")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "unknown policy 'no-such-policy'" in result.err
    assert not (isolated / "perm.db").exists()


def test_init_with_broken_policy_file_names_file_and_line(perm, isolated, tmp_path):
    policy = tmp_path / "council.toml"
    policy.write_text('[policy]\nid = "council"\nname = "Council"\n\n[[rule]]\nid = "x"\ntitel = "typo"\n')
    result = perm("init", "--policy", str(policy))
    assert result.code == 1
    assert result.err.startswith(f"perm: error: {policy}:7: rule: unknown key 'titel'")
    assert not (isolated / "perm.db").exists()


def test_init_with_a_council_policy_file(perm, isolated, tmp_path):
    policy = tmp_path / "council.toml"
    policy.write_text('[policy]\nid = "council"\nname = "Our council"\n')
    result = perm("init", "--policy", str(policy))
    assert result.code == 0, result.err
    with sqlite3.connect(isolated / "perm.db") as conn:
        assert conn.execute("select value from setting where key = 'policy'").fetchone() == (str(policy),)


def test_a_file_that_is_not_sqlite_is_refused(perm, isolated):
    db = isolated / "perm.db"
    db.write_bytes(b"this is not a database, just some text " * 100)
    before = db.read_bytes()
    result = perm("due")
    assert result.code == 1
    assert result.err.strip() == f"perm: error: cannot open the database at {db}: it is not an SQLite database"
    assert db.read_bytes() == before


def test_an_empty_sqlite_file_is_not_a_perm_database(perm, isolated):
    db = isolated / "perm.db"
    sqlite3.connect(db).close()
    result = perm("due")
    assert result.code == 1
    assert "is not a perm database: run `perm init`" in result.err


def _database_at(path, revision: str):
    """A database built by Alembic at an older revision, with a child and an event in it."""
    from alembic import command
    from alembic.config import Config

    from permcli.store.engine import create_private_file

    create_private_file(path)
    engine = make_alchemy_engine(locate(str(path)))
    config = Config()
    config.set_main_option("script_location", str(bundled("migrations")))
    with alchemy_transaction(engine, write=True) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.execute(
            text(
                "insert into child (id, ref, name, dob, uasc, recorded_at, recorded_by) "
                "values (1, 'C1', 'Old Record', '2015-05-05', 0, '2026-01-01 00:00:00', 'old')"
            )
        )
        conn.execute(
            text(
                "insert into event (child_id, kind, date, details, recorded_at, recorded_by) "
                "values (1, 'looked-after', '2026-01-05', '{\"legal_status\": \"s20\"}', '2026-01-05 00:00:00', 'old')"
            )
        )
        conn.execute(
            text(
                "insert into setting (key, value, recorded_at, recorded_by) "
                "values ('policy', 'statutory', '2026-01-01 00:00:00', 'old')"
            )
        )
    engine.dispose()


def test_an_older_database_is_upgraded_after_a_backup(perm, isolated):
    db = isolated / "perm.db"
    _database_at(db, REVISIONS[0])
    result = perm("--as-of", "2026-01-20", "due", "--json")
    assert result.code == 0, result.err
    assert [row["due"] for row in result.json()] == ["2026-02-02"]
    assert f"upgraded the database schema from {REVISIONS[0]} to {HEAD}" in result.err
    backups = sorted(isolated.glob("perm.db.before-*.bak"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("select version_num from alembic_version").fetchone() == (REVISIONS[0],)
        assert old.execute("select count(*) from event").fetchone() == (1,)
    with sqlite3.connect(db) as new:
        assert new.execute("select version_num from alembic_version").fetchone() == (HEAD,)
        indexes = {r[0] for r in new.execute("select name from sqlite_master where type = 'index'")}
        assert "ix_event_child_date" in indexes
    # Opening it again does nothing more.
    again = perm("--as-of", "2026-01-20", "due", "--json")
    assert again.code == 0 and "upgraded" not in again.err
    assert len(list(isolated.glob("perm.db.before-*.bak"))) == 1


def test_a_newer_database_is_refused_untouched(perm, isolated):
    assert perm("init").code == 0
    db = isolated / "perm.db"
    with sqlite3.connect(db) as conn:
        conn.execute("update alembic_version set version_num = '9999'")
    before = db.read_bytes()
    result = perm("due")
    assert result.code == 1
    assert result.err.strip() == (
        f"perm: error: the database at {db} has schema version 9999, newer than this perm "
        f"understands ({HEAD}): upgrade perm to use it"
    )
    assert db.read_bytes() == before
    assert not list(isolated.glob("perm.db.before-*.bak"))


@pytest.mark.parametrize(
    "given, expected",
    [
        ("relative.db", "relative.db"),
        ("sqlite:///relative.db", "relative.db"),
    ],
)
def test_db_option_takes_a_path_or_an_sqlite_url(given, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    location = locate(given)
    assert location.path == tmp_path / expected
    assert location.url == f"sqlite:///{tmp_path / expected}"


def test_postgresql_url_is_kept_and_shown_without_password():
    location = locate("postgresql+psycopg://perm:secret@db.example/perm")
    assert location.path is None
    assert "secret" not in location.shown
    assert location.shown.startswith("postgresql+psycopg://perm:")


def test_db_from_environment_and_option(perm, isolated, tmp_path):
    other = tmp_path / "other.db"
    assert perm("--db", str(other), "init").code == 0
    assert other.exists()
    assert not (isolated / "perm.db").exists()
