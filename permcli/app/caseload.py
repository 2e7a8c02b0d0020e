"""The whole caseload (or part of it) through the rule engine, in one pass."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.children import clean_ref, clean_text
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
    """Every child (filtered) with their standing events and derived items, as of the
    context's day. Two queries, then one pass of the rule engine per child."""
    ref = clean_ref(child) if child is not None else None
    worker = clean_text(worker, "--worker")
    team = clean_text(team, "--team")
    with transaction(ctx.engine(), write=False) as conn:
        policy = policies.active(conn)
        found = repo.histories(conn, ref=ref, worker=worker, team=team)
        if ref is not None and not found and repo.find_child(conn, ref) is None:
            raise PermError(f"unknown child {ref}")
    as_of = ctx.as_of
    return policy, [
        ChildItems(c, events, derive(History(c, tuple(events)), policy, as_of)) for c, events in found
    ]
