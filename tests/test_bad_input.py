"""Bad input gets one clear line on stderr and exit 1, and the database is exactly as
before. Error text never carries a child's name or date of birth."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import dump

NAME = "Zara Quintessa Example"
DOB = "2014-07-19"


@pytest.fixture
def tracker(perm, database):
    """One child, looked after from 2026-01-05 with one review, as of 2026-11-23."""
    assert perm("init").code == 0
    assert perm("child", "add", "C1", "--name", NAME, "--dob", DOB, "--worker", "Sam", "--team", "North").code == 0
    base = ("--as-of", "2026-11-23")
    assert perm(*base, "record", "looked-after", "C1", "--date", "2026-01-05", "--legal-status", "care-order").code == 0
    assert perm(*base, "record", "review", "C1", "--date", "2026-02-02").code == 0
    db = database

    def refused(*args: str) -> str:
        before = dump(db)
        result = perm(*base, *args)
        assert result.code == 1, (args, result)
        assert result.out == ""
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("perm: error: "), result.err
        assert "Traceback" not in result.err
        assert NAME not in result.err and "Zara" not in result.err
        assert DOB not in result.err
        assert dump(db) == before, "the database changed"
        return lines[0].removeprefix("perm: error: ")

    return refused


@pytest.mark.parametrize(
    "args, message",
    [
        (("record", "review", "C9", "--date", "2026-03-01"), "unknown child C9"),
        (("record", "review", "C1", "--date", "2026-02-30"), "--date: 2026-02-30 is not a real date"),
        (("record", "review", "C1", "--date", "01/03/2026"), "--date: '01/03/2026' is not a date as YYYY-MM-DD"),
        (("record", "review", "C1", "--date", "0000-00-00"), "--date: 0000-00-00 is not a real date"),
        (
            ("record", "review", "C1", "--date", "2027-01-04"),
            "--date: 2027-01-04 is after 2026-11-23; record events once they have happened",
        ),
        (
            ("record", "review", "C1", "--date", "9999-12-31"),
            "--date: 9999-12-31 is outside the days perm works with (1900-01-01 to 2999-12-31)",
        ),
        (("correct", "99999999999999999999", "--reason", "typo"),
         "EVENT_ID: 99999999999999999999 is not an event ID (a whole number from 1 to 9223372036854775807)"),
        (("record", "ceased", "C1", "--date", "2026-03-01", "--reason", "moved\x1b[2Khome"),
         "--reason: contains control characters"),
        (("--by", "Sam\nEve", "record", "review", "C1", "--date", "2026-03-02"), "--by: contains control characters"),
        (("--db", "mysql://perm@db.example/perm", "due"),
         "--db: perm works with SQLite and PostgreSQL: give a file path or a postgresql+psycopg:// URL, not mysql://"),
        (
            ("record", "plo-start", "C1", "--date", "2014-07-18"),
            "C1: PLO pre-proceedings started on 2014-07-18 is before the child's date of birth",
        ),
        (
            ("record", "review", "C1", "--date", "2025-12-01"),
            "C1: LAC review held on 2025-12-01 but the child is not looked after then",
        ),
        (
            ("record", "looked-after", "C1", "--date", "2026-03-01", "--legal-status", "s20"),
            "C1: looked after on 2026-03-01 but already looked after since 2026-01-05; "
            "record when the earlier period ended first",
        ),
        (
            ("record", "looked-after", "C1", "--date", "2026-03-01", "--legal-status", "section-20"),
            "--legal-status: 'section-20' is not one of s20, ico, care-order, police-protection, epo, "
            "placement-order, remand",
        ),
        (("record", "order", "C1", "--date", "2026-03-01", "--type", "supervision"), "order supervision: --end-date is required"),
        (
            ("record", "order", "C1", "--date", "2026-03-01", "--type", "supervision", "--end-date", "2026-02-01"),
            "--end-date: 2026-02-01 is not after the order was made on 2026-03-01",
        ),
        (("record", "cmh", "C1", "--date", "2026-03-01"), "C1: Case management hearing on 2026-03-01 with no care proceedings open"),
        (("record", "plo-end", "C1", "--date", "2026-03-01"), "C1: PLO pre-proceedings ended on 2026-03-01 but none had started"),
        (("child", "add", "C1", "--name", "Someone Else", "--dob", "2015-01-01"), "a child with ID C1 already exists"),
        (("child", "add", "C 2", "--name", NAME, "--dob", DOB), "child ID: use 1 to 64 letters, digits, '.', '_', '/' or '-', starting with a letter or digit"),
        (("child", "add", "C2", "--name", NAME, "--dob", "2014-02-30"), "--dob: expected the date of birth as a real date, YYYY-MM-DD"),
        (("child", "add", "C2", "--name", NAME, "--dob", "2027-01-01"), "--dob: the date of birth is after the as-of day"),
        (("child", "add", "C2", "--name", "x" * 201, "--dob", DOB), "--name: longer than 200 characters"),
        (("due", "--child", "C9"), "unknown child C9"),
        (("due", "--within", "-1"), "--within: give a number of days, 0 or more"),
        (("correct", "999", "--reason", "typo"), "no event with ID 999"),
    ],
)
def test_refused_with_one_line(tracker, args, message):
    assert tracker(*args) == message


def test_ceasing_twice_is_refused(perm, tracker):
    assert perm("--as-of", "2026-11-23", "record", "ceased", "C1", "--date", "2026-06-30").code == 0
    assert tracker("record", "ceased", "C1", "--date", "2026-07-01") == (
        "C1: Ceased to be looked after on 2026-07-01 but the child is not looked after then"
    )
    # A review recorded late, dated inside the period, is still fine; after the end it is not.
    assert tracker("record", "review", "C1", "--date", "2026-07-15") == (
        "C1: LAC review held on 2026-07-15 but the child is not looked after then"
    )


def test_bad_as_of_is_refused(perm, tracker):
    result = perm("--as-of", "2026-13-01", "due")
    assert (result.code, result.err) == (1, "perm: error: --as-of: 2026-13-01 is not a real date\n")


def test_correction_voids_an_event_and_keeps_both(perm, tracker):
    base = ("--as-of", "2026-11-23")
    wrong = perm(*base, "record", "review", "C1", "--date", "2026-05-01")
    assert wrong.out == "Recorded event 3: LAC review held for C1 on 2026-05-01.\n"
    assert [r["due"] for r in perm(*base, "due", "--json", "--all").json() if r["rule"] == "review-subsequent"] == [
        "2026-11-01"
    ]
    fixed = perm(*base, "correct", "3", "--reason", "entered on the wrong child")
    assert fixed.code == 0, fixed.err
    assert fixed.out == "Recorded correction 4: event 3 (review for C1 on 2026-05-01) is void.\n"
    story = perm(*base, "show", "C1", "--json").json()
    assert [(e["id"], e["kind"], e["voided_by"], e["voids"]) for e in story["events"]] == [
        (1, "looked-after", None, None),
        (2, "review", None, None),
        (3, "review", 4, None),
        (4, "correction", None, 3),
    ]
    assert story["events"][3]["reason"] == "entered on the wrong child"
    # Without the voided review, review 2 (due 2026-05-02) is outstanding again.
    due = perm(*base, "due", "--json").json()
    assert [(r["rule"], r["number"], r["due"]) for r in due if r["item"] == "review"] == [
        ("review-second", 2, "2026-05-02")
    ]
    # The same event cannot be voided twice, and a correction cannot be voided.
    assert tracker("correct", "3", "--reason", "again") == "event 3 was already voided by correction 4"
    assert tracker("correct", "4", "--reason", "undo") == "event 4 is itself a correction and cannot be voided"
    # `perm record correction` is the same command.
    again = perm(*base, "record", "correction", "2", "--reason", "duplicate entry")
    assert again.code == 0 and "event 2 (review for C1 on 2026-02-02) is void" in again.out


def test_voiding_an_event_the_history_rests_on_is_refused(tracker):
    assert tracker("correct", "1", "--reason", "wrong date") == (
        "cannot void event 1: C1: LAC review held on 2026-02-02 but the child is not looked after then"
    )


def test_missing_reason_without_a_terminal_is_a_usage_error(perm, tracker):
    result = perm("correct", "2")
    assert result.code == 2
    assert "Missing option '--reason'" in result.err


def test_json_and_csv_together_is_a_usage_error(perm, tracker):
    result = perm("due", "--json", "--csv")
    assert result.code == 2
    assert "give --json or --csv, not both" in result.err


def test_unknown_record_kind_is_a_usage_error(perm, tracker):
    result = perm("record", "reveiw", "C1", "--date", "2026-03-01")
    assert result.code == 2
    assert "reveiw" in result.err


def test_sql_looking_text_is_stored_as_text(perm, tracker):
    sneaky = "Robert'); DROP TABLE child;--"
    result = perm("--as-of", "2026-11-23", "child", "add", "C2", "--name", sneaky, "--dob", "2015-01-01")
    assert result.code == 0, result.err
    names = {c["child"]: c["name"] for c in perm("child", "list", "--json").json()}
    assert names == {"C1": NAME, "C2": sneaky}


def test_database_errors_carry_no_parameters(database, perm, tracker):
    """A failing write's error text contains no name or date of birth: sqlite3 never puts
    parameters in its messages, and SQLAlchemy (PostgreSQL) is told to hide them."""
    from permcli.app.context import Context
    from permcli.domain.timeline import Child
    from permcli.store import repo
    from permcli.store.engine import is_database_error, transaction

    ctx = Context(db=database, as_of_text="2026-11-23", user="tester")
    child = Child(ref="C1", dob=date(2014, 7, 19), name=NAME)
    with pytest.raises(Exception) as raised:
        with transaction(ctx.engine(), write=True) as conn:
            repo.insert_child(conn, child, ctx.now(), "tester")  # the unique child ID is taken
    ctx.close()
    assert is_database_error(raised.value)
    text = str(raised.value)
    assert "unique" in text.lower()
    if "://" in database:
        assert "[SQL parameters hidden" in text
    assert NAME not in text and "2014-07-19" not in text and "Zara" not in text
