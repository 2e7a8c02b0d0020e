"""The config file: `perm config path | show | set | unset`, and its place in the order of
precedence: command-line flags, then environment variables, then the file, then perm's own
defaults. A broken file is one line naming the file and the line."""

from __future__ import annotations

import getpass
import os
import tomllib

import pytest

from conftest import mode

# About the config file and SQLite files; the database behind it does not matter here.
pytestmark = pytest.mark.sqlite_only

AS_OF = "2026-11-23"


@pytest.fixture
def config_file(isolated):
    return isolated / "config" / "perm" / "config.toml"


@pytest.fixture
def caseload(perm, monkeypatch):
    """Two teams as of 2026-11-23: C001 (North, Sam Okafor) review 1 due today; C002
    (South, Priya Shah) PLO started 2026-08-03, pre-proceedings end due today; C003 (North,
    Jo Lee) placed for adoption 2026-11-20, adoption review due 2026-12-18 (25 days)."""
    monkeypatch.setenv("PERM_AS_OF", AS_OF)
    for args in (
        ("init",),
        ("child", "add", "C001", "--name", "Ava Example", "--dob", "2015-04-01", "--worker", "Sam Okafor", "--team", "North"),
        ("child", "add", "C002", "--name", "Cal Example", "--dob", "2019-09-09", "--worker", "Priya Shah", "--team", "South"),
        ("child", "add", "C003", "--name", "Ben Example", "--dob", "2024-02-10", "--worker", "Jo Lee", "--team", "North"),
        ("record", "looked-after", "C001", "--date", "2026-10-26", "--legal-status", "s20"),
        ("record", "plo-start", "C002", "--date", "2026-08-03"),
        ("record", "looked-after", "C003", "--date", "2026-11-02", "--legal-status", "ico"),
        ("record", "review", "C003", "--date", "2026-11-13"),
        ("record", "plan", "C003", "--date", "2026-11-13", "--plan", "adoption"),
        ("record", "placed-for-adoption", "C003", "--date", "2026-11-20"),
    ):
        result = perm(*args)
        assert result.code == 0, (args, result.err)


def children(result) -> list[str]:
    assert result.code == 0, result.err
    return sorted({row["child"] for row in result.json()})


# -- the commands -----------------------------------------------------------------------------


def test_path_set_show_unset(perm, config_file):
    assert perm("config", "path").out == f"{config_file}\n"
    assert not config_file.exists()
    shown = perm("config", "show").out
    assert "(not there yet)" in shown
    assert "team   -" in shown and "(default: every team)" in shown

    result = perm("config", "set", "team", "Children in Care North")
    assert result.code == 0, result.err
    assert result.out == f"team = Children in Care North in {config_file}\n"
    assert mode(config_file) == 0o600
    assert mode(config_file.parent) == 0o700
    assert perm("config", "set", "within", "21").code == 0
    assert perm("config", "set", "by", "Sam Okafor").code == 0
    assert tomllib.loads(config_file.read_text()) == {"team": "Children in Care North", "within": 21, "by": "Sam Okafor"}

    shown = perm("config", "show").out
    assert "team   Children in Care North" in shown
    assert "within 21" in shown
    assert shown.count("(config file)") == 2  # by: PERM_USER (set by the tests) wins over the file
    assert "by     tester" in shown and "(PERM_USER)" in shown

    assert perm("config", "set", "team", "South").code == 0
    assert tomllib.loads(config_file.read_text())["team"] == "South"
    assert perm("config", "unset", "team").out == f"Removed team from {config_file}\n"
    assert perm("config", "unset", "team").out == f"team was not set in {config_file}\n"
    assert tomllib.loads(config_file.read_text()) == {"within": 21, "by": "Sam Okafor"}
    assert mode(config_file) == 0o600


def test_set_keeps_the_rest_of_a_hand_written_file(perm, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_text('# our team\nteam = "North"  # the default list\n\n# for cron\nwithin = 7\n')
    assert perm("config", "set", "within", "28").code == 0
    assert config_file.read_text() == '# our team\nteam = "North"  # the default list\n\n# for cron\nwithin = 28\n'
    assert perm("config", "unset", "team").code == 0
    assert config_file.read_text() == "# our team\n\n# for cron\nwithin = 28\n"


def test_values_are_checked_and_kept_as_perm_uses_them(perm, config_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert perm("config", "set", "db", "cases/perm.db").code == 0
    assert tomllib.loads(config_file.read_text())["db"] == str(tmp_path / "cases" / "perm.db")
    assert perm("config", "set", "db", "postgresql+psycopg://perm:secret@db.example/perm").code == 0
    assert "secret" not in perm("config", "show").out.replace("PERM_DB", "")
    assert perm("config", "set", "policy", "four-panels").code == 0
    assert perm("config", "set", "team", 'North "East"\\West').code == 0
    assert tomllib.loads(config_file.read_text())["team"] == 'North "East"\\West'

    for key, value, message in (
        ("within", "soon", "within: give a number of days from 0 to 3650"),
        ("within", "9999", "within: give a number of days from 0 to 3650"),
        ("policy", "nope", "unknown policy 'nope'"),
        ("team", "   ", "team: give a value"),
        ("by", "x" * 101, "by: longer than 100 characters"),
        ("worker", "tab\there", "worker: contains control characters"),
    ):
        before = config_file.read_text()
        result = perm("config", "set", key, value)
        assert result.code == 1, (key, value)
        assert result.err.startswith("perm: error: ") and message in result.err
        assert len(result.err.splitlines()) == 1
        assert config_file.read_text() == before


def test_unknown_keys_are_refused(perm, config_file):
    result = perm("config", "set", "teem", "North")
    assert result.code == 2
    assert "unknown setting 'teem': choose one of db, by, policy, team, worker, within" in result.err
    assert not config_file.exists()
    assert perm("config", "unset", "colour").code == 2
    assert perm("config").code in (0, 2)  # no subcommand: the help


@pytest.mark.parametrize(
    "text, line, problem",
    [
        ('team = "North\n', 1, "Illegal character"),
        ('# fine\nwithin = 14\nteam North\n', 3, "Expected '=' after a key"),
        ('team = "North"\nteem = "South"\n', 2, "unknown setting 'teem'"),
        ('within = "two weeks"\n', 1, "within: give a number of days from 0 to 3650"),
        ('team = 3\n', 1, "team: give text in quotes"),
        ('db = "x.db"\n[due]\nteam = "North"\n', 2, "plain KEY = VALUE lines"),
    ],
)
def test_a_broken_file_is_one_line_naming_file_and_line(perm, config_file, text, line, problem):
    config_file.parent.mkdir(parents=True)
    config_file.write_text(text)
    for args in (("due",), ("child", "list"), ("config", "show"), ("config", "set", "within", "3")):
        result = perm(*args)
        assert result.code == 1, args
        assert result.out == ""
        assert result.err.startswith(f"perm: error: config file {config_file}:{line}: "), result.err
        assert problem in result.err
        assert len(result.err.splitlines()) == 1
    assert config_file.read_text() == text  # never overwritten
    assert perm("config", "path").code == 0  # to find it and put it right


def test_a_file_that_is_not_utf8(perm, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_bytes(b'team = "North"\nworker = "\xff"\n')
    result = perm("due")
    assert (result.code, result.err) == (1, f"perm: error: config file {config_file}:2: not UTF-8 text\n")


# -- precedence: flag, environment, file, default -----------------------------------------------


def test_db_precedence(perm, monkeypatch, tmp_path, isolated):
    monkeypatch.delenv("PERM_DB")
    assert perm("db", "path").out == f"{isolated / 'data' / 'perm' / 'perm.db'}\n"  # the default
    assert perm("config", "set", "db", str(tmp_path / "from-config.db")).code == 0
    assert perm("db", "path").out == f"{tmp_path / 'from-config.db'}\n"
    monkeypatch.setenv("PERM_DB", str(tmp_path / "from-env.db"))
    assert perm("db", "path").out == f"{tmp_path / 'from-env.db'}\n"
    assert "(PERM_DB)" in perm("config", "show").out
    assert perm("--db", tmp_path / "from-flag.db", "db", "path").out == f"{tmp_path / 'from-flag.db'}\n"
    assert "(--db)" in perm("--db", tmp_path / "from-flag.db", "config", "show").out


def test_db_from_the_config_file_is_the_one_used(perm, monkeypatch, tmp_path):
    monkeypatch.delenv("PERM_DB")
    target = tmp_path / "casework" / "perm.db"
    target.parent.mkdir()
    assert perm("config", "set", "db", str(target)).code == 0
    assert perm("init").code == 0
    assert target.exists() and mode(target) == 0o600
    assert perm("child", "add", "C001", "--name", "Ava Example", "--dob", "2015-04-01").code == 0
    assert [c["child"] for c in perm("--db", target, "child", "list", "--json").json()] == ["C001"]


def test_by_precedence(perm, monkeypatch):
    monkeypatch.delenv("PERM_USER")

    def last_by():
        return perm("audit", "--json").json()[-1]["by"]

    assert perm("init").code == 0
    assert last_by() == getpass.getuser()
    assert perm("config", "set", "by", "Config Person").code == 0
    assert perm("child", "add", "C001", "--name", "Ava Example", "--dob", "2015-04-01").code == 0
    assert last_by() == "Config Person"
    monkeypatch.setenv("PERM_USER", "Env Person")
    assert perm("child", "add", "C002", "--name", "Ben Example", "--dob", "2015-04-01").code == 0
    assert last_by() == "Env Person"
    assert perm("--by", "Flag Person", "child", "add", "C003", "--name", "Cal Example", "--dob", "2015-04-01").code == 0
    assert last_by() == "Flag Person"


def test_team_worker_and_within_for_perm_due(perm, caseload):
    assert children(perm("due", "--json")) == ["C001", "C002"]  # default: everyone, 14 days
    assert perm("config", "set", "team", "north").code == 0
    assert children(perm("due", "--json")) == ["C001"]
    assert "Due as of 2026-11-23 for team north" in perm("due").out
    assert children(perm("due", "--json", "--team", "South")) == ["C002"]  # the flag wins
    assert children(perm("due", "--json", "--team", "")) == ["C001", "C002"]  # every team
    assert children(perm("due", "--json", "--child", "C002")) == ["C002"]  # one child: no list default
    assert children(perm("due", "--json", "--worker", "Priya Shah")) == ["C002"]  # replaces the whole default

    assert perm("config", "set", "within", "30").code == 0
    assert children(perm("due", "--json")) == ["C001", "C003"]
    assert children(perm("due", "--json", "--within", "14")) == ["C001"]

    assert perm("config", "unset", "team").code == 0
    assert perm("config", "set", "worker", "Jo Lee").code == 0
    assert children(perm("due", "--json")) == ["C003"]
    assert children(perm("due", "--json", "--team", "North")) == ["C001", "C003"]


def test_policy_for_perm_init(perm, monkeypatch, tmp_path):
    def init(*args, db):
        result = perm("--db", tmp_path / db, "init", *args)
        assert result.code == 0, result.err
        return result.out.splitlines()[1]

    assert init(db="a.db").startswith("Policy: statutory ")
    assert perm("config", "set", "policy", "four-panels").code == 0
    assert init(db="b.db").startswith("Policy: four-panels ")
    assert init("--policy", "bcp", db="c.db").startswith("Policy: bcp ")


def test_the_demo_ignores_the_config_files_filters(perm, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_text('team = "No Such Team"\nwithin = 0\n')
    result = perm("demo")
    assert result.code == 0, result.err
    assert "due within 14 days" in result.out


def test_environment_wins_for_a_subprocess(perm_cli, config_file, tmp_path):
    """The same order from the installed command, as cron runs it."""
    config_file.parent.mkdir(parents=True)
    config_file.write_text(f'db = "{tmp_path / "config.db"}"\nby = "Config Person"\n')
    env = {k: v for k, v in os.environ.items() if k not in ("PERM_DB", "PERM_USER")}
    import subprocess

    from conftest import perm_executable

    def run(*args, **extra):
        return subprocess.run([perm_executable(), *args], capture_output=True, text=True,
                              env={**env, **extra}, timeout=60)

    assert run("db", "path").stdout == f"{tmp_path / 'config.db'}\n"
    assert run("db", "path", PERM_DB=str(tmp_path / "env.db")).stdout == f"{tmp_path / 'env.db'}\n"
    assert run("--db", str(tmp_path / "flag.db"), "db", "path", PERM_DB=str(tmp_path / "env.db")).stdout == (
        f"{tmp_path / 'flag.db'}\n"
    )
