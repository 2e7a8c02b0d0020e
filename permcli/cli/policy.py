"""`perm policy list | show | check`: what the shipped policies hold, and checking a
council's own file."""

from __future__ import annotations

from typing import Annotated

import typer

from .output import Column, CsvOption, JsonOption, emit, output_format, write_json

app = typer.Typer(help="List, show and check policies.", no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """List the policies perm ships."""
    from ..app import policies

    fmt = output_format(ctx, as_json, as_csv)
    rows = []
    for policy_id in policies.shipped_ids():
        policy = policies.load(policy_id)
        local = [r for r in policy.rules if r.line is not None and r.source and not _statutory(policy, r.id)]
        rows.append(
            {
                "policy": policy.id,
                "name": policy.name,
                "panels": ", ".join(p.id for p in policy.panels),
                "rules": len(policy.rules),
                "local_rules": len(local),
            }
        )
    emit(
        rows,
        [Column("policy", "Policy", no_wrap=True), Column("name", "Name"), Column("panels", "Panels"),
         Column("rules", "Rules", justify="right"), Column("local_rules", "Local", justify="right")],
        fmt,
        title="Shipped policies (perm init --policy ID)",
    )


def _before(offset) -> str:
    """A paperwork lead time in words: "2 working days before the sitting"."""
    words = str(offset).lstrip("-").strip()
    rolled = {"back": ", or the working day before", "forward": ", or the working day after"}.get(offset.roll, "")
    return f"{words} before the sitting{rolled}"


def _statutory(policy, rule_id: str) -> bool:
    from ..app import policies

    return rule_id in policies.statutory_ids() and not policy.rule(rule_id).override


@app.command("show")
def show(
    ctx: typer.Context,
    policy_ref: Annotated[str, typer.Argument(metavar="ID_OR_FILE", help="A shipped policy's ID or a policy file.")],
    as_json: JsonOption = False,
) -> None:
    """Show a policy's panels (sittings, papers) and rules (trigger, due date, source)."""
    from ..app import policies
    from ..domain.rules import describe_due

    policy = policies.load(policy_ref)
    rules = [
        {
            "rule": r.id,
            "kind": "statutory" if _statutory(policy, r.id) else (
                "override" if r.override else (f"replaces {r.replaces}" if r.replaces else "local")
            ),
            "item": "panel" if r.panel else r.item,
            "panel": r.panel,
            "reason": r.reason,
            "title": r.title_for(None).strip(),
            "trigger": ", ".join(str(t) for t in r.triggers),
            "due": describe_due(r.due),
            "source": r.source,
        }
        for r in policy.rules
    ]
    panels = [
        {
            "panel": p.id,
            "name": p.name,
            "sits": p.describe_schedule(),
            "time": p.hours,
            "papers_due": _before(p.paperwork_due) if p.paperwork_due else None,
            "chair": p.chair or None,
            "description": p.description or None,
            "reasons": [{"reason": r.id, "title": r.title, "papers": list(r.papers)} for r in p.reasons],
        }
        for p in policy.panels
    ]
    if as_json:
        write_json({"policy": policy.id, "name": policy.name, "description": policy.description,
                    "file": policy.path, "panels": panels, "rules": rules})
        return
    from rich.text import Text

    from .output import console

    out = console()
    out.print(Text(f"{policy.id}: {policy.name}", style="bold"))
    if policy.description:
        out.print(Text(policy.description))
    out.print(Text(f"File: {policy.path}", style="dim"))
    for p in panels:
        out.print()
        when = f"{p['sits']}" + (f", {p['time']}" if p["time"] else "")
        due = f"; papers due {p['papers_due']}" if p["papers_due"] else ""
        out.print(Text(f"Panel {p['panel']}: {p['name']} ({when}{due})", style="bold"))
        if p["description"]:
            out.print(Text(f"  {p['description']}"))
        for r in p["reasons"]:
            out.print(Text(f"  {r['reason']}: {r['title']} ({len(r['papers'])} papers)"))
    out.print()
    emit(
        rules,
        [Column("rule", "Rule", no_wrap=True), Column("kind", "Kind"), Column("title", "What is due"),
         Column("trigger", "Starts with"), Column("due", "Due"), Column("source", "Source")],
        "table",
        title=f"Rules ({len(rules)})",
    )


@app.command("check")
def check(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="FILE", help="The policy file to check.")],
) -> None:
    """Check a policy file: every mistake is reported as FILE:LINE: what is wrong."""
    from ..app import policies
    from ..domain.errors import PermError

    if not path.endswith(".toml") and path in policies.shipped_ids():
        raise PermError(f"{path} is a shipped policy; give a file to check")
    policy = policies.load(path)
    local = [r for r in policy.rules if not _statutory(policy, r.id)]
    typer.echo(
        f"{policy.path}: OK: policy {policy.id} ({policy.name}), {len(policy.panels)} panels, "
        f"{len(local)} local rules on top of {len(policy.rules) - len(local)} statutory rules."
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="policy", help="List, show and check policies.")
