"""The `perm` command: global options, the command groups, and the one place errors
become a single line on stderr with an exit code."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Mapping
from typing import Annotated, NoReturn, Optional

import typer
from typer.core import TyperGroup

from . import config

# Every command: the module under permcli.cli that defines it (in a `register(root)`), and
# the line `perm --help` and shell completion show for it. A run builds only the command it
# runs, so help and completion never pay for the whole tree (a test checks these lines
# against the commands' own help).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("setup", "Create a database at the newest schema, following a policy."),
    "demo": ("setup", "Load a fictional caseload into a throwaway database and show what is due."),
    "child": ("children", "Add, list, change and show children."),
    "record": ("record", "Record what happened to a child."),
    "correct": ("record", "Void a wrongly recorded event, with a reason, and optionally record the right one."),
    "due": ("due", "List what is overdue and due soon, sorted by due date then child."),
    "show": ("show", "Show a child's history (every event, corrections included) and every item with its date."),
    "panels": ("panels", "List the coming sittings of every panel, with their paperwork deadlines."),
    "book": ("panels", "Book a child's case for a panel sitting by hand (urgent cases, disruptions, moves)."),
    "paperwork": ("panels", "Mark papers received for a child's case at a sitting, or show which are in."),
    "agenda": ("panels", "Build the agenda of one panel sitting, to circulate or file."),
    "report": ("report", "Report the quarterly highlight figures: children looked after, starts and ends, "
               "reviews, permanence plans and PPMs on time, days to each milestone, the cases drifting "
               "longest, and the on-time figures by team and worker."),
    "import": ("importer", "Bring records in: the SSDA903 return, an events file, or a perm export."),
    "export": ("export", "Export every child and event (corrections included), and record the export."),
    "audit": ("db", "Show the audit trail: who changed what, when and why, and every export of personal data."),
    "db": ("db", "Look after the database: backups, checks and retention."),
    "policy": ("policy", "List, show and check policies."),
    "config": ("config", "Defaults for perm in your config file: db, by, policy, team, worker, within."),
}


@functools.lru_cache(maxsize=None)
def _module_commands(module: str) -> dict:
    """The Click commands one module registers, built once per process."""
    holder = typer.Typer(rich_markup_mode=None)
    holder.callback()(lambda: None)  # a group, even for a module with one command
    importlib.import_module(f"{__package__}.{module}").register(holder)
    return typer.main.get_command(holder).commands


class _Commands(Mapping):
    """perm's subcommands by name, each built the first time it is asked for."""

    def __getitem__(self, name: str):
        return _module_commands(COMMANDS[name][0])[name]

    def __iter__(self):
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class _Perm(TyperGroup):
    """The root group: lists and completes commands from COMMANDS without building them."""

    def __init__(self, **attrs) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def format_commands(self, ctx, formatter) -> None:
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(map(len, COMMANDS))
        with formatter.section("Commands"):
            formatter.write_dl([(name, make_default_short_help(line, limit)) for name, (_, line) in COMMANDS.items()])

    def shell_complete(self, ctx, incomplete: str) -> list:
        from typer.core import CompletionItem

        found = [CompletionItem(name, help=line) for name, (_, line) in COMMANDS.items() if name.startswith(incomplete)]
        return found + typer.core._click.Command.shell_complete(self, ctx, incomplete)


app = typer.Typer(
    name="perm",
    cls=_Perm,
    help="Permanence planning tracker for looked-after children: record what happened, see what is due.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help, as Click prints it: quick to start, and the same in a terminal, a pipe or less.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_contexts: list = []


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db",
            envvar="PERM_DB",
            metavar="PATH_OR_URL",
            help="The database: an SQLite file path or an SQLAlchemy URL. Default: db in the config file (perm config), else perm.db in your data directory.",
        ),
    ] = None,
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of",
            envvar="PERM_AS_OF",
            metavar="YYYY-MM-DD",
            help="Work out what is due as if today were this day. Default: today.",
        ),
    ] = None,
    by: Annotated[
        Optional[str],
        typer.Option("--by", metavar="NAME", envvar="PERM_USER", help="Who is making the change, for the record. Default: by in the config file (perm config), else your login name."),
    ] = None,
) -> None:
    from ..app.context import Context

    settings = config.load_settings(ctx)  # flags and environment variables win over the file
    ctx.obj = Context(db=db or settings.get("db"), as_of_text=as_of, user=by or settings.get("by"))
    _contexts.append(ctx.obj)



@functools.lru_cache(maxsize=1)
def _command():
    """The root Click group, built once per process and reused for every run."""
    return typer.main.get_command(app)


def main_entry(argv: list[str] | None = None) -> int:
    """Run perm and return its exit code (cli-contract.md)."""
    from ..domain.errors import PermError

    _contexts.clear()
    code = 0
    try:
        _refuse_bytes_not_utf8(sys.argv[1:] if argv is None else argv)
        _command().main(args=argv, prog_name="perm")
    except SystemExit as exc:  # Typer ends every run this way; usage errors exit 2
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except PermError as exc:
        _err(f"perm: error: {exc}")
        code = 1
    except KeyboardInterrupt:
        _err("perm: interrupted")
        code = 130
    except Exception as exc:  # no traceback reaches a user: it could hold personal data
        if os.environ.get("PERM_DEBUG"):
            raise
        _err(f"perm: error: {_describe(exc)}")
        code = 1
    finally:
        for ctx in _contexts:
            for notice in ctx.notices:
                _err(f"perm: {notice}")
            ctx.close()
    return code


def _refuse_bytes_not_utf8(args: list[str]) -> None:
    """Python hands over argv bytes that are not UTF-8 as lone surrogates, which no
    database, file or terminal takes: refuse them first, naming the option, never the value."""
    from ..domain.errors import PermError

    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            option, equals, _ = arg.partition("=")
            before = args[number - 2] if number > 1 else ""
            if arg.startswith("-") and equals and option.isascii():
                where = option  # --name=VALUE
            elif before.startswith("-") and before.isascii() and "=" not in before:
                where = before  # --name VALUE
            else:
                where = f"argument {number}"
            raise PermError(f"{where}: not UTF-8 text") from None


def _describe(exc: Exception) -> str:
    """One line for an unexpected error. Database errors carry no parameters (sqlite3
    never shows them; SQLAlchemy is told to hide them), so their first line is safe to show.
    Other messages are not shown: they may quote a name or a date of birth."""
    module = type(exc).__module__
    if module.startswith(("sqlalchemy", "sqlite3")):
        orig = getattr(exc, "orig", None)
        lines = str(orig if orig is not None else exc).splitlines() or [type(exc).__name__]
        return f"database problem: {lines[0][:200]}"
    if isinstance(exc, OSError):
        return f"{exc.strerror or type(exc).__name__}" + (f": {exc.filename}" if exc.filename else "")
    details = "; run again with PERM_DEBUG=1 to see where"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply" + details
    if isinstance(exc, OverflowError):
        return "a number or date out of range" + details
    if isinstance(exc, UnicodeError):
        return "text that is not UTF-8" + details
    if isinstance(exc, ImportError) and exc.name:
        return f"the Python module {exc.name} is not installed"
    if isinstance(exc, ValueError):
        return f"a value perm cannot use ({type(exc).__name__})" + details
    return f"unexpected {type(exc).__name__}; run again with PERM_DEBUG=1 to see the details"


def _err(message: str) -> None:
    """One line on stderr, whatever the message holds (a file name may hold a newline)."""
    from ..domain.text import printable

    print(printable(message), file=sys.stderr)


def run(argv: list[str] | None = None) -> NoReturn:
    sys.exit(main_entry(argv))
