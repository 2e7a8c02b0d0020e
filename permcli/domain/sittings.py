"""Panel items at sittings: the sitting a rule's item is placed at, cases booked by hand,
and the paperwork each case needs by the paperwork deadline.

Pure, like the rule engine: derive() calls it when the policy has panels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .engine import Item
from .frozen import changed
from .rules import Policy
from .timeline import Event, Timeline

BOOKING_RULE = "booking"
BOOKING_SOURCE = "booked by hand (perm book)"


@dataclass(frozen=True)
class _Booking:
    pos: int
    event: Event

    @property
    def panel(self) -> str:
        return self.event.get("panel")

    @property
    def sitting(self) -> date:
        return self.event.get("sitting")

    @property
    def reason(self) -> str | None:
        return self.event.get("reason")


def with_sittings(items: list[Item], tl: Timeline, policy: Policy, as_of: date) -> list[Item]:
    bookings = [_Booking(p, tl.events[p]) for p in tl.positions("booking")]
    used: set[int] = set()
    placed = [_place(i, bookings, used, policy, as_of) if i.panel else i for i in items]
    placed += _booked_cases([b for b in bookings if b.pos not in used], tl, policy)
    return placed + _paperwork(placed, tl, policy, as_of)


def _fits(booking_reason: str | None, item_reason: str | None) -> bool:
    return booking_reason is None or item_reason is None or booking_reason == item_reason


def _place(item: Item, bookings: list[_Booking], used: set[int], policy: Policy, as_of: date) -> Item:
    """The sitting a panel item is at.

    A booking made for it wins. Otherwise the case goes to the first sitting on or after
    the earliest day the rule allows whose paperwork deadline had not passed when the
    clock started, and no later than the due date. That sitting does not move as the days
    go by: a case stays on its sitting once the papers are due (late papers are overdue
    items of their own). When no sitting fits, or the sitting went by without a hearing,
    the item says so and an administrator books one by hand.
    """
    booked = [
        b for b in bookings
        if b.panel == item.panel and b.event.date >= item.trigger and _fits(b.reason, item.reason)
        and (item.done is None or b.event.date <= item.done)
    ]
    used.update(b.pos for b in booked)
    if item.done is not None:
        return changed(item, sitting=item.done)
    if item.stopped is not None:
        return item
    if booked:
        return changed(item, sitting=booked[-1].sitting, note="booked by hand")
    panel = policy.panel(item.panel)
    start = max(item.earliest or item.trigger, item.trigger)
    sitting = panel.next_sitting(start, papers_by=item.trigger)
    later = panel.next_sitting(max(start, as_of), papers_by=as_of)
    after = f"; the next sitting with time for the papers is {later}" if later else ""
    if sitting is None or sitting > item.due:
        if item.due < as_of:
            return changed(item, note=f"overdue: not heard by {item.due}{after}; book it by hand")
        note = f"cannot be met: no sitting by {item.due} leaves time for the papers{after}; book it by hand"
        return changed(item, note=note)
    if sitting < as_of:
        return changed(item, sitting=sitting, note=f"not heard at the sitting on {sitting}{after}; book it by hand")
    return changed(item, sitting=sitting)


def _booked_cases(bookings: list[_Booking], tl: Timeline, policy: Policy) -> list[Item]:
    """Cases booked by hand for which no rule called: one item per panel and reason,
    moved to a later sitting by a later booking while it is not yet heard."""
    open_cases: dict[tuple[str, str | None], Item] = {}
    done: list[Item] = []
    heard_at: dict[tuple[str, str | None], int] = {}
    for booking in bookings:
        key = (booking.panel, booking.reason)
        heard_pos = _heard(tl, booking)
        heard = None if heard_pos is None else tl.events[heard_pos]
        current = open_cases.get(key)
        if current is not None and heard_at.get(key, len(tl.events)) > booking.pos:
            # Not heard before this booking was made: the case moves to the new sitting.
            current = changed(current, due=max(booking.sitting, current.trigger), sitting=booking.sitting,
                              done=heard.date if heard else None, done_event=heard.id if heard else None)
        else:
            if current is not None:
                done.append(current)
            panel = policy.panel(booking.panel)
            reason = panel.reason(booking.reason) if panel else None
            period = tl.period_at(booking.pos)
            current = Item(
                child=tl.child.ref,
                rule=BOOKING_RULE,
                item="panel",
                number=None,
                panel=booking.panel,
                title=f"{panel.name if panel else booking.panel}: {reason.title if reason else 'booked case'}",
                source=BOOKING_SOURCE,
                trigger=booking.event.date,
                due=max(booking.sitting, booking.event.date),
                done=heard.date if heard else None,
                done_event=heard.id if heard else None,
                period=None if period is None else period.index,
                reason=booking.reason,
                sitting=booking.sitting,
                note="booked by hand",
            )
        open_cases[key] = current
        heard_at[key] = len(tl.events) if heard_pos is None else heard_pos
    return done + list(open_cases.values())


def _heard(tl: Timeline, booking: _Booking) -> int | None:
    """Position of the first hearing at the booked panel after the booking."""
    for pos in tl.positions("panel"):
        event = tl.events[pos]
        if pos > booking.pos and event.get("panel") == booking.panel and _fits(event.get("reason"), booking.reason):
            return pos
    return None


def _paperwork(items: list[Item], tl: Timeline, policy: Policy, as_of: date) -> list[Item]:
    """One paperwork item per panel sitting a child is at: the papers each reason for
    attending needs (and the last minutes, for a child who came before), received or not."""
    cases: dict[tuple[str, date], list[Item]] = {}
    for item in items:
        if item.item == "panel" and item.sitting is not None and item.stopped is None:
            cases.setdefault((item.panel, item.sitting), []).append(item)
    out = []
    if not cases:
        return out
    hearings = [tl.events[p] for p in tl.positions("panel")]
    papers_sent = [tl.events[p] for p in tl.positions("paperwork")]
    for (panel_id, sitting), group in sorted(cases.items()):
        panel = policy.panel(panel_id)
        if panel is None:  # booked at a panel the policy no longer has: no list of papers
            continue
        came_before = any(e.details.get("panel") == panel_id and e.date < sitting for e in hearings)
        papers: list[str] = []
        for item in group:
            for paper in panel.papers(item.reason, came_before):
                if paper not in papers:
                    papers.append(paper)
        if not papers:
            continue
        trigger = min(i.trigger for i in group)
        received = _received(hearings, papers_sent, panel_id, sitting, trigger)
        missing = [p for p in papers if not received.get(p, (False, None))[0]]
        deadline = max(panel.deadline(sitting), trigger)
        heard = any(i.done == sitting for i in group)
        done = stopped = None
        if not missing:
            done = max(received[p][1] for p in papers)
        elif heard or sitting < as_of:
            stopped = sitting
        title = f"Papers for {panel.name} on {sitting}: " + (
            f"{len(missing)} of {len(papers)} missing ({'; '.join(missing)})" if missing else "all received"
        )
        out.append(
            Item(
                child=tl.child.ref,
                rule=f"{panel_id}-paperwork",
                item="paperwork",
                number=None,
                panel=panel_id,
                title=title,
                source=panel.source or f"policy panel {panel_id}",
                trigger=trigger,
                due=deadline,
                done=done,
                stopped=stopped,
                period=group[0].period,
                reason=group[0].reason if len(group) == 1 else None,
                sitting=sitting,
                papers=tuple((p, received.get(p, (False, None))[0]) for p in papers),
            )
        )
    return out


def _received(hearings: list[Event], papers_sent: list[Event], panel_id: str, sitting: date,
              since: date) -> dict[str, tuple[bool, date]]:
    """Each paper's latest state for a case: papers marked for this sitting, or sent for
    this panel since the case started for a sitting that did not hear the child (so a case
    moved to another sitting keeps its papers, but papers for an earlier hearing do not
    count again)."""
    heard = {e.date for e in hearings if e.details.get("panel") == panel_id}
    state: dict[str, tuple[bool, date]] = {}
    for event in papers_sent:
        details = event.details
        if details.get("panel") != panel_id:
            continue
        meant_for = details.get("sitting")
        if meant_for == sitting or (meant_for not in heard and since <= event.date <= sitting):
            state[details.get("paper")] = (bool(details.get("received")), event.date)
    return state
