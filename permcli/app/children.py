"""Adding and listing children."""

from __future__ import annotations

from ..domain.children import clean_child, clean_ref
from ..domain.text import clean_text
from ..domain.errors import PermError
from ..domain.timeline import Child, Timeline
from ..store import repo
from ..store.engine import run_write, transaction
from .context import Context


def add_child(
    ctx: Context,
    ref: str | None,
    name: str | None,
    dob: str | None,
    worker: str | None = None,
    team: str | None = None,
    sibling_group: str | None = None,
    uasc: bool = False,
) -> Child:
    child = clean_child(ref, name, dob, ctx.as_of, worker, team, sibling_group, uasc)

    def work(conn) -> None:
        if repo.find_child(conn, child.ref) is not None:
            raise PermError(f"a child with ID {child.ref} already exists")
        repo.insert_child(conn, child, ctx.now(), ctx.by)
        repo.audit(conn, ctx.now(), ctx.by, "child.add", child.ref, f"child {child.ref}")

    run_write(ctx.engine(), work)
    return child


def list_children(ctx: Context, worker: str | None = None, team: str | None = None) -> list[dict]:
    """Children with whether they are looked after on the as-of day."""
    worker = clean_text(worker, "--worker")
    team = clean_text(team, "--team")
    with transaction(ctx.engine(), write=False) as conn:
        found = repo.histories(conn, repo.ChildFilter(worker=worker, team=team), ctx.as_of)
    rows = []
    for child, events in found:
        timeline = Timeline(child, [e for e in events if e.date <= ctx.as_of], until=ctx.as_of)
        period = timeline.periods[-1] if timeline.periods else None
        looked_after = period is not None and period.end is None
        rows.append(
            {
                "child": child.ref,
                "name": child.name,
                "dob": child.dob.isoformat(),
                "worker": child.worker,
                "team": child.team,
                "sibling_group": child.sibling_group,
                "uasc": child.uasc,
                "looked_after": looked_after,
                "since": period.start.isoformat() if looked_after else None,
            }
        )
    return rows


def get_child(conn, ref: str) -> tuple[int, Child]:
    found = repo.find_child(conn, clean_ref(ref))
    if found is None:
        raise PermError(f"unknown child {ref.strip()}")
    return found

