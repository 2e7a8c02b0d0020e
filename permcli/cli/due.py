"""`perm due`: what is overdue and due soon, for a practice lead's morning."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .output import STATUS_STYLE, Column, CsvOption, JsonOption, emit, output_format

COLUMNS = [
    Column("due", "Due", no_wrap=True),
    Column("days", "Days", justify="right"),
    Column("status", "Status", no_wrap=True),
    Column("child", "Child", no_wrap=True),
    Column("name", "Name", people_only=True),
    Column("worker", "Worker"),
    Column("team", "Team"),
    Column("what", "What is due", people_only=True),
]


def _what(row: dict) -> str:
    """The title, with the sitting a panel item is at, or why it has none."""
    words = row["title"]
    if row.get("sitting") and row["item"] != "paperwork":
        words += f" (sitting {row['sitting']})"
    if row.get("note") and row["note"] != "booked by hand":
        words += f": {row['note']}"
    return words


def due(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option("--within", metavar="DAYS", help="Due soon means due within this many days (as-of day included).")
    ] = 14,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every outstanding item, however far off.")] = False,
    child: Annotated[Optional[str], typer.Option("--child", metavar="ID", help="Only this child.")] = None,
    worker: Annotated[Optional[str], typer.Option("--worker", help="Only this social worker's children.")] = None,
    team: Annotated[Optional[str], typer.Option("--team", help="Only this team's children.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Exit with code 3 when anything listed is overdue.")
    ] = False,
) -> None:
    """List what is overdue and due soon, sorted by due date then child."""
    from ..app.due import CONTRACT_KEYS, EXTRA_KEYS, DueQuery, due_items

    fmt = output_format(ctx, as_json, as_csv)
    context = ctx.find_root().obj
    rows = due_items(context, DueQuery(within, overdue, all_, child, worker, team))
    for row in rows:
        row["what"] = _what(row)
    overdue_count = sum(1 for r in rows if r["status"] == "overdue")
    soon = sum(1 for r in rows if r["status"] == "due-soon")
    window = "" if overdue else f", {soon} due within {within} days"
    emit(
        rows,
        COLUMNS,
        fmt,
        title=f"Due as of {context.as_of}",
        caption=f"{overdue_count} overdue{window}" + (f", {len(rows) - overdue_count - soon} later" if all_ else ""),
        row_style=lambda r: STATUS_STYLE[r["status"]],
        empty=f"Nothing overdue{'' if overdue else f' or due within {within} days'} as of {context.as_of}.",
        json_keys=[*CONTRACT_KEYS, *EXTRA_KEYS],
    )
    if fail_on_overdue and overdue_count:
        raise typer.Exit(3)


def register(root: typer.Typer) -> None:
    root.command("due")(due)
