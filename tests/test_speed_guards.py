"""Facts that keep perm fast, checked without a clock (timings live in bench/): what a
command imports, how many statements it sends whatever the size of the caseload, that one
child's view reads one child's rows, and that bank holidays are worked out once and kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from datetime import date

import pytest

from permcli.app.context import Context
from permcli.app.due import DueQuery, due_items
from permcli.domain.calendar import HolidayStore, WorkingCalendar

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "questionary")


def caseload(tmp_path, perm, first: int, count: int) -> None:
    """Children first..first+count-1, each looked after with a first review held."""
    children = tmp_path / f"children-{first}.csv"
    events = tmp_path / f"events-{first}.csv"
    refs = [f"K{n:04d}" for n in range(first, first + count)]
    children.write_text("child,name,dob,worker,team\n" + "".join(f"{r},Child {r},2015-03-01,Sam,North\n" for r in refs))
    events.write_text("child,kind,date,legal_status\n" + "".join(
        f"{r},looked-after,2026-01-05,s20\n{r},review,2026-01-20,\n" for r in refs))
    result = perm("--as-of", "2026-11-23", "import", "events", events, "--children", children)
    assert result.code == 0, result.err


@contextmanager
def statements(ctx: Context):
    """Every SQL statement the context's database runs meanwhile."""
    seen: list[str] = []
    db = ctx.engine()
    if db.dialect == "sqlite":
        db.sqlite().set_trace_callback(seen.append)
        try:
            yield seen
        finally:
            db.sqlite().set_trace_callback(None)
        return
    from sqlalchemy import event

    def record(conn, cursor, statement, *rest):
        seen.append(statement)

    engine = db.alchemy()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def due_statements(database) -> tuple[int, int]:
    """(statements, rows) of one whole-caseload `perm due`."""
    ctx = Context(db=database, as_of_text="2026-11-23")
    try:
        ctx.engine()
        with statements(ctx) as seen:
            rows = due_items(ctx, DueQuery(include_all=True))
        return len([s for s in seen if s.lstrip().upper().startswith("SELECT")]), len(rows)
    finally:
        ctx.close()


def test_due_reads_any_caseload_in_the_same_few_queries(tmp_path, perm, database):
    assert perm("init").code == 0
    caseload(tmp_path, perm, 1, 3)
    small, small_rows = due_statements(database)
    caseload(tmp_path, perm, 100, 30)
    large, large_rows = due_statements(database)
    assert large_rows == 11 * small_rows  # the larger caseload really was read
    assert small == large <= 4  # policy, children, events: never one query per child


@pytest.mark.sqlite_only
def test_one_childs_view_reads_only_that_childs_rows(tmp_path, perm, database):
    import sqlite3

    assert perm("init").code == 0
    caseload(tmp_path, perm, 1, 20)
    ctx = Context(db=database, as_of_text="2026-11-23")
    ctx.engine()
    with statements(ctx) as seen:
        rows = due_items(ctx, DueQuery(child="K0007", include_all=True))
    ctx.close()
    assert {r["child"] for r in rows} == {"K0007"}
    reads = [s for s in seen if " FROM event" in s]
    assert reads, seen
    with sqlite3.connect(database) as conn:
        for sql in reads:  # the trace shows each statement with its values filled in
            plan = " | ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SCAN event" not in plan, plan
            assert "SEARCH event USING" in plan, plan


def imported_by(args: list[str], env: dict) -> list[str]:
    """The top-level packages a perm run (in a fresh interpreter) imported."""
    code = (
        "import sys, json\n"
        "from permcli.cli.main import main_entry\n"
        f"code = main_entry({args!r})\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL)
    code_, modules = json.loads(proc.stderr.strip().splitlines()[-1])
    assert code_ == 0, proc.stderr
    return modules


@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", [
    ["due", "--json"],
    ["due", "--child", "C001", "--json"],
    ["show", "C001", "--json"],
    ["agenda", "--format", "md"],
    ["record", "review", "C001", "--date", "2026-11-23"],
])
def test_daily_commands_on_sqlite_import_no_database_toolkit(tmp_path, isolated, args):
    """SQLite is spoken through Python's own sqlite3; SQLAlchemy, SQLModel and Alembic are for
    PostgreSQL and schema changes, questionary for a terminal. The second run finds the bank
    holidays kept by the first and does not import the holidays package either."""
    from permcli.app.demo import build_demo

    db = tmp_path / "demo.db"
    build_demo(path=db, policy="four-panels")[0].close()
    env = {**os.environ, "PERM_DB": str(db), "PERM_AS_OF": "2026-11-23"}
    first = imported_by(["--as-of", "2026-11-23", *args], env)
    for heavy in HEAVY:
        assert heavy not in first, f"perm {' '.join(args)} imported {heavy}"
    second = imported_by(["--as-of", "2026-11-23", *args], env)
    assert "holidays" not in second


# -- bank holidays kept between runs ----------------------------------------------------------


def test_kept_bank_holidays_are_the_packages(tmp_path):
    import holidays

    store = HolidayStore(tmp_path / "bank.json")
    first = WorkingCalendar(store)
    assert first.is_bank_holiday(date(2020, 5, 8))  # VE Day, moved from the first Monday of May
    assert not first.is_bank_holiday(date(2020, 5, 4))
    kept = store.read()
    assert sorted(kept) == [2019, 2020, 2021]
    package = holidays.country_holidays("GB", subdiv="ENG", years=[2019, 2020, 2021])
    assert sorted(d for days in kept.values() for d in days) == sorted(package)
    assert oct(os.stat(tmp_path / "bank.json").st_mode & 0o777) == "0o600"
    # A second calendar reads them back; a year not kept is added to the file.
    second = WorkingCalendar(store)
    assert second.is_bank_holiday(date(2022, 6, 3))  # Platinum Jubilee
    assert sorted(store.read()) == [2019, 2020, 2021, 2022, 2023]


def test_kept_bank_holidays_are_dropped_when_the_package_changes(tmp_path, monkeypatch):
    path = tmp_path / "bank.json"
    store = HolidayStore(path)
    WorkingCalendar(store).is_working_day(date(2026, 12, 28))
    data = json.loads(path.read_text())
    data["years"]["2026"] = []  # as if an older package had known no holidays that year
    path.write_text(json.dumps(data))
    assert WorkingCalendar(store).is_working_day(date(2026, 12, 28))  # believed while the package is the same
    monkeypatch.setattr(HolidayStore, "package_stamp", staticmethod(lambda: ["another version"]))
    assert not WorkingCalendar(store).is_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert json.loads(path.read_text())["package"] == ["another version"]


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"package": null}', '{"years": {"x": 1}}'])
def test_a_broken_holiday_file_is_ignored(tmp_path, content):
    path = tmp_path / "bank.json"
    path.write_text(content)
    assert not WorkingCalendar(HolidayStore(path)).is_working_day(date(2027, 1, 1))
    assert 2027 in HolidayStore(path).read()


def test_a_holiday_file_that_cannot_be_written_is_not_kept(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    store = HolidayStore(blocked / "sub" / "bank.json")  # under a file: cannot be created
    assert not WorkingCalendar(store).is_working_day(date(2025, 8, 25))
    assert store.read() == {}
