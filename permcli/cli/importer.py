"""`perm import ssda903 | events`: bringing a council's records in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .output import JsonOption, console, write_json

app = typer.Typer(help="Bring records in: the SSDA903 return, an events file, or a perm export.", no_args_is_help=True)

RejectsOption = Annotated[
    Optional[Path], typer.Option("--rejects", metavar="FILE", help="Also write every row that could not be used, and every row "
                                 "kept with a warning, to this CSV file (file, line, child, why, warning).")
]



@app.command("ssda903")
def ssda903(
    ctx: typer.Context,
    header: Annotated[Path, typer.Option("--header", metavar="FILE", help="header.csv: CHILD, DOB.")],
    episodes: Annotated[Path, typer.Option("--episodes", metavar="FILE", help="episodes.csv: CHILD, DECOM, RNE, LS, PLACE, DEC, REC.")],
    reviews: Annotated[Path, typer.Option("--reviews", metavar="FILE", help="reviews.csv: CHILD, REVIEW (REVIEW_CODE, if given, is checked against the child's age).")],
    placed: Annotated[Optional[Path], typer.Option("--placed-for-adoption", metavar="FILE", help="placed_for_adoption.csv: CHILD, DATE_PLACED.")] = None,
    uasc: Annotated[Optional[Path], typer.Option("--uasc", metavar="FILE", help="uasc.csv: CHILD.")] = None,
    rejects: RejectsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import the SSDA903 return (children looked after): every usable row lands, every
    other row is reported with its file, line and why, and a kept row that breaks a DfE
    rule with a warning naming the rule. Running it again adds nothing twice."""
    from ..app.intakefiles import read_ssda903

    context = ctx.find_root().obj
    intake = read_ssda903(header, episodes, reviews, placed, uasc, context.as_of)
    _run(context, intake, "import.ssda903", rejects, as_json)


@app.command("events")
def events(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An events CSV (child, kind, date, details), or a JSON export of perm.")],
    children: Annotated[Optional[Path], typer.Option("--children", metavar="FILE", help="A children CSV (child, name, dob, worker, team, sibling_group, uasc, expected_birth) to add first; new details of a child already recorded are recorded as changes, with the file's line as the reason.")] = None,
    changes: Annotated[Optional[Path], typer.Option("--changes", metavar="FILE", help="The changes.csv of a CSV export: changes to the children since first recorded.")] = None,
    rejects: RejectsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import events (and children): a plain CSV, or what `perm export` wrote, back without loss."""
    from ..app.intakefiles import read_events_file

    context = ctx.find_root().obj
    intake = read_events_file(file, children, context.as_of, changes)
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
    _show(report, rejects)


def _summary(report) -> dict:
    return {
        "files": [f.__dict__ for f in report.files],
        "children_added": report.children_added,
        "children_already": report.children_already,
        "children_changed": report.children_changed,
        "changes_added": report.changes_added,
        "events_added": dict(report.events_added),
        "events_already": report.events_already,
        "nothing_new": report.nothing_new,
        "rejected": len(report.rejects),
        "rejected_by_reason": [{"file": file, "reason": reason, "rows": n}
                               for (file, reason), n in _by_reason(report)],
        "rejects": [{"file": r.where.file, "line": r.where.line, "child": r.child, "why": r.why, "reason": r.key}
                    for r in report.rejects],
        "warned": report.warned,
        "warnings_by_code": dict(sorted(report.warnings_by_code().items())),
        "warnings": [{"file": w.where.file, "line": w.where.line, "child": w.child, "code": w.code, "why": w.why}
                     for w in report.warnings],
        "periods_continued": [{"file": w.file, "line": w.line, "child": child} for w, child in report.continued],
    }


def _by_reason(report) -> list[tuple[tuple[str, str], int]]:
    """(file, reason) and rows, by file in the order read, then most rows first."""
    files = {f.file: i for i, f in enumerate(report.files)}
    return sorted(report.rejected_by_reason().items(), key=lambda kv: (files.get(kv[0][0], 0), -kv[1], kv[0][1]))


def _show(report, rejects: Path | None) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..domain.ssda903_rules import RULES

    out = console()
    table = Table(title="Import", title_justify="left")
    for header in ("File", "Rows", "Used", "Already there", "Not used"):
        table.add_column(header, justify="left" if header == "File" else "right")
    for f in report.files:
        table.add_row(Text(f.file), str(f.rows), str(f.imported), str(f.already), str(f.rejected))
    out.print(table)
    if report.nothing_new:
        there = sum(f.already for f in report.files)
        out.print(Text(f"Nothing new: every row is already in the database ({there} rows)." if not report.rejects else
                       f"Nothing new: every row perm can use is already in the database ({there} rows)."))
    else:
        added = ", ".join(f"{n} {kind}" for kind, n in sorted(report.events_added.items())) or "none"
        changed = (f"; changed: {report.children_changed}" if report.children_changed else "") + (
            f"; changes to children: {report.changes_added}" if report.changes_added else "")
        out.print(Text(f"Children added: {report.children_added} (already there: {report.children_already}{changed}). "
                       f"Events added: {report.events_total} ({added}); already there: {report.events_already}."))
    if report.continued:
        out.print(Text(f"{len(report.continued)} periods of care start at the child's first episode in the file, which "
                       "does not say care started then (RNE is not S): care may have begun before the file, and "
                       "perm dates the period from that episode's DECOM."))
    if report.rejects:
        rows = Table(title=f"Rows not used ({len(report.rejects)}), by reason", title_justify="left")
        for header in ("File", "Reason", "Rows"):
            rows.add_column(header, overflow="fold", justify="right" if header == "Rows" else "left")
        for (file, reason), n in _by_reason(report):
            rows.add_row(Text(Path(file).name), Text(reason), str(n))
        out.print(rows)
    if report.warnings:
        kept = Table(title=f"Rows kept with a warning ({report.warned}): {len(report.warnings)} warnings, by DfE rule",
                     title_justify="left")
        for header in ("Rule", "What it asks", "Rows"):
            kept.add_column(header, overflow="fold", justify="right" if header == "Rows" else "left")
        for code, n in sorted(report.warnings_by_code().items()):
            kept.add_row(code, Text(RULES.get(code, "")), str(n))
        out.print(kept)
    if report.rejects or report.warnings:
        which = "row not used or kept with a warning" if report.warnings else "row not used"
        out.print(Text(f"Every {which} is in {rejects}, with its file, line, child and why." if rejects else
                       f"Give --rejects FILE for every {which}, with its file, line, child and why."))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="import", help="Bring records in: the SSDA903 return, an events file, or a perm export.")
