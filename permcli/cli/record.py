"""`perm record KIND CHILD_ID --date D ...`: one command per event kind, built from the
table of kinds in permcli.domain.events, and `perm correct` for a recorded mistake."""

from __future__ import annotations

import inspect
from typing import Annotated, Any, List, Optional

import typer

from ..domain.events import KINDS, Field, Kind
from . import prompts

app = typer.Typer(
    help="Record what happened to a child. Each kind of event is a command: `perm record review C001 --date 2026-02-02`.",
    invoke_without_command=True,
)


@app.callback()
def choose_kind(ctx: typer.Context) -> None:
    """Record what happened to a child. On a terminal with no kind given, perm asks."""
    if ctx.invoked_subcommand is not None:
        return
    if not prompts.interactive():
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
    labels = {f"{k.name}: {k.title}": k.name for k in KINDS.values() if not k.own_command}
    chosen = labels[prompts.ask_choice("What happened?", list(labels))]
    _record(ctx, KINDS[chosen], None, None, {})


def _choices_completer(choices):
    def complete(incomplete: str):
        return [c for c in choices if c.startswith(incomplete)]

    return complete


def _option(f: Field) -> tuple[Any, Any]:
    if f.type == "flag":
        return Annotated[bool, typer.Option(f.option, help=f.help)], False
    extra = {"autocompletion": _choices_completer(f.choices)} if f.choices else {}
    metavar = "YYYY-MM-DD" if f.type == "date" else ("|".join(f.choices) if f.choices else "TEXT")
    return Annotated[Optional[str], typer.Option(f.option, help=f.help, metavar=metavar, **extra)], None


def _record(ctx: typer.Context, spec: Kind, child: str | None, day: str | None, details: dict) -> None:
    from ..app.record import record_event

    context = ctx.find_root().obj
    child, day, details = _complete(ctx, context, spec, child, day, details)
    event_id = record_event(context, child, spec.name, day, details)
    typer.echo(f"Recorded event {event_id}: {spec.title} for {child.strip()} on {day.strip()}.")


def _complete(ctx: typer.Context, context, spec: Kind, child, day, details):
    """Ask for what is missing on a terminal; without one, a missing value is a usage error."""
    wanted = [f for f in spec.fields if f.required and not details.get(f.name)]
    if child and day and not wanted:
        return child, day, details
    if not prompts.interactive():
        if not child:
            prompts.missing(ctx, "argument", "CHILD_ID")
        if not day:
            prompts.missing(ctx, "option", "--date")
        prompts.missing(ctx, "option", wanted[0].option)
    from ..domain.children import clean_ref
    from ..domain.events import parse_date

    if not child:
        child = prompts.ask_completing("Child ID:", _child_refs(context), prompts.problem_of(clean_ref))
    if not day:
        day = prompts.ask_text(
            f"Date ({spec.title}), YYYY-MM-DD:",
            prompts.problem_of(parse_date),
            default=context.as_of.isoformat(),
        )
    for f in spec.fields:
        if details.get(f.name) not in (None, False) or f.type == "flag":
            continue  # flags stay "no" unless given: perm asks only for values it needs
        if f.type == "choice":
            ask = prompts.ask_choice if f.required else prompts.ask_optional_choice
            details[f.name] = ask(f"{f.help}:", f.choices)
        elif f.type == "date" and (f.required or _needed(spec, f, details)):
            details[f.name] = prompts.ask_text(f"{f.help}:", prompts.problem_of(parse_date))
        elif f.type == "text" and f.required:
            details[f.name] = prompts.ask_text(f"{f.help}:")
    return child, day, details


def _needed(spec: Kind, f: Field, details: dict) -> bool:
    other, value = spec.required_when.get(f.name, (None, None))
    return other is not None and details.get(other) == value


def _child_refs(context) -> list[str]:
    from ..app.children import list_children

    try:
        return [row["child"] for row in list_children(context)]
    except Exception:
        return []


def _make_command(spec: Kind):
    params = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        inspect.Parameter(
            "child",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=None,
            annotation=Annotated[
                Optional[str], typer.Argument(metavar="CHILD_ID", help="The child's ID.", show_default=False)
            ],
        ),
        inspect.Parameter(
            "date",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The day it happened.")
            ],
        ),
    ]
    for f in spec.fields:
        annotation, default = _option(f)
        params.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))

    def command(ctx: typer.Context, child: Optional[str] = None, **values: Any) -> None:
        day = values.pop("date", None)
        _record(ctx, spec, child, day, values)

    command.__signature__ = inspect.Signature(params)
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__name__ = spec.name.replace("-", "_")
    command.__doc__ = spec.help
    return command


for _spec in KINDS.values():
    if not _spec.own_command:
        app.command(_spec.name, help=_spec.help)(_make_command(_spec))


def correct(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="EVENT_ID", help="The ID of the wrong event (see `perm show`).")],
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why the event was wrong; kept with the record.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Record the right event with this date (same kind and details otherwise).")] = None,
    changes: Annotated[Optional[List[str]], typer.Option("--set", metavar="DETAIL=VALUE", help="Record the right event with this detail changed, e.g. --set legal-status=ico. Repeat for more.")] = None,
) -> None:
    """Void a wrongly recorded event, with a reason, and optionally record the right one.

    Every row stays in the child's history; the rules no longer count the voided event.
    """
    from ..app.record import correct_event
    from ..domain.events import event_id as check_id

    context = ctx.find_root().obj
    check_id(event_id, "EVENT_ID")  # beyond 64 bits, the database's integers overflow
    if not reason:
        if not prompts.interactive():
            prompts.missing(ctx, "option", "--reason")
        reason = prompts.ask_text("Why was the event wrong?")
    fixed = correct_event(context, event_id, reason, date, _detail_changes(ctx, changes or []))
    voided = fixed.voided
    typer.echo(
        f"Recorded correction {fixed.correction}: event {event_id} ({voided.kind} for {voided.child_ref} on {voided.date}) is void."
    )
    if fixed.replacement is not None:
        typer.echo(f"Recorded event {fixed.replacement} in its place.")


def _detail_changes(ctx: typer.Context, pairs: list[str]) -> dict[str, str]:
    changes = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            prompts.usage_error(ctx, f"--set: write DETAIL=VALUE, got {pair!r}")
        changes[name.strip().lstrip("-").replace("-", "_")] = value.strip()
    return changes


app.command("correction", help="Void a wrongly recorded event, with a reason (the same as `perm correct`).")(correct)


@app.command("born")
def born(
    ctx: typer.Context,
    child: Annotated[Optional[str], typer.Argument(metavar="CHILD_ID", help="The child's ID (added with --expected-birth).", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The day the child was born. [required]")] = None,
) -> None:
    """Record the birth of a child added before birth: rules that need an age start from it."""
    from ..app.children import record_birth

    if not child:
        prompts.missing(ctx, "argument", "CHILD_ID")
    if not date:
        prompts.missing(ctx, "option", "--date")
    change = record_birth(ctx.find_root().obj, child, date)
    typer.echo(f"Recorded the birth of {child.strip()} on {date.strip()} (change {change}).")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="record", help="Record what happened to a child.")
    root.command("correct")(correct)
