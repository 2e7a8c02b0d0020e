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
from .events import FINAL_ORDERS, KINDS, STATUS_FROM_ORDER
from .frozen import changed


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
    """A child's events sorted by (date, id), walked once."""

    def __init__(self, child: Child, events: list[Event] | tuple[Event, ...]):
        self.child = child
        self.events: list[Event] = sorted(events, key=lambda e: (e.date, e.id))
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
        if kind == "looked-after":
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
        if spec is not None and spec.needs_care and not state.looked_after:
            self._problem(
                event,
                f"{spec.title} on {event.date} but the child is not looked after then",
            )
            return state
        if kind == "ceased":
            period = self.periods[state.period]
            period.end, period.end_pos = event.date, pos
            return State(None, None, None, state.proceedings_open, state.plo_open)
        if kind == "plo-start":
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
