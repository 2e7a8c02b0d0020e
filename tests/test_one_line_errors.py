"""Input perm cannot use is refused with one clear line on stderr and exit 1, and nothing is
written: dates perm cannot compute with, IDs too big for the database, URLs of databases
perm does not speak, bytes that are not UTF-8, files nested too deeply, control characters
in free text. Text already stored with control characters is never printed raw."""

from __future__ import annotations

import json
import os
import re
from datetime import date

import pytest

from conftest import dump

AS_OF = ("--as-of", "2026-11-23")
NAME = "Zara Quintessa Example"
DOB = "2014-07-19"
RANGE = "is outside the days perm works with (1900-01-01 to 2999-12-31)"
# C0 controls other than the line ends of the output itself, DEL and C1 controls.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def tracker(perm, database):
    """One child, looked after from 2026-01-05 with one review, under a policy with panels."""
    assert perm("init", "--policy", "four-panels").code == 0
    for args in (
        ("child", "add", "C1", "--name", NAME, "--dob", DOB, "--worker", "Sam", "--team", "North"),
        ("record", "looked-after", "C1", "--date", "2026-01-05", "--legal-status", "care-order"),
        ("record", "review", "C1", "--date", "2026-02-02"),
    ):
        result = perm(*AS_OF, *args)
        assert result.code == 0, (args, result.err)
    return database


@pytest.fixture
def refused(perm, tracker):
    """Run a command that must be refused: its one line of error, less "perm: error: "."""

    def run(*args: str, runner=perm, **kwargs) -> str:
        before = dump(tracker)
        result = runner(*args, **kwargs)
        assert result.code == 1, (args, result)
        assert result.out == ""
        assert_one_line(result.err)
        assert dump(tracker) == before, "the database changed"
        return result.err.splitlines()[0].removeprefix("perm: error: ")

    return run


def assert_one_line(err: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("perm: error: "), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "unexpected" not in err and "Traceback" not in err, err
    assert not RAW_CONTROL.search(err), err
    assert NAME not in err and "Zara" not in err and DOB not in err


# -- dates perm cannot compute with -------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (("agenda", "--date", "0001-01-01"), f"--date: 0001-01-01 {RANGE}"),
        (("agenda", "--date", "9999-12-31"), f"--date: 9999-12-31 {RANGE}"),
        (("agenda", "--panel", "legal-planning", "--date", "1899-12-31"), f"--date: 1899-12-31 {RANGE}"),
        (("book", "C1", "--panel", "legal-planning", "--date", "9999-12-31", "--reason", "new-admission"),
         f"--date: 9999-12-31 {RANGE}"),
        (("paperwork", "C1", "--panel", "legal-planning", "--date", "0001-01-01"), f"--date: 0001-01-01 {RANGE}"),
        (("record", "order", "C1", "--date", "2026-03-01", "--type", "supervision", "--end-date", "9999-12-31"),
         f"--end-date: 9999-12-31 {RANGE}"),
        (("record", "review", "C1", "--date", "0001-01-01"), f"--date: 0001-01-01 {RANGE}"),
        (("correct", "2", "--reason", "typo", "--date", "0001-01-01"), f"--date: 0001-01-01 {RANGE}"),
    ],
)
def test_days_outside_the_years_perm_works_with(refused, args, message):
    assert refused(*AS_OF, *args) == message


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "3000-01-01"])
@pytest.mark.parametrize("command", [("due",), ("agenda",), ("panels",), ("report",)])
def test_as_of_outside_the_years_perm_works_with(refused, day, command):
    assert refused("--as-of", day, *command) == f"--as-of: {day} {RANGE}"


def test_the_ends_of_the_range_still_work(perm, tracker):
    for args in (
        ("--as-of", "1900-01-01", "due", "--json"),
        ("--as-of", "2999-12-31", "due", "--json"),
        ("--as-of", "2999-12-31", "panels", "--json"),
        ("--as-of", "2999-12-31", "agenda", "--panel", "legal-planning", "--date", "next"),
        (*AS_OF, "agenda", "--panel", "legal-planning", "--date", "2999-12-31"),
    ):
        result = perm(*args)
        assert result.code in (0, 1), (args, result.err)
        assert "outside the days" not in result.err and "unexpected" not in result.err, (args, result.err)


def test_a_date_of_birth_before_1900_keeps_its_message(refused):
    assert refused(*AS_OF, "child", "add", "C2", "--name", NAME, "--dob", "1899-12-31") == (
        "--dob: the date of birth is before 1900"
    )


# -- IDs too big for the database ---------------------------------------------------------------


@pytest.mark.parametrize("event_id", ["99999999999999999999", "9223372036854775808", "0"])
def test_event_ids_beyond_64_bits_are_refused(refused, event_id):
    assert refused(*AS_OF, "correct", event_id, "--reason", "typo") == (
        f"EVENT_ID: {event_id} is not an event ID (a whole number from 1 to 9223372036854775807)"
    )


def test_the_largest_event_id_is_looked_up(refused):
    assert refused(*AS_OF, "correct", "9223372036854775807", "--reason", "typo") == (
        "no event with ID 9223372036854775807"
    )


# -- databases perm does not speak --------------------------------------------------------------


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("mysql://perm:secret@db.example/perm", "mysql"),
        ("mysql+pymysql://perm@db.example/perm", "mysql+pymysql"),
        ("oracle://perm@db.example/perm", "oracle"),
        ("postgresql+psycopg2://perm@db.example/perm", "postgresql+psycopg2"),
        ("postgresql+asyncpg://perm@db.example/perm", "postgresql+asyncpg"),
    ],
)
def test_database_urls_other_than_sqlite_and_postgresql_are_refused(refused, url, scheme):
    message = refused("--db", url, "due")
    assert message == (
        "--db: perm works with SQLite and PostgreSQL: give a file path or a postgresql+psycopg:// URL, "
        f"not {scheme}://"
    )
    assert "secret" not in message


def test_a_database_path_with_a_newline_is_refused(refused, tmp_path):
    path = tmp_path / "new\nline.db"
    assert refused("--db", str(path), "init") == "--db: contains control characters"
    assert not path.exists()


# -- bytes that are not UTF-8 -------------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_refused(refused, perm_cli):
    name = os.fsdecode(b"Zo\xeb Latin-1")  # what Python makes of such bytes in argv
    message = refused(*AS_OF, "child", "add", "C2", "--name", name, "--dob", DOB, runner=perm_cli)
    assert message == "--name: not UTF-8 text"
    assert refused(*AS_OF, "child", "add", "C2", f"--name={name}", "--dob", DOB) == "--name: not UTF-8 text"
    assert refused(*AS_OF, "show", os.fsdecode(b"C\xff")) == "argument 4: not UTF-8 text"


def test_a_user_name_that_is_not_utf8_is_refused(refused, perm_cli):
    args = (*AS_OF, "child", "add", "C2", "--name", "Someone", "--dob", DOB)
    by = os.fsdecode(b"s\xe9verine")
    assert refused(*args, runner=perm_cli, env={"PERM_USER": by}) == "--by: not UTF-8 text"
    assert refused("--by", by, *args, runner=perm_cli) == "--by: not UTF-8 text"


def test_a_database_path_that_is_not_utf8_is_refused(refused, perm_cli, tmp_path):
    path = os.fsdecode(bytes(tmp_path) + b"/p\xe9rm.db")
    assert refused("init", runner=perm_cli, env={"PERM_DB": path}) == "--db: not UTF-8 text"
    assert os.listdir(tmp_path).count(os.fsdecode(b"p\xe9rm.db")) == 0


# -- files nested too deeply --------------------------------------------------------------------


DEEP = 100_000


def test_a_json_import_nested_too_deeply(refused, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"children": [], "events": ' + "[" * DEEP + "]" * DEEP + "}")
    message = refused(*AS_OF, "import", "events", str(path))
    assert "nested too deeply" in message


@pytest.mark.sqlite_only  # no database involved
def test_a_config_file_nested_too_deeply(refused, isolated):
    config = isolated / "config" / "perm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("team = " + "[" * DEEP + "]" * DEEP + "\n")
    assert refused(*AS_OF, "due") == f"config file {config}:1: nested too deeply"


@pytest.mark.sqlite_only  # no database involved
@pytest.mark.parametrize("body", ["[" * DEEP + "]" * DEEP, "{a = " * DEEP + "1" + "}" * DEEP])
def test_a_policy_file_nested_too_deeply(refused, tmp_path, body):
    path = tmp_path / "council.toml"
    path.write_text(f"id = \"council\"\nname = \"Council\"\nextends = \"statutory\"\ndeep = {body}\n")
    assert refused("policy", "check", str(path)) == f"{path}: nested too deeply"


# -- import files with values of the wrong type (app/importer.py) -------------------------------




def _import(perm, tmp_path, events: list[dict]):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"children": [], "events": events}))
    return perm(*AS_OF, "import", "events", str(path))


@pytest.mark.parametrize("event", [
    {"child": True, "kind": "review", "date": "2026-03-02"},
    {"child": "C1", "kind": True, "date": "2026-03-02"},
    {"child": "C1", "kind": "review", "date": "2026-03-02", "recorded_by": True},
])
def test_a_json_import_with_true_for_text_reports_the_row(perm, tracker, tmp_path, event):
    before = perm(*AS_OF, "show", "C1", "--json").json()["events"]
    result = _import(perm, tmp_path, [event])
    assert "unexpected" not in result.err and "Traceback" not in result.err, result.err
    assert result.code in (0, 1) and (result.code == 0 or result.err.count("\n") == 1), result.err
    assert perm(*AS_OF, "show", "C1", "--json").json()["events"] == before


def test_an_import_keeps_no_control_characters(perm, tracker, tmp_path):
    _import(perm, tmp_path, [
        {"child": "C1", "kind": "review", "date": "2026-03-02", "recorded_by": "Sam\x1b[31m"},
        {"id": 9, "child": "C1", "kind": "review", "date": "2026-04-02"},
        {"child": "C1", "kind": "correction", "date": "2026-04-03", "voids": 9, "reason": "typed\nby Eve"},
    ])
    for event in perm(*AS_OF, "show", "C1", "--json").json()["events"]:
        for value in (event.get("recorded_by"), event.get("reason")):
            assert not RAW_CONTROL.search(value or "") and "\n" not in (value or ""), event


def test_the_checks_refuse_values_that_are_not_text():
    from permcli.domain.children import clean_child, clean_ref
    from permcli.domain.text import clean_text
    from permcli.domain.errors import PermError
    from permcli.domain.events import clean_details, event_id, parse_date

    for call, message in (
        (lambda: clean_ref(7), "child ID: expected text, not a number"),
        (lambda: clean_text(["a"], "--name"), "--name: expected text, not a list"),
        (lambda: clean_text(True, "--worker"), "--worker: expected text, not true or false"),
        (lambda: clean_text({"a": 1}, "--team"), "--team: expected text, not an object"),
        (lambda: clean_child("C1", 7, "2015-01-01", date(2026, 11, 23)), "--name: expected text, not a number"),
        (lambda: clean_details("ceased", {"reason": 5}), "--reason: expected text, not a number"),
        (lambda: clean_details("panel", {"panel": "p", "outcome": "a\x1bb"}), "--outcome: contains control characters"),
        (lambda: parse_date(20260101, "date"), "date: expected a date as YYYY-MM-DD"),
        (lambda: event_id("99999999999999999999", "id"),
         "id: '99999999999999999999' is not an event ID (a whole number from 1 to 9223372036854775807)"),
        (lambda: event_id(True, "voids"), "voids: True is not an event ID (a whole number from 1 to 9223372036854775807)"),
        (lambda: event_id(2.5, "voids"), "voids: 2.5 is not an event ID (a whole number from 1 to 9223372036854775807)"),
    ):
        with pytest.raises(PermError) as raised:
            call()
        assert str(raised.value) == message
    assert event_id(" 12 ", "id") == 12 and event_id(9223372036854775807, "id") == 9223372036854775807


# -- control characters in free text ------------------------------------------------------------


CONTROL = ["Sam\nEve", "\x1b[31mSam", "Sam\x9b31m", "Sa\x7fm", "Sa\x00m", "Sa\rm", "Sa\x85m"]


@pytest.mark.parametrize("by", CONTROL)
def test_by_with_control_characters_is_refused(refused, by):
    args = (*AS_OF, "child", "add", "C2", "--name", "Someone", "--dob", DOB)
    assert refused("--by", by, *args) == "--by: contains control characters"


def test_perm_user_with_control_characters_is_refused(refused, monkeypatch):
    monkeypatch.setenv("PERM_USER", "Sam\x1b]0;owned\x07")
    assert refused(*AS_OF, "record", "review", "C1", "--date", "2026-05-01") == "--by: contains control characters"


@pytest.mark.parametrize(
    "args, option",
    [
        (("child", "add", "C2", "--name", "Zara\x1b[2J", "--dob", DOB), "--name"),
        (("child", "add", "C2", "--name", "Zara\x9b2J", "--dob", DOB), "--name"),
        (("child", "add", "C2", "--name", "Someone", "--dob", DOB, "--worker", "Sa\x7fm"), "--worker"),
        (("child", "add", "C2", "--name", "Someone", "--dob", DOB, "--team", "No\x85rth"), "--team"),
        (("child", "add", "C2", "--name", "Someone", "--dob", DOB, "--sibling-group", "G\x0b1"), "--sibling-group"),
        (("record", "ceased", "C1", "--date", "2026-03-01", "--reason", "moved\nhome"), "--reason"),
        (("record", "panel", "C1", "--date", "2026-03-03", "--panel", "legal-planning", "--outcome", "agreed\x9b"),
         "--outcome"),
        (("record", "minutes", "C1", "--date", "2026-03-03", "--meeting", "p\x1bpm"), "--meeting"),
        (("book", "C1", "--panel", "legal-planning", "--reason", "new-\x1badmission"), "--reason"),
        (("correct", "2", "--reason", "ty\rpo"), "--reason"),
        (("due", "--worker", "Sa\x1bm"), "--worker"),
    ],
)
def test_free_text_with_control_characters_is_refused(refused, args, option):
    assert refused(*AS_OF, *args) == f"{option}: contains control characters"


@pytest.mark.sqlite_only  # no database involved
@pytest.mark.parametrize("value", ["Sam\x9b31m", "Sam\x1b[31m", "Sa\x85m"])
def test_config_values_with_control_characters_are_refused(refused, isolated, value):
    config = isolated / "config" / "perm" / "config.toml"
    assert refused("config", "set", "by", value) == "by: contains control characters"
    assert not config.exists()


@pytest.mark.sqlite_only  # no database involved
def test_a_config_file_with_a_c1_control_character_is_refused(refused, isolated):
    config = isolated / "config" / "perm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('by = "Sam\\u009b31m"\n')
    assert refused(*AS_OF, "due") == f"config file {config}:1: by: contains control characters"


@pytest.mark.sqlite_only  # no database involved
def test_config_show_prints_a_bad_user_name_on_one_line(perm, monkeypatch):
    monkeypatch.setenv("PERM_USER", "Sam\n\x1b[31mEve")
    result = perm("config", "show")
    assert result.code == 0, result.err
    assert not RAW_CONTROL.search(result.out)
    assert [line.split()[:3] for line in result.out.splitlines() if line.startswith("by ")] == [
        ["by", "Sam\\n\\x1b[31mEve", "(PERM_USER)"]
    ]


# -- a key file whose path holds a newline ------------------------------------------------------


def test_a_key_file_path_with_a_newline_is_shown_on_one_line(refused, perm, tmp_path):
    missing = tmp_path / "no\nkey"
    assert refused(*AS_OF, "export", "--pseudonymise", "--key-file", str(missing)) == (
        f"--key-file: cannot read {tmp_path}/no\\nkey: No such file or directory"
    )
    kept = tmp_path / "the\nkey"
    kept.write_text("k" * 32)
    result = perm(*AS_OF, "export", "--pseudonymise", "--key-file", str(kept))
    assert result.code == 0, result.err
    assert result.err == f"Pseudonyms are keyed with {tmp_path}/the\\nkey: keep it secret; the same key links exports.\n"


# -- text stored before these checks is never printed raw ---------------------------------------


OLD_NAME = "Zara\x1b[2J\nEve\x9b31m"
OLD_BY = "Sam\nEve\x1b]0;owned\x07"


def _store_old_text(db: str) -> None:
    """What an older perm let through: a child whose name holds control characters, added
    by someone whose name holds them too (written past today's checks, through the store)."""
    from permcli.app.context import Context
    from permcli.domain.timeline import Child
    from permcli.store import repo
    from permcli.store.engine import run_write

    ctx = Context(db=db, as_of_text="2026-11-23", user="tester")

    def work(conn) -> None:
        repo.insert_child(conn, Child(ref="C2", dob=date(2015, 1, 1), name=OLD_NAME), ctx.now(), OLD_BY)
        repo.audit(conn, ctx.now(), OLD_BY, "child.add", "C2", "child C2", OLD_BY)

    try:
        run_write(ctx.engine(), work)
    finally:
        ctx.close()


def test_stored_control_characters_are_escaped_in_tables(perm, tracker):
    _store_old_text(tracker)
    for args in (("audit",), ("audit", "--csv"), ("child", "list"), ("child", "list", "--csv")):
        result = perm(*AS_OF, *args)
        assert result.code == 0, (args, result.err)
        assert not RAW_CONTROL.search(result.out), (args, result.out)
        assert "\nEve" not in result.out
    assert "Sam\\nEve\\x1b]0;owned\\x07" in perm(*AS_OF, "audit", "--csv").out
    assert "Zara\\x1b[2J\\nEve\\x9b31m" in perm(*AS_OF, "child", "list").out


def test_stored_control_characters_are_escaped_in_json_losslessly(perm, tracker):
    _store_old_text(tracker)
    audit = perm(*AS_OF, "audit", "--json")
    children = perm(*AS_OF, "child", "list", "--json")
    for result in (audit, children):
        assert result.code == 0, result.err
        assert not RAW_CONTROL.search(result.out)
    assert OLD_BY in {row["by"] for row in audit.json()}
    assert [row["name"] for row in children.json()] == [NAME, OLD_NAME]


# -- whatever goes wrong inside, one line -------------------------------------------------------


@pytest.mark.sqlite_only  # no database involved
@pytest.mark.parametrize(
    "error, message",
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (OverflowError("date value out of range"), "a number or date out of range"),
        (UnicodeDecodeError("utf-8", b"Zara\xff", 4, 5, "invalid start byte"), "text that is not UTF-8"),
        (UnicodeEncodeError("utf-8", "Zara\udcff", 4, 5, "surrogates not allowed"), "text that is not UTF-8"),
        (ValueError("Zara Quintessa Example\nborn 2014-07-19"), "a value perm cannot use (ValueError)"),
        (OSError(2, "No such file or directory", "/tmp/Zara\nEve"), "No such file or directory: /tmp/Zara\\nEve"),
    ],
)
def test_errors_from_deep_inside_are_one_line(perm, monkeypatch, error, message):
    def fail(ctx):
        raise error

    monkeypatch.setattr("permcli.cli.config.load_settings", fail)
    result = perm("due")
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("perm: error: "), result.err
    assert message in result.err
    assert "Traceback" not in result.err and "Quintessa" not in result.err
