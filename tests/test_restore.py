"""A restore is held to the same check as the live database (issue 10, defect 5), and
backups and safety copies made in the same second do not collide (defect 7)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import dump

pytestmark = pytest.mark.sqlite_only
A = ("--as-of", "2026-11-23")


@pytest.fixture
def tracker(perm, database):
    assert perm("init").code == 0
    for args in (
        ("child", "add", "C1", "--name", "Restore Example", "--dob", "2014-07-19"),
        ("record", "looked-after", "C1", "--date", "2026-01-05", "--legal-status", "care-order"),
        ("record", "review", "C1", "--date", "2026-02-03"),
    ):
        assert perm(*A, *args).code == 0
    return database


def _tampered(tracker, tmp_path, *statements) -> Path:
    copy = tmp_path / "tampered.db"
    shutil.copy(tracker, copy)
    conn = sqlite3.connect(copy)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


@pytest.mark.parametrize("statements, message", [
    (("DROP TRIGGER audit_no_delete", "DROP TRIGGER audit_no_update", "DELETE FROM audit"),
     "append-only triggers missing: audit_no_delete, audit_no_update"),
    (("DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id IN (2, 3)",
      "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'kept'); END"),
     "the audit trail has lost 2 lines (numbered 1 to 4, 2 kept)"),
    (("DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id > 2",
      "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'kept'); END"),
     "events were recorded after the last line of the audit trail: lines are missing"),
    (("DROP TRIGGER event_no_update", "UPDATE event SET details = '{not json' WHERE id = 2",
      "CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'no'); END"),
     "details that are not JSON: event 2"),
    (("INSERT INTO event (child_id, kind, date, details, recorded_at, recorded_by) "
      "VALUES (1, 'looked-after', '2026-03-01', '{\"legal_status\": \"s20\"}', '2026-01-01 00:00:00.000000', 'x')",),
     "1 contradiction in the histories; first: C1: looked after on 2026-03-01 but already looked after since "
     "2026-01-05; record when the earlier period ended first"),
])
def test_restore_refuses_what_db_check_refuses(perm, tracker, tmp_path, statements, message):
    bad = _tampered(tracker, tmp_path, *statements)
    before = dump(tracker)
    result = perm(*A, "db", "restore", str(bad), "--yes")
    assert (result.code, result.err) == (1, f"perm: error: {bad} is not restored: {message}\n")
    assert dump(tracker) == before
    assert perm(*A, "--db", str(bad), "db", "check").code == 1


def test_a_sound_backup_restores_and_the_restored_database_checks_ok(perm, tracker, tmp_path):
    copy = tmp_path / "sound.db"
    assert perm(*A, "db", "backup", str(copy)).code == 0
    restored = perm(*A, "db", "restore", str(copy), "--yes")
    assert restored.code == 0, restored.err
    checked = perm(*A, "db", "check", "--json")
    assert checked.code == 0, checked.out
    assert [r["check"] for r in checked.json()] == [
        "integrity", "foreign keys", "schema", "append-only", "readable", "audit", "policy", "histories", "file modes"]


def test_two_backups_and_two_restores_in_one_second_do_not_collide(perm, tracker, monkeypatch):
    import permcli.store.backup as backup_module

    class Frozen(backup_module.datetime):
        @classmethod
        def now(cls, tz=None):
            return backup_module.datetime(2026, 11, 23, 9, 30, 0, 123456, tzinfo=tz)

    monkeypatch.setattr(backup_module, "datetime", Frozen)
    made = [perm(*A, "db", "backup") for _ in range(2)]
    assert [m.code for m in made] == [0, 0], [m.err for m in made]
    files = sorted(Path(tracker).parent.glob("perm.backup-*.db"))
    assert [f.name for f in files] == ["perm.backup-20261123T093000123456Z-1.db", "perm.backup-20261123T093000123456Z.db"]
    for _ in range(2):
        result = perm(*A, "db", "restore", str(files[0]), "--yes")
        assert result.code == 0, result.err
    assert len(list(Path(tracker).parent.glob("perm.before-restore-*.db"))) == 2
