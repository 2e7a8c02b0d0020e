"""The vocabulary of rules: triggers, due dates, what satisfies and what stops an item.

A policy file only chooses and parameterises these; the rule engine evaluates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .calendar import Offset
from .panels import Panel
from .timeline import Event

# Trigger sources: every period of care starting; each event of a kind; each time another
# rule's item is satisfied; the day a child becomes an eligible child (care leaver); the day
# an eligible child leaves care at 16 or over (a relevant or former relevant child).
SOURCES = ("period-start", "event", "done", "eligible", "left-care")
CARE_LEAVER_SOURCES = ("eligible", "left-care")
CHILD_FILTERS = ("uasc", "sibling_group")
STATE_FILTERS = ("legal_status", "placement", "looked_after")


@dataclass(frozen=True)
class Matcher:
    """An event of ``kind`` whose details match ``where`` (each detail: one of the values)."""

    kind: str
    where: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def matches(self, event: Event) -> bool:
        return event.kind == self.kind and all(event.get(k) in vals for k, vals in self.where)

    def __str__(self) -> str:
        if not self.where:
            return self.kind
        return self.kind + "(" + ", ".join(f"{k}={'|'.join(map(str, v))}" for k, v in self.where) + ")"


@dataclass(frozen=True)
class Trigger:
    source: str
    name: str | None = None  # the event kind, or the rule whose items trigger this one
    details: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    state: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    child: tuple[tuple[str, bool], ...] = ()
    nth: int | None = None

    def __str__(self) -> str:
        return self.source if self.name is None else f"{self.source}:{self.name}"


# -- due dates ------------------------------------------------------------------------


@dataclass(frozen=True)
class FromAnchor:
    """``offset`` after an anchor: the trigger, a date detail of the trigger event
    ("end_date"), the latest KIND event at or before the trigger ("last:KIND", else the
    trigger), or a date detail of the latest KIND event since the trigger
    ("latest:KIND.FIELD", else ``otherwise``)."""

    offset: Offset
    anchor: str = "trigger"


@dataclass(frozen=True)
class ByRule:
    """The due date of another rule's item in the same period of care, projected when it
    has not been triggered yet; or the day it was done, if that was earlier."""

    rule: str


@dataclass(frozen=True)
class AtAge:
    years: int


@dataclass(frozen=True)
class Earliest:
    parts: tuple["Due", ...]


@dataclass(frozen=True)
class Latest:
    parts: tuple["Due", ...]


@dataclass(frozen=True)
class Otherwise:
    first: "Due"
    fallback: "Due"


@dataclass(frozen=True)
class NextSitting:
    """The first sitting of the rule's panel on or after the trigger whose paperwork
    deadline is not before the trigger: "the next panel", "the earliest sitting"."""


Due = FromAnchor | ByRule | AtAge | Earliest | Latest | Otherwise | NextSitting


def describe_due(due: Due) -> str:
    """A due expression in words close to how a policy file writes it."""
    if isinstance(due, FromAnchor):
        where = "" if due.anchor == "trigger" else f" from {due.anchor}"
        roll = "" if due.offset.roll == "none" else f", rolled {due.offset.roll}"
        return f"{due.offset}{where}{roll}"
    if isinstance(due, ByRule):
        return f"by {due.rule}"
    if isinstance(due, AtAge):
        return f"at age {due.years}"
    if isinstance(due, Earliest):
        return "earliest of " + ", ".join(describe_due(p) for p in due.parts)
    if isinstance(due, Latest):
        return "latest of " + ", ".join(describe_due(p) for p in due.parts)
    if isinstance(due, Otherwise):
        return f"{describe_due(due.first)}, otherwise {describe_due(due.fallback)}"
    return "the next sitting"


def due_refs(due: Due | None) -> set[str]:
    """Rules a due expression depends on."""
    if due is None:
        return set()
    if isinstance(due, ByRule):
        return {due.rule}
    if isinstance(due, (Earliest, Latest)):
        return set().union(*(due_refs(p) for p in due.parts))
    if isinstance(due, Otherwise):
        return due_refs(due.first) | due_refs(due.fallback)
    return set()


@dataclass(frozen=True)
class Rule:
    id: str
    item: str
    title: str
    source: str
    triggers: tuple[Trigger, ...]
    due: Due
    satisfied_by: tuple[Matcher, ...]
    then: tuple[Offset, ...] = ()
    stops: tuple[Matcher, ...] = ()
    unless: tuple[str, ...] = ()  # "done:RULE" or "event:KIND" before the trigger
    earliest: Due | None = None
    in_care: bool = True
    panel: str | None = None
    reason: str | None = None  # the reason for attending the panel (its paperwork list)
    count: str | None = None  # number items by the events of this kind in the period
    override: bool = False
    replaces: str | None = None  # a statutory rule this local rule takes over
    line: int | None = None

    def depends_on(self) -> set[str]:
        """The rules whose items this rule's items are worked out from. Its own ID too, when
        it names itself: such a rule would wait for itself, and the loader refuses it."""
        refs = {t.name for t in self.triggers if t.source == "done"}
        refs |= due_refs(self.due) | due_refs(self.earliest)
        refs |= {u.split(":", 1)[1] for u in self.unless if u.startswith("done:")}
        return refs

    def title_for(self, number: int | None) -> str:
        return self.title.replace("{number}", "" if number is None else str(number))


@dataclass(frozen=True)
class Policy:
    id: str
    name: str
    description: str
    rules: tuple[Rule, ...]  # in dependency order
    panels: tuple[Panel, ...] = ()
    path: str = ""
    replaced: tuple[tuple[str, str], ...] = ()  # (statutory rule, the local rule doing its duty)

    def rule(self, rule_id: str) -> Rule:
        return self._rules_by_id[rule_id]

    def panel(self, panel_id: str) -> Panel | None:
        return self._panels_by_id.get(panel_id)

    @cached_property
    def _rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def _panels_by_id(self) -> dict[str, Panel]:
        return {p.id: p for p in self.panels}
