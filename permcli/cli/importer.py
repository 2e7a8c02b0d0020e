"""`perm import ssda903 | events`: bringing a council's records in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .output import JsonOption, console, write_json

app = typer.Typer(help="Bring records in: the SSDA903 return, an events file, or a perm export.", no_args_is_help=True)

RejectsOption = Annotated[
    Optional[Path], typer.Option("--rejects", metavar="FILE", help="Also write every row that could not be used to this CSV file.")
]



@app.command("ssda903")
def ssda903(
    ctx: typer.Context,
    header: Annotated[Path, typer.Option("--header", metavar="FILE", help="header.csv: CHILD, DOB.")],
    episodes: Annotated[Path, typer.Option("--episodes", metavar="FILE", help="episodes.csv: CHILD, DECOM, RNE, LS, PLACE, DEC, REC.")],
    reviews: Annotated[Path, typer.Option("--reviews", metavar="FILE", help="reviews.csv: CHILD, REVIEW.")],
    placed: Annotated[Optional[Path], typer.Option("--placed-for-adoption", metavar="FILE", help="placed_for_adoption.csv: CHILD, DATE_PLACED.")] = None,
    uasc: Annotated[Optional[Path], typer.Option("--uasc", metavar="FILE", help="uasc.csv: CHILD.")] = None,
    rejects: RejectsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import the SSDA903 return (children looked after): every usable row lands, every
    other row is reported with its file, line and why. Running it again adds nothing twice."""
    from ..app.importer import read_ssda903

    context = ctx.find_root().obj
    intake = read_ssda903(header, episodes, reviews, placed, uasc, context.as_of)
    _run(context, intake, "import.ssda903", rejects, as_json)


@app.command("events")
def events(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An events CSV (child, kind, date, details), or a JSON export of perm.")],
    children: Annotated[Optional[Path], typer.Option("--children", metavar="FILE", help="A children CSV (child, name, dob, worker, team, sibling_group, uasc) to add first.")] = None,
    rejects: RejectsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import events (and children): a plain CSV, or what `perm export` wrote, back without loss."""
    from ..app.importer import read_events_file

    context = ctx.find_root().obj
    intake = read_events_file(file, children, context.as_of)
    _run(context, intake, "import.events", rejects, as_json)


def _run(context, intake, action: str, rejects: Path | None, as_json: bool) -> None:
    import sys

    from ..app.importer import import_intake

    err = console(stderr=True)
    if sys.stderr.isatty() and not as_json:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Checking children", total=None)
            report = import_intake(context, intake, action=action, rejects_to=rejects,
                                   progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        report = import_intake(context, intake, action=action, rejects_to=rejects)
    if as_json:
        write_json(_summary(report))
        return
    _show(report)


def _summary(report) -> dict:
    return {
        "files": [f.__dict__ for f in report.files],
        "children_added": report.children_added,
        "children_already": report.children_already,
        "events_added": dict(report.events_added),
        "events_already": report.events_already,
        "rejected": len(report.rejects),
        "rejects": [{"file": r.where.file, "line": r.where.line, "child": r.child, "why": r.why} for r in report.rejects],
    }


def _show(report) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    table = Table(title="Import", title_justify="left")
    for header in ("File", "Rows", "Used", "Already there", "Not used"):
        table.add_column(header, justify="left" if header == "File" else "right")
    for f in report.files:
        table.add_row(Text(f.file), str(f.rows), str(f.imported), str(f.already), str(f.rejected))
    out.print(table)
    added = ", ".join(f"{n} {kind}" for kind, n in sorted(report.events_added.items())) or "none"
    out.print(Text(f"Children added: {report.children_added} (already there: {report.children_already}). "
                   f"Events added: {report.events_total} ({added}); already there: {report.events_already}."))
    if report.rejects:
        shown = report.rejects[:20]
        rows = Table(title=f"Rows not used ({len(report.rejects)}{', first 20' if len(report.rejects) > 20 else ''})",
                     title_justify="left")
        for header in ("Where", "Child", "Why"):
            rows.add_column(header, overflow="fold")
        for r in shown:
            rows.add_row(Text(str(r.where)), Text(r.child or ""), Text(r.why))
        out.print(rows)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="import", help="Bring records in: the SSDA903 return, an events file, or a perm export.")
