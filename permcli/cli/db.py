"""`perm db path | backup | restore | check | retention | purge` and `perm audit`."""

from __future__ import annotations

import json
from typing import Annotated, List, Optional

import typer

from . import prompts
from .output import Column, CsvOption, JsonOption, emit, output_format, write_json

app = typer.Typer(help="Look after the database: backups, checks and retention.", no_args_is_help=True)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the database is."""
    typer.echo(ctx.find_root().obj.location.shown)


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Optional[str], typer.Argument(metavar="FILE", help="Where to write the copy. Default: beside the database, with the time in its name.")] = None,
) -> None:
    """Copy the database, consistently even while others write (SQLite only)."""
    from ..app.database import backup as make

    target = make(ctx.find_root().obj, file)
    typer.echo(f"Backed up to {target}")


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The backup to restore.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask first (needed without a terminal).")] = False,
) -> None:
    """Replace the database with a backup that passes the checks; the current one is kept beside it."""
    from ..app.database import restore as bring_back

    context = ctx.find_root().obj
    _confirm(ctx, yes, f"Replace {context.location.shown} with {file}?")
    origin, safety = bring_back(context, file)
    typer.echo(f"Restored from {origin}; the database as it was is kept at {safety}")


@app.command("check")
def check(ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Check the database: integrity, foreign keys, schema, policy, histories, file modes.

    Exits 1 when anything is wrong.
    """
    from ..app.database import check as run_checks

    fmt = output_format(ctx, as_json, as_csv)
    findings = run_checks(ctx.find_root().obj)
    rows = [{"check": f.check, "result": "ok" if f.ok else "PROBLEM", "detail": f.detail} for f in findings]
    emit(rows, [Column("check", "Check"), Column("result", "Result"), Column("detail", "Detail")], fmt,
         row_style=lambda r: "" if r["result"] == "ok" else "bold red")
    if not all(f.ok for f in findings):
        raise typer.Exit(1)


@app.command("retention")
def retention(ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """List children past the retention date (the 75th anniversary of birth), and backup
    or export files that still hold children already purged. Deletes nothing.

    --json: {"children": [{child, kept_until}], "files": [{file, purged_on}]};
    --csv: the children only."""
    from ..app.retention import retention as past

    fmt = output_format(ctx, as_json, as_csv)
    context = ctx.find_root().obj
    found = past(context)
    if fmt == "json":
        write_json(found)
        return
    emit(found["children"], [Column("child", "Child"), Column("kept_until", "Kept until")], fmt,
         title=f"Past retention as of {context.as_of}", empty="No child is past the retention date.")
    if fmt == "table" and found["files"]:
        emit(found["files"], [Column("file", "File"), Column("purged_on", "Purged on")], fmt,
             title="Files that still hold purged children: destroy them")


@app.command("purge")
def purge(
    ctx: typer.Context,
    children: Annotated[List[str], typer.Argument(metavar="CHILD_ID...", help="The children to delete: each must be past retention.")],
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why, for the audit trail.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask first (needed without a terminal).")] = False,
) -> None:
    """Delete the named children past retention, with every record about them.

    Audit lines about them are emptied (the trail keeps that something happened, and a
    line saying a record was purged, by whom, when and under which rule); deleted rows are
    overwritten in the file. Backups and exports made before are listed: destroy them."""
    from ..app.retention import purge as remove

    if not reason:
        prompts.missing(ctx, "option", "--reason")
    _confirm(ctx, yes, f"Delete every record of {', '.join(children)}? This cannot be undone.")
    gone, held, clean = remove(ctx.find_root().obj, children, reason)
    typer.echo(f"Deleted {', '.join(gone)}.")
    for name in held:
        typer.echo(f"Still held in {name}: destroy it (perm db retention lists such files).", err=True)
    if not clean:
        typer.echo("Other perm processes had the database open: deleted pages leave the file once they finish.", err=True)


@app.command("roles")
def roles(
    ctx: typer.Context,
    apply: Annotated[bool, typer.Option("--apply", help="Run the SQL on the database as well as printing it (needs a role that may create roles and owns perm's tables).")] = False,
) -> None:
    """Print (or apply) the SQL for perm's PostgreSQL roles: perm_reader, perm_writer, perm_admin.

    Grant one to each person (GRANT perm_writer TO alice); the server then refuses what
    their role may not do, whatever client they use.
    """
    from ..app.roles import roles as make

    typer.echo(make(ctx.find_root().obj, apply), nl=False)
    if apply:
        typer.echo("-- applied", err=True)


def _confirm(ctx: typer.Context, yes: bool, question: str) -> None:
    if yes:
        return
    if not prompts.interactive():
        prompts.usage_error(ctx, "without a terminal, give --yes to confirm")
    if not prompts.ask_confirm(question):
        raise typer.Exit(1)


def audit(
    ctx: typer.Context,
    child: Annotated[Optional[str], typer.Option("--child", metavar="ID", help="Only this child's records.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="YYYY-MM-DD", help="Only from this day (UTC).")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Show the audit trail: who changed what, when and why, and every export of personal data."""
    from ..app.audit import audit_trail

    fmt = output_format(ctx, as_json, as_csv)
    rows = audit_trail(ctx.find_root().obj, child, since)
    if fmt != "json":
        for row in rows:
            row["detail"] = json.dumps(row["detail"], ensure_ascii=False) if row["detail"] else None
    emit(
        rows,
        [Column("id", "#", justify="right"), Column("at", "When (UTC)", no_wrap=True), Column("by", "Who"),
         Column("db_role", "Database role"),
         Column("action", "What"), Column("child_ref", "Child"), Column("record", "Record"),
         Column("reason", "Why"), Column("detail", "Detail")],
        fmt,
        title="Audit trail",
        empty="Nothing in the audit trail matches.",
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db", help="Look after the database: backups, checks and retention.")
    root.command("audit")(audit)
