"""Imports that overlap with each other or with `perm record` (issue 10, defects 2 and 3).

An import checks what it brings against the database and writes it in one write
transaction, so what the checks read cannot change before the rows land: two imports of
one file at once add it once; an import and a `perm record` on the same child cannot
both open a period of care. A refused import writes nothing, not even when only its
--rejects file cannot be written."""

from __future__ import annotations

import json

import pytest

from conftest import dump, together

ROUNDS = 10
CHILDREN = 60  # enough rows that the two imports' checks overlap

IMPORTER = r"""
import json, sys
from pathlib import Path
from permcli.app.context import Context
from permcli.app.importer import import_intake
from permcli.app.intakefiles import read_events_file
ctx = Context(db=sys.argv[1], as_of_text="2026-11-20", user="importer")
intake = read_events_file(Path(sys.argv[2]), Path(sys.argv[3]) if sys.argv[3] != "-" else None, ctx.as_of)
print("ready", flush=True)
sys.stdin.readline()
report = import_intake(ctx, intake)
print(json.dumps({"children": report.children_added, "events": report.events_total,
                  "already": report.events_already, "rejected": [r.why for r in report.rejects]}))
"""

RECORDER = r"""
import json, sys
from permcli.app.context import Context
from permcli.app.record import record_event
from permcli.domain.errors import PermError
ctx = Context(db=sys.argv[1], as_of_text="2026-11-20", user="recorder")
print("ready", flush=True)
sys.stdin.readline()
try:
    print(json.dumps({"event": record_event(ctx, sys.argv[2], "looked-after", "2026-02-02", {"legal_status": "s20"})}))
except PermError as exc:
    print(json.dumps({"refused": str(exc)}))
"""


def _files(folder, round_: int):
    children = folder / f"children-{round_}.csv"
    events = folder / f"events-{round_}.csv"
    children.write_text("child,name,dob\n" + "".join(
        f"R{round_}-{n},Race Child {n},2015-01-{1 + n % 28:02d}\n" for n in range(CHILDREN)))
    events.write_text("child,kind,date,legal_status\n" + "".join(
        f"R{round_}-{n},looked-after,2026-01-05,s20\nR{round_}-{n},review,2026-01-20,\n" for n in range(CHILDREN)))
    return children, events


def _check_ok(perm) -> None:
    checked = perm("db", "check", "--json")
    assert checked.code == 0, checked.out
    assert all(r["result"] == "ok" for r in checked.json()), checked.out


def _counts(perm, prefix: str) -> dict:
    exported = perm("export").json()
    events = [e for e in exported["events"] if e["child"].startswith(prefix)]
    kinds: dict = {}
    for e in events:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    return {"children": sum(1 for c in exported["children"] if c["child"].startswith(prefix)), **kinds}


def test_two_imports_of_one_file_at_once_add_it_once(perm, database, tmp_path):
    assert perm("init").code == 0
    for round_ in range(ROUNDS):
        children, events = _files(tmp_path, round_)
        first, second = together((IMPORTER, (database, events, children)), (IMPORTER, (database, events, children)))
        assert sorted([first["children"], second["children"]]) == [0, CHILDREN], (first, second)
        assert sorted([first["events"], second["events"]]) == [0, 2 * CHILDREN]
        loser = first if first["events"] == 0 else second
        assert loser["already"] == 2 * CHILDREN and loser["rejected"] == [], "the second adds nothing, and says so"
        assert _counts(perm, f"R{round_}-") == {"children": CHILDREN, "looked-after": CHILDREN, "review": CHILDREN}
        _check_ok(perm)


def test_an_import_racing_perm_record_on_the_same_child_opens_one_period(perm, database, tmp_path):
    assert perm("init").code == 0
    for round_ in range(ROUNDS):
        children, events = _files(tmp_path, round_)
        no_events = tmp_path / "no-events.csv"
        no_events.write_text("child,kind,date\n")
        assert perm("--as-of", "2026-11-20", "import", "events", str(no_events), "--children", str(children)).code == 0
        target = f"R{round_}-{CHILDREN // 2}"
        imported, recorded = together((IMPORTER, (database, events, "-")), (RECORDER, (database, target)))
        counts = _counts(perm, f"R{round_}-")
        assert counts["looked-after"] == CHILDREN, (imported, recorded)
        if "event" in recorded:  # perm record won: the import's row for that child is refused
            assert len(imported["rejected"]) >= 1 and "already looked after" in imported["rejected"][0]
        else:
            assert "already looked after" in recorded["refused"]
            assert imported["rejected"] == []
        _check_ok(perm)


def test_a_refused_rejects_file_writes_nothing(perm, database, tmp_path):
    assert perm("init").code == 0
    children, events = _files(tmp_path, 0)
    before = dump(database)
    for target in (tmp_path / "no" / "such" / "r.csv", tmp_path):
        result = perm("--as-of", "2026-11-20", "import", "events", str(events), "--children", str(children),
                      "--rejects", str(target))
        assert result.code == 1
        assert result.err.count("\n") == 1 and result.err.startswith("perm: error: --rejects: ")
        assert ".perm-" not in result.err
        assert dump(database) == before, "nothing was imported"


@pytest.mark.sqlite_only
def test_a_rejects_file_that_cannot_be_written_at_the_end_leaves_nothing(perm, database, tmp_path, monkeypatch):
    """The rejects file is prepared inside the transaction and published after it commits:
    a failure writing it rolls the import back, and no temporary file is left or named."""
    import errno

    from permcli import files

    assert perm("init").code == 0
    children, events = _files(tmp_path, 0)
    (events.parent / "bad.csv").write_text(events.read_text() + "R0-1,review,not-a-date,\n")
    before = dump(database)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".perm-x.tmp"))

    monkeypatch.setattr(files.os, "fsync", full)
    result = perm("--as-of", "2026-11-20", "import", "events", str(events.parent / "bad.csv"),
                  "--children", str(children), "--rejects", str(tmp_path / "rejects.csv"))
    assert result.code == 1
    assert result.err == f"perm: error: No space left on device: {tmp_path / 'rejects.csv'}\n"
    assert dump(database) == before
    assert not list(tmp_path.glob(".perm-*")) and not (tmp_path / "rejects.csv").exists()


def test_a_json_import_with_odd_values_reports_rows_not_crashes(perm, database, tmp_path):
    assert perm("init").code == 0
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"children": [
        {"child": 7, "name": "Seven Example", "dob": "2015-01-01"},
        {"child": "N1", "name": {"first": "Nested"}, "dob": "2015-01-01"},
    ], "events": [
        {"child": 7, "kind": "looked-after", "date": "2026-01-05", "details": {"legal_status": "s20"}},
        {"child": "N1", "kind": "review", "date": "2026-01-06", "details": [1, 2]},
    ]}))
    result = perm("--as-of", "2026-11-20", "import", "events", str(path), "--json")
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["children_added"] == 1 and summary["events_added"] == {"looked-after": 1}
    assert [(r["line"], r["why"]) for r in summary["rejects"]] == [
        (2, "name: not a plain value"), (2, "details: not a plain value")]


def test_a_json_import_nested_too_deeply_is_one_line(perm, database, tmp_path):
    assert perm("init").code == 0
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    before = dump(database)
    result = perm("import", "events", str(path))
    assert (result.code, result.err) == (1, f"perm: error: {path}: not a JSON export of perm (nested too deeply)\n")
    assert dump(database) == before
