"""One child's story: what was recorded, the periods of care, and every item with its date."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.engine import History, Item, derive
from ..domain.timeline import Child, Period, Timeline
from ..store import repo
from ..store.engine import run_write, transaction
from . import policies
from .children import get_child
from .context import Context

VIEW = "child.view"


@dataclass(frozen=True)
class ChildStory:
    child: Child
    records: list[repo.EventRecord]  # every row up to the as-of day, corrections and voided events included
    periods: list[Period]
    items: list[Item]
    policy: str
    later: int  # rows dated after the as-of day, left out as not yet known
    siblings: list[Child]  # the other children of the sibling group on the as-of day


def child_story(ctx: Context, ref: str) -> ChildStory:
    """A child's whole record, as recorded on the as-of day. Reading it is recorded in the
    audit trail (a subject access request asks who looked at a child), before anything is
    shown."""
    with transaction(ctx.engine(), write=False) as conn:
        child_id, child = get_child(conn, ref, ctx.as_of)
        records = repo.child_event_records(conn, child_id)
        policy = policies.active(conn)
        siblings = [] if not child.sibling_group else [
            c for c in repo.list_children(conn, repo.ChildFilter(sibling_group=child.sibling_group), ctx.as_of)
            if c.ref != child.ref]
    standing = [r.as_event() for r in records if r.kind != repo.CORRECTION and r.voided_by is None]
    timeline = Timeline(child, [e for e in standing if e.date <= ctx.as_of], until=ctx.as_of)
    items = derive(History(child, tuple(standing)), policy, ctx.as_of)
    items.sort(key=lambda i: (i.due, i.rule))
    known = [r for r in records if r.date <= ctx.as_of]
    run_write(ctx.engine(), lambda conn: repo.audit(conn, ctx.now(), ctx.by, VIEW, child.ref, f"child {child.ref}"))
    return ChildStory(child, known, timeline.periods, items, policy.id, len(records) - len(known), siblings)
