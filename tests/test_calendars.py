"""`perm due --format md|ics` and `perm panels --format ics`: the morning summary to email and
the calendar feeds, with child IDs and never names, written whole and private with --output
and recorded in the audit trail.

The caseload is the contract's (tests/test_cli_contract.py), as of Monday 2026-11-23:
- C001 (Sam Okafor, North) looked after 2026-10-26: review 1 due 2026-11-23, due soon, 0 days.
- C002 (Sam Okafor, North): review 3 due 2026-11-01, overdue by 22 days; the first adoption
  review due 2026-12-18 (25 days: only with --all or a 30-day window).
- C003 (Priya Shah, South): PLO started 2026-08-03, pre-proceedings end due 2026-11-23.
- C004 (Priya Shah, South): supervision order ending 2027-02-15, review at panel due
  2026-11-15, overdue by 8 days.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from conftest import mode

AS_OF = "2026-11-23"
NAMES = ("Ava Example", "Ben Example", "Cal Example", "Dee Example")


@pytest.fixture
def caseload(perm, monkeypatch):
    monkeypatch.setenv("PERM_AS_OF", AS_OF)

    def ok(*args):
        result = perm(*args)
        assert result.code == 0, (args, result.err)
        return result

    ok("init")
    ok("child", "add", "C001", "--name", NAMES[0], "--dob", "2015-04-01", "--worker", "Sam Okafor", "--team", "North")
    ok("child", "add", "C002", "--name", NAMES[1], "--dob", "2024-02-10", "--worker", "Sam Okafor", "--team", "North")
    ok("child", "add", "C003", "--name", NAMES[2], "--dob", "2019-09-09", "--worker", "Priya Shah", "--team", "South")
    ok("child", "add", "C004", "--name", NAMES[3], "--dob", "2013-01-31", "--worker", "Priya Shah", "--team", "South")
    ok("record", "looked-after", "C001", "--date", "2026-10-26", "--legal-status", "s20")
    ok("record", "looked-after", "C002", "--date", "2026-01-05", "--legal-status", "ico")
    ok("record", "proceedings-issued", "C002", "--date", "2026-01-05")
    ok("record", "cmh", "C002", "--date", "2026-01-19")
    ok("record", "review", "C002", "--date", "2026-02-02")
    ok("record", "review", "C002", "--date", "2026-05-01")
    ok("record", "plan", "C002", "--date", "2026-05-01", "--plan", "adoption")
    ok("record", "order", "C002", "--date", "2026-07-01", "--type", "placement")
    ok("record", "placed-for-adoption", "C002", "--date", "2026-11-20")
    ok("record", "plo-start", "C003", "--date", "2026-08-03")
    ok("record", "proceedings-issued", "C004", "--date", "2026-03-02")
    ok("record", "order", "C004", "--date", "2026-06-01", "--type", "supervision", "--end-date", "2027-02-15")
    return ok


def events(text: str) -> list:
    return Calendar.from_ical(text).walk("VEVENT")


def no_names(text: str) -> None:
    for name in NAMES:
        assert name not in text
        assert name.split()[0] not in text
    assert "Example" not in text


# -- perm due --format ics --------------------------------------------------------------------


def test_due_ics_has_an_all_day_event_per_item_with_ids_only(caseload, perm):
    rows = perm("due", "--json").json()
    result = perm("due", "--format", "ics")
    assert result.code == 0, result.err
    no_names(result.out)
    cal = Calendar.from_ical(result.out)
    assert str(cal["X-WR-CALNAME"]) == "perm: due"
    found = cal.walk("VEVENT")
    assert len(found) == len(rows) == 4
    for event, row in zip(found, rows):
        assert str(event["SUMMARY"]) == f"{row['child']}: {row['title']}"
        start = event.decoded("DTSTART")
        assert type(start) is date, "an all-day event: DTSTART is a date"
        assert start.isoformat() == row["due"]
        assert (event.decoded("DTEND") - start).days == 1
        description = str(event["DESCRIPTION"])
        assert f"Rule: {row['rule']}." in description
        assert row["source"] in description
        assert str(event["TRANSP"]) == "TRANSPARENT"
    summaries = [str(e["SUMMARY"]) for e in found]
    assert summaries == [
        "C002: LAC review 3",
        "C004: Supervision order ending: review at panel",
        "C001: LAC review 1",
        "C003: PLO pre-proceedings to conclude (16 weeks)",
    ]
    assert str(found[0]["DESCRIPTION"]).startswith("Overdue as of 2026-11-23 (22 days overdue).")
    assert str(found[2]["DESCRIPTION"]).startswith("Due soon as of 2026-11-23 (today).")


def test_due_ics_uids_are_stable_and_unique(caseload, perm):
    first = {str(e["UID"]): e.decoded("DTSTART") for e in events(perm("due", "--format", "ics", "--all").out)}
    assert len(first) == 6
    assert "due-C002.review-subsequent.3.2026-11-01@perm" in first
    again = {str(e["UID"]): e.decoded("DTSTART") for e in events(perm("due", "--format", "ics", "--all").out)}
    assert again == first
    # Review 1 held on 2026-11-20: its event goes, review 2 comes (2027-02-20, three months
    # on), the permanence plan (due by review 2) moves with it; every other UID stays.
    caseload("record", "review", "C001", "--date", "2026-11-20")
    after = {str(e["UID"]) for e in events(perm("due", "--format", "ics", "--all").out)}
    assert set(first) - after == {
        "due-C001.review-first.1.2026-11-23@perm",
        "due-C001.permanence-plan.0.2027-02-23@perm",
    }
    assert after - set(first) == {
        "due-C001.review-second.2.2027-02-20@perm",
        "due-C001.permanence-plan.0.2027-02-20@perm",
    }


def test_a_workers_feed_and_everything_outstanding(caseload, perm):
    sam = events(perm("due", "--format", "ics", "--worker", "Sam Okafor", "--all").out)
    assert {str(e["SUMMARY"]).split(":")[0] for e in sam} == {"C001", "C002"}
    assert "C002: Adoption review (placed for adoption)" in {str(e["SUMMARY"]) for e in sam}
    cal = Calendar.from_ical(perm("due", "--format", "ics", "--worker", "Sam Okafor").out)
    assert str(cal["X-WR-CALNAME"]) == "perm: due (worker Sam Okafor)"
    assert [e.decoded("DTSTART") for e in cal.walk("VEVENT")] == [date(2026, 11, 1), date(2026, 11, 23)]
    overdue = events(perm("due", "--format", "ics", "--overdue").out)
    assert [str(e["SUMMARY"]).split(":")[0] for e in overdue] == ["C002", "C004"]
    assert events(perm("due", "--format", "ics", "--child", "C003", "--overdue").out) == []


# -- perm due --format md ---------------------------------------------------------------------


def test_due_markdown_is_a_morning_summary_with_ids_only(caseload, perm):
    result = perm("due", "--format", "md")
    assert result.code == 0, result.err
    text = result.out
    no_names(text)
    assert text.startswith("# Due as of Monday 23 November 2026\n")
    assert "2 overdue, 2 due within 14 days." in text
    assert text.index("## Overdue (2)") < text.index("## Due within 14 days (2)")
    assert "| Child | Worker | Team | What is due | Due | Days |" in text
    assert "| C002 | Sam Okafor | North | LAC review 3 | 2026-11-01 | 22 days overdue |" in text
    assert "| C004 | Priya Shah | South | Supervision order ending: review at panel | 2026-11-15 | 8 days overdue |" in text
    assert "| C001 | Sam Okafor | North | LAC review 1 | 2026-11-23 | today |" in text
    assert "IDs only" in text
    assert "## Later" not in text

    everything = perm("due", "--format", "md", "--all", "--team", "north").out
    assert "For team north." in everything
    assert "## Later (2)" in everything
    assert "in 25 days" in everything
    assert "C003" not in everything and "C004" not in everything

    nothing = perm("due", "--format", "md", "--child", "C003", "--overdue").out
    assert "Nothing overdue." in nothing and "##" not in nothing


def test_markdown_escapes_what_it_quotes(caseload, perm):
    caseload("child", "add", "C_9", "--name", "Zed Example", "--dob", "2015-04-01", "--worker", "A *star* | worker",
             "--team", "North")
    caseload("record", "looked-after", "C_9", "--date", "2026-10-26", "--legal-status", "s20")
    text = perm("due", "--format", "md").out
    assert "| C\\_9 | A \\*star\\* \\| worker | North |" in text


# -- formats, flags and files -----------------------------------------------------------------


def test_json_and_csv_flags_are_the_same_as_the_format_option(caseload, perm):
    assert perm("due", "--format", "json").out == perm("due", "--json").out
    assert perm("due", "--format", "csv").out == perm("due", "--csv").out
    assert perm("due", "--format", "json", "--json").code == 0
    assert perm("due", "--format", "table").out == perm("due").out
    for args in (["--format", "md", "--json"], ["--format", "csv", "--json"], ["--format", "ics", "--csv"],
                 ["--json", "--csv"], ["--format", "pdf"], ["--format", "table", "--output", "x.md"]):
        result = perm("due", *args)
        assert result.code == 2, args
        assert result.out == ""
        assert "Error" in result.err


def test_output_files_are_whole_private_and_audited(caseload, perm, tmp_path):
    for name, fmt in (("due.md", "md"), ("due.ics", "ics"), ("due.json", "json"), ("due.csv", "csv")):
        target = tmp_path / name
        result = perm("due", "--output", target)  # the format follows the extension
        assert result.code == 0, result.err
        assert result.out == f"Wrote 4 items due as of 2026-11-23 (2 overdue) to {target}\n"
        assert mode(target) == 0o600
        text = target.read_text()
        no_names(text)
        if fmt == "md":
            assert text == perm("due", "--format", "md").out
        elif fmt == "ics":
            assert len(events(text)) == 4
        elif fmt == "json":
            assert text == perm("due", "--json").out
            assert [r["child"] for r in json.loads(text)] == ["C002", "C004", "C001", "C003"]
        else:
            assert list(csv.DictReader(io.StringIO(text)))[0]["child"] == "C002"
    other = tmp_path / "morning.txt"
    assert perm("due", "--format", "md", "--output", other).code == 0
    assert other.read_text().startswith("# Due as of")
    assert perm("due", "--output", tmp_path / "plain.txt").code == 0  # md, unless --format says otherwise
    assert (tmp_path / "plain.txt").read_text().startswith("# Due as of")

    audit = [r for r in perm("audit", "--json").json() if r["action"] == "export.due"]
    to_files = [r for r in audit if r["detail"]["to"] != "stdout"]
    assert len(to_files) == 6
    first = to_files[0]["detail"]
    assert first["to"] == str((tmp_path / "due.md").resolve())
    assert first["format"] == "md" and first["items"] == 4
    assert first["children"] == ["C001", "C002", "C003", "C004"]
    # md and ics are made to leave perm: to the screen, they are recorded too.
    assert any(r["detail"]["to"] == "stdout" and r["detail"]["format"] in ("md", "ics") for r in audit)


def test_a_missing_folder_writes_nothing(caseload, perm, tmp_path):
    result = perm("due", "--format", "md", "--output", tmp_path / "nowhere" / "due.md")
    assert result.code == 1
    assert result.err.startswith("perm: error: --output: no folder")
    assert not (tmp_path / "nowhere").exists()


def test_fail_on_overdue_still_writes_the_file(caseload, perm, tmp_path):
    target = tmp_path / "due.md"
    result = perm("due", "--format", "md", "--output", target, "--fail-on-overdue")
    assert result.code == 3
    assert "## Overdue (2)" in target.read_text()
    calm = perm("due", "--format", "ics", "--child", "C001", "--output", tmp_path / "c001.ics", "--fail-on-overdue")
    assert calm.code == 0
    assert perm("due", "--format", "md", "--fail-on-overdue").code == 3


# -- perm panels --format ics ------------------------------------------------------------------


@pytest.fixture
def panels_caseload(perm, monkeypatch):
    monkeypatch.setenv("PERM_AS_OF", AS_OF)
    for args in (
        ("init", "--policy", "four-panels"),
        ("child", "add", "C010", "--name", "Leo Example", "--dob", "2016-05-05", "--worker", "Tom Fletcher", "--team", "North"),
        ("record", "looked-after", "C010", "--date", "2026-11-16", "--legal-status", "s20"),
    ):
        result = perm(*args)
        assert result.code == 0, (args, result.err)


def test_panels_ics_has_each_sitting_at_its_time_in_london(panels_caseload, perm):
    rows = perm("panels", "--json").json()
    result = perm("panels", "--format", "ics")
    assert result.code == 0, result.err
    assert "Leo" not in result.out and "Example" not in result.out and "C010" not in result.out
    cal = Calendar.from_ical(result.out)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    found = cal.walk("VEVENT")
    assert len(found) == len(rows) > 4
    london = ZoneInfo("Europe/London")
    for event, row in zip(found, rows):
        assert str(event["SUMMARY"]) == row["name"]
        assert str(event["UID"]) == f"{row['panel']}-{row['date']}@perm"
        start, end = row["time"].split("-")
        day = date.fromisoformat(row["date"])
        assert event.decoded("DTSTART") == datetime.combine(day, time.fromisoformat(start), london)
        assert event.decoded("DTEND") == datetime.combine(day, time.fromisoformat(end), london)
        cases = "1 case" if row["cases"] == 1 else f"{row['cases']} cases"
        assert str(event["DESCRIPTION"]) == f"Papers due {row['papers_due']}.\n{cases}.\nPanel: {row['panel']}."
    assert any(r["cases"] == 1 and r["panel"] == "legal-planning" for r in rows)
    legal = next(e for e in found if str(e["UID"]) == "legal-planning-2026-11-24@perm")
    assert legal.decoded("DTSTART").astimezone(timezone.utc) == datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def test_panels_ics_follows_the_clocks(panels_caseload, perm):
    # The clocks go forward on Sunday 2026-03-29: 09:00 in London is 09:00 UTC before, 08:00 after.
    found = events(perm("--as-of", "2026-03-23", "panels", "--weeks", "2", "--format", "ics").out)
    legal = {e.decoded("DTSTART").date(): e.decoded("DTSTART").astimezone(timezone.utc).hour
             for e in found if str(e["SUMMARY"]).startswith("Legal Planning")}
    assert legal == {date(2026, 3, 24): 9, date(2026, 3, 31): 8}


def test_the_sitting_has_the_uid_of_its_agenda(panels_caseload, perm):
    agenda = Calendar.from_ical(perm("agenda", "--panel", "legal-planning", "--date", "2026-11-24", "--format", "ics").out)
    sittings = {str(e["UID"]) for e in events(perm("panels", "--format", "ics").out)}
    assert str(agenda.walk("VEVENT")[0]["UID"]) in sittings


def test_panels_formats_and_output(panels_caseload, perm, tmp_path):
    assert perm("panels", "--format", "json").out == perm("panels", "--json").out
    assert perm("panels", "--format", "csv").out == perm("panels", "--csv").out
    assert perm("panels", "--format", "md").code == 2
    assert perm("panels", "--format", "ics", "--json").code == 2
    target = tmp_path / "sittings.ics"
    result = perm("panels", "--weeks", "2", "--output", target)
    assert result.code == 0, result.err
    assert result.out.startswith("Wrote ") and str(target) in result.out
    assert mode(target) == 0o600
    assert len(events(target.read_text())) == len(perm("panels", "--weeks", "2", "--json").json())
    as_csv = tmp_path / "sittings.csv"
    assert perm("panels", "--output", as_csv).code == 0
    assert as_csv.read_text() == perm("panels", "--csv").out
    unknown = perm("panels", "--output", tmp_path / "sittings.txt")
    assert unknown.code == 2 and "--format" in unknown.err
    assert not (tmp_path / "sittings.txt").exists()
