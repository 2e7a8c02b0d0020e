"""Shell completion: commands, options and choice values complete in bash, zsh and fish,
through the environment variables the completion scripts set; completing stays light (no
database layer is imported); `perm --show-completion` prints a script that works."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import perm_executable

# Completion opens no database.
pytestmark = pytest.mark.sqlite_only

BIN = str(Path(perm_executable()).parent)


def complete(shell: str, words: str, **extra) -> list[str]:
    """What perm offers for the command line ``words`` (the last word is being typed)."""
    env = {**os.environ, "_PERM_COMPLETE": f"complete_{shell}", **extra}
    if shell == "bash":
        parts = words.split(" ")
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    elif shell == "fish":
        env.update(_TYPER_COMPLETE_ARGS=words, _TYPER_COMPLETE_FISH_ACTION="get-args")
    else:
        env.update(_TYPER_COMPLETE_ARGS=words)
    proc = subprocess.run([perm_executable()], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.splitlines()


def test_bash_completes_commands_and_choices():
    assert {"demo", "due", "db"} <= set(complete("bash", "perm d"))
    assert {"config", "child", "correct"} <= set(complete("bash", "perm c"))
    assert complete("bash", "perm config ") == ["path", "show", "set", "unset"]
    assert complete("bash", "perm config set ") == ["db", "by", "policy", "team", "worker", "within"]
    assert complete("bash", "perm config unset w") == ["worker", "within"]
    assert complete("bash", "perm due --format ") == ["table", "json", "csv", "md", "ics"]
    assert complete("bash", "perm panels --format ") == ["table", "json", "csv", "ics"]
    assert {"--format", "--fail-on-overdue"} <= set(complete("bash", "perm due --f"))
    assert complete("bash", "perm record looked-after C001 --legal-status s") == ["s20"]
    assert {"review", "looked-after", "plan"} <= set(complete("bash", "perm record "))


def test_zsh_and_fish_complete_too():
    zsh = "\n".join(complete("zsh", "perm due --format i"))
    assert '"ics"' in zsh
    assert "_arguments" in zsh
    zsh_commands = "\n".join(complete("zsh", "perm con"))
    assert '"config":' in zsh_commands
    fish = complete("fish", "perm due --format ")
    assert fish == ["table", "json", "csv", "md", "ics"]
    assert any(line.startswith("due\t") for line in complete("fish", "perm du"))


def test_completion_loads_nothing_heavy():
    code = (
        "import json, os, sys\n"
        "os.environ.update(_PERM_COMPLETE='complete_bash', COMP_WORDS='perm due --format ', COMP_CWORD='3')\n"
        "from permcli.cli.main import main_entry\n"
        "code = main_entry([])\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    code_, modules = json.loads(proc.stderr.strip().splitlines()[-1])
    assert code_ == 0
    assert proc.stdout.split() == ["table", "json", "csv", "md", "ics"]
    for heavy in ("sqlalchemy", "sqlmodel", "alembic", "questionary", "holidays", "icalendar"):
        assert heavy not in modules, f"completion imported {heavy}"


def test_completion_needs_no_database_or_config(tmp_path):
    # A broken config file and a database that does not exist: completion still works.
    config = tmp_path / "config" / "perm" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("team = \n")
    assert "due" in complete("bash", "perm d", PERM_DB=str(tmp_path / "nowhere" / "perm.db"))


@pytest.mark.parametrize("shell, expected", [
    ("bash", "complete -o default -F _perm_completion perm"),
    ("zsh", "compdef _perm_completion perm"),
    ("fish", "complete --command perm"),
])
def test_show_completion_prints_a_script(shell, expected):
    proc = subprocess.run(
        [perm_executable(), "--show-completion", shell],
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert expected in proc.stdout
    assert "_PERM_COMPLETE=complete_" in proc.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_bash_script_completes_in_bash():
    """As a user has it: `perm --show-completion bash` from bash (the shell is detected),
    sourced, then bash's own completion function asked for `perm due --format m`."""
    script = (
        'source <(perm --show-completion bash)\n'
        'COMP_WORDS=(perm due --format m); COMP_CWORD=3\n'
        '_perm_completion perm\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["md"]
