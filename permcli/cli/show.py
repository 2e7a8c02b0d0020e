"""`perm show CHILD_ID`: a child's history and items as a readable timeline."""

from __future__ import annotations

from typing import Annotated

import typer

from .output import JsonOption, STATUS_STYLE, console, write_json


def show(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(metavar="CHILD_ID", help="The child's ID.")],
    as_json: JsonOption = False,
) -> None:
    """Show a child's history (every event, corrections included) and every item with its date."""
    show_story(ctx.find_root().obj, child, as_json)


def register(root: typer.Typer) -> None:
    root.command("show")(show)


def _describe_details(details: dict) -> str:
    words = {True: "yes", False: "no"}
    return ", ".join(f"{k.replace('_', ' ')} {words.get(v, v) if isinstance(v, bool) else v}" for k, v in details.items())


def _item_state(item, as_of) -> tuple[str, str]:
    """Words for an item's state, and its style."""
    if item.done is not None:
        late = (item.done - item.due).days
        if late > 0:
            return f"done late on {item.done} ({late} days)", "magenta"
        return f"done on {item.done}", "green"
    if item.stopped is not None:
        if item.stopped > item.due:
            # Overdue until it stopped being needed: drift worth seeing.
            return f"missed: due {item.due}, no longer needed from {item.stopped}", "magenta"
        return f"no longer needed from {item.stopped}", "dim"
    days = (item.due - as_of).days
    if days < 0:
        return f"overdue by {-days} days", STATUS_STYLE["overdue"]
    if days == 0:
        return "due today", STATUS_STYLE["due-soon"]
    return f"due in {days} days", STATUS_STYLE["due-soon"] if days <= 14 else ""


def show_story(context, ref: str, as_json: bool) -> None:
    from ..app.show import child_story
    from ..domain.calendar import age_on
    from ..domain.events import KINDS

    story = child_story(context, ref)
    as_of = context.as_of
    child = story.child
    if as_json:
        write_json(_story_json(story, as_of))
        return
    from rich.table import Table
    from rich.text import Text

    out = console()
    born = f"born {child.dob} (age {age_on(child.dob, as_of)})" if child.born else f"not born yet, expected {child.expected_birth}"
    facts = [child.ref, child.name, born, f"worker {child.worker or '-'}", f"team {child.team or '-'}"]
    if child.sibling_group:
        facts.append(f"sibling group {child.sibling_group}")
    if child.uasc:
        facts.append("UASC")
    out.print(Text(" · ".join(facts), style="bold"))
    out.print(Text(f"Policy {story.policy}; as of {as_of}; periods of care: {', '.join(map(_period, story.periods)) or 'none'}"))
    if story.siblings:
        out.print(Text("Siblings (planned together): " + ", ".join(f"{s.ref} {s.name}".strip() for s in story.siblings)))
    _changes(out, child)

    history = Table(title="History", title_justify="left")
    for header in ("Event", "Date", "What happened", "Details", "Recorded"):
        history.add_column(header, overflow="fold")
    for r in story.records:
        if r.kind == "correction":
            what = f"correction: event {r.voids} is void"
            details = r.reason or ""
            style = "dim"
        else:
            what = KINDS[r.kind].title if r.kind in KINDS else r.kind
            details = _describe_details(r.details)
            style = ""
            if r.voided_by is not None:
                what = f"{what} (void: see event {r.voided_by})"
                style = "strike dim"
        recorded = f"{r.recorded_by}, {r.recorded_at:%Y-%m-%d %H:%M}"
        history.add_row(Text(str(r.id)), Text(str(r.date)), Text(what), Text(details), Text(recorded), style=style)
    out.print(history if story.records else Text("No events recorded yet."))
    if story.later:
        out.print(Text(f"{story.later} later events are not shown: they are after the as-of day {as_of}.", style="dim"))

    items = Table(title="Items", title_justify="left")
    for header in ("Due", "What is due", "State", "Since", "Rule"):
        items.add_column(header, overflow="fold")
    for item in story.items:
        state, style = _item_state(item, as_of)
        title = item.title + (f" (sitting {item.sitting})" if item.sitting and item.item == "panel" else "")
        if item.note and item.outstanding and item.note != "booked by hand":
            title += f": {item.note}"
        items.add_row(Text(str(item.due)), Text(title), Text(state), Text(str(item.trigger)), Text(item.rule), style=style)
    out.print(items if story.items else Text("No items: nothing recorded starts a clock yet."))


def _period(p) -> str:
    """A period of care in words; one that ended in law says so."""
    text = f"{p.start} to {p.end or 'now'}"
    return text + " (18th birthday: a child is a person under 18, Children Act 1989 s105)" if p.ended_by else text


def _changes(out, child) -> None:
    """Who has held the case from when, and each change to the record since it was made."""
    from rich.table import Table
    from rich.text import Text

    from ..domain.childfacts import WORDS, allocation_history, standing

    changes = standing(child.changes)
    if not changes:
        return
    history = allocation_history(child)
    if len(history) > 1:
        out.print(Text("Allocation: " + "; ".join(
            f"{'from ' + str(h['from']) if h['from'] else 'first'} {h['worker'] or '-'} ({h['team'] or 'no team'})"
            for h in history)))
    table = Table(title="Changes to the record", title_justify="left")
    for header in ("Change", "What", "From", "Why", "Recorded"):
        table.add_column(header, overflow="fold")
    for c in changes:
        value = "yes" if c.value is True else "no" if c.value is False else (c.value or "none")
        table.add_row(Text(str(c.id)), Text(f"{WORDS[c.field]}: {value}"), Text(str(c.from_day or "whole record")),
                      Text(c.reason), Text(f"{c.recorded_by}, {c.recorded_at:%Y-%m-%d %H:%M}"))
    out.print(table)


def _story_json(story, as_of) -> dict:
    from ..domain.childfacts import allocation_history, standing

    child = story.child
    return {
        "child": {
            "child": child.ref,
            "name": child.name,
            "dob": child.dob.isoformat() if child.dob else None,
            "expected_birth": child.expected_birth.isoformat() if child.expected_birth else None,
            "worker": child.worker,
            "team": child.team,
            "sibling_group": child.sibling_group,
            "uasc": child.uasc,
        },
        "siblings": [s.ref for s in story.siblings],
        "allocation": [{**h, "from": h["from"].isoformat() if h["from"] else None} for h in allocation_history(child)],
        "changes": [
            {"id": c.id, "field": c.field, "value": c.value.isoformat() if hasattr(c.value, "isoformat") else c.value,
             "from": c.from_day.isoformat() if c.from_day else None, "reason": c.reason,
             "recorded_by": c.recorded_by, "recorded_at": c.recorded_at.isoformat()}
            for c in standing(child.changes)
        ],
        "policy": story.policy,
        "as_of": as_of.isoformat(),
        "later_events": story.later,
        "periods": [
            {"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None, "ended_by": p.ended_by}
            for p in story.periods
        ],
        "events": [
            {
                "id": r.id,
                "kind": r.kind,
                "date": r.date.isoformat(),
                "details": r.details,
                "voids": r.voids,
                "reason": r.reason,
                "voided_by": r.voided_by,
                "recorded_by": r.recorded_by,
                "recorded_at": r.recorded_at.isoformat(),
            }
            for r in story.records
        ],
        "items": [
            {
                "rule": i.rule,
                "item": i.item,
                "number": i.number,
                "panel": i.panel,
                "title": i.title,
                "trigger": i.trigger.isoformat(),
                "due": i.due.isoformat(),
                "state": i.state,
                "done": i.done.isoformat() if i.done else None,
                "stopped": i.stopped.isoformat() if i.stopped else None,
                "days": (i.due - as_of).days,
                "sitting": i.sitting.isoformat() if i.sitting else None,
                "note": i.note,
                "source": i.source,
            }
            for i in story.items
        ],
    }
