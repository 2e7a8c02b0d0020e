"""`perm due`: what is overdue and due soon, for a practice lead's morning."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .due_formats import completer
from .output import STATUS_STYLE, Column, CsvOption, JsonOption, emit

FORMATS = ("table", "json", "csv", "md", "ics")

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
        int,
        typer.Option(
            "--within",
            metavar="DAYS",
            help="Due soon means due within this many days (as-of day included). Default: within in the config file, else 14.",
            show_default=False,
        ),
    ] = 14,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every outstanding item, however far off.")] = False,
    child: Annotated[Optional[str], typer.Option("--child", metavar="ID", help="Only this child.")] = None,
    worker: Annotated[
        Optional[str],
        typer.Option("--worker", metavar="NAME", help="Only this social worker's children. Default: the config file's worker, unless --child or --team is given; --worker '' for everyone's."),
    ] = None,
    team: Annotated[
        Optional[str],
        typer.Option("--team", metavar="TEAM", help="Only this team's children. Default: the config file's team, unless --child or --worker is given; --team '' for every team."),
    ] = None,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            metavar="|".join(FORMATS),
            autocompletion=completer(FORMATS),
            help="table for people; json or csv for scripts (as --json, --csv); md, a morning summary to email; "
            "ics, a calendar feed with an all-day event per item. md and ics name children by ID only, as "
            "emails and calendars travel. Default: table, or the --output file's extension.",
        ),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            metavar="FILE",
            help="Write to this file instead of the screen: whole or not at all, readable by you only, "
            "recorded in the audit trail.",
        ),
    ] = None,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Exit with code 3 when anything listed is overdue (after writing).")
    ] = False,
) -> None:
    """List what is overdue and due soon, sorted by due date then child.

    Also as a morning summary to email (--format md) or a calendar feed to subscribe to
    (--format ics), written to a file with --output: see the README on cron jobs.
    """
    from ..app.due import CONTRACT_KEYS, EXTRA_KEYS, DueQuery, due_items
    from .config import configured, given
    from .due_formats import choose_format

    fmt = choose_format(ctx, fmt, as_json, as_csv, output, FORMATS, file_default="md")
    if not any(given(ctx, name) for name in ("child", "team", "worker")):
        # The config file's team and worker are one default list: any of --child, --team
        # and --worker on the command line replaces the whole of it.
        worker = configured(ctx, "worker", worker)
        team = configured(ctx, "team", team)
    within = configured(ctx, "within", within)
    context = ctx.find_root().obj
    rows = due_items(context, DueQuery(within, overdue, all_, child, worker, team))
    for row in rows:
        row["what"] = _what(row)
    filters = [f"{what} {value.strip()}" for what, value in (("child", child), ("team", team), ("worker", worker))
               if value and value.strip()]
    overdue_count = sum(1 for r in rows if r["status"] == "overdue")
    soon = sum(1 for r in rows if r["status"] == "due-soon")
    if fmt in ("md", "ics"):
        from .due_formats import due_ics, due_markdown

        if fmt == "md":
            data = due_markdown(rows, context.as_of, within, filters, overdue_only=overdue, include_all=all_)
        else:
            data = due_ics(rows, context.as_of, filters)
        _export(context, fmt, rows, filters, data, output)
    elif output is not None:  # json or csv to a file: exactly what the screen would get
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            emit(rows, COLUMNS, fmt, json_keys=[*CONTRACT_KEYS, *EXTRA_KEYS])
        _export(context, fmt, rows, filters, buffer.getvalue(), output)
    else:
        window = "" if overdue else f", {soon} due within {within} days"
        emit(
            rows,
            COLUMNS,
            fmt,
            title=f"Due as of {context.as_of}" + (f" for {', '.join(filters)}" if filters else ""),
            caption=f"{overdue_count} overdue{window}" + (f", {len(rows) - overdue_count - soon} later" if all_ else ""),
            row_style=lambda r: STATUS_STYLE[r["status"]],
            empty=f"Nothing overdue{'' if overdue else f' or due within {within} days'} as of {context.as_of}.",
            json_keys=[*CONTRACT_KEYS, *EXTRA_KEYS],
        )
    if output is not None:
        from .output import count

        typer.echo(f"Wrote {count(len(rows), 'item')} due as of {context.as_of} ({overdue_count} overdue) to {output}")
    if fail_on_overdue and overdue_count:
        raise typer.Exit(3)


def _export(context, fmt: str, rows: list[dict], filters: list[str], data, output: Path | None) -> None:
    """Write the list to a file, or (md and ics) to the screen, and record it in the audit
    trail: md and ics are made to leave perm."""
    import sys

    from .panels import exported

    detail = {"format": fmt, "as_of": context.as_of.isoformat(), "items": len(rows), "filters": filters}
    exported(context, "export.due", detail, sorted({r["child"] for r in rows}), data, output)
    if output is not None:
        return
    if fmt == "md" and sys.stdout.isatty():
        from rich.markdown import Markdown

        from .output import console

        console().print(Markdown(data))
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        sys.stdout.write(data)


def register(root: typer.Typer) -> None:
    root.command("due")(due)
