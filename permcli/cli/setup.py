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
            help="A shipped policy's ID or a policy file (.toml). Default: policy in the config file, else statutory.",
        ),
    ] = None,
) -> None:
    """Create a database at the newest schema, following a policy."""
    from ..app.setup import init_database
    from .config import configured

    context = ctx.find_root().obj
    chosen = init_database(context, configured(ctx, "policy", policy))
    typer.echo(f"Created a perm database at {context.location.shown}")
    typer.echo(f"Policy: {chosen.id} ({chosen.name}), {len(chosen.rules)} rules.")


def demo(
    ctx: typer.Context,
    policy: Annotated[
        Optional[str], typer.Option("--policy", metavar="ID", help="Run the demo under this shipped policy (see perm policy list).")
    ] = None,
) -> None:
    """Load a fictional caseload into a throwaway database and show what is due.

    The demo database is rebuilt each time, apart from your own data. Under a policy with
    panels, the next agenda of each panel follows.
    """
    from ..app.demo import build_demo
    from .due import due
    from .output import console

    root = ctx.find_root()
    context, loaded = build_demo(root.obj.as_of_text, policy=policy)
    root.obj = context
    try:
        err = console(stderr=True)
        err.print(
            f"Demo caseload: {loaded.children_added} fictional children, {loaded.events_total} events, "
            f"as of {context.as_of}, policy {policy or 'statutory'}.\nDatabase: {context.location.shown}"
        )
        err.print(f"Explore it: perm --db {context.location.shown} --as-of {context.as_of} show C001\n")
        ctx.invoke(due, ctx)
        _agendas(context)
    finally:
        context.close()


def _agendas(context) -> None:
    """The next agenda of each panel, for a demo under a policy with panels."""
    from ..app.panels import agenda
    from ..store.engine import transaction
    from ..app import policies
    from .agenda_formats import to_markdown
    from .output import console

    with transaction(context.engine(), write=False) as conn:
        policy = policies.active(conn)
    out = console()
    for panel in policy.panels:
        sitting = agenda(context, panel.id, None)
        out.print()
        out.print(to_markdown(sitting), markup=False, highlight=False)


def register(root: typer.Typer) -> None:
    root.command("init")(init)
    root.command("demo")(demo)
