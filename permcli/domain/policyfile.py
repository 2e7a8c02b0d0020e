"""Read a policy file (TOML) into a Policy, with every mistake located by file and line.

The statutory rules live in a base file that every policy includes; a policy adds its own
panels and rules, and may replace a statutory rule's parameters only by saying
``override = true`` on a rule with the same ID.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from .calendar import ROLLS, add_months, parse_offset
from .panels import DEFAULT_FIRST, PREVIOUS_MINUTES, Panel, Reason
from .errors import PermError, PolicyError
from .events import KINDS, LEGAL_STATUSES, PLACEMENT_TYPES
from .policysource import Reader
from .policycheck import FIRST_FROM, FIRST_TO, check_chains, check_refs, check_schedule, dependency_order
from .rules import (
    CARE_LEAVER_SOURCES,
    CHILD_FILTERS,
    SOURCES,
    STATE_FILTERS,
    AtAge,
    ByRule,
    Due,
    Earliest,
    FromAnchor,
    Latest,
    Matcher,
    NextSitting,
    Otherwise,
    Policy,
    Rule,
    Trigger,
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

RULE_KEYS = {
    "id": "the rule's ID",
    "item": "what is due, as scripts see it (default: the ID)",
    "title": "words for a person; {number} is replaced by the item's number",
    "source": "where the rule comes from",
    "trigger": "what starts the clock",
    "due": "when the item is due",
    "satisfied_by": "the events that complete it",
    "then": "later items after each completion (the last repeats)",
    "stops": "events after which the item is no longer needed",
    "unless": "done:RULE or event:KIND before the trigger: no item",
    "earliest": "the earliest date an event or sitting counts",
    "in_care": "only while looked after (default true)",
    "panel": "the panel that hears the item",
    "reason": "the reason for attending the panel (one of its [[panel.reason]] IDs)",
    "count": "number items by the events of this kind in the period of care",
    "override": "replace the statutory rule with the same ID",
    "replaces": "the statutory rule whose duty this local rule does instead",
}
PANEL_KEYS = {
    "id": "the panel's ID",
    "name": "its name",
    "schedule": "when it sits, as an RRULE: FREQ=WEEKLY;BYDAY=TU",
    "first": "the first sitting of the series (for every 2 weeks, say which week)",
    "time": "when it sits: 09:00-15:00",
    "slot": "each case's time slot: 20 minutes",
    "paperwork_due": "when papers are due, before the sitting: -2 working days",
    "previous_minutes": "the paper a child who came before brings (false for none)",
    "chair": "who chairs (a role, not a person)",
    "members": "the members (roles)",
    "source": "where the panel's terms come from",
    "description": "what it does",
    "reason": "[[panel.reason]] tables: the reasons for attending and their papers",
}
REASON_KEYS = {"id", "title", "papers"}
POLICY_KEYS = {"id", "name", "description"}


def parse_policy(text: str, path: str, base_text: str, base_path: str) -> Policy:
    """A Policy from a policy file's text and the statutory base file's text."""
    base = Reader(base_text, base_path)
    base_rules = [_rule(base, raw, i) for i, raw in enumerate(_array(base, "rule"))]
    reader = Reader(text, path)
    data = reader.data
    for key in data:
        if key not in ("policy", "panel", "rule"):
            raise reader.fail(f"unknown table [{key}]: a policy has [policy], [[panel]] and [[rule]]", key)
    head = data.get("policy")
    if not isinstance(head, dict):
        raise reader.fail("missing the [policy] table with its id and name")
    for key in head:
        if key not in POLICY_KEYS:
            raise reader.fail(f"[policy]: unknown key {key!r}", "policy", key)
    policy_id = _slug(reader, head.get("id"), "policy id", ("policy", "id"))
    name = _text(reader, head.get("name"), "policy name", ("policy", "name"))
    description = head.get("description", "")
    panels = tuple(_panel(reader, raw, i) for i, raw in enumerate(_array(reader, "panel")))
    seen_panels: dict[str, Panel] = {}
    for i, panel in enumerate(panels):
        if panel.id in seen_panels:
            raise reader.fail(f"panel {panel.id!r} is defined twice", "panel", i)
        seen_panels[panel.id] = panel
    rules: dict[str, Rule] = {r.id: r for r in base_rules}
    statutory = set(rules)
    replaced: dict[str, str] = {}
    local_lines: dict[str, tuple] = {}
    for i, raw in enumerate(_array(reader, "rule")):
        rule = _rule(reader, raw, i)
        if rule.id in local_lines:
            raise reader.fail(f"rule {rule.id!r} is defined twice", "rule", i)
        if rule.id in rules and not rule.override:
            raise reader.fail(
                f"rule {rule.id!r} is a statutory rule: add override = true to change it", "rule", i, "id"
            )
        if rule.override and rule.id not in rules:
            raise reader.fail(f"rule {rule.id!r} overrides no statutory rule", "rule", i, "override")
        if rule.replaces is not None:
            if rule.replaces not in statutory or rule.replaces in replaced:
                why = "is not a statutory rule" if rule.replaces not in statutory else "is already replaced"
                raise reader.fail(f"rule {rule.id!r}, replaces: {rule.replaces!r} {why}", "rule", i, "replaces")
            replaced[rule.replaces] = rule.id
        rules[rule.id] = rule
        local_lines[rule.id] = ("rule", i)
    for statutory_id, by in replaced.items():
        if statutory_id in local_lines:
            raise reader.fail(f"rule {statutory_id!r} is both overridden and replaced by {by!r}", *local_lines[statutory_id])
        del rules[statutory_id]
    for statutory_id, by in replaced.items():
        needing = sorted(r.id for r in rules.values() if statutory_id in r.depends_on())
        if needing:
            raise reader.fail(
                f"rule {by!r} cannot replace {statutory_id!r}: rule {needing[0]!r} depends on it",
                *local_lines[by],
                "replaces",
            )

    def locate(rule: Rule) -> tuple[Reader, tuple, tuple]:
        if rule.id in local_lines:
            return reader, local_lines[rule.id], (0, local_lines[rule.id][1])
        index = base_rules.index(rule)
        return base, ("rule", index), (1, index)

    for rule in rules.values():
        check, where, _ = locate(rule)
        check_refs(check, rule, rules, seen_panels, where)
    ordered = dependency_order(rules, locate)
    check_chains(ordered, locate)
    return Policy(policy_id, name, str(description), ordered, panels, path, tuple(sorted(replaced.items())))


def _array(reader: Reader, key: str) -> list[dict]:
    value = reader.data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise reader.fail(f"{key} must be written as [[{key}]] tables", key)
    return value


def _slug(reader: Reader, value: Any, what: str, where: tuple) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise reader.fail(f"{what} must be lower-case letters, digits and hyphens, got {value!r}", *where)
    return value


def _text(reader: Reader, value: Any, what: str, where: tuple) -> str:
    if not isinstance(value, str) or not value.strip():
        raise reader.fail(f"{what} must be a non-empty string", *where)
    return value.strip()


def _panel(reader: Reader, raw: dict, i: int) -> Panel:
    where = ("panel", i)
    for key in raw:
        if key not in PANEL_KEYS:
            raise reader.fail(f"panel: unknown key {key!r} (a panel has {', '.join(PANEL_KEYS)})", *where, key)
    panel_id = _slug(reader, raw.get("id"), "panel id", (*where, "id"))
    name = _text(reader, raw.get("name"), f"panel {panel_id!r}, name", (*where, "name"))

    def fail(key: str, message: str) -> PolicyError:
        return reader.fail(f"panel {panel_id!r}, {key}: {message}", *where, key)

    schedule = raw.get("schedule")
    if not isinstance(schedule, str) or "FREQ=" not in schedule.upper():
        raise fail("schedule", "write when it sits as an RRULE, e.g. \"FREQ=WEEKLY;BYDAY=TU\"")
    first = raw.get("first", DEFAULT_FIRST)
    if not isinstance(first, date) or isinstance(first, datetime):
        raise fail("first", "write a date: first = 2026-01-06")
    if not FIRST_FROM <= first <= FIRST_TO:
        raise fail("first", f"give a day from {FIRST_FROM} to {FIRST_TO}")
    _guard(lambda: check_schedule(schedule, first), fail, "schedule")
    starts = ends = None
    if "time" in raw:
        match = re.match(r"^\s*(\d{1,2}):(\d{2})\s*(?:-\s*(\d{1,2}):(\d{2}))?\s*$", str(raw["time"]))
        try:
            starts = time(int(match.group(1)), int(match.group(2)))
            ends = time(int(match.group(3)), int(match.group(4))) if match.group(3) else None
        except (AttributeError, ValueError):
            raise fail("time", "write the hours as 09:00-15:00") from None
        if ends is not None and ends <= starts:
            raise fail("time", "the panel must end after it starts, 09:00-15:00")
    slot = None
    if "slot" in raw:
        match = re.match(r"^\s*(\d{1,3})\s+minutes\s*$", str(raw["slot"]))
        if not match or int(match.group(1)) == 0 or starts is None:
            raise fail("slot", "write the length of a case's slot in minutes, \"20 minutes\", with the panel's time")
        slot = int(match.group(1))
        # Later cases may run past the end (perm does not stop at it), but one case's slot
        # must fit the day the agenda gives it.
        minutes = starts.hour * 60 + starts.minute + slot
        if ends is not None and minutes > ends.hour * 60 + ends.minute:
            raise fail("slot", f"a case's slot, {slot} minutes, must fit in the panel's time, {str(raw['time']).strip()}")
        if minutes > 24 * 60:
            raise fail("slot", f"a case's slot, {slot} minutes, must end by midnight")
    paperwork = None
    if "paperwork_due" in raw:
        paperwork = _guard(lambda: _offset_table(raw["paperwork_due"]), fail, "paperwork_due")
        probe = date(2026, 6, 2)
        if paperwork.apply(probe) > probe:
            raise fail("paperwork_due", "papers are due before the sitting: write it with a minus, \"-2 working days\"")
        # Finding a case's sitting works out the deadline of each sitting in turn.
        if paperwork.apply(probe) < add_months(probe, -6):
            raise fail("paperwork_due", "papers are due at most 6 months before the sitting")
    previous = raw.get("previous_minutes", PREVIOUS_MINUTES)
    if previous is False:
        previous = None
    elif not isinstance(previous, str) or not previous.strip():
        raise fail("previous_minutes", "the name of the paper, or false")
    members = raw.get("members", [])
    if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
        raise fail("members", "a list of roles")
    for key in ("chair", "source", "description"):
        if key in raw and not isinstance(raw[key], str):
            raise fail(key, "must be a string")
    reasons = []
    raw_reasons = raw.get("reason", [])
    if not isinstance(raw_reasons, list):
        raise fail("reason", "write the reasons as [[panel.reason]] tables")
    for j, item in enumerate(raw_reasons):
        at = (*where, "reason", j)
        if not isinstance(item, dict):
            raise fail("reason", "write the reasons as [[panel.reason]] tables")
        for key in item:
            if key not in REASON_KEYS:
                raise reader.fail(f"panel {panel_id!r}, reason: unknown key {key!r} (id, title, papers)", *at, key)
        reason_id = _slug(reader, item.get("id"), f"panel {panel_id!r}, reason id", (*at, "id"))
        if any(r.id == reason_id for r in reasons):
            raise reader.fail(f"panel {panel_id!r}: reason {reason_id!r} is defined twice", *at)
        title = _text(reader, item.get("title"), f"panel {panel_id!r}, reason {reason_id!r}, title", (*at, "title"))
        papers = item.get("papers", [])
        if not isinstance(papers, list) or not all(isinstance(p, str) and p.strip() for p in papers):
            raise reader.fail(f"panel {panel_id!r}, reason {reason_id!r}: papers is a list of papers", *at, "papers")
        reasons.append(Reason(reason_id, title, tuple(p.strip() for p in papers)))
    return Panel(
        id=panel_id,
        name=name,
        schedule=schedule,
        first=first,
        starts=starts,
        ends=ends,
        slot_minutes=slot,
        paperwork_due=paperwork,
        previous_minutes=previous,
        chair=str(raw.get("chair", "")),
        members=tuple(m.strip() for m in members),
        source=str(raw.get("source", "")),
        description=str(raw.get("description", "")),
        reasons=tuple(reasons),
    )


def _guard(fn, fail, key):
    try:
        return fn()
    except PolicyError:
        raise
    except PermError as exc:
        raise fail(key, str(exc)) from None


def _offset_table(value: Any):
    """A time span, or { offset = "...", roll = "back" }."""
    if isinstance(value, str):
        return parse_offset(value)
    if isinstance(value, dict) and set(value) <= {"offset", "roll"} and "offset" in value:
        return parse_offset(value["offset"], value.get("roll", "none"))
    raise PermError("write a time span, or { offset = \"-3 days\", roll = \"back\" }")


def _rule(reader: Reader, raw: dict, i: int) -> Rule:
    where = ("rule", i)
    for key in raw:
        if key not in RULE_KEYS:
            raise reader.fail(
                f"rule: unknown key {key!r} (a rule has {', '.join(RULE_KEYS)})", *where, key
            )
    for key in ("id", "title", "source", "trigger", "due", "satisfied_by"):
        if key not in raw:
            label = raw.get("id", f"number {i + 1}")
            raise reader.fail(f"rule {label!r} has no {key} ({RULE_KEYS[key]})", *where)
    rule_id = _slug(reader, raw["id"], "rule id", (*where, "id"))

    def at(key: str):
        return (*where, key)

    def fail(key: str, message: str) -> PolicyError:
        return reader.fail(f"rule {rule_id!r}, {key}: {message}", *at(key))

    def guarded(key: str, fn, *args):
        return _guard(lambda: fn(*args), fail, key)

    in_care = raw.get("in_care", True)
    override = raw.get("override", False)
    replaces = raw.get("replaces")
    if replaces is not None:
        replaces = _slug(reader, replaces, f"rule {rule_id!r}, replaces", at("replaces"))
    for key, value in (("in_care", in_care), ("override", override)):
        if not isinstance(value, bool):
            raise reader.fail(f"rule {rule_id!r}, {key}: must be true or false", *at(key))
    then = raw.get("then", [])
    if not isinstance(then, list):
        raise reader.fail(f"rule {rule_id!r}, then: must be a list of time spans", *at("then"))
    unless = raw.get("unless", [])
    if isinstance(unless, str):
        unless = [unless]
    for ref in unless:
        if not isinstance(ref, str) or not re.match(r"^(done|event):[a-z0-9-]+$", ref):
            raise reader.fail(f"rule {rule_id!r}, unless: write done:RULE or event:KIND, got {ref!r}", *at("unless"))
    count = raw.get("count")
    if count is not None and count not in KINDS:
        raise reader.fail(f"rule {rule_id!r}, count: unknown event kind {count!r}", *at("count"))
    panel = raw.get("panel")
    if panel is not None:
        panel = _slug(reader, panel, f"rule {rule_id!r}, panel", at("panel"))
    reason = raw.get("reason")
    if reason is not None:
        reason = _slug(reader, reason, f"rule {rule_id!r}, reason", at("reason"))
        if panel is None:
            raise reader.fail(f"rule {rule_id!r}, reason: a reason for attending needs a panel", *at("reason"))
    return Rule(
        id=rule_id,
        item=_slug(reader, raw.get("item", rule_id), f"rule {rule_id!r}, item", at("item")),
        title=_text(reader, raw["title"], f"rule {rule_id!r}, title", at("title")),
        source=_text(reader, raw["source"], f"rule {rule_id!r}, source", at("source")),
        triggers=guarded("trigger", _triggers, raw["trigger"]),
        due=guarded("due", _due, raw["due"]),
        satisfied_by=guarded("satisfied_by", _matchers, raw["satisfied_by"]),
        then=tuple(guarded("then", parse_offset, t) for t in then),
        stops=guarded("stops", _matchers, raw.get("stops", [])),
        unless=tuple(unless),
        earliest=guarded("earliest", _due, raw["earliest"]) if "earliest" in raw else None,
        in_care=in_care,
        panel=panel,
        reason=reason,
        count=count,
        override=override,
        replaces=replaces,
        line=reader.map.line(*where),
    )


def _values(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _filters(kind: str | None, table: dict, allow_child: bool) -> tuple[tuple, tuple, tuple]:
    """Split trigger or matcher conditions into event details, state and child filters."""
    spec = KINDS.get(kind) if kind else None
    details, state, child = [], [], []
    for key, value in table.items():
        field = spec.field(key) if spec else None
        if field is not None:
            values = _values(value)
            if field.choices:
                bad = [v for v in values if v not in field.choices]
                if bad:
                    raise PermError(f"{key} {bad[0]!r} is not one of {', '.join(field.choices)}")
            details.append((key, values))
        elif key in STATE_FILTERS and allow_child:
            values = _values(value)
            allowed = {"legal_status": LEGAL_STATUSES, "placement": PLACEMENT_TYPES}.get(key, (True, False))
            bad = [v for v in values if v not in allowed or (key == "looked_after") != isinstance(v, bool)]
            if bad:
                if key == "looked_after":
                    raise PermError("looked_after must be true or false")
                raise PermError(f"{key} {bad[0]!r} is not one of {', '.join(allowed)}")
            state.append((key, values))
        elif key in CHILD_FILTERS and allow_child:
            if not isinstance(value, bool):
                raise PermError(f"{key} must be true or false")
            child.append((key, value))
        else:
            known = [f.name for f in spec.fields] if spec else []
            if allow_child:
                known += [*STATE_FILTERS, *CHILD_FILTERS]
            raise PermError(f"unknown condition {key!r}" + (f" (known: {', '.join(known)})" if known else ""))
    return tuple(details), tuple(state), tuple(child)


def _trigger(value: Any) -> Trigger:
    conditions: dict = {}
    if isinstance(value, dict):
        conditions = dict(value)
        value = conditions.pop("on", None)
        if value is None:
            raise PermError("a trigger table needs on = \"...\"")
    if not isinstance(value, str):
        raise PermError(f"expected a trigger such as \"period-start\" or \"event:review\", got {value!r}")
    source, _, name = value.partition(":")
    if source not in SOURCES:
        raise PermError(f"unknown trigger {value!r} (use {', '.join(SOURCES)}, as event:KIND or done:RULE)")
    if source in ("event", "done") and not name:
        raise PermError(f"trigger {value!r} needs a name: {source}:NAME")
    if source in ("period-start", *CARE_LEAVER_SOURCES) and name:
        raise PermError(f"trigger {source} takes no name")
    if source == "event" and name not in KINDS:
        raise PermError(f"unknown event kind {name!r}")
    if source == "done" and conditions:
        raise PermError("a done: trigger takes no conditions")
    nth = conditions.pop("nth", None)
    if nth is not None and (source != "event" or not isinstance(nth, int) or isinstance(nth, bool) or nth < 1):
        raise PermError("nth is a whole number from 1, for event: triggers")
    kind = name if source == "event" else ("looked-after" if source == "period-start" else None)
    details, state, child = _filters(kind, conditions, allow_child=True)
    if source in CARE_LEAVER_SOURCES and state:
        raise PermError(f"{'an' if source == 'eligible' else 'a'} {source} trigger takes only child conditions (uasc, sibling_group)")
    return Trigger(source, name or None, details, state, child, nth)


def _triggers(value: Any) -> tuple[Trigger, ...]:
    values = value if isinstance(value, list) else [value]
    if not values:
        raise PermError("at least one trigger is needed")
    return tuple(_trigger(v) for v in values)


def _matcher(value: Any) -> Matcher:
    conditions: dict = {}
    if isinstance(value, dict):
        conditions = dict(value)
        value = conditions.pop("event", None)
        if value is None:
            raise PermError("a matcher table needs event = \"KIND\"")
    if not isinstance(value, str):
        raise PermError(f"expected an event kind such as \"review\", got {value!r}")
    kind, _, wanted = value.partition(":")
    if kind not in KINDS:
        raise PermError(f"unknown event kind {kind!r}")
    if wanted:
        primary = KINDS[kind].primary
        if primary is None:
            raise PermError(f"{kind} events have no detail to match in {value!r}")
        if primary in conditions:
            raise PermError(f"{primary} is given twice")
        conditions[primary] = wanted.split("|")
    details, _, _ = _filters(kind, conditions, allow_child=False)
    return Matcher(kind, details)


def _matchers(value: Any) -> tuple[Matcher, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(_matcher(v) for v in values)


_DUE_FORMS = ("offset", "by", "age", "earliest_of", "latest_of", "next_sitting")


# Due expressions are read and worked out by recursion; real ones nest two or three deep.
MAX_NESTING = 10


def _due(value: Any, depth: int = 1) -> Due:
    if isinstance(value, str):
        return FromAnchor(parse_offset(value))
    if not isinstance(value, dict):
        raise PermError(f"expected a time span or a table, got {value!r}")
    forms = [k for k in _DUE_FORMS if k in value]
    if len(forms) != 1:
        raise PermError(f"write exactly one of {', '.join(_DUE_FORMS)}")
    allowed = {forms[0], "otherwise"} | ({"from", "roll"} if forms[0] == "offset" else set())
    extra = set(value) - allowed
    if extra:
        raise PermError(f"unknown key {sorted(extra)[0]!r} with {forms[0]}")
    form = forms[0]
    if form == "offset":
        roll = value.get("roll", "none")
        if roll not in ROLLS:
            raise PermError(f"roll must be one of {', '.join(ROLLS)}")
        anchor = value.get("from", "trigger")
        _check_anchor(anchor)
        due: Due = FromAnchor(parse_offset(value["offset"], roll), anchor)
    elif form == "by":
        if not isinstance(value["by"], str):
            raise PermError("by names a rule")
        due = ByRule(value["by"])
    elif form == "next_sitting":
        if value["next_sitting"] is not True:
            raise PermError("write next_sitting = true")
        due = NextSitting()
    elif form == "age":
        years = value["age"]
        if not isinstance(years, int) or isinstance(years, bool) or not 0 <= years <= 25:
            raise PermError("age must be a whole number of years")
        due = AtAge(years)
    else:
        parts = value[form]
        if not isinstance(parts, list) or len(parts) < 2:
            raise PermError(f"{form} needs a list of at least two due dates")
        if depth >= MAX_NESTING:
            raise PermError(f"{form} is nested more than {MAX_NESTING} deep")
        due = (Earliest if form == "earliest_of" else Latest)(tuple(_due(p, depth + 1) for p in parts))
    if "otherwise" in value:
        if depth >= MAX_NESTING:
            raise PermError(f"otherwise is nested more than {MAX_NESTING} deep")
        due = Otherwise(due, _due(value["otherwise"], depth + 1))
    return due


def _check_anchor(anchor: Any) -> None:
    if not isinstance(anchor, str):
        raise PermError("from must be a string")
    if anchor == "trigger":
        return
    if anchor.startswith("last:"):
        if anchor[5:] not in KINDS:
            raise PermError(f"unknown event kind in from = {anchor!r}")
        return
    if anchor.startswith("latest:"):
        kind, _, field = anchor[7:].partition(".")
        if kind not in KINDS:
            raise PermError(f"unknown event kind in from = {anchor!r}")
        if field and (KINDS[kind].field(field) is None or KINDS[kind].field(field).type != "date"):
            raise PermError(f"{kind} events have no date detail {field!r}")
        return
    if not re.match(r"^[a-z_]+$", anchor):
        raise PermError(f"from = {anchor!r}: use trigger, a date detail, last:KIND or latest:KIND.FIELD")
