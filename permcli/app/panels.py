"""Panels for administrators: coming sittings, booking a case by hand, marking papers
received, and the agenda of one sitting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.text import clean_text
from ..domain.errors import PermError
from ..domain.events import details_to_json, parse_date
from ..domain.panels import Panel
from ..domain.rules import Policy
from ..domain.timeline import Child
from ..store import repo
from ..store.engine import run_write
from .caseload import derive_caseload, each_child
from .children import get_child
from .context import Context


def panel_of(policy: Policy, panel_id: str | None) -> Panel:
    """The policy's panel with this ID, or one clear error naming the ones there are."""
    if not policy.panels:
        raise PermError(f"policy {policy.id} has no panels")
    panel = policy.panel((panel_id or "").strip())
    if panel is None:
        known = ", ".join(p.id for p in policy.panels)
        raise PermError(f"--panel: unknown panel {panel_id!r} in policy {policy.id} (panels: {known})")
    return panel


def check_reason(panel: Panel, reason: str | None) -> str | None:
    # A panel without a list of reasons takes any text, so it is checked as free text.
    reason = clean_text(reason, "--reason", limit=500)
    if reason is None:
        return None
    if panel.reasons and panel.reason(reason) is None:
        known = ", ".join(r.id for r in panel.reasons)
        raise PermError(f"--reason: {panel.id} has no reason {reason!r} (its reasons: {known})")
    return reason


def check_panel_details(policy: Policy, kind: str, details: dict) -> None:
    """Panel IDs, reasons, sittings and papers in an event's details, checked against the
    policy's panels (a policy without panels accepts any panel ID)."""
    if kind == "minutes" and policy.panels:
        meeting = details["meeting"]
        if meeting != "ppm" and policy.panel(meeting) is None:
            known = ", ".join(["ppm", *(p.id for p in policy.panels)])
            raise PermError(f"--meeting: {meeting!r} is not a meeting of policy {policy.id} ({known})")
        return
    if kind not in ("panel", "booking", "paperwork") or not policy.panels:
        return
    panel = panel_of(policy, details["panel"])
    check_reason(panel, details.get("reason"))
    if "sitting" in details:
        sitting_on(panel, details["sitting"])
    paper = details.get("paper")
    if paper is not None:
        known = {p for r in panel.reasons for p in r.papers} | {panel.previous_minutes}
        if paper not in known:
            raise PermError(f"{panel.id} does not ask for the paper {paper!r}")


def sitting_on(panel: Panel, day: date) -> date:
    """``day`` if the panel sits then; otherwise an error naming the nearest sittings."""
    if panel.is_sitting(day):
        return day
    before = panel.sittings(day - timedelta(days=62), day)
    after = panel.next_sitting(day)
    near = [str(d) for d in (before[-1] if before else None, after) if d]
    hint = f"; nearest: {' and '.join(near)}" if near else ""
    raise PermError(f"--date: {panel.id} does not sit on {day} (it sits {panel.describe_schedule()}{hint})")


def _choose_sitting(panel: Panel, date_text: str | None, as_of: date, papers_by: date | None = None) -> date:
    """The sitting a date names, or the next one (with time for the papers, if asked)."""
    if date_text is None or date_text.strip().lower() == "next":
        sitting = panel.next_sitting(as_of, papers_by=papers_by)
        if sitting is None:
            raise PermError(f"{panel.id} has no sitting in the next two years")
        return sitting
    return sitting_on(panel, parse_date(date_text, "--date"))


# -- coming sittings ----------------------------------------------------------------------


def coming_sittings(ctx: Context, weeks: int) -> list[dict]:
    if weeks < 1 or weeks > 104:
        raise PermError("--weeks: give a number of weeks from 1 to 104")
    cases: dict[tuple[str, date], set[str]] = {}

    def start(policy: Policy) -> None:
        if not policy.panels:
            raise PermError(f"policy {policy.id} has no panels")

    def take(child, _events, items) -> None:
        for item in items:
            if item.item == "panel" and item.sitting is not None and item.stopped is None:
                cases.setdefault((item.panel, item.sitting), set()).add(child.ref)

    policy = each_child(ctx, take, start=start)
    end = ctx.as_of + timedelta(weeks=weeks)
    rows = []
    for panel in policy.panels:
        for sitting in panel.sittings(ctx.as_of, end):
            rows.append(
                {
                    "date": sitting.isoformat(),
                    "day": f"{sitting:%A}",
                    "time": panel.hours,
                    "starts": panel.starts.isoformat(timespec="minutes") if panel.starts else None,
                    "ends": panel.ends.isoformat(timespec="minutes") if panel.ends else None,
                    "panel": panel.id,
                    "name": panel.name,
                    "papers_due": panel.deadline(sitting).isoformat(),
                    "cases": len(cases.get((panel.id, sitting), ())),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["time"] or "", r["panel"]))
    return rows


# -- booking and papers ---------------------------------------------------------------------


def book(ctx: Context, ref: str, panel_id: str, date_text: str | None, reason: str | None) -> tuple[Panel, date, str | None]:
    """Book a child's case for a sitting by hand (urgent cases, disruptions, moves)."""
    policy, caseload = derive_caseload(ctx, child=ref)
    panel = panel_of(policy, panel_id)
    reason = check_reason(panel, reason)
    # Without a date, the next sitting whose papers are not yet due; a date books any sitting.
    sitting = _choose_sitting(panel, date_text, ctx.as_of, papers_by=ctx.as_of)
    if sitting < ctx.as_of:
        raise PermError(f"--date: the sitting on {sitting} is before {ctx.as_of}; book a coming sitting")
    waiting = [i for i in caseload[0].items if i.item == "panel" and i.panel == panel.id and i.outstanding]
    if reason is None:
        open_reasons = {i.reason for i in waiting}
        if len(open_reasons) == 1:
            reason = open_reasons.pop()
        elif panel.reasons:
            known = ", ".join(r.id for r in panel.reasons)
            raise PermError(f"--reason: say why the child attends {panel.id} (one of: {known})")
    for item in waiting:
        # A hearing before the earliest day a rule allows would not count for it.
        if (reason is None or item.reason in (None, reason)) and item.earliest and sitting < item.earliest:
            raise PermError(
                f"--date: {item.title} can be heard from {item.earliest}; choose a sitting on or after it"
            )
    details = {"panel": panel.id, "sitting": sitting}
    if reason:
        details["reason"] = reason
    _append(ctx, ref, "booking", [details])
    return panel, sitting, reason


def _append(ctx: Context, ref: str, kind: str, entries: list[dict]) -> None:
    """Events of one kind for a child, dated the as-of day, in one transaction."""
    def work(conn) -> None:
        child_id, child = get_child(conn, ref)
        for details in entries:
            event_id = repo.insert_event(conn, child_id, kind, ctx.as_of, details_to_json(details), ctx.now(), ctx.by)
            repo.audit(conn, ctx.now(), ctx.by, f"panel.{kind}", child.ref, f"event {event_id}",
                       detail=details_to_json(details))

    run_write(ctx.engine(), work)


@dataclass(frozen=True)
class PaperCase:
    panel: Panel
    sitting: date
    papers: tuple[tuple[str, bool], ...]


def case_papers(ctx: Context, ref: str, panel_id: str, date_text: str | None) -> PaperCase:
    """The papers a child's case at a sitting needs, and which are in."""
    policy, caseload = derive_caseload(ctx, child=ref)
    panel = panel_of(policy, panel_id)
    found = [
        i for i in caseload[0].items
        if i.item == "paperwork" and i.panel == panel.id and i.stopped is None
    ]
    if date_text is not None and date_text.strip().lower() != "next":
        sitting = sitting_on(panel, parse_date(date_text, "--date"))
        found = [i for i in found if i.sitting == sitting]
    else:
        found = [i for i in found if i.sitting >= ctx.as_of] or found
    if not found:
        raise PermError(f"{ref.strip()} has no case at a {panel.id} sitting{'' if date_text is None else ' on ' + date_text.strip()} that asks for papers")
    item = min(found, key=lambda i: i.sitting)
    return PaperCase(panel, item.sitting, item.papers)


def match_paper(case: PaperCase, wanted: str) -> str:
    """The paper a person means: its number in the list, its name, or a unique part of it."""
    text = wanted.strip()
    names = [p for p, _ in case.papers]
    if text.isdigit() and 1 <= int(text) <= len(names):
        return names[int(text) - 1]
    exact = [n for n in names if n.lower() == text.lower()]
    if exact:
        return exact[0]
    partial = [n for n in names if text.lower() in n.lower()] if len(text) >= 3 else []
    if len(partial) == 1:
        return partial[0]
    listed = "; ".join(f"{i}) {n}" for i, n in enumerate(names, start=1))
    if len(partial) > 1:
        raise PermError(f"{text!r} matches more than one paper: give its number ({listed})")
    raise PermError(f"{case.panel.id} does not ask for {text!r} for this case on {case.sitting}; it asks for: {listed}")


def mark_papers(
    ctx: Context, ref: str, panel_id: str, date_text: str | None, received: list[str], missing: list[str]
) -> tuple[PaperCase, list[tuple[str, bool]]]:
    """Mark papers received (or not received after all) for a child's case at a sitting."""
    if not received and not missing:
        raise PermError("say which paper: --received ITEM (or --not-received ITEM to undo)")
    case = case_papers(ctx, ref, panel_id, date_text)
    changes = [(match_paper(case, p), True) for p in received] + [(match_paper(case, p), False) for p in missing]
    _append(
        ctx,
        ref,
        "paperwork",
        [{"panel": case.panel.id, "sitting": case.sitting, "paper": paper, "received": got} for paper, got in changes],
    )
    return case, changes


# -- the agenda -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaCase:
    child: Child
    reasons: list[str]  # words for a person
    items: list[str]  # what is due at the panel, in words
    slot: str | None
    papers: tuple[tuple[str, bool], ...]
    previous: tuple[date, str] | None  # the last attendance at this panel: day and decision
    heard: str | None  # the decision at this sitting, once recorded


def siblings_together(cases: list[AgendaCase]) -> list[AgendaCase]:
    """Cases in order, but siblings at the same sitting heard one after another, from where
    the first of them comes (seed 004: siblings are planned for together)."""
    groups: dict[str, list[AgendaCase]] = {}
    for case in cases:
        if case.child.sibling_group:
            groups.setdefault(case.child.sibling_group.casefold(), []).append(case)
    ordered, placed = [], set()
    for case in cases:
        if id(case) in placed:
            continue
        group = groups.get((case.child.sibling_group or "").casefold(), [case])
        ordered += group
        placed.update(map(id, group))
    return ordered


def sibling_heading(cases: list[AgendaCase], index: int) -> str | None:
    """Before the first of two or more siblings at a sitting: the heading that groups them."""
    group = cases[index].child.sibling_group
    if not group or (index > 0 and (cases[index - 1].child.sibling_group or "").casefold() == group.casefold()):
        return None
    together = [c.child.ref for c in cases if (c.child.sibling_group or "").casefold() == group.casefold()]
    return f"Siblings planned together ({group}): {', '.join(together)}" if len(together) > 1 else None


@dataclass(frozen=True)
class Agenda:
    panel: Panel
    policy: str
    sitting: date
    papers_due: date
    cases: list[AgendaCase]
    as_of: date


def agenda(ctx: Context, panel_id: str | None, date_text: str | None) -> Agenda:
    chosen: dict = {}

    def start(policy: Policy) -> None:
        if panel_id is None:
            if not policy.panels:
                raise PermError(f"policy {policy.id} has no panels")
            panel = min(policy.panels, key=lambda p: p.next_sitting(ctx.as_of) or date.max)
        else:
            panel = panel_of(policy, panel_id)
        chosen.update(panel=panel, sitting=_choose_sitting(panel, date_text, ctx.as_of))

    found = []

    def take(child, events, items) -> None:
        panel, sitting = chosen["panel"], chosen["sitting"]
        at = [i for i in items if i.item == "panel" and i.panel == panel.id and i.sitting == sitting
              and i.stopped is None]
        if not at:
            return
        papers = next(
            (i.papers for i in items if i.item == "paperwork" and i.panel == panel.id and i.sitting == sitting),
            (),
        )
        hearings = [e for e in events if e.kind == "panel" and e.get("panel") == panel.id]
        before = [e for e in hearings if e.date < sitting]
        today = [e for e in hearings if e.date == sitting]
        reasons = []
        for i in at:
            reason = panel.reason(i.reason)
            words = reason.title if reason else None
            if words and words not in reasons:
                reasons.append(words)
        found.append(
            (
                min(i.due for i in at),
                AgendaCase(
                    child=child,
                    reasons=reasons,
                    items=[i.title for i in at],
                    slot=None,
                    papers=papers,
                    previous=(before[-1].date, before[-1].get("outcome") or "no decision recorded") if before else None,
                    heard=(today[-1].get("outcome") or "heard") if today else None,
                ),
            )
        )

    policy = each_child(ctx, take, start=start)
    panel, sitting = chosen["panel"], chosen["sitting"]
    found.sort(key=lambda pair: (pair[0], pair[1].child.ref))
    cases = [
        AgendaCase(**{**case.__dict__, "slot": panel.slot(index)})
        for index, case in enumerate(siblings_together([case for _, case in found]))
    ]
    return Agenda(panel, policy.id, sitting, panel.deadline(sitting), cases, ctx.as_of)

