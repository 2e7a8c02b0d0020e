"""Shared fixtures. No test touches real data: PERM_DB always points into a temp folder,
and the user's data and cache directories are moved there too."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from permcli.app import policies
from permcli.cli.main import main_entry
from permcli.domain.engine import History, derive
from permcli.domain.timeline import Child, Event

REPO = Path(__file__).resolve().parent.parent

# The statutory rules of procedures.md section 3, by their IDs in base.toml.
STATUTORY_RULES = frozenset(
    {
        "review-first",
        "review-second",
        "review-subsequent",
        "permanence-plan",
        "permanence-plan-escalation",
        "pre-proceedings-end",
        "proceedings-end",
        "adoption-review-not-placed",
        "adoption-review-placed",
        "staying-put",
        "pathway-plan",
        "pathway-plan-review",
        "personal-adviser",
        "supervision-order-expiry",
    }
)


# A PostgreSQL server the tests may create databases in (.ci/run starts one on loopback with
# .ci/postgres.sh). Without it the PostgreSQL half of the suite is skipped, and says why.
PG_ADMIN_URL = os.environ.get("PERM_TEST_PG_URL")
NO_PG = "no PostgreSQL server for the tests: set PERM_TEST_PG_URL (.ci/run starts one with .ci/postgres.sh)"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only: about SQLite files themselves (modes, WAL, file backups), or using no database"
    )


def pytest_generate_tests(metafunc):
    """Every test that drives perm through its commands runs on SQLite and on PostgreSQL."""
    if "backend" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if {"perm", "perm_cli", "database"} & set(metafunc.fixturenames):
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def backend():
    return "sqlite"


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def new_pg_database() -> str:
    """A fresh, empty PostgreSQL database: its URL."""
    import uuid

    import psycopg

    name = f"perm_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_pg_url("postgres").replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return _pg_url(name)


def drop_pg_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with psycopg.connect(_pg_url("postgres").replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, backend):
    """Every test gets its own database (a temp file, or a new PostgreSQL database) and
    its own data, cache and config folders."""
    url = None
    if backend == "postgresql":
        if not PG_ADMIN_URL:
            pytest.skip(NO_PG)
        url = new_pg_database()
    monkeypatch.setenv("PERM_DB", url or str(tmp_path / "perm.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PERM_USER", "tester")
    monkeypatch.setenv("PERM_NO_PROMPT", "1")
    for name in ("PERM_AS_OF", "NO_COLOR", "PERM_DEBUG", "PERM_PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)
    yield tmp_path
    if url:
        drop_pg_database(url)


@pytest.fixture
def pg(monkeypatch):
    """A fresh PostgreSQL database of its own, for tests about the server itself."""
    if not PG_ADMIN_URL:
        pytest.skip(NO_PG)
    url = new_pg_database()
    monkeypatch.setenv("PERM_DB", url)
    yield url
    drop_pg_database(url)


@pytest.fixture
def database(isolated) -> str:
    """The test's database: a file path, or a PostgreSQL URL."""
    return os.environ["PERM_DB"]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def perm(capsys):
    """Run perm in this process: perm("due", "--json") -> Result(code, out, err)."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main_entry([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def start_script(script: str, *args) -> subprocess.Popen:
    """A Python script in a process of its own, once it has said "ready"; it waits for a
    line on stdin before it goes, so that several start their work at the same moment."""
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def go(*procs: subprocess.Popen) -> None:
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()


def last_json(proc: subprocess.Popen, timeout: int = 300):
    """The JSON a started script printed last, once it has finished successfully."""
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def together(*scripts: tuple[str, tuple]) -> list:
    """Scripts started at the same moment: what each printed last, as JSON."""
    procs = [start_script(script, *args) for script, args in scripts]
    go(*procs)
    return [last_json(proc) for proc in procs]


def perm_executable() -> str:
    found = shutil.which("perm", path=os.path.dirname(sys.executable)) or shutil.which("perm")
    assert found, "the perm console script is not installed"
    return found


@pytest.fixture
def perm_cli(isolated):
    """Run the installed `perm` as a subprocess, with no terminal."""

    def run(*args: str, env: dict | None = None, input: str | None = None) -> Result:
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            [perm_executable(), *map(str, args)],
            capture_output=True,
            text=True,
            env=full_env,
            input=input,
            timeout=120,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def statutory():
    return policies.load("statutory")


def d(text: str) -> date:
    return date.fromisoformat(text)


def history(*events: tuple, dob: str = "2012-03-04", ref: str = "C1", **child) -> History:
    """History from (kind, "YYYY-MM-DD", {details}) tuples, ids in the order given."""
    built = []
    for i, spec in enumerate(events, start=1):
        kind, day, *rest = spec
        built.append(Event(i, kind, d(day), rest[0] if rest else {}))
    return History(Child(ref=ref, dob=d(dob), **child), tuple(built))


def items_of(hist: History, policy, as_of: str, rule: str | None = None):
    found = derive(hist, policy, d(as_of))
    return [i for i in found if rule is None or i.rule == rule]


def one(hist: History, policy, as_of: str, rule: str):
    """The single item of a rule, as of a day."""
    found = items_of(hist, policy, as_of, rule)
    assert len(found) == 1, found
    return found[0]


def dump(db) -> list[str]:
    """A database's whole content, to show a refused command changed nothing: SQL from
    SQLite's iterdump, or every row of every table from PostgreSQL."""
    if "://" not in str(db):
        with sqlite3.connect(db) as conn:
            return list(conn.iterdump())
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(str(db))
    try:
        with engine.connect() as conn:
            rows = []
            for table in sorted(inspect(conn).get_table_names()):
                rows += [f"{table}: {tuple(r)}" for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            return rows
    finally:
        engine.dispose()


def mode(path) -> int:
    """A file's permission bits."""
    return stat.S_IMODE(os.stat(path).st_mode)
