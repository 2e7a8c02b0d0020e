"""What is due: every outstanding item of every child, from one pass of the rule engine."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.engine import OVERDUE, UPCOMING, Item
from ..domain.errors import PermError
from .caseload import each_child
from .context import Context

# The keys of `perm due --json`, in order (cli-contract.md), then the extras.
CONTRACT_KEYS = ("child", "item", "number", "panel", "title", "due", "status", "days", "rule", "source")
EXTRA_KEYS = ("worker", "team", "sitting", "note")


@dataclass(frozen=True)
class DueQuery:
    within: int = 14
    overdue_only: bool = False
    include_all: bool = False
    child: str | None = None
    worker: str | None = None
    team: str | None = None


def item_row(item: Item, child, as_of, within: int) -> dict:
    return {
        "child": item.child,
        "item": item.item,
        "number": item.number,
        "panel": item.panel,
        "title": item.title,
        "due": item.due.isoformat(),
        "status": item.status(as_of, within),
        "days": (item.due - as_of).days,
        "rule": item.rule,
        "source": item.source,
        "worker": child.worker,
        "team": child.team,
        "sitting": item.sitting.isoformat() if item.sitting else None,
        "note": item.note,
    }


def due_items(ctx: Context, query: DueQuery) -> list[dict]:
    """Outstanding items, sorted by due date then child. Each row also has the child's
    name under "name", for people; scripts' formats leave it out."""
    if query.within < 0:
        raise PermError("--within: give a number of days, 0 or more")
    rows = []

    def take(child, _events, items) -> None:  # only the rows listed are kept
        if not child.born and child.expected_birth < ctx.as_of:
            ctx.notices.append(f"note: {child.ref} was expected to be born by {child.expected_birth}: "
                               f"record the birth (perm record born {child.ref} --date D)")
        for item in items:
            if not item.outstanding:
                continue
            row = item_row(item, child, ctx.as_of, query.within)
            if row["status"] == UPCOMING and not query.include_all:
                continue
            if query.overdue_only and row["status"] != OVERDUE:
                continue
            row["name"] = child.name
            rows.append(row)

    each_child(ctx, take, query.child, query.worker, query.team)
    rows.sort(key=lambda r: (r["due"], r["child"], r["rule"], r["number"] or 0))
    return rows
