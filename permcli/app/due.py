"""What is due: every outstanding item of every child, from one pass of the rule engine."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.children import clean_ref, clean_text
from ..domain.engine import OVERDUE, UPCOMING, History, Item, derive
from ..domain.errors import PermError
from ..store import repo
from ..store.engine import transaction
from . import policies
from .context import Context

# The keys of `perm due --json`, in order (cli-contract.md), then the extras.
CONTRACT_KEYS = ("child", "item", "number", "panel", "title", "due", "status", "days", "rule", "source")
EXTRA_KEYS = ("worker", "team")


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
    }


def due_items(ctx: Context, query: DueQuery) -> list[dict]:
    """Outstanding items, sorted by due date then child. Each row also has the child's
    name under "name", for people; scripts' formats leave it out."""
    if query.within < 0:
        raise PermError("--within: give a number of days, 0 or more")
    ref = clean_ref(query.child) if query.child is not None else None
    worker = clean_text(query.worker, "--worker")
    team = clean_text(query.team, "--team")
    with transaction(ctx.engine(), write=False) as conn:
        policy = policies.active(conn)
        found = repo.histories(conn, ref=ref, worker=worker, team=team)
        if ref is not None and not found and repo.find_child(conn, ref) is None:
            raise PermError(f"unknown child {ref}")
    as_of = ctx.as_of
    rows = []
    for child, events in found:
        for item in derive(History(child, tuple(events)), policy, as_of):
            if not item.outstanding:
                continue
            row = item_row(item, child, as_of, query.within)
            if row["status"] == UPCOMING and not query.include_all:
                continue
            if query.overdue_only and row["status"] != OVERDUE:
                continue
            row["name"] = child.name
            rows.append(row)
    rows.sort(key=lambda r: (r["due"], r["child"], r["rule"], r["number"] or 0))
    return rows
