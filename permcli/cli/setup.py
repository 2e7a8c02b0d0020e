"""`perm init` and `perm demo`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer


def init(
    ctx: typer.Context,
    policy: Annotated[
        Optional[str],
        typer.Option(
            "--policy",
            metavar="NAME_OR_FILE",
            help="A shipped policy's ID or a policy file (.toml). Default: statutory.",
        ),
    ] = None,
) -> None:
    """Create a database at the newest schema, following a policy."""
    from ..app.setup import init_database

    context = ctx.find_root().obj
    chosen = init_database(context, policy)
    typer.echo(f"Created a perm database at {context.location.shown}")
    typer.echo(f"Policy: {chosen.id} ({chosen.name}), {len(chosen.rules)} rules.")


def demo(ctx: typer.Context) -> None:
    """Load a fictional caseload into a throwaway database and show what is due.

    The demo database is rebuilt each time, apart from your own data. Explore it with
    the command it prints, e.g. `perm --db DEMO_DB show C001`.
    """
    from ..app.demo import build_demo
    from .due import due
    from .output import console

    root = ctx.find_root()
    context, loaded = build_demo(root.obj.as_of_text)
    root.obj = context
    try:
        err = console(stderr=True)
        err.print(
            f"Demo caseload: {loaded.children} fictional children, {loaded.events} events, "
            f"as of {context.as_of}.\nDatabase: {context.location.shown}"
        )
        err.print(f"Explore it: perm --db {context.location.shown} --as-of {context.as_of} show C001\n")
        ctx.invoke(due, ctx)
    finally:
        context.close()


def register(root: typer.Typer) -> None:
    root.command("init")(init)
    root.command("demo")(demo)
