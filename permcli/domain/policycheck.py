"""What a policy must be, beyond the shape of each value, for every command to work with it.

`perm policy check` promises that a file it passes works with every command. The loader
(policyfile.py) reads each value; these checks look at the whole: schedules whose
sittings perm can find quickly, rules that refer only to rules that exist, never to
themselves and never in a circle, and time spans that keep every date inside the calendar.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Callable

from .calendar import span_days
from .errors import PermError
from .events import KINDS
from .panels import Panel
from .rules import ByRule, Due, Earliest, FromAnchor, Latest, NextSitting, Otherwise, Rule, due_refs

if TYPE_CHECKING:
    from .policysource import Reader

# -- schedules ----------------------------------------------------------------------------------

SCHEDULE_PARTS = (
    "FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYWEEKNO", "BYYEARDAY", "WKST", "COUNT", "UNTIL",
)
DAILY_ONLY = "sittings are at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"
FIRST_FROM, FIRST_TO = date(2000, 1, 1), date(2099, 12, 31)
# dateutil finds a year's sittings by walking from the first sitting, and walks on to the year
# 9999 looking for one that never comes: seconds for each search, and perm makes many. A
# panel that sits at least once a year is found in a year's walk.
_PROBE_DAYS = 5 * 366
# The Gregorian calendar repeats every 400 years, weekdays included (146,097 days is 20,871
# weeks): a schedule probed 400·k years on sits on the same days, and a probe that finds no
# sitting then stops at the year 9999 soon.
_CYCLE_YEARS = 400


def check_schedule(schedule: str, first: date) -> None:
    """Raise PermError unless the schedule names whole days, at least one a year."""
    text = schedule.strip()
    if "\n" in text or "\r" in text or text.upper().startswith("DTSTART"):
        raise PermError('write the schedule on one line, without DTSTART ("first" gives the first sitting): "FREQ=WEEKLY;BYDAY=TU"')
    body = text[len("RRULE:"):] if text.upper().startswith("RRULE:") else text
    parts: dict[str, str] = {}
    for piece in body.split(";"):
        name, equals, value = piece.partition("=")
        name, value = name.strip().upper(), value.strip()
        if not equals or not name or not value:
            raise PermError('write the schedule as NAME=VALUE parts joined by ";", e.g. "FREQ=WEEKLY;BYDAY=TU"')
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise PermError(f"sittings are at most daily: leave out {name} (the panel's hours are its time)")
        if name not in SCHEDULE_PARTS:
            raise PermError(f"unknown part {name!r} (a schedule has {', '.join(SCHEDULE_PARTS[:-2])}, COUNT and UNTIL)")
        if name in parts:
            raise PermError(f"{name} is given twice")
        parts[name] = value
    if parts.get("FREQ", "").upper() in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise PermError(DAILY_ONLY)
    interval = parts.get("INTERVAL", "1")
    if not re.fullmatch(r"[0-9]{1,3}", interval) or not 1 <= int(interval) <= 366:
        raise PermError(f"INTERVAL is a whole number from 1 to 366, got {interval!r}")
    if "COUNT" in parts and not re.fullmatch(r"[0-9]{1,6}", parts["COUNT"]):
        raise PermError(f"COUNT is a whole number of sittings, got {parts['COUNT']!r}")
    if "UNTIL" in parts and not re.fullmatch(r"[0-9]{8}", parts["UNTIL"]):
        raise PermError("UNTIL is the day of the last sitting, as UNTIL=20261231")

    from dateutil.rrule import rrulestr

    # COUNT and UNTIL end a series (a panel that stopped sitting): the series up to its end
    # must still sit at least once a year, or finding its end takes the same long walk.
    probed = ";".join(f"{k}={v}" for k, v in parts.items() if k not in ("COUNT", "UNTIL"))
    shift = (date.max.year - 6 - first.year) // _CYCLE_YEARS * _CYCLE_YEARS
    start = datetime.combine(first.replace(year=first.year + shift), datetime.min.time())
    try:
        rrulestr(schedule, dtstart=datetime.combine(first, datetime.min.time()))
        probe = rrulestr(probed, dtstart=start)
        sittings = [s.date() for s in probe.between(start, start + timedelta(days=_PROBE_DAYS), inc=True)]
    except Exception as exc:  # dateutil raises several kinds on text it cannot read; all mean that
        raise PermError(f"not a schedule perm can read ({exc})") from None
    if not sittings:
        raise PermError("the panel must sit at least once a year, and this schedule gives no sitting")
    bounds = [start.date(), *sittings, (start + timedelta(days=_PROBE_DAYS)).date()]
    for i, (before, after) in enumerate(zip(bounds, bounds[1:])):
        if (after - before).days > 366:
            was, next_ = (d.replace(year=d.year - shift) for d in (before, after))
            if i == 0:
                raise PermError(f"the panel must sit at least once a year, and this schedule first sits on {next_}")
            if i == len(bounds) - 2:
                raise PermError(f"the panel must sit at least once a year, and this schedule sits on {was} and then not for a year")
            raise PermError(f"the panel must sit at least once a year, and this schedule sits on {was} and next on {next_}")


# -- rules --------------------------------------------------------------------------------------

MAX_CHAIN_YEARS = 100
# The rule engine follows a chain of rules, each waiting for the one before, by recursion;
# real chains (review 1, review 2, the plan) are a few rules long.
MAX_CHAIN_RULES = 100


def check_refs(reader: Reader, rule: Rule, rules: dict[str, Rule], panels: dict[str, Panel], where: tuple) -> None:
    for ref in sorted(rule.depends_on()):
        if ref not in rules:
            raise reader.fail(f"rule {rule.id!r} refers to rule {ref!r}, which does not exist", *where)
    if f"done:{rule.id}" in rule.unless:
        raise reader.fail(f"rule {rule.id!r} names itself in unless: use then for a repeating item", *where, "unless")
    itself = self_reference(rule)
    if itself:
        key, how, why = itself
        raise reader.fail(f"rule {rule.id!r}, {key}: the rule refers to itself ({how}): {why}", *where, key)
    for key, matchers in (("satisfied_by", rule.satisfied_by), ("stops", rule.stops)):
        for matcher in matchers:
            for name, values in matcher.where:
                if matcher.kind == "panel" and name == "panel":
                    unknown = [v for v in values if v not in panels]
                    if unknown:
                        raise reader.fail(
                            f"rule {rule.id!r}, {key}: panel {unknown[0]!r} is not defined", *where, key
                        )
    for ref in rule.unless:
        source, name = ref.split(":", 1)
        if source == "event" and name not in KINDS:
            raise reader.fail(f"rule {rule.id!r}, unless: unknown event kind {name!r}", *where, "unless")
    if rule.panel is not None and rule.panel not in panels:
        raise reader.fail(f"rule {rule.id!r} is heard at panel {rule.panel!r}, which is not defined", *where, "panel")
    if rule.reason is not None and panels[rule.panel].reason(rule.reason) is None:
        known = ", ".join(r.id for r in panels[rule.panel].reasons) or "none"
        raise reader.fail(
            f"rule {rule.id!r}: panel {rule.panel!r} has no reason {rule.reason!r} (its reasons: {known})",
            *where,
            "reason",
        )
    for key, due in (("due", rule.due), ("earliest", rule.earliest)):
        if rule.panel is None and _uses_sittings(due):
            raise reader.fail(f"rule {rule.id!r}: next_sitting needs the rule's panel", *where, key)
    if rule.id == "booking" or rule.id in {f"{p}-paperwork" for p in panels}:
        raise reader.fail(f"rule id {rule.id!r} is taken by perm's own items (bookings and papers)", *where, "id")
    for key, matchers in (("satisfied_by", rule.satisfied_by), ("stops", rule.stops)):
        for matcher in matchers:
            details = dict(matcher.where)
            if matcher.kind != "panel" or "reason" not in details:
                continue
            for panel_id in details.get("panel", ()):
                unknown = [r for r in details["reason"] if panels[panel_id].reason(r) is None]
                if unknown:
                    raise reader.fail(f"rule {rule.id!r}, {key}: panel {panel_id!r} has no reason {unknown[0]!r}", *where, key)
    anchors = _anchors(rule.due) | _anchors(rule.earliest)
    for anchor in anchors:
        if anchor == "trigger" or ":" in anchor:
            continue
        for trigger in rule.triggers:
            kind = trigger.name if trigger.source == "event" else None
            field = KINDS[kind].field(anchor) if kind else None
            if field is None or field.type != "date":
                raise reader.fail(
                    f"rule {rule.id!r}: from = {anchor!r} needs a trigger event with that date detail",
                    *where,
                    "due",
                )


def self_reference(rule: Rule) -> tuple[str, str, str] | None:
    """Where a rule names itself, and why it cannot: the rule engine works a rule out from the
    rules it names, so one that names itself waits for itself."""
    if any(t.source == "done" and t.name == rule.id for t in rule.triggers):
        return "trigger", f"done:{rule.id}", "use then for an item that repeats"
    for key, due in (("due", rule.due), ("earliest", rule.earliest)):
        if rule.id in due_refs(due):
            return key, f"by {rule.id}", "a date cannot wait for itself"
    return None


def _uses_sittings(due: Due | None) -> bool:
    if isinstance(due, NextSitting):
        return True
    if isinstance(due, (Earliest, Latest)):
        return any(_uses_sittings(p) for p in due.parts)
    if isinstance(due, Otherwise):
        return _uses_sittings(due.first) or _uses_sittings(due.fallback)
    return False


def _anchors(due: Due | None) -> set[str]:
    if isinstance(due, FromAnchor):
        return {due.anchor}
    if isinstance(due, (Earliest, Latest)):
        return set().union(*(_anchors(p) for p in due.parts))
    if isinstance(due, Otherwise):
        return _anchors(due.first) | _anchors(due.fallback)
    return set()


# A rule's reader and place in its file, and where it comes among all rules: the policy
# file's rules in order, then the base file's.
Locate = Callable[[Rule], tuple["Reader", tuple, tuple]]


def dependency_order(rules: dict[str, Rule], locate: Locate) -> tuple[Rule, ...]:
    """The rules, each after the rules it refers to: in rounds, each round the rules whose
    references are all placed, so a rule's round is the length of its chain."""
    ordered: list[Rule] = []
    placed: set[str] = set()
    pending = dict(rules)
    needs = {r.id: r.depends_on() for r in rules.values()}
    rounds = 0
    while pending:
        ready = [r for r in pending.values() if needs[r.id] <= placed]
        rounds += 1
        if ready and rounds > MAX_CHAIN_RULES:
            first = min(ready, key=lambda r: locate(r)[2])
            reader, where, _ = locate(first)
            raise reader.fail(
                f"rule {first.id!r} comes after a chain of {MAX_CHAIN_RULES} rules, each waiting for the one "
                f"before; perm follows chains of at most {MAX_CHAIN_RULES}",
                *where,
            )
        if not ready:
            circle = _circle(pending, locate)
            reader, where, _ = locate(pending[circle[0]])
            raise reader.fail(f"rules depend on each other in a circle: {' -> '.join([*circle, circle[0]])}", *where)
        for rule in ready:
            ordered.append(rule)
            placed.add(rule.id)
            del pending[rule.id]
    return tuple(ordered)


def _circle(pending: dict[str, Rule], locate: Locate) -> list[str]:
    """One circle among rules none of which is ready: each waits for another of them, so
    following what each waits for comes round. Named from its rule that comes first in the
    file, so the message points where the circle starts."""
    path: list[str] = []
    seen: dict[str, int] = {}
    rule_id = next(iter(pending))
    while rule_id not in seen:
        seen[rule_id] = len(path)
        path.append(rule_id)
        rule_id = min(r for r in pending[rule_id].depends_on() if r in pending)
    circle = path[seen[rule_id]:]
    start = circle.index(min(circle, key=lambda r: locate(pending[r])[2]))
    return circle[start:] + circle[:start]


def check_chains(ordered: tuple[Rule, ...], locate: Locate) -> None:
    """perm projects the due date of a rule whose item has not started from the rules it
    waits for, adding their time spans: along a chain of rules, they must stay within the
    calendar."""
    reach: dict[str, tuple[float, tuple[str, ...]]] = {}
    for rule in ordered:
        best: tuple[float, tuple[str, ...]] = (0.0, ())
        for key, due in (("due", rule.due), ("earliest", rule.earliest)):
            days, chain = _reach(due, rule, reach)
            if days > MAX_CHAIN_YEARS * 365.25:
                reader, where, _ = locate(rule)
                raise reader.fail(
                    f"rule {rule.id!r}, {key}: with the rules it builds on ({', '.join(chain)}) its time spans add up "
                    f"to {round(days / 365.25)} years; perm counts up to {MAX_CHAIN_YEARS} years",
                    *where,
                    key,
                )
            best = max(best, (days, chain))
        reach[rule.id] = best


def _reach(due: Due | None, rule: Rule, reach: dict[str, tuple[float, tuple[str, ...]]]) -> tuple[float, tuple[str, ...]]:
    """The most days a due expression can be from the events it counts from, and the rules
    on the way."""
    if isinstance(due, FromAnchor):
        own = span_days(due.offset.terms)
        if due.anchor != "trigger":
            return own, ()
        before = [(reach[t.name][0], (*reach[t.name][1], t.name)) for t in rule.triggers if t.source == "done"]
        days, chain = max(before, default=(0.0, ()))
        return own + days, chain
    if isinstance(due, ByRule):
        days, chain = reach[due.rule]
        return days, (*chain, due.rule)
    if isinstance(due, (Earliest, Latest)):
        return max(_reach(p, rule, reach) for p in due.parts)
    if isinstance(due, Otherwise):
        return max(_reach(due.first, rule, reach), _reach(due.fallback, rule, reach))
    return 0.0, ()

