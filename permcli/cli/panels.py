"""`perm panels`, `perm book`, `perm paperwork` and `perm agenda`: running panel sittings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .due_formats import completer
from .output import Column, CsvOption, JsonOption, emit

PanelOption = Annotated[Optional[str], typer.Option("--panel", metavar="PANEL_ID", help="The panel's ID in the policy (see perm policy show).")]


PANELS_FORMATS = ("table", "json", "csv", "ics")


def panels(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option("--weeks", metavar="N", help="How many weeks ahead to list.")] = 4,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            metavar="|".join(PANELS_FORMATS),
            autocompletion=completer(PANELS_FORMATS),
            help="table for people; json or csv for scripts (as --json, --csv); ics, a calendar feed with each "
            "sitting at its time (Europe/London), its papers due date and number of cases, no children. "
            "Default: table, or the --output file's extension.",
        ),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", metavar="FILE", help="Write to this file (whole or not at all, readable by you only) instead of the screen."),
    ] = None,
) -> None:
    """List the coming sittings of every panel, with their paperwork deadlines."""
    from ..app.panels import coming_sittings
    from .due_formats import choose_format

    fmt = choose_format(ctx, fmt, as_json, as_csv, output, PANELS_FORMATS, file_default=None)
    context = ctx.find_root().obj
    rows = coming_sittings(context, weeks)
    if fmt == "ics":
        from .due_formats import sittings_ics

        data = sittings_ics(rows)
    else:
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer) if output is not None else contextlib.nullcontext():
            emit(
                rows,
                [
                    Column("date", "Sitting", no_wrap=True),
                    Column("day", "Day"),
                    Column("time", "Time", no_wrap=True),
                    Column("panel", "Panel", no_wrap=True),
                    Column("name", "Name"),
                    Column("papers_due", "Papers due", no_wrap=True),
                    Column("cases", "Cases", justify="right"),
                ],
                fmt,
                title=f"Sittings from {context.as_of} for {weeks} weeks",
                empty="No sittings in that time.",
            )
        if output is None:
            return
        data = buffer.getvalue()
    if output is not None:
        # Sittings, papers due dates and numbers of cases: no child is named, so nothing
        # for the audit trail; the file is still written whole and private.
        from .output import count, write_file

        write_file(str(output), data)
        typer.echo(f"Wrote {count(len(rows), 'sitting')} from {context.as_of} for {weeks} weeks to {output}")
        return
    import sys

    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def book(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(metavar="CHILD_ID", help="The child's ID.")],
    panel: PanelOption = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The sitting. Default: the next one.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="REASON_ID", help="Why the child attends: one of the panel's reason IDs.")] = None,
) -> None:
    """Book a child's case for a panel sitting by hand (urgent cases, disruptions, moves)."""
    from ..app.panels import book as book_case
    from .prompts import missing

    if not panel:
        missing(ctx, "option", "--panel")
    chosen, sitting, why = book_case(ctx.find_root().obj, child, panel, date, reason)
    typer.echo(f"Booked {child.strip()} for {chosen.name} on {sitting}" + (f" ({why})." if why else "."))


def paperwork(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(metavar="CHILD_ID", help="The child's ID.")],
    panel: PanelOption = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The sitting. Default: the child's next one at that panel.")] = None,
    received: Annotated[Optional[List[str]], typer.Option("--received", metavar="ITEM", help="A paper that came in: its number, name or a unique part of it. Repeat for more.")] = None,
    not_received: Annotated[Optional[List[str]], typer.Option("--not-received", metavar="ITEM", help="Undo: a paper marked received that is not in after all.")] = None,
) -> None:
    """Mark papers received for a child's case at a sitting, or show which are in."""
    from ..app.panels import case_papers, mark_papers
    from .prompts import missing

    if not panel:
        missing(ctx, "option", "--panel")
    context = ctx.find_root().obj
    if received or not_received:
        case, changes = mark_papers(context, child, panel, date, received or [], not_received or [])
        for paper, got in changes:
            typer.echo(f"{'Received' if got else 'Not received'}: {paper}")
        case = case_papers(context, child, panel, case.sitting.isoformat())
    else:
        case = case_papers(context, child, panel, date)
    missing_count = sum(1 for _, got in case.papers if not got)
    typer.echo(f"{child.strip()} at {case.panel.name} on {case.sitting} (papers due {case.panel.deadline(case.sitting)}):")
    for n, (paper, got) in enumerate(case.papers, start=1):
        typer.echo(f"  {n}. [{'x' if got else ' '}] {paper}")
    typer.echo(f"{missing_count} of {len(case.papers)} missing." if missing_count else "All received.")


_EXTENSIONS = {".md": "md", ".csv": "csv", ".json": "json", ".html": "html", ".htm": "html", ".ics": "ics"}


def agenda(
    ctx: typer.Context,
    panel: PanelOption = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD|next", help="The sitting. Default: the next one.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", metavar="md|csv|json|html|ics", help="Output format. Default: from the --output file's extension, else md.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", metavar="FILE", help="Write to this file (whole or not at all) instead of the screen.")] = None,
) -> None:
    """Build the agenda of one panel sitting, to circulate or file.

    Each case with its worker, team, reason, time slot, papers (received or missing) and
    the last decision if the child came before.
    """
    from ..app.panels import agenda as build
    from .agenda_formats import FORMATS, render
    from .prompts import usage_error

    if fmt is None:
        fmt = _EXTENSIONS.get(output.suffix.lower(), "md") if output else "md"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        usage_error(ctx, f"--format: choose one of {', '.join(FORMATS)}")
    context = ctx.find_root().obj
    sitting = build(context, panel, date)
    data = render(sitting, fmt)
    detail = {"panel": sitting.panel.id, "sitting": sitting.sitting.isoformat(), "format": fmt}
    exported(context, "export.agenda", detail, [c.child.ref for c in sitting.cases], data, output)
    if output is not None:
        from .output import count

        typer.echo(f"Wrote the {sitting.panel.name} agenda for {sitting.sitting} ({count(len(sitting.cases), 'case')}) to {output}")
        return
    import sys

    if fmt == "md" and sys.stdout.isatty():
        from rich.markdown import Markdown

        from .output import console

        console().print(Markdown(data))
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)


def exported(context, action: str, detail: dict, children: list[str], data, output: Path | None) -> None:
    """Write personal data to a file (whole or not at all) and record the export in the
    audit trail; to the screen, only record it (the caller prints). A file whose export
    cannot be recorded is removed again."""
    from ..app.audit import record_export

    if output is None:
        record_export(context, action, {**detail, "to": "stdout"}, children)
        return
    from .output import write_file

    write_file(str(output), data)
    try:
        record_export(context, action, {**detail, "to": str(output.resolve())}, children)
    except BaseException:
        output.unlink(missing_ok=True)
        raise


def register(root: typer.Typer) -> None:
    root.command("panels")(panels)
    root.command("book")(book)
    root.command("paperwork")(paperwork)
    root.command("agenda")(agenda)
