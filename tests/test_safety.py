"""Audit trail, append-only records, private files, backups and restores, migrations that
fail cleanly, pseudonymised exports and retention."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import dump, mode

from permcli.store.schema import HEAD, REVISIONS

NAME = "Quentin Ulysses Example"
DOB = "2014-07-19"
A = ("--as-of", "2026-11-23")


@pytest.fixture
def tracker(perm, database):
    assert perm("init").code == 0
    for args in (
        ("child", "add", "C1", "--name", NAME, "--dob", DOB, "--worker", "Sam Okafor", "--team", "North"),
        ("record", "looked-after", "C1", "--date", "2026-01-05", "--legal-status", "care-order"),
        ("record", "review", "C1", "--date", "2026-02-03"),
        ("record", "ceased", "C1", "--date", "2026-09-01", "--reason", "returned home to Quentin's mother"),
    ):
        result = perm(*A, *args)
        assert result.code == 0, (args, result.err)
    return database


def test_every_change_is_in_the_audit_trail(perm, tracker):
    assert perm(*A, "correct", "2", "--reason", "wrong day", "--date", "2026-02-02").code == 0
    rows = perm(*A, "audit", "--json").json()
    assert [(r["action"], r["child_ref"], r["record"], r["by"]) for r in rows] == [
        ("db.init", None, None, "tester"),
        ("child.add", "C1", "child C1", "tester"),
        ("event.record", "C1", "event 1", "tester"),
        ("event.record", "C1", "event 2", "tester"),
        ("event.record", "C1", "event 3", "tester"),
        ("event.correct", "C1", "event 2", "tester"),
    ]
    assert rows[-1]["reason"] == "wrong day"
    assert rows[-1]["detail"] == {"voids": 2, "correction": 5, "replacement": 4}
    assert rows[2]["detail"] == {"kind": "looked-after", "date": "2026-01-05"}
    assert rows[0]["at"].endswith("+00:00")
    # Filters.
    assert [r["action"] for r in perm(*A, "audit", "--child", "C1", "--json").json()][0] == "child.add"
    assert perm(*A, "audit", "--since", "2999-01-01", "--json").json() == []


def test_the_database_refuses_to_change_or_delete_records(tracker):
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DatabaseError

    url = tracker if "://" in tracker else f"sqlite:///{tracker}"
    engine = create_engine(url)
    for statement, message in (
        ("update event set date = '2020-01-01' where id = 1", "event is append-only"),
        ("delete from event where id = 1", "(events|event rows) are kept"),
        ("delete from child", "(children|child rows) are kept"),
        ("update child set name = 'Someone Else'", "child is append-only"),
        ("update audit set by = 'someone else'", "audit is append-only"),
        ("delete from audit", "the audit trail is kept forever"),
    ):
        with pytest.raises(DatabaseError, match=message):
            with engine.begin() as conn:
                conn.execute(text(statement))
    if "://" in tracker:
        with pytest.raises(DatabaseError, match="the audit trail is kept forever"):
            with engine.begin() as conn:
                conn.execute(text("truncate audit"))
        with pytest.raises(DatabaseError, match="child is append-only"):
            with engine.begin() as conn:
                conn.execute(text("truncate child cascade"))
    engine.dispose()


def test_exports_of_personal_data_are_recorded(perm, tracker, tmp_path):
    assert perm(*A, "export", "--output", str(tmp_path / "all.json")).code == 0
    assert perm(*A, "export", "--format", "csv", "--output", str(tmp_path / "csv")).code == 0
    rows = [r for r in perm(*A, "audit", "--json").json() if r["action"] == "export.data"]
    assert [(r["detail"]["format"], r["detail"]["to"], r["detail"]["children"]) for r in rows] == [
        ("json", str(tmp_path / "all.json"), ["C1"]),
        ("csv", str(tmp_path / "csv" / "children.csv"), ["C1"]),
        ("csv", str(tmp_path / "csv" / "changes.csv"), ["C1"]),
        ("csv", str(tmp_path / "csv" / "events.csv"), ["C1"]),
    ]


@pytest.mark.sqlite_only
def test_files_perm_creates_are_private_under_umask_022(perm, tracker, tmp_path, monkeypatch):
    old = os.umask(0o022)
    try:
        backup = tmp_path / "copy.db"
        assert perm(*A, "db", "backup", str(backup)).code == 0
        assert perm(*A, "export", "--output", str(tmp_path / "all.json")).code == 0
        assert perm(*A, "export", "--format", "csv", "--output", str(tmp_path / "csv")).code == 0
        monkeypatch.delenv("PERM_PSEUDONYM_KEY", raising=False)
        assert perm(*A, "export", "--pseudonymise", "--output", str(tmp_path / "p.json")).code == 0
        key = tmp_path / "config" / "perm" / "pseudonym.key"
        created = [tracker, backup, tmp_path / "all.json", tmp_path / "csv" / "children.csv",
                   tmp_path / "csv" / "events.csv", tmp_path / "p.json", key]
        db = Path(tracker)
        created += [p for p in (db.with_name("perm.db-wal"), db.with_name("perm.db-shm")) if p.exists()]
        assert {str(p): mode(p) for p in created} == {str(p): 0o600 for p in created}
        assert mode(tmp_path / "csv") == 0o700
    finally:
        os.umask(old)


def test_pseudonymised_export_carries_no_names_ids_or_birth_days(perm, tracker, tmp_path, monkeypatch):
    monkeypatch.setenv("PERM_PSEUDONYM_KEY", "a-secret-key-for-this-test-only")
    result = perm(*A, "export", "--pseudonymise")
    assert result.code == 0, result.err
    text = result.out
    data = json.loads(text)
    for secret in (NAME, "Quentin", DOB, "C1", "Sam Okafor", "returned home"):
        assert secret not in text
    (child,) = data["children"]
    assert child["dob"] == "2014-07" and child["name"] is None and child["team"] == "North"
    assert child["child"].startswith("C") and len(child["child"]) == 17
    assert {e["child"] for e in data["events"]} == {child["child"]}
    # The same key gives the same pseudonym; another key, another.
    assert json.loads(perm(*A, "export", "--pseudonymise").out)["children"][0]["child"] == child["child"]
    monkeypatch.setenv("PERM_PSEUDONYM_KEY", "another-secret-key-entirely")
    assert json.loads(perm(*A, "export", "--pseudonymise").out)["children"][0]["child"] != child["child"]
    audit = [r for r in perm(*A, "audit", "--json").json() if r["action"] == "export.data"]
    assert audit[0]["detail"]["pseudonymised"] is True and audit[0]["detail"]["children"] == []


def test_a_full_export_keeps_every_row(perm, tracker, tmp_path):
    assert perm(*A, "correct", "2", "--reason", "wrong day", "--date", "2026-02-02").code == 0
    data = perm(*A, "export").json()
    assert [(e["id"], e["kind"], e["voids"], e["voided_by"]) for e in data["events"]] == [
        (1, "looked-after", None, None), (4, "review", None, None), (2, "review", None, 5),
        (3, "ceased", None, None), (5, "correction", 2, None),
    ]
    assert data["children"][0]["name"] == NAME


@pytest.mark.sqlite_only
def test_backup_and_restore(perm, tracker, tmp_path):
    backup = tmp_path / "copy.db"
    assert perm(*A, "db", "backup", str(backup)).code == 0
    assert perm(*A, "record", "plo-start", "C1", "--date", "2026-10-01").code == 0
    again = perm(*A, "db", "backup", str(backup))
    assert (again.code, again.err) == (1, f"perm: error: {backup} already exists: perm does not overwrite a file with a backup\n")
    # Without a terminal, a restore must be confirmed with --yes.
    assert perm(*A, "db", "restore", str(backup)).code == 2
    restored = perm(*A, "db", "restore", str(backup), "--yes")
    assert restored.code == 0, restored.err
    kinds = [e["kind"] for e in perm(*A, "show", "C1", "--json").json()["events"]]
    assert "plo-start" not in kinds  # back as it was at the backup
    safety = sorted(Path(tracker).parent.glob("perm.before-restore-*.db"))
    assert len(safety) == 1 and mode(safety[0]) == 0o600
    with sqlite3.connect(safety[0]) as conn:
        assert conn.execute("select count(*) from event where kind = 'plo-start'").fetchone() == (1,)
    assert [r["action"] for r in perm(*A, "audit", "--json").json()][-2:] == ["db.restore", "child.view"]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b"\x00" * 4096), "it is not an SQLite database"),
    (lambda p: sqlite3.connect(p).close(), "it is not a perm database"),
    (lambda p: p.write_text("child,name\n"), "it is not an SQLite database"),
])
def test_restore_refuses_a_bad_file(perm, tracker, tmp_path, make, message):
    bad = tmp_path / "bad.db"
    make(bad)
    before = dump(tracker)
    result = perm(*A, "db", "restore", str(bad), "--yes")
    assert (result.code, result.err) == (1, f"perm: error: {bad} is not restored: {message}\n")
    assert dump(tracker) == before


@pytest.mark.sqlite_only
def test_restore_refuses_a_newer_schema(perm, tracker, tmp_path):
    newer = tmp_path / "newer.db"
    shutil.copy(tracker, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("update alembic_version set version_num = '9999'")
    result = perm(*A, "db", "restore", str(newer), "--yes")
    assert result.err == f"perm: error: {newer} is not restored: schema version 9999 is not one this perm knows (up to {HEAD})\n"


@pytest.mark.sqlite_only
def test_db_check_reports_problems(perm, tracker):
    assert perm(*A, "db", "check").code == 0
    os.chmod(tracker, 0o644)
    result = perm(*A, "db", "check", "--json")
    assert result.code == 1
    assert {r["check"]: r["result"] for r in result.json()}["file modes"] == "PROBLEM"


@pytest.mark.sqlite_only
def test_a_failing_migration_leaves_the_old_file_untouched(perm, isolated, tmp_path, monkeypatch):
    """An upgrade that fails part way rolls back: the database is as it was, and the backup
    taken first is there too."""
    from test_store import _database_at

    import permcli.store.schema as schema
    from permcli.resources import bundled

    db = isolated / "perm.db"
    _database_at(db, REVISIONS[0])
    before = dump(db)
    broken = tmp_path / "migrations"
    shutil.copytree(bundled("migrations"), broken)
    target = broken / "versions" / "0003_audit_and_append_only.py"
    target.write_text(target.read_text().replace(
        '    if op.get_bind().dialect.name == "postgresql":\n        _postgresql()',
        '    raise RuntimeError("disk full, say")\n    if op.get_bind().dialect.name == "postgresql":\n        _postgresql()', 1,
    ))
    monkeypatch.setattr(schema, "bundled", lambda name: broken)
    result = perm(*A, "due")
    backups = list(isolated.glob("perm.db.before-*.bak"))
    assert len(backups) == 1 and dump(backups[0]) == before
    assert (result.code, result.err) == (1, (
        f"perm: error: upgrading the database from schema {REVISIONS[0]} to {HEAD} failed (RuntimeError); "
        f"the database is unchanged; a copy from before is at {backups[0]}\n"
    ))
    assert dump(db) == before


def test_retention_lists_and_purge_deletes_only_named_children_past_it(perm, tracker):
    assert perm(*A, "child", "add", "OLD1", "--name", "Elder Example", "--dob", "1950-03-01").code == 0
    assert perm(*A, "child", "add", "OLD2", "--name", "Other Elder", "--dob", "1951-11-24").code == 0
    assert perm(*A, "record", "fgc", "OLD1", "--date", "1965-01-05").code == 0
    # 75th anniversaries: 1 Mar 2025 (past) and 24 Nov 2026 (tomorrow).
    assert perm(*A, "db", "retention", "--json").json() == {
        "children": [{"child": "OLD1", "kept_until": "2025-03-01"}], "files": []}
    refused = perm(*A, "db", "purge", "OLD2", "--reason", "retention", "--yes")
    assert (refused.code, refused.err) == (
        1, "perm: error: OLD2 is kept until 2026-11-24: records are kept until the 75th anniversary of birth\n"
    )
    assert perm(*A, "db", "purge", "OLD1", "--reason", "retention").code == 2  # no terminal, no --yes
    done = perm(*A, "db", "purge", "OLD1", "--reason", "retention period over", "--yes")
    assert (done.code, done.out) == (0, "Deleted OLD1.\n")
    refs = [c["child"] for c in perm(*A, "child", "list", "--json").json()]
    assert refs == ["C1", "OLD2"]
    last = perm(*A, "audit", "--json").json()[-1]
    assert (last["action"], last["child_ref"], last["reason"]) == ("retention.purge", None, "retention period over")
    assert last["detail"]["rule"].startswith("Care Planning, Placement and Case Review (England) Regulations 2010 reg 50")
