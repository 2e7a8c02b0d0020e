"""The crontab in the README, run as written: each line's command (after its five schedule
fields, with cron's `\\%` escaping undone) goes to `sh -c` the way cron runs it: no terminal,
a fresh session, stdin from /dev/null, and only HOME, PATH, SHELL and LOGNAME in the
environment. Settings come from the config file in that HOME."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import REPO, mode

# Cron, a home folder and an SQLite file in it: the database behind PERM_DB does not matter.
pytestmark = pytest.mark.sqlite_only

SECTION = "## Cron jobs and morning emails"
SCHEDULE = re.compile(r"^\s*((?:\S+\s+){5})(perm\s.*)$")


def crontab_lines() -> list[str]:
    """The commands of the crontab in the README's section on cron jobs."""
    text = (REPO / "README.md").read_text()
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    commands = []
    for line in text[start:end].splitlines():
        found = SCHEDULE.match(line)
        if found and not line.lstrip().startswith("#"):
            fields = found.group(1).split()
            assert all(re.fullmatch(r"[\d*/,-]+", f) for f in fields), line
            commands.append(found.group(2).replace("\\%", "%"))
    return commands


def test_the_readme_has_the_two_jobs():
    jobs = crontab_lines()
    assert len(jobs) == 2
    assert "--format md" in jobs[0] and "--fail-on-overdue" in jobs[0] and "$(date +%F)" in jobs[0]
    assert "--format ics" in jobs[1] and "--worker" in jobs[1]
    section = (REPO / "README.md").read_text().split(SECTION)[1].split("\n## ")[0]
    assert "\\%" in section and "never prompts" in section


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return home


def cron_env(home: Path) -> dict:
    """What cron gives a job: little more than HOME and a short PATH (here with perm's folder
    on it, as the README's PATH line says)."""
    return {
        "HOME": str(home),
        "LOGNAME": "sam",
        "SHELL": "/bin/sh",
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
    }


def as_cron(command: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", "-c", command],
        env=cron_env(home),
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        start_new_session=True,  # no controlling terminal
        timeout=120,
    )


@pytest.fixture
def setup(home, perm, monkeypatch):
    """Run perm in this process with the cron job's HOME (and so its config file), to set
    the scene quickly."""
    monkeypatch.setenv("HOME", str(home))
    for name in ("PERM_DB", "PERM_USER", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> str:
        result = perm(*args)
        assert result.code == 0, (args, result.err)
        return result.out

    return run


@pytest.fixture
def caseload(home, setup):
    """The README's team and worker, with dates counted back from the real today (cron has
    no --as-of): C101 (Sam Okafor, North) looked after 60 days ago with no review: review 1
    overdue. C102 (Sam Okafor, North) in PLO for 16 weeks less 5 days: its end due in 5
    days. C103 (Priya Shah, South) looked after 60 days ago: overdue, but another team's."""
    today = date.today()
    (home / "perm").mkdir()  # the README: mkdir -p ~/perm once
    (home / "casework").mkdir()
    setup("config", "set", "db", str(home / "casework" / "perm.db"))
    setup("init")
    north, south = "Children in Care North", "Children in Care South"
    setup("child", "add", "C101", "--name", "Ava Example", "--dob", "2015-04-01", "--worker", "Sam Okafor", "--team", north)
    setup("child", "add", "C102", "--name", "Ben Example", "--dob", "2016-04-01", "--worker", "Sam Okafor", "--team", north)
    setup("child", "add", "C103", "--name", "Cal Example", "--dob", "2017-04-01", "--worker", "Priya Shah", "--team", south)
    setup("record", "looked-after", "C101", "--date", str(today - timedelta(days=60)), "--legal-status", "s20")
    setup("record", "plo-start", "C102", "--date", str(today - timedelta(weeks=16) + timedelta(days=5)))
    setup("record", "looked-after", "C103", "--date", str(today - timedelta(days=60)), "--legal-status", "s20")
    return home


def test_the_morning_list_runs_as_written(caseload, setup):
    home = caseload
    job = crontab_lines()[0]
    before = date.today()
    result = as_cron(job, home)
    after = date.today()
    assert result.returncode == 3, result.stderr  # something is overdue
    assert result.stderr == ""
    written = list((home / "perm").glob("due-*.md"))
    assert len(written) == 1
    assert written[0].name in {f"due-{before}.md", f"due-{after}.md"}
    assert result.stdout == f"Wrote 2 items due as of {after} (1 overdue) to {written[0]}\n"
    assert mode(written[0]) == 0o600
    text = written[0].read_text()
    assert text.startswith("# Due as of ")
    assert "For team Children in Care North." in text
    assert text.index("## Overdue (1)") < text.index("C101") < text.index("## Due within 14 days (1)") < text.index("C102")
    assert "| C101 | Sam Okafor | Children in Care North | LAC review 1 |" in text
    assert "C103" not in text
    assert "Example" not in text

    audit = setup("audit", "--json")
    assert '"export.due"' in audit and str(written[0]) in audit


def test_the_calendar_feed_runs_as_written(caseload):
    home = caseload
    result = as_cron(crontab_lines()[1], home)
    assert result.returncode == 0, result.stderr
    feed = home / "perm" / "sam-okafor.ics"
    assert mode(feed) == 0o600
    text = feed.read_text()
    assert "Example" not in text
    found = Calendar.from_ical(text).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in found)
    assert "C101: LAC review 1" in summaries
    assert "C102: PLO pre-proceedings to conclude (16 weeks)" in summaries
    assert all(s.startswith(("C101:", "C102:")) for s in summaries)  # Sam's children only
    assert any(s.startswith("C101: Permanence plan") for s in summaries)  # --all: however far off
    # Run again (the next hour): the same events, by UID.
    again = as_cron(crontab_lines()[1], home)
    assert again.returncode == 0
    assert {str(e["UID"]) for e in Calendar.from_ical(feed.read_text()).walk("VEVENT")} == {
        str(e["UID"]) for e in found
    }


def test_without_a_terminal_perm_never_asks(home, setup):
    """Cron gives no terminal and no PERM_NO_PROMPT: a missing value is a usage error at
    once, never a wait for an answer."""
    (home / "casework").mkdir()
    setup("config", "set", "db", str(home / "casework" / "perm.db"))
    setup("init")
    result = as_cron("perm record review", home)
    assert result.returncode == 2
    assert "Missing argument 'CHILD_ID'" in result.stderr
    result = as_cron("perm child add C1", home)
    assert result.returncode == 2


def test_python_dash_m_runs_perm_too(home):
    env = {**cron_env(home)}
    proc = subprocess.run([sys.executable, "-m", "permcli", "config", "path"], env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{home / '.config' / 'perm' / 'config.toml'}\n"
    assert os.path.isabs(proc.stdout.strip())
