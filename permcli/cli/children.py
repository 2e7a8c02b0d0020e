"""`perm child add | list | show`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import prompts
from .output import Column, CsvOption, JsonOption, emit, output_format

app = typer.Typer(help="Add, list and show children.", no_args_is_help=True)

WorkerOption = Annotated[Optional[str], typer.Option("--worker", metavar="NAME", help="Only this social worker's children.")]
TeamOption = Annotated[Optional[str], typer.Option("--team", metavar="TEAM", help="Only this team's children.")]


@app.command("add")
def add(
    ctx: typer.Context,
    child: Annotated[
        Optional[str], typer.Argument(metavar="CHILD_ID", help="The council's own ID for the child.", show_default=False)
    ] = None,
    name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="The child's name.")] = None,
    dob: Annotated[Optional[str], typer.Option("--dob", metavar="YYYY-MM-DD", help="Date of birth.")] = None,
    worker: Annotated[Optional[str], typer.Option("--worker", metavar="NAME", help="The allocated social worker.")] = None,
    team: Annotated[Optional[str], typer.Option("--team", metavar="TEAM", help="The team holding the case.")] = None,
    sibling_group: Annotated[
        Optional[str], typer.Option("--sibling-group", metavar="GROUP", help="A label shared by siblings planned for together.")
    ] = None,
    uasc: Annotated[bool, typer.Option("--uasc", help="An unaccompanied asylum-seeking child.")] = False,
) -> None:
    """Add a child to the tracker."""
    from ..app.children import add_child

    context = ctx.find_root().obj
    if not (child and name and dob):
        if not prompts.interactive():
            for value, what, param in ((child, "argument", "CHILD_ID"), (name, "option", "--name"), (dob, "option", "--dob")):
                if not value:
                    prompts.missing(ctx, what, param)
        child, name, dob, worker, team = _ask_child(context, child, name, dob, worker, team)
    added = add_child(context, child, name, dob, worker, team, sibling_group, uasc)
    typer.echo(f"Added child {added.ref}.")


def _ask_child(context, child, name, dob, worker, team):
    from ..domain.children import clean_dob, clean_ref

    child = child or prompts.ask_text("Child ID:", prompts.problem_of(clean_ref))
    name = name or prompts.ask_text("Name:", lambda t: None if t.strip() else "a name is needed")
    dob = dob or prompts.ask_text("Date of birth (YYYY-MM-DD):", prompts.problem_of(lambda t: clean_dob(t, context.as_of)))
    worker = worker or prompts.ask_text("Social worker (optional):") or None
    team = team or prompts.ask_text("Team (optional):") or None
    return child, name, dob, worker, team


LIST_COLUMNS = [
    Column("child", "Child", no_wrap=True),
    Column("name", "Name"),
    Column("dob", "Born", no_wrap=True),
    Column("worker", "Worker"),
    Column("team", "Team"),
    Column("sibling_group", "Siblings"),
    Column("uasc", "UASC"),
    Column("looked_after", "Looked after"),
    Column("since", "Since", no_wrap=True),
]


@app.command("list")
def list_(
    ctx: typer.Context,
    worker: WorkerOption = None,
    team: TeamOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List children, with whether each is looked after on the as-of day."""
    from ..app.children import list_children

    fmt = output_format(ctx, as_json, as_csv)
    context = ctx.find_root().obj
    rows = list_children(context, worker, team)
    emit(rows, LIST_COLUMNS, fmt, title=f"Children ({len(rows)})", empty="No children match.")


@app.command("show")
def show_child(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(metavar="CHILD_ID", help="The child's ID.")],
    as_json: JsonOption = False,
) -> None:
    """Show a child's history and items as a timeline (the same as `perm show`)."""
    from .show import show_story

    show_story(ctx.find_root().obj, child, as_json)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="child", help="Add, list and show children.")
