"""Every command and every option explains itself, and asking for help stays instant:
no database layer, prompts or migrations are imported to print it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from permcli.cli.main import COMMANDS, _command

# help uses no database
pytestmark = pytest.mark.sqlite_only

BUILTIN = {"help", "install_completion", "show_completion"}


def walk(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


TREE = list(walk(_command()))


def test_the_command_tree_is_complete():
    names = {" ".join(path) for path, _ in TREE}
    for expected in ("init", "demo", "due", "show", "correct", "child add", "child list", "child show",
                     "record looked-after", "record review", "record ppm", "record plan", "record plo-start",
                     "record proceedings-issued", "record cmh", "record order", "record placed-for-adoption",
                     "record panel", "record ceased", "record staying-put", "record pathway-plan",
                     "record placement-start", "record placement-end", "record correction"):
        assert expected in names


@pytest.mark.parametrize("path, command", TREE, ids=[" ".join(p) or "perm" for p, _ in TREE])
def test_every_command_and_option_has_help(path, command):
    assert (command.help or "").strip(), f"perm {' '.join(path)} has no help text"
    for param in command.params:
        if param.name in BUILTIN:
            continue
        assert (getattr(param, "help", None) or "").strip(), f"perm {' '.join(path)}: {param.name} has no help"


@pytest.mark.parametrize("path, command", TREE, ids=[" ".join(p) or "perm" for p, _ in TREE])
def test_help_runs(perm, path, command):
    result = perm(*path, "--help")
    assert result.code == 0, result.err
    assert "Usage" in result.out


def test_the_list_of_commands_says_what_each_command_says_of_itself():
    # `perm --help` and completion show these lines without building the commands.
    for name, (_, line) in COMMANDS.items():
        assert line == _command().commands[name].get_short_help_str(limit=1000), name


@pytest.mark.parametrize("args", [["--help"], ["due", "--help"], ["record", "review", "--help"], ["child", "--help"]])
def test_help_imports_nothing_heavy(args):
    code = (
        "import sys\n"
        "from permcli.cli.main import main_entry\n"
        f"code = main_entry({args!r})\n"
        "import json\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    code_, modules = json.loads(proc.stderr.strip().splitlines()[-1])
    assert code_ == 0
    for heavy in ("sqlalchemy", "sqlmodel", "alembic", "questionary", "holidays"):
        assert heavy not in modules, f"perm {' '.join(args)} imported {heavy}"
