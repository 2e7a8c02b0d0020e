"""The scripting interface of cli-contract.md, driven through the installed `perm` as a
subprocess with no terminal: commands, JSON keys, CSV columns and exit codes 0/1/2/3.

The caseload, as of Monday 2026-11-23 (every date worked by hand):
- C001 looked after Mon 2026-10-26: review 1 is the 20th working day after, Mon 2026-11-23
  (no bank holidays in between): due soon, 0 days.
- C002 looked after Mon 2026-01-05, reviews 2026-02-02 and 2026-05-01 (review 2 due
  2026-05-02), plan agreed 2026-05-01: review 3 due 2026-05-01 + 6 months = 2026-11-01,
  overdue by 22 days. Proceedings issued 2026-01-05 end on 2026-07-05 (26 weeks less a
  day), met by the placement order of 2026-07-01. Placed for adoption 2026-11-20: the
  first adoption review is due 4 weeks later, 2026-12-18 (25 days: not in a 14-day list).
- C003 (at home) PLO started Mon 2026-08-03: 16 weeks later is Mon 2026-11-23, due soon.
- C004 (at home) supervision order made 2026-06-01 ending 2027-02-15: review at panel due
  three months before the end, 2026-11-15, overdue by 8 days.
- C005 looked after 2025-06-02, reviewed 2025-06-27, ceased 2025-09-01: nothing due.
"""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from conftest import BACKENDS, NO_PG, PG_ADMIN_URL, drop_pg_database, new_pg_database

AS_OF = "2026-11-23"
CONTRACT_KEYS = ["child", "item", "number", "panel", "title", "due", "status", "days", "rule", "source"]


def _run(*args, env):
    import os
    import subprocess

    from conftest import Result, perm_executable

    proc = subprocess.run(
        [perm_executable(), *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=120
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="module", params=BACKENDS)
def caseload(request, tmp_path_factory):
    """Built once for the module on each backend: the tests only read it."""
    folder = tmp_path_factory.mktemp("contract")
    db = str(folder / "perm.db")
    if request.param == "postgresql":
        if not PG_ADMIN_URL:
            pytest.skip(NO_PG)
        db = new_pg_database()
        request.addfinalizer(lambda: drop_pg_database(db))
    env = {
        "PERM_AS_OF": AS_OF,
        "PERM_DB": db,
        "PERM_USER": "tester",
        "PERM_NO_PROMPT": "1",
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
    }

    def ok(*args):
        result = _run(*args, env=env)
        assert result.code == 0, (args, result.err)
        return result

    ok("init", "--policy", "statutory")
    ok("child", "add", "C001", "--name", "Ava Example", "--dob", "2015-04-01", "--worker", "Sam Okafor", "--team", "North")
    ok("child", "add", "C002", "--name", "Ben Example", "--dob", "2024-02-10", "--worker", "Sam Okafor", "--team", "North",
       "--sibling-group", "SG1")
    ok("child", "add", "C003", "--name", "Cal Example", "--dob", "2019-09-09", "--worker", "Priya Shah", "--team", "South")
    ok("child", "add", "C004", "--name", "Dee Example", "--dob", "2013-01-31", "--worker", "Priya Shah", "--team", "South")
    ok("child", "add", "C005", "--name", "Eve Example", "--dob", "2009-12-12", "--worker", "Jo Lee", "--team", "South",
       "--uasc")

    ok("record", "looked-after", "C001", "--date", "2026-10-26", "--legal-status", "s20")
    ok("record", "ppm", "C001", "--date", "2026-11-02", "--type", "initial")

    ok("record", "looked-after", "C002", "--date", "2026-01-05", "--legal-status", "ico")
    ok("record", "proceedings-issued", "C002", "--date", "2026-01-05")
    ok("record", "cmh", "C002", "--date", "2026-01-19")
    ok("record", "review", "C002", "--date", "2026-02-02")
    ok("record", "review", "C002", "--date", "2026-05-01")
    ok("record", "plan", "C002", "--date", "2026-05-01", "--plan", "adoption")
    ok("record", "order", "C002", "--date", "2026-07-01", "--type", "placement")
    ok("record", "placed-for-adoption", "C002", "--date", "2026-11-20")

    ok("record", "plo-start", "C003", "--date", "2026-08-03")
    ok("record", "panel", "C003", "--date", "2026-09-15", "--panel", "legal-planning")

    ok("record", "proceedings-issued", "C004", "--date", "2026-03-02")
    ok("record", "order", "C004", "--date", "2026-06-01", "--type", "supervision", "--end-date", "2027-02-15")

    ok("record", "looked-after", "C005", "--date", "2025-06-02", "--legal-status", "s20")
    ok("record", "review", "C005", "--date", "2025-06-27")
    ok("record", "ceased", "C005", "--date", "2025-09-01")

    def run(*args, env: dict | None = None):
        return _run(*args, env={**caseload_env, **(env or {})})

    caseload_env = env
    run.db = db
    return run


EXPECTED_DEFAULT = [
    ("C002", "review", 3, "2026-11-01", "overdue", -22, "review-subsequent"),
    ("C004", "supervision-order-expiry", None, "2026-11-15", "overdue", -8, "supervision-order-expiry"),
    ("C001", "review", 1, "2026-11-23", "due-soon", 0, "review-first"),
    ("C003", "pre-proceedings-end", None, "2026-11-23", "due-soon", 0, "pre-proceedings-end"),
]


def brief(rows):
    return [(r["child"], r["item"], r["number"], r["due"], r["status"], r["days"], r["rule"]) for r in rows]


def test_due_json_is_the_contract(caseload):
    result = caseload("due", "--json")
    assert result.code == 0
    assert result.err == ""
    rows = json.loads(result.out)
    assert brief(rows) == EXPECTED_DEFAULT
    for row in rows:
        assert list(row)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert row["panel"] is None
        assert isinstance(row["title"], str) and row["title"]
        assert isinstance(row["source"], str) and row["source"]
    assert rows[0]["title"] == "LAC review 3"
    assert rows[0]["source"].startswith("Care Planning, Placement and Case Review (England) Regulations 2010 reg 33")
    assert rows[0]["worker"] == "Sam Okafor" and rows[0]["team"] == "North"
    assert "name" not in rows[0], "scripts' output carries no names"


def test_due_csv_has_the_same_columns_and_a_header(caseload):
    result = caseload("due", "--csv")
    assert result.code == 0
    reader = csv.DictReader(io.StringIO(result.out))
    assert reader.fieldnames[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    rows = list(reader)
    assert [(r["child"], r["due"], r["status"], r["days"]) for r in rows] == [
        (c, due, status, str(days)) for c, _, _, due, status, days, _ in EXPECTED_DEFAULT
    ]
    assert rows[0]["number"] == "3" and rows[1]["number"] == ""


def test_due_window_filters_and_all(caseload):
    within = json.loads(caseload("due", "--json", "--within", "30").out)
    assert ("C002", "adoption-review", None, "2026-12-18", "due-soon", 25, "adoption-review-placed") in brief(within)
    assert len(within) == 5

    overdue = json.loads(caseload("due", "--json", "--overdue").out)
    assert brief(overdue) == EXPECTED_DEFAULT[:2]

    everything = json.loads(caseload("due", "--json", "--all").out)
    assert ("C001", "permanence-plan", None, "2027-02-23", "upcoming", 92, "permanence-plan") in brief(everything)
    assert ("C002", "adoption-review", None, "2026-12-18", "upcoming", 25, "adoption-review-placed") in brief(everything)
    assert len(everything) == 6
    assert [r["due"] for r in everything] == sorted(r["due"] for r in everything)

    child = json.loads(caseload("due", "--json", "--child", "C004").out)
    assert brief(child) == [EXPECTED_DEFAULT[1]]
    worker = json.loads(caseload("due", "--json", "--worker", "priya shah").out)
    assert {r["child"] for r in worker} == {"C003", "C004"}
    team = json.loads(caseload("due", "--json", "--team", "North").out)
    assert {r["child"] for r in team} == {"C001", "C002"}


def test_as_of_moves_today(caseload):
    # On 2026-11-02 review 3 of C002 (due 2026-11-01) is one day late and C001's review 1
    # (due 2026-11-23) is 21 days away: outside the 14-day window.
    rows = json.loads(caseload("--as-of", "2026-11-02", "due", "--json").out)
    assert ("C002", "review", 3, "2026-11-01", "overdue", -1, "review-subsequent") in brief(rows)
    assert all(r["child"] != "C001" for r in rows)


def test_exit_codes(caseload):
    assert caseload("due", "--fail-on-overdue").code == 3
    failing = caseload("due", "--json", "--fail-on-overdue")
    assert failing.code == 3
    assert brief(json.loads(failing.out)) == EXPECTED_DEFAULT  # output still printed
    assert caseload("due", "--fail-on-overdue", "--child", "C001").code == 0

    unknown = caseload("due", "--child", "C999")
    assert (unknown.code, unknown.out, unknown.err) == (1, "", "perm: error: unknown child C999\n")

    bad_option = caseload("due", "--frobnicate")
    assert bad_option.code == 2
    assert "No such option" in bad_option.err

    missing = caseload("record", "review")
    assert missing.code == 2
    assert "Missing argument 'CHILD_ID'" in missing.err


def test_table_for_people_without_a_terminal_has_no_colour(caseload):
    result = caseload("due")
    assert result.code == 0
    assert "\x1b[" not in result.out
    assert "Due as of 2026-11-23" in result.out
    assert "LAC review 3" in result.out and "Ben Example" in result.out
    assert "2 overdue, 2 due within 14 days" in result.out


def test_env_vars_and_flags_for_db_and_as_of(caseload, tmp_path):
    db = caseload.db
    by_flag = caseload("--db", str(db), "--as-of", AS_OF, "due", "--json", env={"PERM_DB": str(tmp_path / "nowhere.db")})
    assert by_flag.code == 0, by_flag.err
    assert brief(json.loads(by_flag.out)) == EXPECTED_DEFAULT
    if "://" not in db:
        url = caseload("--db", f"sqlite:///{db}", "due", "--json")
        assert brief(json.loads(url.out)) == EXPECTED_DEFAULT


def test_every_contract_record_kind_and_child_list(caseload):
    shown = json.loads(caseload("show", "C002", "--json").out)
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds == [
        "looked-after", "proceedings-issued", "cmh", "review", "review", "plan", "order", "placed-for-adoption",
    ]
    listing = json.loads(caseload("child", "list", "--json").out)
    assert [(c["child"], c["looked_after"], c["since"]) for c in listing] == [
        ("C001", True, "2026-10-26"),
        ("C002", True, "2026-01-05"),
        ("C003", False, None),
        ("C004", False, None),
        ("C005", False, None),
    ]
    assert listing[1]["sibling_group"] == "SG1" and listing[4]["uasc"] is True


def test_python_dash_m_runs_perm(caseload):
    import os
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "permcli", "--db", str(caseload.db), "due", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PERM_AS_OF": AS_OF},
    )
    assert proc.returncode == 0, proc.stderr
    assert brief(json.loads(proc.stdout)) == EXPECTED_DEFAULT


def test_colour_on_a_terminal_and_never_with_no_color(caseload):
    # FORCE_COLOR makes Rich treat the pipe as a terminal: overdue rows red, due-soon yellow.
    coloured = caseload("due", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert coloured.code == 0
    red_row = next(line for line in coloured.out.splitlines() if "LAC review 3" in line)
    yellow_row = next(line for line in coloured.out.splitlines() if "LAC review 1" in line)
    assert "\x1b[1;31m" in red_row
    assert "\x1b[33m" in yellow_row
    plain = caseload("due", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "200"})
    assert plain.code == 0
    assert "LAC review 3" in plain.out
    assert "\x1b[31m" not in plain.out and "\x1b[1;31m" not in plain.out and "\x1b[33m" not in plain.out
