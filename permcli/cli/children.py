"""`perm child add | list | show`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import prompts
from .output import Column, CsvOption, JsonOption, count, emit, output_format

app = typer.Typer(help="Add, list, change and show children.", no_args_is_help=True)

WorkerOption = Annotated[Optional[str], typer.Option("--worker", metavar="NAME", help="Only this social worker's children (on the as-of day).")]
TeamOption = Annotated[Optional[str], typer.Option("--team", metavar="TEAM", help="Only this team's children (on the as-of day).")]
SiblingOption = Annotated[Optional[str], typer.Option("--sibling-group", metavar="GROUP", help="Only this sibling group's children.")]
ReasonOption = Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why, for the record (no names). [required]")]
FromOption = Annotated[Optional[str], typer.Option("--from", metavar="YYYY-MM-DD", help="The day a new worker, team, sibling group or UASC status applies from. Default: the as-of day.")]


@app.command("add")
def add(
    ctx: typer.Context,
    child: Annotated[
        Optional[str], typer.Argument(metavar="CHILD_ID", help="The council's own ID for the child.", show_default=False)
    ] = None,
    name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="The child's name.")] = None,
    dob: Annotated[Optional[str], typer.Option("--dob", metavar="YYYY-MM-DD", help="Date of birth.")] = None,
    expected_birth: Annotated[Optional[str], typer.Option("--expected-birth", metavar="YYYY-MM-DD", help="For an unborn child (no --dob): the expected day of birth. Record the birth later with perm record born.")] = None,
    worker: Annotated[Optional[str], typer.Option("--worker", metavar="NAME", help="The allocated social worker.")] = None,
    team: Annotated[Optional[str], typer.Option("--team", metavar="TEAM", help="The team holding the case.")] = None,
    sibling_group: Annotated[
        Optional[str], typer.Option("--sibling-group", metavar="GROUP", help="A label shared by siblings planned for together.")
    ] = None,
    uasc: Annotated[bool, typer.Option("--uasc", help="An unaccompanied asylum-seeking child.")] = False,
) -> None:
    """Add a child to the tracker (an unborn child: --expected-birth instead of --dob)."""
    from ..app.children import add_child

    context = ctx.find_root().obj
    if not (child and name and (dob or expected_birth)):
        if not prompts.interactive():
            for value, what, param in ((child, "argument", "CHILD_ID"), (name, "option", "--name"), (dob, "option", "--dob")):
                if not value:
                    prompts.missing(ctx, what, param)
        child, name, dob, worker, team = _ask_child(context, child, name, dob, worker, team)
    added = add_child(context, child, name, dob, worker, team, sibling_group, uasc, expected_birth)
    typer.echo(f"Added child {added.ref}" + ("" if added.born else f", expected {added.expected_birth}") + ".")


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
    Column("expected_birth", "Expected", no_wrap=True),
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
    sibling_group: SiblingOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List children as recorded on the as-of day, with whether each is looked after then."""
    from ..app.children import list_children

    fmt = output_format(ctx, as_json, as_csv)
    context = ctx.find_root().obj
    rows = list_children(context, worker, team, sibling_group)
    emit(rows, LIST_COLUMNS, fmt, title=f"Children ({len(rows)})", empty="No children match.")


@app.command("edit")
def edit(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(metavar="CHILD_ID", help="The child's ID.")],
    worker: Annotated[Optional[str], typer.Option("--worker", metavar="NAME", help="The allocated social worker from --from (none: no worker).")] = None,
    team: Annotated[Optional[str], typer.Option("--team", metavar="TEAM", help="The team holding the case from --from (none: no team).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="The right name, for the whole record (the old one stays in the audit trail).")] = None,
    dob: Annotated[Optional[str], typer.Option("--dob", metavar="YYYY-MM-DD", help="The right date of birth, for the whole record.")] = None,
    expected_birth: Annotated[Optional[str], typer.Option("--expected-birth", metavar="YYYY-MM-DD", help="The expected birth of an unborn child, corrected.")] = None,
    uasc: Annotated[Optional[str], typer.Option("--uasc", metavar="yes|no", help="Whether the child is an unaccompanied asylum-seeking child, from --from.")] = None,
    sibling_group: Annotated[Optional[str], typer.Option("--sibling-group", metavar="GROUP", help="The sibling group from --from (none: leaves the group).")] = None,
    from_day: FromOption = None,
    reason: ReasonOption = None,
) -> None:
    """Change what is recorded about a child: each change is kept with who, when, why and from which day.

    A new worker, team, sibling group or UASC status applies from --from (default: the
    as-of day), so the case shows under the old team before it and the new one after.
    A name or date of birth is corrected for the whole record; the old value stays in
    the history and the audit trail.
    """
    from ..app.children import edit_child

    if not reason:
        prompts.missing(ctx, "option", "--reason")
    fields = {"worker": worker, "team": team, "name": name, "dob": dob, "expected_birth": expected_birth,
              "uasc": uasc, "sibling_group": sibling_group}
    changed = edit_child(ctx.find_root().obj, child, fields, from_day, reason)
    typer.echo(f"Recorded {count(len(changed), 'change')} to {child.strip()}: {', '.join(map(str, changed))}.")


@app.command("move")
def move(
    ctx: typer.Context,
    from_worker: Annotated[Optional[str], typer.Option("--from-worker", metavar="NAME", help="The worker whose cases move (on the --from day). [required]")] = None,
    to_worker: Annotated[Optional[str], typer.Option("--to-worker", metavar="NAME", help="The worker who takes them. [required]")] = None,
    team: Annotated[Optional[str], typer.Option("--team", metavar="TEAM", help="The team that holds them from then, if it changes too.")] = None,
    from_day: FromOption = None,
    reason: ReasonOption = None,
) -> None:
    """Reallocate every child a worker holds to another worker, in one go (a worker leaves)."""
    from ..app.children import move_children

    for value, option in ((from_worker, "--from-worker"), (to_worker, "--to-worker"), (reason, "--reason")):
        if not value:
            prompts.missing(ctx, "option", option)
    moved = move_children(ctx.find_root().obj, from_worker, to_worker, team, reason, from_day)
    typer.echo(f"Moved {count(len(moved), 'child', 'children')} to {to_worker.strip()}: {', '.join(moved)}.")


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
    root.add_typer(app, name="child", help="Add, list, change and show children.")
