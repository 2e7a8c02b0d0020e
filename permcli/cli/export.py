"""`perm export`: children and their events, whole or pseudonymised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .panels import exported
from .prompts import usage_error


def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", metavar="json|csv", help="json: one document; csv: children.csv, changes.csv and events.csv in a folder.")] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", metavar="PATH", help="A file (json) or a folder (csv). Default for json: the screen.")] = None,
    pseudonymise: Annotated[bool, typer.Option("--pseudonymise", help="Keyed hashes for IDs and staff, no names or free text, month of birth only: for sharing figures.")] = False,
    key_file: Annotated[Optional[str], typer.Option("--key-file", metavar="FILE", help="The pseudonymisation key. Default: PERM_PSEUDONYM_KEY, or a key perm keeps in your config folder.")] = None,
) -> None:
    """Export every child and event (corrections included), and record the export."""
    from ..app.export import event_csv_columns, export_data
    from ..app.intakefiles import CHANGE_COLUMNS, CHILD_COLUMNS

    fmt = fmt.lower()
    if fmt not in ("json", "csv"):
        usage_error(ctx, "--format: choose json or csv")
    if fmt == "csv" and output is None:
        usage_error(ctx, "--format csv writes two files: give --output FOLDER")
    context = ctx.find_root().obj
    data, key_from = export_data(context, pseudonymise, key_file)
    detail = {"format": fmt, "pseudonymised": pseudonymise,
              "children_count": len(data["children"]), "events_count": len(data["events"])}
    refs = [] if pseudonymise else [c["child"] for c in data["children"]]
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        exported(context, "export.data", detail, refs, text, output)
        if output is None:
            typer.echo(text, nl=False)
    else:
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        changes = [{**change, "child": c["child"]} for c in data["children"] for change in c["changes"]]
        files = {
            "children.csv": _csv(data["children"], list(CHILD_COLUMNS)),
            "changes.csv": _csv(changes, list(CHANGE_COLUMNS)),
            "events.csv": _csv([_flat(e) for e in data["events"]], event_csv_columns()),
        }
        for name, text in files.items():
            exported(context, "export.data", {**detail, "file": name}, refs, text, output / name)
    if output is not None:
        typer.echo(f"Exported {len(data['children'])} children and {len(data['events'])} events to {output}"
                   + (" (pseudonymised)" if pseudonymise else ""))
    if key_from:
        typer.echo(f"Pseudonyms are keyed with {key_from}: keep it secret; the same key links exports.", err=True)


def _flat(event: dict) -> dict:
    row = {k: v for k, v in event.items() if k not in ("details", "reason")}
    row.update(event["details"])
    row["correction_reason"] = event["reason"]
    return row


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def register(root: typer.Typer) -> None:
    root.command("export")(export)
