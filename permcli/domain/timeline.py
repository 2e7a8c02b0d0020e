"""A child's history in order: periods of care, legal status and placement at each event.

The same walk serves two jobs: the rule engine reads periods and states from it, and a
new event is refused when the walk finds a contradiction that was not there before.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Mapping

from .calendar import birthday
from .events import FINAL_ORDERS, KINDS, STATUS_FROM_ORDER, SUPPORT_ENDS, TURNED_18
from .frozen import changed

# Ages in law (Children Act 1989): a child is a person under 18 (s105(1)); a former relevant
# child has a personal adviser until 21, or 25 where they ask (s23C, s23CZB).
ADULT, SUPPORT_UNTIL, SUPPORT_ASKED_UNTIL = 18, 21, 25
# Synthetic events sort before anything recorded the same day: from the first moment of the
# 18th birthday the young person is not a child.
_SYNTHETIC_IDS = {TURNED_18: -2, SUPPORT_ENDS: -1}


@dataclass(frozen=True)
class Child:
    """What is recorded about a child, as it stands on one day (see childfacts.child_on)."""

    ref: str  # the council's own child ID
    dob: date | None  # None: not born yet
    name: str = ""
    worker: str | None = None
    team: str | None = None
    sibling_group: str | None = None
    uasc: bool = False
    expected_birth: date | None = None  # for a child recorded before birth
    changes: tuple = ()  # the dated changes since first recorded (childfacts.Change)
    first: "Child | None" = field(default=None, compare=False, repr=False)  # as first recorded

    @property
    def born(self) -> bool:
        return self.dob is not None


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    date: date
    details: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.details.get(name, default)


@dataclass
class Period:
    """One period of care: looked after from ``start`` until ``end`` (exclusive)."""

    index: int
    start: date
    start_pos: int
    end: date | None = None
    end_pos: int | None = None
    ended_by: str | None = None  # "18th birthday" when care ended in law, nothing recorded

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def holds(self, pos: int) -> bool:
        """Whether the event at a timeline position falls in this period (its start and
        end events included, and events recorded before the end on the same day)."""
        return self.start_pos <= pos and (self.end_pos is None or pos <= self.end_pos)


@dataclass(frozen=True)
class State:
    """What is true just before an event."""

    period: int | None = None  # index into Timeline.periods while looked after
    legal_status: str | None = None
    placement: str | None = None
    proceedings_open: bool = False
    plo_open: bool = False

    @property
    def looked_after(self) -> bool:
        return self.period is not None


@dataclass(frozen=True)
class Problem:
    event_id: int
    message: str


class Timeline:
    """A child's events sorted by (date, id), walked once.

    Beside what was recorded, the timeline holds what the law makes happen on a day: the
    18th birthday ends care, and a care leaver's support ends at 21 (25 where asked for).
    They are put in up to ``until`` (the as-of day), so the past is seen as it was."""

    def __init__(self, child: Child, events: list[Event] | tuple[Event, ...], until: date | None = None):
        self.child = child
        self.events: list[Event] = sorted([*events, *_milestones(child, events, until)], key=lambda e: (e.date, e.id))
        self.dates: list[date] = [e.date for e in self.events]
        self.by_kind: dict[str, list[int]] = {}
        self.periods: list[Period] = []
        self.states: list[State] = []  # state just before each event
        self.problems: list[Problem] = []
        self._started: dict[int, Period] = {}
        self._walk()

    def _walk(self) -> None:
        state = State()
        for pos, event in enumerate(self.events):
            self.by_kind.setdefault(event.kind, []).append(pos)
            self.states.append(state)
            state = self._apply(pos, event, state)
        self.final_state = state

    def _problem(self, event: Event, message: str) -> None:
        self.problems.append(Problem(event.id, f"{self.child.ref}: {message}"))

    def _apply(self, pos: int, event: Event, state: State) -> State:
        kind = event.kind
        if kind == TURNED_18:
            if not state.looked_after:
                return state
            period = self.periods[state.period]
            period.end, period.end_pos, period.ended_by = event.date, pos, "18th birthday"
            return State(None, None, None, state.proceedings_open, state.plo_open)
        if kind == SUPPORT_ENDS:
            return state
        if kind == "looked-after":
            adult = self._adult_on(event.date)
            if adult:
                self._problem(event, f"looked after on {event.date} but turned 18 on {adult}: "
                                     "a child is a person under 18 (Children Act 1989 s105(1))")
                return state
            if state.looked_after:
                since = self.periods[state.period].start
                self._problem(
                    event,
                    f"looked after on {event.date} but already looked after since {since}; "
                    "record when the earlier period ended first",
                )
                return state
            period = Period(len(self.periods), event.date, pos)
            self.periods.append(period)
            self._started[pos] = period
            return State(
                period.index,
                event.get("legal_status"),
                event.get("placement"),
                state.proceedings_open,
                state.plo_open,
            )
        spec = KINDS.get(kind)
        if kind == "ceased" and not state.looked_after and self._aged_out():
            return state  # closing the case after care ended at 18: nothing to end
        if spec is not None and spec.needs_care and not state.looked_after:
            adult = self._adult_on(event.date)
            why = f"turned 18 on {adult}: care ended then" if adult else "the child is not looked after then"
            self._problem(event, f"{spec.title} on {event.date} but {why}")
            return state
        if kind == "ceased":
            period = self.periods[state.period]
            period.end, period.end_pos = event.date, pos
            return State(None, None, None, state.proceedings_open, state.plo_open)
        if kind == "plo-start":
            if state.plo_open:
                # Refused like a second proceedings-issued: a second start would derive nothing
                # (its trigger arrives while the first item is open) and hide the first's clock.
                self._problem(event, f"PLO pre-proceedings started on {event.date} but already open; "
                                     "record plo-end first")
                return state
            return changed(state, plo_open=True)
        if kind == "plo-end":
            if not state.plo_open:
                self._problem(event, f"PLO pre-proceedings ended on {event.date} but none had started")
                return state
            return changed(state, plo_open=False)
        if kind == "proceedings-issued":
            if state.proceedings_open:
                self._problem(event, f"care proceedings issued on {event.date} but already open")
                return state
            return changed(state, proceedings_open=True, plo_open=False)
        if kind in ("cmh", "final-hearing-listed", "final-evidence-set") and not state.proceedings_open:
            self._problem(event, f"{spec.title} on {event.date} with no care proceedings open")
            return state
        if kind == "proceedings-withdrawn":
            if not state.proceedings_open:
                self._problem(event, f"care proceedings withdrawn on {event.date} but none were open")
                return state
            return changed(state, proceedings_open=False)
        if kind == "order":
            order = event.get("type")
            status = STATUS_FROM_ORDER.get(order) if state.looked_after else None
            return changed(
                state,
                legal_status=status or state.legal_status,
                proceedings_open=state.proceedings_open and order not in FINAL_ORDERS,
            )
        if kind == "legal-status":
            return changed(state, legal_status=event.get("status"))
        if kind == "placement-start":
            return changed(state, placement=event.get("type"))
        if kind == "placement-end":
            return changed(state, placement=None)
        return state

    def _adult_on(self, day: date) -> date | None:
        """The 18th birthday, if the child is 18 or over on ``day``."""
        if self.child.dob is None:
            return None
        b18 = birthday(self.child.dob, ADULT)
        return b18 if day >= b18 else None

    def _aged_out(self) -> bool:
        return bool(self.periods) and self.periods[-1].ended_by is not None

    # -- queries used by the rule engine --------------------------------------------

    def period_at(self, pos: int) -> Period | None:
        """The period of care an event falls in (a ceased event belongs to its period)."""
        started = self._started.get(pos)
        if started is not None:
            return started
        state = self.states[pos]
        return None if state.period is None else self.periods[state.period]

    def positions(self, kind: str) -> list[int]:
        return self.by_kind.get(kind, [])

    def first_after(self, kind: str, pos: int, on_or_after: date | None = None) -> int | None:
        """The first event of ``kind`` after position ``pos`` (and on or after a day)."""
        plist = self.by_kind.get(kind)
        if not plist:
            return None
        i = bisect.bisect_right(plist, pos)
        if on_or_after is not None:
            while i < len(plist) and self.events[plist[i]].date < on_or_after:
                i += 1
        return plist[i] if i < len(plist) else None

    def care_leaver_eligibility(self) -> list[tuple[date, Period]]:
        """The days the child becomes an eligible child (Children Act 1989 Sch 2 para 19B),
        one for each period of care in which that happens.

        Looked after for 13 weeks (91 days) in total since the 14th birthday, and looked
        after on a day from the 16th birthday until the 18th: the first such day of each
        period. Days of care count from the day care started up to the day before it ended.
        """
        dob = self.child.dob
        if dob is None:
            return []
        b14, b16, b18 = birthday(dob, 14), birthday(dob, 16), birthday(dob, 18)
        need = 91

        def days_before(day: date) -> int:
            total = 0
            for p in self.periods:
                start = max(p.start, b14)
                end = min(p.end or day, day)
                if end > start:
                    total += (end - start).days
            return total

        found = []
        for p in self.periods:
            first = max(p.start, b16)
            if p.end is not None and p.end <= first or first >= b18:
                continue
            have = days_before(first)
            day = first if have >= need else first + timedelta(days=need - have)
            if p.covers(day) and day < b18:
                found.append((day, p))
        return found

    def care_leaving(self) -> list[tuple[date, Period]]:
        """The days an eligible child left care at 16 or over (ceased, or turned 18): from
        then a relevant child, or a former relevant child from 18 (Children Act 1989
        s23A, s23C), with a pathway plan and a personal adviser."""
        eligible = {p.index for _, p in self.care_leaver_eligibility()}
        dob = self.child.dob
        return [(p.end, p) for p in self.periods
                if p.index in eligible and p.end is not None and p.end >= birthday(dob, 16)]


def _milestones(child: Child, events, until: date | None) -> list[Event]:
    """The days the law makes something happen in this child's timeline: the 18th
    birthday, for a child ever looked after, and the end of care leaver support."""
    if child.dob is None or not any(e.kind == "looked-after" for e in events):
        return []
    asked = any(e.kind == "support-to-25" for e in events)
    found = [(TURNED_18, birthday(child.dob, ADULT)),
             (SUPPORT_ENDS, birthday(child.dob, SUPPORT_ASKED_UNTIL if asked else SUPPORT_UNTIL))]
    return [Event(_SYNTHETIC_IDS[kind], kind, day) for kind, day in found if until is None or day <= until]
