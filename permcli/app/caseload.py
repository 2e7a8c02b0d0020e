"""The whole caseload (or part of it) through the rule engine, in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..domain.children import clean_ref
from ..domain.text import clean_text
from ..domain.engine import History, Item, derive
from ..domain.errors import PermError
from ..domain.rules import Policy
from ..domain.timeline import Child, Event
from ..store import repo
from ..store.engine import transaction
from . import policies
from .context import Context


@dataclass(frozen=True)
class ChildItems:
    child: Child
    events: list[Event]
    items: list[Item]


def derive_caseload(
    ctx: Context, child: str | None = None, worker: str | None = None, team: str | None = None
) -> tuple[Policy, list[ChildItems]]:
    """Every child (filtered, by ID) with their standing events and derived items, as of
    the context's day. Two queries, then one pass of the rule engine per child."""
    found: list[ChildItems] = []
    policy = each_child(ctx, lambda c, events, items: found.append(ChildItems(c, events, items)), child, worker, team)
    found.sort(key=lambda case: case.child.ref)
    return policy, found


def each_child(
    ctx: Context,
    take: Callable[[Child, list[Event], list[Item]], None],
    child: str | None = None,
    worker: str | None = None,
    team: str | None = None,
    start: Callable[[Policy], None] | None = None,
) -> Policy:
    """Hand each child (filtered) with their events and derived items to ``take``, one at a
    time as they are read: a whole region's caseload need never be in memory at once.
    ``start`` sees the policy first (in the same snapshot), to choose what to keep."""
    ref = clean_ref(child) if child is not None else None
    worker = clean_text(worker, "--worker")
    team = clean_text(team, "--team")
    as_of = ctx.as_of
    seen = False
    with transaction(ctx.engine(), write=False) as conn:
        policy = policies.active(conn)
        if start is not None:
            start(policy)
        for c, events in repo.iter_histories(conn, repo.ChildFilter(ref, worker, team), as_of):
            seen = True
            take(c, events, derive(History(c, tuple(events)), policy, as_of))
        if ref is not None and not seen and repo.find_child(conn, ref) is None:
            raise PermError(f"unknown child {ref}")
    return policy
