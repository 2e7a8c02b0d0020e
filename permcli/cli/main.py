"""The `perm` command: global options, the command groups, and the one place errors
become a single line on stderr with an exit code."""

from __future__ import annotations

import functools
import os
import sys
from typing import Annotated, NoReturn, Optional

import typer

from . import children, config, db, due, export, importer, panels, policy, record, report, setup, show

app = typer.Typer(
    name="perm",
    help="Permanence planning tracker for looked-after children: record what happened, see what is due.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
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
        typer.Option("--by", envvar="PERM_USER", help="Who is making the change, for the record. Default: by in the config file (perm config), else your login name."),
    ] = None,
) -> None:
    from ..app.context import Context

    settings = config.load_settings(ctx)  # flags and environment variables win over the file
    ctx.obj = Context(db=db or settings.get("db"), as_of_text=as_of, user=by or settings.get("by"))
    _contexts.append(ctx.obj)


setup.register(app)
app.add_typer(children.app, name="child", help="Add, list and show children.")
app.add_typer(record.app, name="record", help="Record what happened to a child.")
app.add_typer(policy.app, name="policy", help="List, show and check policies.")
app.add_typer(config.app, name="config", help="Defaults for perm in your config file: db, by, policy, team, worker, within.")
record.register_correct(app)
due.register(app)
show.register(app)
panels.register(app)
db.register(app)
export.register(app)
importer.register(app)
report.register(app)


@functools.lru_cache(maxsize=1)
def _command():
    """The Click command tree Typer builds from the app: built once per process (it costs
    a fifth of a second), then reused for every run."""
    return typer.main.get_command(app)


def main_entry(argv: list[str] | None = None) -> int:
    """Run perm and return its exit code (cli-contract.md)."""
    from ..domain.errors import PermError

    _contexts.clear()
    code = 0
    try:
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


def _describe(exc: Exception) -> str:
    """One line for an unexpected error. Database errors carry no parameters (the engine
    hides them), so their first line is safe to show."""
    module = type(exc).__module__
    if module.startswith("sqlalchemy"):
        orig = getattr(exc, "orig", None)
        first = str(orig if orig is not None else exc).splitlines()[0][:200]
        return f"database problem: {first}"
    if isinstance(exc, OSError):
        return f"{exc.strerror or type(exc).__name__}" + (f": {exc.filename}" if exc.filename else "")
    return f"unexpected {type(exc).__name__}; run again with PERM_DEBUG=1 to see the details"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(argv: list[str] | None = None) -> NoReturn:
    sys.exit(main_entry(argv))
