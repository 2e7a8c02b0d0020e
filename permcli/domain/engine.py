"""derive(history, policy, as_of): every item a child's history calls for, with its due date.

Pure: the same events, policy and as-of day always give the same items. Everything that
shows a due date (due, show, agenda, reports, exports) calls this and nothing else.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import birthday
from .rules import AtAge, ByRule, Due, Earliest, FromAnchor, Latest, NextSitting, Otherwise, Policy, Rule, Trigger
from .timeline import Child, Event, Period, Timeline

OPEN, DONE, LATE, STOPPED = "open", "done", "late", "stopped"
OVERDUE, DUE_SOON, UPCOMING = "overdue", "due-soon", "upcoming"


@dataclass(frozen=True)
class History:
    child: Child
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Item:
    child: str
    rule: str
    item: str
    number: int | None
    panel: str | None
    title: str
    source: str
    trigger: date
    due: date
    done: date | None = None
    done_event: int | None = None
    stopped: date | None = None
    period: int | None = None
    earliest: date | None = None
    reason: str | None = None  # for a panel item: the reason for attending
    sitting: date | None = None  # for a panel or paperwork item: the sitting it is at
    note: str | None = None  # why an item has no sitting, and what to do
    papers: tuple[tuple[str, bool], ...] = ()  # for a paperwork item: (paper, received)

    @property
    def state(self) -> str:
        if self.done is not None:
            return DONE if self.done <= self.due else LATE
        return STOPPED if self.stopped is not None else OPEN

    @property
    def outstanding(self) -> bool:
        return self.done is None and self.stopped is None

    def status(self, as_of: date, within: int) -> str:
        """overdue, due-soon (within the window, as-of day included) or upcoming."""
        days = (self.due - as_of).days
        if days < 0:
            return OVERDUE
        return DUE_SOON if days <= within else UPCOMING


def derive(history: History, policy: Policy, as_of: date) -> list[Item]:
    """All items for one child as of a day: outstanding, done, done late and stopped.

    Events after ``as_of`` are not known yet, so ``--as-of`` shows the past as it was.
    """
    events = [e for e in history.events if e.date <= as_of]
    timeline = Timeline(history.child, events, until=as_of)
    items = _Derivation(timeline, policy, as_of).run()
    if policy.panels:
        from .sittings import with_sittings

        items = with_sittings(items, timeline, policy, as_of)
    return items


@dataclass(frozen=True)
class _Trig:
    pos: int  # events after this position may satisfy the item
    day: date
    period: Period | None
    event: Event | None
    # Started by a completed item (a chain, or done:RULE): only a later day's event can
    # complete it, so the same meeting recorded twice does not count as the next one.
    later_day: bool = False


class _Derivation:
    def __init__(self, timeline: Timeline, policy: Policy, as_of: date):
        self.tl = timeline
        self.policy = policy
        self.as_of = as_of
        self.items: dict[str, list[Item]] = {}
        self.pos_of = {e.id: i for i, e in enumerate(timeline.events)}

    def run(self) -> list[Item]:
        out: list[Item] = []
        for rule in self.policy.rules:
            self.items[rule.id] = self._rule_items(rule)
            out.extend(self.items[rule.id])
        return out

    # -- triggers ----------------------------------------------------------------------

    def _triggers(self, rule: Rule) -> list[_Trig]:
        found: dict[int, _Trig] = {}
        for spec in rule.triggers:
            for trig in self._trigger(rule, spec):
                found.setdefault(trig.pos, trig)
        return [found[p] for p in sorted(found)]

    def _trigger(self, rule: Rule, spec: Trigger):
        tl = self.tl
        if spec.source == "period-start":
            for period in tl.periods:
                event = tl.events[period.start_pos]
                if self._passes(spec, event, period.start_pos, period):
                    yield _Trig(period.start_pos, period.start, period, event)
        elif spec.source == "event":
            for pos in tl.positions(spec.name):
                period = tl.period_at(pos)
                if rule.in_care and period is None:
                    continue
                event = tl.events[pos]
                if self._passes(spec, event, pos, period):
                    yield _Trig(pos, event.date, period, event)
        elif spec.source == "done":
            for item in self.items[spec.name]:
                if item.done_event is None:
                    continue
                pos = self.pos_of[item.done_event]
                period = None if item.period is None else tl.periods[item.period]
                yield _Trig(pos, item.done, period, tl.events[pos], later_day=True)
        elif spec.source == "eligible":
            for day, period in tl.care_leaver_eligibility():
                if day <= self.as_of and self._child_passes(spec):
                    yield _Trig(bisect.bisect_left(tl.dates, day) - 1, day, period, None)
        elif spec.source == "left-care":
            for day, period in tl.care_leaving():
                if day <= self.as_of and self._child_passes(spec):
                    yield _Trig(period.end_pos, day, period, tl.events[period.end_pos])

    def _child_passes(self, spec: Trigger) -> bool:
        child = self.tl.child
        for name, wanted in spec.child:
            value = child.uasc if name == "uasc" else bool(child.sibling_group)
            if value != wanted:
                return False
        return True

    def _passes(self, spec: Trigger, event: Event, pos: int, period: Period | None) -> bool:
        if not self._child_passes(spec):
            return False
        if any(event.get(k) not in vals for k, vals in spec.details):
            return False
        state = self.tl.states[pos]
        for name, vals in spec.state:
            if getattr(state, name) not in vals:
                return False
        if spec.nth is not None:
            same = [p for p in self.tl.positions(event.kind) if p <= pos and (period is None or period.holds(p))]
            if len(same) != spec.nth:
                return False
        return True

    def _unless(self, rule: Rule, trig: _Trig) -> bool:
        """True when something the rule names already happened by the trigger day."""
        for ref in rule.unless:
            source, name = ref.split(":", 1)
            if source == "event":
                if any(
                    self.tl.events[p].date <= trig.day and p != trig.pos for p in self.tl.positions(name)
                ):
                    return True
            elif any(
                i.done is not None and i.done <= trig.day and _same_period(i, trig.period)
                for i in self.items[name]
            ):
                return True
        return False

    # -- items ---------------------------------------------------------------------------

    def _rule_items(self, rule: Rule) -> list[Item]:
        items: list[Item] = []
        busy_until = -1  # position where the last instance of this rule was resolved
        for trig in self._triggers(rule):
            if trig.pos < busy_until or self._unless(rule, trig):
                continue
            due = self._eval(rule.due, rule, trig)
            step = 0
            while due is not None:
                item, resolved = self._item(rule, trig, max(due, trig.day))
                items.append(item)
                busy_until = resolved
                if item.done_event is None or not rule.then:
                    break
                pos = self.pos_of[item.done_event]
                trig = _Trig(pos, item.done, trig.period, self.tl.events[pos], later_day=True)
                offset = rule.then[min(step, len(rule.then) - 1)]
                due = offset.apply(trig.day)
                step += 1
        return items

    def _item(self, rule: Rule, trig: _Trig, due: date) -> tuple[Item, float]:
        tl = self.tl
        earliest = self._eval(rule.earliest, rule, trig) if rule.earliest else None
        counts_from = earliest
        if trig.later_day:
            after = trig.day + timedelta(days=1)
            counts_from = after if counts_from is None else max(counts_from, after)
        done_pos = _first(tl, rule.satisfied_by, trig.pos, counts_from, rule.reason)
        stop_pos = _first(tl, rule.stops, trig.pos, None)
        if rule.in_care and trig.period is not None and trig.period.end_pos is not None:
            if trig.period.end_pos > trig.pos and (stop_pos is None or trig.period.end_pos < stop_pos):
                stop_pos = trig.period.end_pos
        number = None
        if rule.count:
            # Distinct days: a meeting recorded twice is still one meeting.
            number = 1 + len({
                tl.events[p].date for p in tl.positions(rule.count)
                if p <= trig.pos and (trig.period is None or trig.period.holds(p))
            })
        done = stopped = done_event = None
        resolved: float = float("inf")
        if done_pos is not None and (stop_pos is None or done_pos < stop_pos):
            done, done_event, resolved = tl.events[done_pos].date, tl.events[done_pos].id, done_pos
        elif stop_pos is not None:
            stopped, resolved = tl.events[stop_pos].date, stop_pos
        item = Item(
            child=tl.child.ref,
            rule=rule.id,
            item="panel" if rule.panel else rule.item,
            number=number,
            panel=rule.panel,
            reason=rule.reason,
            title=rule.title_for(number),
            source=rule.source,
            trigger=trig.day,
            due=due,
            done=done,
            done_event=done_event,
            stopped=stopped,
            period=None if trig.period is None else trig.period.index,
            earliest=earliest,
        )
        return item, resolved

    # -- due dates -----------------------------------------------------------------------

    def _eval(self, due: Due, rule: Rule, trig: _Trig) -> date | None:
        if isinstance(due, FromAnchor):
            anchor = self._anchor(due.anchor, trig)
            return None if anchor is None else due.offset.apply(anchor)
        if isinstance(due, ByRule):
            projected, done = self._projected(due.rule, trig.period)
            if projected is None:
                return None
            return min(projected, done) if done else projected
        if isinstance(due, AtAge):
            return birthday(self.tl.child.dob, due.years)
        if isinstance(due, (Earliest, Latest)):
            values = [v for v in (self._eval(p, rule, trig) for p in due.parts) if v is not None]
            if not values:
                return None
            return min(values) if isinstance(due, Earliest) else max(values)
        if isinstance(due, Otherwise):
            first = self._eval(due.first, rule, trig)
            return first if first is not None else self._eval(due.fallback, rule, trig)
        if isinstance(due, NextSitting):
            return self.policy.panel(rule.panel).next_sitting(trig.day, papers_by=trig.day)
        raise TypeError(due)

    def _anchor(self, anchor: str, trig: _Trig) -> date | None:
        tl = self.tl
        if anchor == "trigger":
            return trig.day
        if anchor.startswith("last:"):
            after = self._previous_period_end(trig)
            plist = tl.positions(anchor[5:])
            i = bisect.bisect_right(plist, trig.pos) - 1
            if i >= 0 and (after is None or tl.events[plist[i]].date >= after):
                return tl.events[plist[i]].date
            return trig.day
        if anchor.startswith("latest:"):
            kind, _, field = anchor[7:].partition(".")
            plist = tl.positions(kind)
            if not plist or plist[-1] <= trig.pos:
                return None
            event = tl.events[plist[-1]]
            return event.get(field) if field else event.date
        return None if trig.event is None else trig.event.get(anchor)

    def _previous_period_end(self, trig: _Trig) -> date | None:
        if trig.period is None or trig.period.index == 0:
            return None
        return self.tl.periods[trig.period.index - 1].end

    def _projected(self, rule_id: str, period: Period | None) -> tuple[date | None, date | None]:
        """Due date (and done date) of another rule's first item in this period; when it has
        no item yet, projected from its own trigger as if everything before were on time."""
        index = None if period is None else period.index
        for item in self.items[rule_id]:
            if item.period == index:
                return item.due, item.done
        rule = self.policy.rule(rule_id)
        if len(rule.triggers) != 1 or not isinstance(rule.due, FromAnchor) or rule.due.anchor != "trigger":
            return None, None
        trigger = rule.triggers[0]
        if trigger.source == "period-start" and period is not None:
            start = period.start
        elif trigger.source == "done":
            due, done = self._projected(trigger.name, period)
            start = done or due
        else:
            return None, None
        if start is None:
            return None, None
        return max(rule.due.offset.apply(start), start), None


def _same_period(item: Item, period: Period | None) -> bool:
    return item.period == (None if period is None else period.index)


def _first(tl: Timeline, matchers, after: int, earliest: date | None, reason: str | None = None) -> int | None:
    """Position of the first event after ``after`` matching any matcher (on/after a day).

    A panel hearing recorded with a reason for attending completes only the items with
    that reason (or with none)."""
    best = None
    for matcher in matchers:
        plist = tl.positions(matcher.kind)
        for p in plist[bisect.bisect_right(plist, after):]:
            if best is not None and p >= best:
                break
            event = tl.events[p]
            if earliest is not None and event.date < earliest:
                continue
            heard_for = event.get("reason") if event.kind == "panel" else None
            if reason and heard_for and heard_for != reason:
                continue
            if matcher.matches(event):
                best = p
                break
    return best
