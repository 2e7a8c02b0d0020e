"""A purge leaves nothing of the child behind (issue 10, defect 6): not in any table, not in
the audit trail's words, not in the file's free pages or its WAL; backups and exports made
before are listed so the council can destroy them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import dump

A = ("--as-of", "2026-11-23")
REF = "ELD-4471"
NAME = "Perpetua Quillfeather"
DOB = "1949-07-13"  # past the 75th anniversary; no other child or event has this day


@pytest.fixture
def old_child(perm, database, tmp_path):
    assert perm("init").code == 0
    steps = [
        ("child", "add", "KEEP1", "--name", "Kept Child", "--dob", "2015-02-02"),
        ("child", "add", REF, "--name", NAME, "--dob", DOB, "--worker", "Ada Worker", "--team", "North"),
        ("record", "looked-after", REF, "--date", "1960-03-04", "--legal-status", "care-order"),
        ("record", "review", REF, "--date", "1960-03-20"),
        ("record", "ceased", REF, "--date", "1961-05-06", "--reason", f"went home to {NAME}'s aunt"),
        ("record", "fgc", "KEEP1", "--date", "2026-01-05"),
    ]
    for args in steps:
        result = perm(*A, *args)
        assert result.code == 0, (args, result.err)
    assert perm(*A, "correct", "2", "--reason", f"{NAME} was entered twice", "--date", "1960-03-21").code == 0
    assert perm(*A, "show", REF).code == 0
    assert perm(*A, "export", "--output", str(tmp_path / "everything.json")).code == 0
    return database


def _contains(data: bytes) -> list[str]:
    found = []
    for text in (REF, NAME, DOB, NAME.split()[1]):
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
            if encoded in data:
                found.append(text)
    return found


@pytest.mark.sqlite_only
def test_a_purge_leaves_nothing_in_the_file_or_its_wal(perm, old_child, tmp_path):
    backup = tmp_path / "before.db"
    assert perm(*A, "db", "backup", str(backup)).code == 0
    raw = b"".join(Path(old_child + s).read_bytes() for s in ("", "-wal") if Path(old_child + s).exists())
    assert _contains(raw), "the child is in the file before the purge"

    done = perm(*A, "db", "purge", REF, "--reason", "retention review 2026", "--yes")
    assert done.code == 0, done.err
    assert done.out == f"Deleted {REF}.\n"
    assert str(backup) in done.err and str(tmp_path / "everything.json") in done.err

    for suffix in ("", "-wal", "-shm"):
        path = Path(old_child + suffix)
        if path.exists():
            assert _contains(path.read_bytes()) == [], f"{path.name} still holds the child"
    assert perm(*A, "db", "check").code == 0, "the audit trail is still continuous"
    kept = perm(*A, "show", "KEEP1", "--json")
    assert kept.code == 0 and [e["kind"] for e in kept.json()["events"]] == ["fgc"]

    files = perm(*A, "db", "retention", "--json").json()["files"]
    assert [f["file"] for f in files] == sorted([str(backup), str(tmp_path / "everything.json")])
    table = perm(*A, "db", "retention")
    assert "Files that still hold purged children" in table.out


def test_a_purge_removes_every_row_about_the_child(perm, old_child):
    done = perm(*A, "db", "purge", REF, "--reason", "retention review 2026", "--yes")
    assert done.code == 0, done.err
    everything = "\n".join(dump(old_child))
    assert _contains(everything.encode()) == []
    audit = perm(*A, "audit", "--json").json()
    purged = [r for r in audit if r["action"] == "purged"]
    assert len(purged) == 6 and all(r["child_ref"] is None and r["detail"] is None for r in purged)
    export = next(r for r in audit if r["action"] == "export.data")
    assert export["detail"]["children"] == ["KEEP1"]
    last = audit[-1]
    assert (last["action"], last["child_ref"], last["reason"]) == ("retention.purge", None, "retention review 2026")
    assert perm(*A, "show", REF).code == 1


def test_a_purge_reason_may_not_name_the_child(perm, old_child):
    before = dump(old_child)
    result = perm(*A, "db", "purge", REF, "--reason", f"{REF} past retention", "--yes")
    assert (result.code, result.err) == (
        1, "perm: error: --reason: do not name the children being purged; the reason is kept after them\n")
    assert dump(old_child) == before
