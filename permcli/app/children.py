"""Adding, listing and changing children: allocation from a day, corrections to the record,
a birth, a worker's whole caseload moved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ..domain import childfacts
from ..domain.children import clean_child, clean_dob, clean_expected_birth, clean_ref
from ..domain.text import clean_text
from ..domain.errors import PermError
from ..domain.events import KINDS, parse_date
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
    expected_birth: str | None = None,
) -> Child:
    child = clean_child(ref, name, dob, ctx.as_of, worker, team, sibling_group, uasc, expected_birth=expected_birth)

    def work(conn) -> None:
        if repo.find_child(conn, child.ref) is not None:
            raise PermError(f"a child with ID {child.ref} already exists")
        repo.insert_child(conn, child, ctx.now(), ctx.by)
        repo.audit(conn, ctx.now(), ctx.by, "child.add", child.ref, f"child {child.ref}")

    run_write(ctx.engine(), work)
    return child


def list_children(ctx: Context, worker: str | None = None, team: str | None = None,
                  sibling_group: str | None = None) -> list[dict]:
    """Children as recorded on the as-of day, with whether each is looked after then."""
    chosen = repo.ChildFilter(worker=clean_text(worker, "--worker"), team=clean_text(team, "--team"),
                              sibling_group=clean_text(sibling_group, "--sibling-group", limit=64))
    with transaction(ctx.engine(), write=False) as conn:
        found = repo.histories(conn, chosen, ctx.as_of)
    rows = []
    for child, events in found:
        timeline = Timeline(child, [e for e in events if e.date <= ctx.as_of], until=ctx.as_of)
        period = timeline.periods[-1] if timeline.periods else None
        looked_after = period is not None and period.end is None
        rows.append(
            {
                "child": child.ref,
                "name": child.name,
                "dob": child.dob.isoformat() if child.dob else None,
                "expected_birth": child.expected_birth.isoformat() if child.expected_birth else None,
                "worker": child.worker,
                "team": child.team,
                "sibling_group": child.sibling_group,
                "uasc": child.uasc,
                "looked_after": looked_after,
                "since": period.start.isoformat() if looked_after else None,
            }
        )
    return rows


def get_child(conn, ref: str, as_of=None) -> tuple[int, Child]:
    """A child by ID, as recorded on ``as_of`` (None: as things stand now), or an error."""
    found = repo.find_child(conn, clean_ref(ref), as_of)
    if found is None:
        raise PermError(f"unknown child {ref.strip()}")
    return found



# -- changes to a child ---------------------------------------------------------------------


def _parse(field: str, raw: Any, as_of: date) -> Any:
    """A new value for a field, from the command line or a file. For worker, team and
    sibling group, "none" (or nothing) takes the value away."""
    if field in ("worker", "team", "sibling_group"):
        option = "--" + field.replace("_", "-")
        text = clean_text(raw, option, limit=64 if field == "sibling_group" else 200)
        return None if text is None or text.lower() == "none" else text
    if field == "name":
        return clean_text(raw, "--name", required=True)
    if field == "dob":
        return clean_dob(raw, as_of)
    if field == "expected_birth":
        return clean_expected_birth(raw, as_of)
    if isinstance(raw, bool):
        return raw
    text = (raw or "").strip().lower()
    if text not in ("yes", "no"):
        raise PermError("--uasc: give yes or no")
    return text == "yes"


def edit_child(ctx: Context, ref: str, raw: dict[str, Any], from_text: str | None, reason: str | None,
               *, conn=None) -> list[int]:
    """Record changes to a child, each a fact of its own: allocation and status (worker,
    team, sibling group, UASC) from a day (--from, by default the as-of day), corrections
    (name, date of birth, expected birth) for the whole record. Returns the changes' IDs."""
    reason = clean_text(reason, "--reason", limit=500, required=True)
    wanted = {f: _parse(f, v, ctx.as_of) for f, v in raw.items() if v is not None}
    if not wanted:
        raise PermError("say what changes: --worker, --team, --name, --dob, --uasc or --sibling-group")
    from_day = parse_date(from_text, "--from") if from_text is not None else None
    if from_day is not None and not any(f in childfacts.DATED for f in wanted):
        raise PermError("--from: only worker, team, sibling group and UASC change from a day; "
                        "a name or date of birth is corrected for the whole record")

    def work(conn) -> list[int]:
        child_id, child = get_child(conn, ref, from_day or ctx.as_of)
        changes = {f: v for f, v in wanted.items() if getattr(child, f) != v}
        if not changes:
            shown = ", ".join(f"{childfacts.WORDS[f]} {_shown(v)}" for f, v in wanted.items())
            raise PermError(f"{child.ref} already has that record ({shown}): nothing to change")
        days = change_days(changes, from_day or ctx.as_of)
        check_changes(ctx, conn, child_id, child, changes, days)
        return write_changes(ctx, conn, child_id, child, changes, days, reason)

    return work(conn) if conn is not None else run_write(ctx.engine(), work)


def change_days(changes: dict, day: date) -> dict:
    """From which day each change applies: a dated one from ``day``, a correction always."""
    return {f: day if f in childfacts.DATED else None for f in changes}


def check_changes(ctx: Context, conn, child_id: int, child: Child, changes: dict, days: dict) -> None:
    """Refuse (PermError) changes the record cannot take: a day outside the record, a date
    of birth that puts recorded events before birth or contradicts the history."""
    began = repo.record_began(conn, child_id)
    for field, value in changes.items():
        childfacts.check_change(child, field, value, days[field], began, ctx.as_of)
    if "dob" in changes or "expected_birth" in changes:
        _check_births(conn, child_id, child, changes)


def write_changes(ctx: Context, conn, child_id: int, child: Child, changes: dict, days: dict, reason: str) -> list[int]:
    """Write checked changes, each with its audit line (which keeps the old value)."""
    ids = []
    for field, value in changes.items():
        day = days[field]
        change_id = repo.insert_change(conn, child_id, field, value, day, reason, ctx.now(), ctx.by)
        repo.audit(conn, ctx.now(), ctx.by, "child.edit", child.ref, f"change {change_id}", reason, {
            "field": field, "old": childfacts.to_text(field, getattr(child, field)),
            "new": childfacts.to_text(field, value), "from": day.isoformat() if day else None})
        ids.append(change_id)
    return ids


def _shown(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else str(value or "none")


def _check_births(conn, child_id: int, child: Child, changes: dict) -> None:
    """A date of birth that would put recorded events before birth (other than pre-birth
    planning for a child recorded unborn) or contradict the history is refused."""
    after = replace(child, **changes)
    events = [r.as_event() for r in repo.child_event_records(conn, child_id)
              if r.kind != repo.CORRECTION and r.voided_by is None]
    if after.dob is not None:
        for event in events:
            if event.date < after.dob and not (after.expected_birth and KINDS[event.kind].before_birth):
                raise PermError(f"{child.ref}: {KINDS[event.kind].title} on {event.date} would be before "
                                "that date of birth; correct the event first")
    known = {p.message for p in Timeline(child, events).problems}
    for problem in Timeline(after, events).problems:
        if problem.message not in known:
            raise PermError(f"cannot change the date of birth: {problem.message}")


def record_birth(ctx: Context, ref: str, day_text: str | None) -> int:
    """The birth of a child recorded before birth: the date of birth, from now on."""
    day = parse_date(day_text, "--date")
    if day > ctx.as_of:
        raise PermError(f"--date: {day} is after {ctx.as_of}; record the birth once it has happened")

    def work(conn) -> int:
        child_id, child = get_child(conn, ref)
        if child.born:
            raise PermError(f"{child.ref} is already born: correct the date of birth with perm child edit --dob --reason")
        # A birth happens on a day: asked about an earlier day, the child was not born yet.
        _check_births(conn, child_id, child, {"dob": day})
        return write_changes(ctx, conn, child_id, child, {"dob": day}, {"dob": day}, "born")[0]

    return run_write(ctx.engine(), work)


def move_children(ctx: Context, from_worker: str | None, to_worker: str | None, team: str | None,
                  reason: str | None, from_text: str | None = None) -> list[str]:
    """Reallocate every child a worker holds on the day (a worker leaves) to another, in
    one transaction. Returns the children moved."""
    source = clean_text(from_worker, "--from-worker", required=True)
    target = _parse("worker", to_worker, ctx.as_of)
    if target is None:
        raise PermError("--to-worker is required")
    if source.lower() == target.lower():
        raise PermError("--to-worker: that is the worker the cases are moving from")
    reason = clean_text(reason, "--reason", limit=500, required=True)
    day = parse_date(from_text, "--from") if from_text is not None else ctx.as_of
    changes = {"worker": target} | ({"team": _parse("team", team, ctx.as_of)} if team is not None else {})

    def work(conn) -> list[str]:
        held = repo.list_children(conn, repo.ChildFilter(worker=source), day)
        if not held:
            raise PermError(f"no child is allocated to {source!r} on {day}")
        for child in held:
            edit_child(ctx, child.ref, changes, day.isoformat(), reason, conn=conn)
        return [c.ref for c in held]

    return run_write(ctx.engine(), work)
