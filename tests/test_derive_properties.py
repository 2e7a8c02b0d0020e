"""Properties of derive() over generated, valid histories (hypothesis).

A history is a child, a looked-after start, then events in date order that are valid at
the time they happen (reviews only while looked after, a PLO end only after a PLO start,
final orders only while proceedings are open, ...), maybe a period ending and a new one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from permcli.domain.calendar import birthday
from permcli.domain.engine import DONE, LATE, STOPPED, History, derive
from permcli.domain.timeline import Child, Event, Timeline

PROPS = settings(max_examples=150, deadline=None)

FOSTERISH = ("foster", "connected-person")
OTHER_PLACEMENTS = ("residential", "semi-independent", "placed-with-parents", "secure", "other")
PLANS = ("reunification", "adoption", "long-term-fostering", "sgo", "independence")
FINAL = ("care", "placement", "sgo", "cao", "supervision", "no-order")


@st.composite
def histories(draw, foster: bool = True) -> tuple[History, date]:
    """(history, as_of): a valid history and an as-of day somewhere around it."""
    start = draw(st.dates(date(2024, 1, 1), date(2027, 6, 30)))
    # Under 18 when care starts (a child is a person under 18); care may end at 18 later on.
    dob = draw(st.dates(max(date(2006, 1, 1), birthday(start, -18) + timedelta(days=1)), date(2016, 12, 31)))
    adult = birthday(dob, 18)
    placements = (*FOSTERISH, *OTHER_PLACEMENTS) if foster else OTHER_PLACEMENTS
    events: list[Event] = []

    def add(kind: str, day: date, details: dict | None = None) -> None:
        events.append(Event(len(events) + 1, kind, day, details or {}))

    def looked_after(day: date) -> None:
        details = {"legal_status": draw(st.sampled_from(("s20", "ico", "police-protection")))}
        if draw(st.booleans()):
            details["placement"] = draw(st.sampled_from(placements))
        add("looked-after", day, details)

    looked_after(start)
    in_care, plo, proceedings, placement_order, placed = True, False, False, False, False
    day = start
    for _ in range(draw(st.integers(0, 14))):
        day += timedelta(days=draw(st.one_of(st.integers(0, 40), st.integers(0, 200))))
        if day >= adult:
            in_care = False  # care ended on the 18th birthday, in law
        choices = ["panel", "plo", "supervision-order"]
        if in_care:
            choices += ["review", "review", "review", "plan", "placement-start", "staying-put",
                        "pathway-plan", "adoption-review", "ceased"]
            if placement_order and not placed:
                choices += ["placed-for-adoption", "adoption-review"]
            elif not placement_order:
                choices.append("placement-order")
        elif day < adult:
            choices.append("looked-after")
        choices += ["proceedings-end"] * 2 if proceedings else ["proceedings-issued"]
        kind = draw(st.sampled_from(choices))
        if kind == "placement-order":
            kind, how = "proceedings-end", "placement"
        elif kind == "supervision-order":
            kind, how = "proceedings-end", "supervision"
        elif kind == "proceedings-end":
            how = draw(st.sampled_from(("ico", "withdrawn", *FINAL)))
        if kind == "looked-after":
            looked_after(day)
            in_care, placement_order, placed = True, False, False
        elif kind == "ceased":
            add("ceased", day)
            in_care = False
        elif kind == "plan":
            add("plan", day, {"plan": draw(st.sampled_from(PLANS))})
        elif kind == "placement-start":
            add("placement-start", day, {"type": draw(st.sampled_from(placements))})
        elif kind == "panel":
            add("panel", day, {"panel": "legal"})
        elif kind == "plo":
            if plo:
                add("plo-end", day)
                plo = False
            elif not proceedings:
                add("plo-start", day)
                plo = True
        elif kind == "proceedings-issued":
            add("proceedings-issued", day)
            proceedings, plo = True, False
        elif kind == "proceedings-end":
            if how == "withdrawn":
                add("proceedings-withdrawn", day)
                proceedings = False
            elif how == "ico":
                if in_care:
                    add("order", day, {"type": "ico"})
            elif how in ("care", "placement") and not in_care:
                add("order", day, {"type": "no-order"})
                proceedings = False
            else:
                details = {"type": how}
                if how == "supervision":
                    details["end_date"] = day + timedelta(days=draw(st.integers(30, 540)))
                add("order", day, details)
                proceedings = False
                placement_order = placement_order or how == "placement"
        else:
            add(kind, day)
            placed = placed or kind == "placed-for-adoption"
    as_of = start + timedelta(days=draw(st.integers(-10, (day - start).days + 500)))
    history = History(Child("C1", dob), tuple(events))
    assert Timeline(history.child, events).problems == []
    return history, as_of


def _key(item):
    # the due date too: a chained item can start on the day its predecessor was done
    return (item.rule, item.trigger, item.due, item.number, item.period)


def _with(history: History, kind: str, day: date, details: dict | None = None) -> History:
    new_id = max(e.id for e in history.events) + 1
    return History(history.child, (*history.events, Event(new_id, kind, day, details or {})))


def _care_days(history: History, as_of: date) -> list[date]:
    """Days up to as_of on which the child is looked after."""
    tl = Timeline(history.child, [e for e in history.events if e.date <= as_of])
    days = []
    for p in tl.periods:
        day = p.start
        while day <= as_of and p.covers(day):
            days.append(day)
            day += timedelta(days=1)
    return days


# -- properties ----------------------------------------------------------------------------


@PROPS
@given(histories(), st.randoms(use_true_random=False))
def test_derive_is_deterministic(statutory, case, rnd: random.Random):
    history, as_of = case
    first = derive(history, statutory, as_of)
    assert derive(history, statutory, as_of) == first
    shuffled = list(history.events)
    rnd.shuffle(shuffled)
    assert derive(History(history.child, tuple(shuffled)), statutory, as_of) == first


@PROPS
@given(histories())
def test_due_on_or_after_trigger_and_states_consistent(statutory, case):
    history, as_of = case
    for item in derive(history, statutory, as_of):
        assert item.due >= item.trigger, item
        if item.done is not None:
            assert item.done >= item.trigger, item
            assert item.stopped is None
            assert item.state == (DONE if item.done <= item.due else LATE)
            assert not item.outstanding
        elif item.stopped is not None:
            assert item.stopped >= item.trigger, item
            assert item.state == STOPPED
            assert not item.outstanding
        else:
            assert item.outstanding
        if item.earliest is not None and item.done is not None:
            assert item.done >= item.earliest


@PROPS
@given(histories())
def test_items_never_reference_events_after_the_as_of_day(statutory, case):
    history, as_of = case
    known = {e.id: e for e in history.events if e.date <= as_of}
    items = derive(history, statutory, as_of)
    for item in items:
        assert item.trigger <= as_of
        assert item.done is None or item.done <= as_of
        assert item.stopped is None or item.stopped <= as_of
        if item.done_event is not None:
            assert item.done_event in known
            assert known[item.done_event].date == item.done
    # and the future makes no difference at all
    past = History(history.child, tuple(known.values()))
    assert derive(past, statutory, as_of) == items


@PROPS
@given(histories())
@example(  # found by hypothesis: a review on the day care started and ended
    case=(
        History(
            Child("C1", date(2006, 1, 1)),
            (
                Event(1, "looked-after", date(2024, 1, 1), {"legal_status": "s20"}),
                Event(2, "review", date(2024, 1, 1), {}),
                Event(3, "ceased", date(2024, 1, 1), {}),
            ),
        ),
        date(2024, 1, 1),
    )
)
def test_reviews_are_numbered_1_2_3_in_each_period(statutory, case):
    history, as_of = case
    items = [i for i in derive(history, statutory, as_of) if i.item == "review"]
    for period in {i.period for i in items}:
        numbers = [i.number for i in sorted((i for i in items if i.period == period), key=lambda i: i.trigger)]
        assert numbers == list(range(1, len(numbers) + 1))
        # at most one review outstanding at a time in a period
        assert sum(1 for i in items if i.period == period and i.outstanding) <= 1


SATISFY = {
    "review": {},
    "plan": {"plan": "adoption"},
    "proceedings-issued": {},
    "plo-end": {},
    "order": {"type": "care"},
    "adoption-review": {},
    "staying-put": {},
    "pathway-plan": {},
    "personal-adviser": {},
    "panel": {"panel": "legal"},
}


@PROPS
@given(histories())
def test_recording_the_satisfying_event_clears_the_item(statutory, case):
    history, as_of = case
    # only what was known on the as-of day: the new event is the next thing to happen
    history = History(history.child, tuple(e for e in history.events if e.date <= as_of) or history.events[:1])
    outstanding = [
        i for i in derive(history, statutory, as_of)
        if i.outstanding and (i.earliest is None or i.earliest <= as_of)
    ]
    for item in outstanding:
        # On the as-of day; the day after when the item started that day (an item started
        # by a completed one, e.g. review 2 by review 1, needs a meeting on a later day).
        day = as_of if item.trigger < as_of else as_of + timedelta(days=1)
        if day >= birthday(history.child.dob, 18) and statutory.rule(item.rule).in_care:
            continue  # care ends on the 18th birthday: nothing done then counts for it
        matcher = statutory.rule(item.rule).satisfied_by[0]
        details = {k: vals[0] for k, vals in matcher.where} or SATISFY[matcher.kind]
        after = derive(_with(history, matcher.kind, day, details), statutory, day)
        still = [i for i in after if _key(i) == _key(item) and i.outstanding]
        assert still == [], (item, matcher)
        for i in after:
            if _key(i) == _key(item):
                assert i.done == day


@PROPS
@given(histories(), st.data())
def test_an_event_no_rule_mentions_changes_nothing(statutory, case, data):
    history, as_of = case
    before = derive(history, statutory, as_of)
    first = min(e.date for e in history.events)
    day = data.draw(st.dates(first - timedelta(days=30), max(as_of, first)))
    assert derive(_with(history, "ppm", day, {"type": "initial"}), statutory, as_of) == before
    care = _care_days(history, as_of)
    if care:
        day = data.draw(st.sampled_from(care))
        kind = data.draw(st.sampled_from(("legal-status", "placement-end")))
        details = {"status": "care-order"} if kind == "legal-status" else {}
        assert derive(_with(history, kind, day, details), statutory, as_of) == before


@PROPS
@given(histories(foster=False), st.data())
def test_staying_put_without_foster_care_changes_nothing(statutory, case, data):
    history, as_of = case
    before = derive(history, statutory, as_of)
    assert [i for i in before if i.rule == "staying-put"] == []
    care = _care_days(history, as_of)
    if care:
        day = data.draw(st.sampled_from(care))
        assert derive(_with(history, "staying-put", day), statutory, as_of) == before
