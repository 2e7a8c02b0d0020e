"""`perm config path | show | set KEY VALUE | unset KEY`, and the defaults the config file
gives other commands. Flags win, then environment variables, then the file, then perm's
own defaults."""

from __future__ import annotations

import re
from typing import Annotated

import typer

_META = "perm.settings"

# Kept here as well as in app/config.py so that `--help` and completion import nothing.
KEY_NAMES = ("db", "by", "policy", "team", "worker", "within")

app = typer.Typer(
    help="Defaults for perm in your config file: db, by, policy, team, worker, within.",
    no_args_is_help=True,
)


def load_settings(ctx: typer.Context) -> dict:
    """Read the config file once per run (not for `perm config` itself, which must work on
    a broken file) and keep its settings for the commands that use them."""
    if ctx.invoked_subcommand == "config":
        settings: dict = {}
    else:
        from ..app.config import load

        settings = load()
    ctx.meta[_META] = settings
    return settings


def configured(ctx: typer.Context, param: str, value, key: str | None = None):
    """``value`` as given on the command line, or the config file's setting when the option
    was left at its default. Only for a command parsed from the command line (`perm demo`
    runs `perm due` with perm's own defaults)."""
    source = ctx.get_parameter_source(param)
    if getattr(source, "name", None) != "DEFAULT":
        return value
    return ctx.meta.get(_META, {}).get(key or param, value)


def given(ctx: typer.Context, param: str) -> bool:
    """Whether an option was given on the command line (or by its environment variable)."""
    return getattr(ctx.get_parameter_source(param), "name", None) not in (None, "DEFAULT")


def _complete_key(incomplete: str) -> list[str]:
    return [k for k in KEY_NAMES if k.startswith(incomplete)]


KeyArgument = Annotated[
    str,
    typer.Argument(metavar="KEY", help=f"The setting: {', '.join(KEY_NAMES)}.", autocompletion=_complete_key, show_default=False),
]


def _check_key(ctx: typer.Context, key: str) -> str:
    if key not in KEY_NAMES:
        from .prompts import usage_error

        usage_error(ctx, f"unknown setting {key!r}: choose one of {', '.join(KEY_NAMES)}")
    return key


@app.command("path")
def path_() -> None:
    """Print where the config file is (it may not exist yet)."""
    from ..app.config import config_path

    typer.echo(str(config_path()))


@app.command("show")
def show(ctx: typer.Context) -> None:
    """Show each setting perm uses now and where it comes from (flag, environment, file, default)."""
    from ..app.config import KEYS, config_path, load
    from ..app.policies import DEFAULT_POLICY

    root = ctx.find_root()
    path = config_path()
    saved = load(path)
    rows = []
    for key in KEYS:
        value, source = None, None
        if key in ("db", "by"):
            flag, env = ("--db", "PERM_DB") if key == "db" else ("--by", "PERM_USER")
            given = root.params.get(key)
            origin = getattr(root.get_parameter_source(key), "name", "")
            if given and origin == "COMMANDLINE":
                value, source = given, flag
            elif given and origin == "ENVIRONMENT":
                value, source = given, env
        if source is None and key in saved:
            value, source = saved[key], "config file"
        if source is None:
            value, source = _default(key, DEFAULT_POLICY)
        rows.append((key, value, source))
    typer.echo(f"# {path}" + ("" if path.exists() else " (not there yet)"))
    width = max(len(str(_shown(k, v))) for k, v, _ in rows)
    for key, value, source in rows:
        typer.echo(f"{key:<7}{_shown(key, value):<{width}}  ({source})")


def _default(key: str, default_policy: str) -> tuple[str, str]:
    if key == "db":
        from ..store.engine import default_path

        return str(default_path()), "default"
    if key == "by":
        import getpass

        try:
            return getpass.getuser(), "default: your login name"
        except Exception:
            return "unknown", "default: your login name"
    return {
        "policy": (default_policy, "default"),
        "team": ("-", "default: every team"),
        "worker": ("-", "default: every worker"),
        "within": ("14", "default"),
    }[key]


def _shown(key: str, value) -> str:
    """A value as it may be shown: a database URL without its password, and --by or
    PERM_USER on one line even when it holds a newline or an escape code (perm refuses
    such a value when it acts, but show is where one looks for the mistake)."""
    from ..domain.text import printable

    text = str(value)
    if key == "db":
        text = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", text)
    return printable(text)


@app.command("set")
def set_(
    ctx: typer.Context,
    key: KeyArgument,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The value. A database file path is kept as an absolute path.", show_default=False)],
) -> None:
    """Set a default in the config file (created readable by you only)."""
    from ..app.config import set_value

    path, stored = set_value(_check_key(ctx, key), value)
    typer.echo(f"{key} = {_shown(key, stored)} in {path}")


@app.command("unset")
def unset(ctx: typer.Context, key: KeyArgument) -> None:
    """Remove a setting from the config file: perm's own default applies again."""
    from ..app.config import unset_value

    path, removed = unset_value(_check_key(ctx, key))
    typer.echo(f"Removed {key} from {path}" if removed else f"{key} was not set in {path}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="config", help="Defaults for perm in your config file: db, by, policy, team, worker, within.")
