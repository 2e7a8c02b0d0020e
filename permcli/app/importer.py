"""Bringing records in: SSDA903 returns, plain event files, perm's own exports, the demo.

Every row is checked as `perm child add` and `perm record` check one; a row that cannot be
used is reported with its file, line and why, and the rest is kept (a kept row that breaks a
rule of the source's own validation is reported too, with a warning). Every row is stored,
already there, or reported: none is dropped silently. A row already in the database is not
added again, so running the same import twice adds nothing. The whole import is one
transaction: all of it lands, or none of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable

from ..domain import childfacts
from ..domain.childfacts import Change
from ..domain.errors import PermError
from ..domain.events import check_event, details_to_json
from ..domain.intake import Candidate, FileCount, ImportReport, Intake, Reject, Where, rejects_csv
from ..domain.timeline import Child, Event, Timeline
from ..files import check_target, discard, prepare, publish
from ..store import repo
from ..store.engine import run_write
from . import policies
from .children import change_days, check_changes, write_changes
from .context import Context
from .panels import check_panel_details

CORRECTION = repo.CORRECTION
# The IDs an import's events have while they are checked: after every stored event, and in
# file order, as they will be when written (a timeline orders one day's events by ID).
NEW_EVENTS = 1 << 62


def _key(kind: str, day: date, details: dict) -> tuple:
    """What makes two events the same event: kind, day and details."""
    return kind, day, tuple(sorted(details_to_json(details).items()))


def import_intake(
    ctx: Context,
    intake: Intake,
    *,
    strict: bool = False,
    action: str = "import",
    progress: Callable[[int, int], None] | None = None,
    rejects_to: Path | None = None,
) -> ImportReport:
    """Check every child and event of an intake against the database and write what holds,
    in one write transaction: what the checks read cannot change before the rows land, so
    two imports of one file at once add it once, and an import racing `perm record` cannot
    bring a second period of care.

    ``strict``: any row that cannot be used stops the whole import (the demo's files must
    be clean). ``rejects_to``: a CSV of the rows not used, written whole only if the import
    commits (its folder is checked before anything else is done)."""
    if rejects_to is not None:
        rejects_to = check_target(rejects_to, "--rejects")
    prepared: list[str] = []

    def work(conn) -> ImportReport:
        for temp in prepared:  # an earlier try's file, before a retry
            discard(temp)
        prepared.clear()
        report, plan = _check(ctx, conn, intake, progress)
        if strict and report.rejects:
            first = report.rejects[0]
            raise PermError(f"{first.where}: {first.why}")
        _write(ctx, conn, report, plan, intake, action)
        if rejects_to is not None:
            prepared.append(prepare(rejects_to, rejects_csv(report)))
            repo.audit(conn, ctx.now(), ctx.by, "export.rejects", detail={
                "rows": len(report.rejects), "warnings": len(report.warnings), "to": str(rejects_to),
                "children": sorted({r.child for r in [*report.rejects, *report.warnings] if r.child})})
        return report

    try:
        report = run_write(ctx.engine(), work)
    except BaseException:
        for temp in prepared:
            discard(temp)
        raise
    for temp in prepared:
        publish(temp, rejects_to)
    return report


@dataclass
class _Plan:
    """What an import will write: children, events with their checked details, corrections."""

    children: dict[str, Child] = field(default_factory=dict)
    accepted: list[tuple[Candidate, int, dict]] = field(default_factory=list)  # (candidate, place, details)
    corrections: list[tuple[Candidate, int]] = field(default_factory=list)
    changes: list[tuple[str, Change]] = field(default_factory=list)  # a file's changes to its children, as they were
    updates: list[tuple[str, Child, dict, dict, str]] = field(default_factory=list)  # (child, record, changes, days, reason)
    used: set[Where] = field(default_factory=set)  # rows that brought something in
    already: set[Where] = field(default_factory=set)  # rows whose records were all there already


def _check(ctx: Context, conn, intake: Intake, progress) -> tuple[ImportReport, _Plan]:
    report = ImportReport(rejects=list(intake.rejects))
    plan = _Plan()
    policy = policies.active(conn)
    existing = {c.ref: (c, events) for c, events in repo.histories(conn)}
    recorded = {(r.child_ref, r.kind, r.date, r.recorded_at.replace(tzinfo=None), json.dumps(r.details, sort_keys=True))
                for r in repo.child_event_records(conn, None)} if any(c.recorded_at for c in intake.events) else set()
    used, already = plan.used, plan.already

    def reject(where: Where, child: str | None, why: str, reason: str | None = None) -> None:
        report.rejects.append(Reject(where, child, why, reason))

    # Children, and what the file changes about those already recorded.
    new_children = plan.children
    carried: dict[str, list[tuple[Change, Where]]] = {}
    for ref, change, where in intake.changes:
        carried.setdefault(ref, []).append((change, where))
    ids = repo.child_ids(conn)
    seen: set[str] = set()
    for child, where in intake.children:
        if child.ref in intake.uasc and not child.uasc:
            child = replace(child, uasc=True)
        if child.ref in seen:
            reject(where, child.ref, "the child appears twice in the file")
            continue
        seen.add(child.ref)
        ref, theirs = child.ref, carried.pop(child.ref, [])
        if ref not in existing:
            new_children[ref] = child
            plan.changes += [(ref, change) for change, _ in theirs]
            used.update([where, *(w for _, w in theirs)])
            continue
        now, events = existing[ref]
        stored = {_change_key(c) for c in now.changes}
        fresh = [(c, w) for c, w in theirs if _change_key(c) not in stored]
        already.update(w for c, w in theirs if _change_key(c) in stored)
        after = childfacts.child_on(now.first or now, [*now.changes, *(replace(c, id=NEW_EVENTS + i)
                                                                       for i, (c, _) in enumerate(fresh))], None)
        wanted = _differences(after, childfacts.child_on(child, [c for c, _ in theirs], None))
        days = change_days(wanted, ctx.as_of)
        try:
            check_changes(ctx, conn, ids[ref], after, wanted, days)
        except PermError as exc:
            reject(where, ref, str(exc))
            for _, w in fresh:
                reject(w, ref, f"{ref}'s row ({where}) was not used")
            continue
        plan.changes += [(ref, change) for change, _ in fresh]
        used.update(w for _, w in fresh)
        if wanted:
            plan.updates.append((ref, after, wanted, days, f"{where.file}:{where.line}"))
            used.add(where)
            existing[ref] = (replace(after, **wanted), events)  # events are checked against the new details
        else:
            report.children_already += 1
            already.add(where)
    for ref, theirs in carried.items():
        for _, where in theirs:
            reject(where, ref, "the child is not in the children file")
    made_uasc = {ref for ref, _, wanted, _, _ in plan.updates if "uasc" in wanted}
    for ref, where in intake.uasc.items():
        if ref in new_children or ref in made_uasc:
            used.add(where)
        elif ref in existing and existing[ref][0].uasc:
            already.add(where)
        else:
            reject(where, ref, "the child is already recorded, not as UASC" if ref in existing else "the child was not imported")

    # Events, child by child.
    by_child: dict[str, list[tuple[int, Candidate]]] = {}
    for seq, cand in enumerate(intake.events):
        by_child.setdefault(cand.child, []).append((seq, cand))
    total = len(by_child)
    for done, (ref, cands) in enumerate(by_child.items(), start=1):
        child = new_children.get(ref) or (existing[ref][0] if ref in existing else None)
        if child is None:
            for _, cand in cands:
                reject(cand.where, ref, "unknown child: not in the database or the children file")
            continue
        standing = list(existing[ref][1]) if ref in existing else []
        standing_keys = {_key(e.kind, e.date, e.details) for e in standing}
        voided = {c.voids for _, c in cands if c.kind == CORRECTION}
        checked: list[tuple[int, Candidate, Event]] = []
        first_of: dict[tuple, Candidate] = {}  # the first candidate of each event in this import
        repeats: list[tuple[Candidate, Candidate]] = []  # (a repeat, the first of its event)
        refused: dict[int, Reject] = {}  # by id() of the candidate

        def refuse(cand: Candidate, why: str) -> None:
            """Refuse a candidate that does not fit the child's history; an event the file
            may not show the care for says so rather than "not looked after then"."""
            found = (Reject(cand.where, ref, cand.outside_care[1], cand.outside_care[0])
                     if cand.outside_care and why.endswith("the child is not looked after then")
                     else Reject(cand.where, ref, why))
            refused[id(cand)] = found
            report.rejects.append(found)
        for seq, cand in sorted(cands, key=lambda sc: (sc[1].date, sc[1].original_id or 0, sc[0])):
            if cand.recorded_at is not None and (ref, cand.kind, cand.date, cand.recorded_at.replace(tzinfo=None),
                                                 json.dumps(details_to_json({} if cand.kind == CORRECTION else _clean(cand)),
                                                            sort_keys=True)) in recorded:
                already.add(cand.where)
                report.events_already += 1
                continue
            if cand.kind == CORRECTION:
                plan.corrections.append((cand, seq))
                continue
            try:
                spec, details = check_event(ref, child.dob, cand.kind, cand.date, cand.details, ctx.as_of)
                check_panel_details(policy, spec.name, details)
            except PermError as exc:
                reject(cand.where, ref, str(exc))
                continue
            key = _key(spec.name, cand.date, details)
            if cand.recorded_at is None and key in standing_keys:
                already.add(cand.where)  # in the database
                report.events_already += 1
                continue
            if cand.recorded_at is None and key in first_of:
                repeats.append((cand, first_of[key]))  # earlier in this import: judged as that one is
                continue
            first_of.setdefault(key, cand)
            event = Event(NEW_EVENTS + seq, spec.name, cand.date, details)
            checked.append((seq, cand, event))
        kept = _fit(child, standing, checked, voided, refuse)
        plan.accepted += [(cand, seq, event.details) for seq, cand, event in kept]  # details as checked
        kept_ids = {id(cand) for _, cand, _ in kept}
        for cand, first in repeats:
            if id(first) in kept_ids:
                already.add(cand.where)  # stored from the earlier row
                report.events_already += 1
            else:  # the earlier row was refused: so is this one, and reported, never "already there"
                earlier = refused[id(first)]
                there = f"line {first.where.line}" if first.where.file == cand.where.file else str(first.where)
                reject(cand.where, ref, f"the same {cand.kind} as {there}, which was not used: {earlier.why}", earlier.key)
        if progress:
            progress(done, total)
    report.rejects.sort(key=_in_file_order(intake))
    return report, plan


def _in_file_order(intake: Intake):
    """A sort key for rejects and warnings: by file, in the order the files were read, then line."""
    files = {name: i for i, name in enumerate(intake.rows)}
    return lambda r: (files.get(r.where.file, 0), r.where.line)


def _count(report: ImportReport, plan: _Plan, intake: Intake) -> None:
    """The report's counts once the plan is written. A row counts once: not used if
    anything from it was refused, already there if all of it was, used otherwise (a row
    may bring several events in, or none needed)."""
    for cand, _, _ in plan.accepted:
        plan.used.add(cand.where)
        report.events_added[cand.kind] += 1
    report.children_added = len(plan.children)
    refused = {r.where for r in report.rejects}
    # A row that needs no record of its own counts with its child: used if anything of the
    # child's came in now, already there otherwise (a repeat import says nothing is new).
    touched = set(plan.children) | {cand.child for cand, _, _ in plan.accepted}
    for where, child in intake.carried:
        if where not in refused:
            (plan.used if child in touched else plan.already).add(where)
    report.warnings = sorted((w for w in intake.warnings if w.where not in refused), key=_in_file_order(intake))
    report.continued = [(where, child) for where, child in intake.continued if where in plan.used and where not in refused]
    report.files = []
    for name, rows in intake.rows.items():
        not_used = sum(1 for w in refused if w.file == name)
        there = sum(1 for w in plan.already - plan.used - refused if w.file == name)
        report.files.append(FileCount(name, rows, rows - not_used - there, there, not_used))


def _clean(cand: Candidate) -> dict:
    from ..domain.events import clean_details

    try:
        return clean_details(cand.kind, cand.details)
    except PermError:
        return cand.details


def _change_key(change: Change) -> tuple:
    return change.field, childfacts.to_text(change.field, change.value), change.from_day, change.reason


def _differences(now: Child, given: Child) -> dict:
    """What a file says about a child already recorded that the record does not: only what
    the file gives (an empty cell says nothing; UASC is only ever added)."""
    found = {f: getattr(given, f) for f in ("name", "worker", "team", "sibling_group", "dob")
             if getattr(given, f) and getattr(given, f) != getattr(now, f)}
    if given.expected_birth and now.dob is None and given.expected_birth != now.expected_birth:
        found["expected_birth"] = given.expected_birth
    if given.uasc and not now.uasc:
        found["uasc"] = True
    return found


def _fit(child: Child, standing: list[Event], checked, voided: set, refuse) -> list[tuple[int, Candidate, Event]]:
    """The candidates that fit the child's history. All at once when they do (the usual
    case, and fast); otherwise one at a time, in date order, refusing each (``refuse(cand,
    why)``) that brings a contradiction the history did not have."""
    live = [(seq, cand, event) for seq, cand, event in checked if cand.original_id is None or cand.original_id not in voided]
    known = {p.message for p in Timeline(child, standing).problems}
    everything = standing + [event for _, _, event in live]
    if all(p.message in known for p in Timeline(child, everything).problems):
        return checked
    kept_events = list(standing)
    kept = []
    live_ids = {id(c) for _, c, _ in live}
    for seq, cand, event in checked:
        if id(cand) not in live_ids:  # voided in the source: kept as it was
            kept.append((seq, cand, event))
            continue
        trial = kept_events + [event]
        new = [p.message for p in Timeline(child, trial).problems if p.message not in known]
        if new:
            refuse(cand, new[0])
            continue
        kept_events = trial
        kept.append((seq, cand, event))
    return kept


def _write(ctx: Context, conn, report: ImportReport, plan: _Plan, intake: Intake, action: str) -> None:
    now, by = ctx.now(), ctx.by
    # An export's events keep their order (and, into an empty database, their IDs).
    accepted = sorted(plan.accepted, key=lambda cs: (cs[0].original_id is None, cs[0].original_id or 0, cs[1]))
    ids = repo.child_ids(conn)
    for ref, child in plan.children.items():
        ids[ref] = repo.insert_child(conn, child, now, by)
    for ref, change in plan.changes:
        repo.insert_change(conn, ids[ref], change.field, change.value, change.from_day, change.reason,
                           change.recorded_at or now, change.recorded_by or by)
    for ref, child, wanted, days, reason in plan.updates:
        write_changes(ctx, conn, ids[ref], child, wanted, days, reason)
    report.children_changed = len(plan.updates)
    report.changes_added = len(plan.changes) + sum(len(u[2]) for u in plan.updates)
    new_ids: dict[int, int] = {}
    for cand, _, details in accepted:  # an export's events, with IDs of their own, first
        if cand.original_id is not None:
            new_ids[cand.original_id] = repo.insert_event(
                conn, ids[cand.child], cand.kind, cand.date, details_to_json(details),
                cand.recorded_at or now, cand.recorded_by or by)
    repo.insert_events(conn, (  # then the rest together, as they are read
        dict(child_id=ids[cand.child], kind=cand.kind, day=cand.date, details=details_to_json(details),
             at=cand.recorded_at or now, by=cand.recorded_by or by)
        for cand, _, details in accepted if cand.original_id is None))
    for cand, _ in plan.corrections:
        target = new_ids.get(cand.voids)
        if target is None:
            report.rejects.append(Reject(cand.where, cand.child, f"the event it voids ({cand.voids}) was not imported"))
            continue
        repo.insert_event(conn, ids[cand.child], CORRECTION, cand.date, {}, cand.recorded_at or now,
                          cand.recorded_by or by, voids=target, reason=cand.reason or "imported correction")
        report.events_added[CORRECTION] += 1
    _count(report, plan, intake)
    repo.audit(conn, now, by, action, detail={
        "files": sorted(intake.rows), "children": len(plan.children), "events": len(plan.accepted),
        "children_changed": report.children_changed, "changes": report.changes_added,
        "rejected": len(report.rejects), "warnings": len(report.warnings),
    })


