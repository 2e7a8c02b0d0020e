"""The quarterly highlight report: figures about the caseload over a period, as plain data.

Everything comes from one pass of the rule engine (derive_caseload) as of the report day
and from each child's periods of care (Timeline); nothing here reads the database itself.
What each figure means is in docs/reports.md; the dictionary built here is exactly what
`perm report --format json` prints.
"""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..domain.childfacts import as_on
from ..domain.engine import Item
from ..domain.errors import PermError
from ..domain.events import parse_date
from ..domain.rules import Policy
from ..domain.timeline import Timeline
from .caseload import ChildItems, derive_caseload
from .context import Context

DRIFT_LIMIT = 10

# The milestones whose days are counted, in the order reports show them.
MILESTONES = (
    ("review-1", "Looked after to LAC review 1 held"),
    ("review-2", "Looked after to LAC review 2 held"),
    ("permanence-plan", "Looked after to permanence plan agreed"),
    ("plo", "PLO started to PLO concluded (proceedings issued or PLO ended)"),
    ("proceedings", "Proceedings issued to final order (26-week target)"),
)
# The on-time groups, in order: key, words.
REVIEW_GROUPS = (("first", "LAC review 1"), ("second", "LAC review 2"), ("later", "LAC reviews 3 and later"),
                 ("all", "All LAC reviews"))
FINAL_ORDER_KIND = "order"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    day: date  # the report day: the last day, or the as-of day if earlier
    chosen: str  # how the period was chosen: "given", "last complete quarter", ...


# -- the period ---------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[date, date]:
    """The calendar quarter (January-March, April-June, ...) holding a day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1) - timedelta(days=1)
    return start, end


def choose_period(as_of: date, start_text: str | None, end_text: str | None) -> Period:
    """[from, to] from the options. Neither given: the last complete quarter before the
    as-of day. Only --from: from it to the as-of day. Only --to: the quarter holding it,
    up to it."""
    start = parse_date(start_text, "--from") if start_text else None
    end = parse_date(end_text, "--to") if end_text else None
    if start is None and end is None:
        this_quarter, _ = quarter_of(as_of)
        start, end = quarter_of(this_quarter - timedelta(days=1))
        chosen = "the last complete quarter"
    elif start is None:
        start = quarter_of(end)[0]
        chosen = "the quarter holding --to, up to it"
    elif end is None:
        end = as_of
        chosen = "from --from to the as-of day"
    else:
        chosen = "given"
    if start > as_of:
        raise PermError(f"--from: {start} is after the as-of day {as_of}; a report cannot look ahead")
    if start > end:
        raise PermError(f"--from: {start} is after --to {end}")
    return Period(start, end, min(end, as_of), chosen)


# -- counting -----------------------------------------------------------------------------


def percent(part: int, whole: int) -> float | None:
    """Part of whole as a percentage with one decimal place, halves rounded up; None when
    nothing was due."""
    if not whole:
        return None
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def empty_tally() -> dict:
    return {"due": 0, "on_time": 0, "late": 0, "not_done": 0, "overdue": 0, "missed": 0, "open": 0,
            "no_longer_needed": 0}


def classify(item: Item, day: date) -> str:
    """What became of an item by the report day: on_time, late, overdue (outstanding past
    its due date), missed (no longer needed, but only after its due date), open (outstanding,
    not overdue yet) or no_longer_needed (stopped on or before its due date)."""
    if item.done is not None:
        return "on_time" if item.done <= item.due else "late"
    if item.stopped is not None:
        return "missed" if item.stopped > item.due else "no_longer_needed"
    return "overdue" if item.due < day else "open"


def add(tally: dict, outcome: str) -> None:
    tally[outcome] += 1
    if outcome == "no_longer_needed":
        return
    tally["due"] += 1
    if outcome in ("overdue", "missed"):
        tally["not_done"] += 1


def finish(tally: dict) -> dict:
    due = tally["due"]
    for key in ("on_time", "late", "not_done", "open"):
        tally[f"{key}_percent"] = percent(tally[key], due)
    return tally


# -- which items count ----------------------------------------------------------------------


def duty_rules(policy: Policy, statutory_id: str) -> frozenset[str]:
    """The rule doing a statutory duty: its own ID, or a local rule that replaces it."""
    return frozenset({statutory_id, *(local for stat, local in policy.replaced if stat == statutory_id)})


def ppm_rules(policy: Policy) -> tuple[str, ...]:
    """Rules whose item is a permanence planning meeting held: item "ppm", or completed by
    a `ppm` event (so PPM referrals and PPM minutes are not PPMs)."""
    return tuple(
        r.id for r in policy.rules
        if r.item == "ppm" or any(m.kind == "ppm" for m in r.satisfied_by)
    )


def review_group(item: Item) -> str | None:
    if item.number is None:
        return None
    return "first" if item.number == 1 else "second" if item.number == 2 else "later"


@dataclass(frozen=True)
class _Case:
    case: ChildItems
    timeline: Timeline  # the child's events up to the report day, walked once
    at_end: bool  # looked after at the end of the report day
    during: bool  # looked after at any time from the first day to the report day


def _case(case: ChildItems, period: Period) -> _Case:
    timeline = Timeline(case.child, [e for e in case.events if e.date <= period.day], until=period.day)
    periods = timeline.periods
    return _Case(
        case,
        timeline,
        at_end=any(p.covers(period.day) for p in periods),
        during=any(p.start <= period.day and (p.end is None or p.end >= period.start) for p in periods),
    )


# -- the report -----------------------------------------------------------------------------


def build_report(
    ctx: Context,
    start: str | None = None,
    end: str | None = None,
    team: str | None = None,
    worker: str | None = None,
) -> dict:
    """The report's figures for [from, to], as of the report day, for the caseload (or one
    team's or worker's part of it)."""
    period = choose_period(ctx.as_of, start, end)
    ctx.engine()  # opened once, shared with the report day's context below
    at_day = dataclasses.replace(ctx, as_of_text=period.day.isoformat())
    policy, caseload = derive_caseload(at_day, None, worker, team)
    day = period.day
    cases = [_case(c, period) for c in caseload]

    plan_rules = duty_rules(policy, "permanence-plan")
    plo_rules = duty_rules(policy, "pre-proceedings-end")
    court_rules = duty_rules(policy, "proceedings-end")
    ppms = ppm_rules(policy)

    def in_period(d: date | None) -> bool:
        return d is not None and period.start <= d <= day

    def due_in_period(item: Item) -> bool:
        return period.start <= item.due <= period.end

    # Children, periods of care.
    children = {
        "looked_after_at_end": sum(c.at_end for c in cases),
        "looked_after_at_end_s20": sum(c.at_end and c.timeline.final_state.legal_status == "s20" for c in cases),
        "looked_after_during": sum(c.during for c in cases),
        "starts": sum(in_period(p.start) for c in cases for p in c.timeline.periods),
        "ends": sum(in_period(p.end) for c in cases for p in c.timeline.periods),
    }

    # On time: reviews, permanence plans, PPMs; overall and by team and worker.
    reviews = {key: empty_tally() for key, _ in REVIEW_GROUPS}
    plans = empty_tally()
    ppm_all = empty_tally()
    ppm_by_rule = {rule: empty_tally() for rule in ppms}
    groups: dict[str, dict[str, dict]] = {"team": {}, "worker": {}}
    names: dict[str, dict[str, str | None]] = {"team": {}, "worker": {}}

    def group_tally(kind: str, value: str | None) -> dict:
        key = None if value is None else value.casefold()
        names[kind].setdefault(key, value)
        return groups[kind].setdefault(key, {
            "looked_after_at_end": 0, "reviews": empty_tally(), "permanence_plans": empty_tally(),
            "ppms": empty_tally(),
        })

    shown: set[int] = set()  # groups with a child looked after at any time in the period
    for c in cases:
        child = c.case.child
        mine = [group_tally("team", child.team), group_tally("worker", child.worker)]
        for g in mine:
            g["looked_after_at_end"] += c.at_end
        if c.during:
            shown.update(id(g) for g in mine)
        for item in c.case.items:
            if not due_in_period(item):
                continue
            # Each item counts for the team and worker that held the case when it was due.
            holder = as_on(child, min(item.due, day))
            mine = [group_tally("team", holder.team), group_tally("worker", holder.worker)]
            outcome = classify(item, day)
            if item.item == "review":
                add(reviews["all"], outcome)
                group = review_group(item)
                if group is not None:
                    add(reviews[group], outcome)
                section = "reviews"
            elif item.rule in plan_rules:
                add(plans, outcome)
                section = "permanence_plans"
            elif item.rule in ppm_by_rule:
                add(ppm_all, outcome)
                add(ppm_by_rule[item.rule], outcome)
                section = "ppms"
            else:
                continue
            for g in mine:
                add(g[section], outcome)

    # Milestones reached in the period.
    reached: dict[str, list[tuple[int, bool]]] = {key: [] for key, _ in MILESTONES}
    for c in cases:
        events = {e.id: e for e in c.timeline.events}
        periods = c.timeline.periods
        for item in c.case.items:
            if not in_period(item.done):
                continue
            key = None
            start_day = item.trigger
            if item.item == "review" and item.number in (1, 2) and item.period is not None:
                key, start_day = f"review-{item.number}", periods[item.period].start
            elif item.rule in plan_rules and item.period is not None:
                key, start_day = "permanence-plan", periods[item.period].start
            elif item.rule in plo_rules:
                key = "plo"
            elif item.rule in court_rules:
                done_by = events.get(item.done_event)
                if done_by is not None and done_by.kind == FINAL_ORDER_KIND:
                    key = "proceedings"
            if key is not None:
                reached[key].append(((item.done - start_day).days, item.done <= item.due))
    milestones = []
    for key, words in MILESTONES:
        days = sorted(d for d, _ in reached[key])
        median = statistics.median(days) if days else None
        milestones.append({
            "milestone": key,
            "name": words,
            "reached": len(days),
            "median_days": None if median is None else (int(median) if median == int(median) else float(median)),
            "shortest_days": days[0] if days else None,
            "longest_days": days[-1] if days else None,
            "within_target": sum(1 for _, ok in reached[key] if ok),
        })

    # Drift: outstanding items overdue the longest on the report day.
    overdue = []
    for c in cases:
        for item in c.case.items:
            if item.outstanding and item.due < day:
                overdue.append({
                    "child": item.child,
                    "worker": c.case.child.worker,
                    "team": c.case.child.team,
                    "what": item.title,
                    "rule": item.rule,
                    "due": item.due.isoformat(),
                    "days_overdue": (day - item.due).days,
                })
    overdue.sort(key=lambda r: (-r["days_overdue"], r["child"], r["rule"], r["what"]))

    def group_rows(kind: str) -> list[dict]:
        rows = []
        for key, figures in groups[kind].items():
            counted = any(figures[s]["due"] or figures[s]["no_longer_needed"]
                          for s in ("reviews", "permanence_plans", "ppms"))
            if id(figures) not in shown and not counted:
                continue
            rows.append({kind: names[kind][key], "looked_after_at_end": figures["looked_after_at_end"],
                         **{s: finish(figures[s]) for s in ("reviews", "permanence_plans", "ppms")}})
        rows.sort(key=lambda r: (r[kind] is None, (r[kind] or "").casefold()))
        return rows

    return {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "as_of": day.isoformat(),
            "chosen": period.chosen,
        },
        "policy": policy.id,
        "filters": {"team": team.strip() if team else None, "worker": worker.strip() if worker else None},
        "children": children,
        "reviews": {key: finish(reviews[key]) for key, _ in REVIEW_GROUPS},
        "permanence_plans": finish(plans),
        "ppms": {
            "rules": list(ppms),
            "all": finish(ppm_all),
            "by_rule": {rule: finish(t) for rule, t in ppm_by_rule.items()},
        },
        "milestones": milestones,
        "drifting": {"overdue_items": len(overdue), "top": overdue[:DRIFT_LIMIT]},
        "by_team": group_rows("team"),
        "by_worker": group_rows("worker"),
    }
