#!/usr/bin/env python3
"""Write a fictional caseload for benchmarking perm: DIR/children.csv and DIR/events.csv.

    python bench/generate.py --children 2000 --policy four-panels --as-of 2026-11-23 --seed 1 --out DIR

Everything is invented: names come from two short lists, histories from the rules in
docs/rules.md and the chosen policy's own procedure (permcli/policies/POLICY.toml, read
for its panels, sittings, reasons and papers). Most things happen on time; a minority are
late or not done yet, so `perm due` shows a plausible mix rather than a wall of red. The
files are what `perm import events DIR/events.csv --children DIR/children.csv` reads, and
the same arguments always write the same bytes.

Children are made in chunks of 2,000, in parallel, each chunk from a random source of its
own (so the files do not depend on the number of processes), and written as each chunk is
done: memory stays flat whatever the size. Standard library only, plus `holidays` and
`python-dateutil`, which perm itself depends on (bank holidays decide which days panels sit
and what a working day is).
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import io
import itertools
import multiprocessing
import os
import random
import sys
import time as clock
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

POLICIES = ("statutory", "four-panels", "permanence-panel", "bcp", "newham-older-children", "ppm-process")
POLICY_DIR = Path(__file__).resolve().parent.parent / "permcli" / "policies"
CHILD_COLUMNS = ["child", "name", "dob", "worker", "team", "sibling_group", "uasc"]
# Detail columns: the field names of permcli/domain/events.py KINDS that this file uses.
EVENT_COLUMNS = ["child", "kind", "date", "legal_status", "placement", "agreed_end", "type", "plan", "end_date",
                 "status", "reason", "outcome", "rehab_uncertain", "disrupted", "permanent", "panel", "sitting",
                 "paper", "received", "meeting", "hearing_date", "filing_date", "to"]
# Kinds perm refuses unless the child is looked after that day (events.py needs_care).
NEEDS_CARE = {"ceased", "review", "placed-for-adoption", "adoption-review", "staying-put", "pathway-plan",
              "placement-start", "placement-end", "legal-status", "interim-plan", "review-booked"}
# Events on one day are written in this order: perm keeps same-day events in file order
# (a review after the looked-after event, the order before the child ceases to be looked after).
RANK = {"looked-after": 0, "proceedings-issued": 1, "legal-status": 1, "order": 2, "placement-end": 3,
        "placement-start": 4, "ceased": 9}
FINAL_ORDERS = ("care", "placement", "sgo", "cao", "supervision", "no-order")
PER_WORKER, PER_TEAM = 15, 8

FIRST = ("Amira Tom Grace Dan Priya Megan Sam Ruby Kai Ama Kofi Isla Jakub Freddie Poppy Ayaan Leo Maisie Tyler "
         "Sofia Ellie Jayden Harper Zainab Mason Amelia Bethany Ryan Daniel Jess Callum Ahmad Dawit Samir Kieran "
         "Evie Alfie Rosie Hannah Marcus Nadia Oscar Lucy Ethan Mia Aaron Layla Noah Olivia Oliver Amelia George "
         "Ava Harry Lily Jack Chloe Charlie Ella Jacob Grace Muhammad Aisha Yusuf Fatima Omar Maryam Ibrahim Hana "
         "Kwame Abena Chidi Ngozi Tariq Leila Arjun Anaya Rohan Kiran Wiktor Zofia Luca Giulia Mateo Elena Finn "
         "Erin Rhys Cerys Connor Niamh Reggie Darcy Theo Phoebe Archie Millie Logan Summer Ezra Esme Felix Iris "
         "Jude Nell Otis Maya Ravi Priti").split()
LAST = ("Thompson Mensah Novak Walsh Adeyemi Rahman Martin Clarke Brooks Costa Morgan Osei Lewis Hussain Reid Kaur "
        "Hughes Okafor Whitfield Fraser Karimi Tesfaye Haidari Doyle Sutton Wood Patel Green Ibrahim Bennett Zhang "
        "Shaw Robinson Fisher Ahmed Hassan Fletcher Owusu Kowalski Nair Price Smith Jones Taylor Brown Williams "
        "Wilson Johnson Davies Evans Thomas Roberts Walker Wright Hall Edwards Turner Hill Cooper Ward Morris King "
        "Harris Baker Mitchell Campbell Kelly Murphy Begum Khan Ali Singh Sharma Mahmood Chowdhury Nowak Lopez "
        "Rossi Silva Mwangi Banda Boateng Asante Okonkwo Nguyen Chen Kim Jackson Palmer Holmes Barker Kennedy "
        "Marshall Gibson Stevens Lloyd Ellis Dixon Knight Hunt Rose Chapman Booth Quinn Lamb Foster Grant").split()
AREAS = ("North South East West Central Riverside Northgate Eastfield Westbrook Southmead Hillcrest Oakwood "
         "Ashford Brookside Millbank Harbourside Castleton Greenvale Kingsway Fairfield Meadowbank Stonebridge "
         "Highfield Parkside Lakeside Redhill Beechwood Elmstead Thornbury Woodside").split()


# -- dates -------------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """Calendar months; a day that does not exist becomes the month's last day (as perm)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def birthday(dob: date, age: int) -> date:
    """29 February birthdays fall on 28 February in common years (as perm)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return date(dob.year + age, 2, 28)


class Calendar:
    """Working days: Monday to Friday less bank holidays in England (the `holidays` package)."""

    def __init__(self, first_year: int, last_year: int):
        import holidays

        self.bank = set(holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1)))

    def working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank

    def add_working_days(self, day: date, n: int) -> date:
        step = timedelta(days=1 if n >= 0 else -1)
        for _ in range(abs(n)):
            day += step
            while not self.working(day):
                day += step
        return day

    def roll_back(self, day: date) -> date:
        while not self.working(day):
            day -= timedelta(days=1)
        return day


class Panel:
    """A policy panel: its sittings (bank holidays skipped), paperwork deadlines and papers."""

    def __init__(self, spec: dict, cal: Calendar, lo: date, hi: date):
        from dateutil.rrule import rrulestr

        self.id = spec["id"]
        first = spec.get("first", date(2020, 1, 6))  # perm's default start of a schedule
        rule = rrulestr(spec["schedule"], dtstart=datetime.combine(first, time()))
        days = (d.date() for d in rule.between(datetime.combine(lo, time()), datetime.combine(hi, time()), inc=True))
        self.sittings = [d for d in days if d >= first and d not in cal.bank]
        self.deadlines = [self._deadline(s, spec.get("paperwork_due"), cal) for s in self.sittings]
        self.papers = {r["id"]: list(r.get("papers", ())) for r in spec.get("reason", ())}
        minutes = spec.get("previous_minutes", "Minutes from attendance at panel previously")
        self.previous_minutes = minutes or None

    @staticmethod
    def _deadline(sitting: date, due, cal: Calendar) -> date:
        """The two forms the shipped policies use: "-N working days" and {offset = "-N days", roll = "back"}."""
        if due is None:
            return sitting
        if isinstance(due, str) and due.endswith("working days"):
            return cal.add_working_days(sitting, int(due.split()[0]))
        if isinstance(due, dict) and due.get("roll") == "back":
            return cal.roll_back(sitting + timedelta(days=int(due["offset"].split()[0])))
        raise SystemExit(f"generate.py: paperwork_due {due!r} is not a form this generator knows")

    def next_sitting(self, day: date, papers_by: date | None = None) -> date | None:
        """The first sitting on or after `day` whose papers are not due before `papers_by`."""
        for i in range(bisect.bisect_left(self.sittings, day), len(self.sittings)):
            if papers_by is None or self.deadlines[i] >= papers_by:
                return self.sittings[i]
        return None

    def deadline(self, sitting: date) -> date:
        return self.deadlines[bisect.bisect_left(self.sittings, sitting)]


class World:
    """What every case shares: the as-of day, the random source, the calendar and the policy."""

    def __init__(self, policy: str, as_of: date, seed: int):
        self.policy, self.as_of = policy, as_of
        self.rng = random.Random(f"{seed}:{policy}")
        self.cal = Calendar(as_of.year - 20, as_of.year + 3)
        spec = tomllib.loads((POLICY_DIR / f"{policy}.toml").read_text(encoding="utf-8"))
        lo, hi = date(as_of.year - 8, 1, 1), date(as_of.year + 2, 12, 31)
        self.panels = {p["id"]: Panel(p, self.cal, lo, hi) for p in spec.get("panel", ())}
        self.skipped = 0  # events a case dropped because the child was not in care that day

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, lo: int, hi: int) -> timedelta:
        """Between lo and hi days, both included."""
        return timedelta(days=lo + int(self.rng.random() * (hi - lo + 1)))


# -- one child's history ---------------------------------------------------------------------------

class Ev:
    __slots__ = ("day", "rank", "seq", "kind", "details")

    def __init__(self, day, rank, seq, kind, details):
        self.day, self.rank, self.seq, self.kind, self.details = day, rank, seq, kind, details

    def get(self, name, default=None):
        return self.details.get(name, default)


class Case:
    """A child and the events of their history, built fact by fact and written in date order."""

    def __init__(self, w: World, ref: str, dob: date, sibling_group: str = "", uasc: bool = False):
        self.w, self.ref, self.dob, self.sibling_group, self.uasc = w, ref, dob, sibling_group, uasc
        self.events: list[Ev] = []
        self.periods: list[list] = []  # [start, end or None]
        self.sittings: list[tuple] = []  # (panel, sitting, reason, trigger day): cases needing papers
        self.seen: set[tuple] = set()
        self.unsorted = False

    def add(self, kind: str, day: date | None, **details) -> bool:
        """Record an event unless it would be after the as-of day or before birth, or needs
        the child in care and they are not (strictly inside a period: perm checks same-day
        events in an order of its own, so the first and last day of care are avoided)."""
        if day is None or day > self.w.as_of or day < self.dob:
            return False
        if kind in NEEDS_CARE and kind != "ceased" and not self.in_care(day):
            self.w.skipped += 1
            return False
        key = (day, kind, tuple(details.items()))
        if key in self.seen:
            return True  # one meeting, one record (two moves in a week go to one panel sitting)
        self.seen.add(key)
        self.events.append(Ev(day, RANK.get(kind, 5), len(self.events), kind, details))
        self.unsorted = True
        return True

    def in_care(self, day: date) -> bool:
        return any(s < day and (e is None or day < e) for s, e in self.periods)

    def period_end(self, day: date) -> date:
        """When the period of care holding `day` ends (far future if open or none)."""
        for s, e in self.periods:
            if s <= day and (e is None or day < e):
                return e or date.max
        return date.max

    def sorted(self) -> list[Ev]:
        if self.unsorted:
            self.events.sort(key=lambda e: (e.day, e.rank, e.seq))
            self.unsorted = False
        return self.events

    def of(self, kind: str, **where) -> list[Ev]:
        return [e for e in self.sorted() if e.kind == kind and all(e.get(k) == v for k, v in where.items())]

    def first_after(self, day: date, kinds: set, strict=True, where=None) -> date:
        for e in self.sorted():
            if (e.day > day or not strict and e.day >= day) and e.kind in kinds and (where is None or where(e)):
                return e.day
        return date.max

    def walk(self):
        """Each event with the state just before it, as perm's timeline keeps it."""
        state = {"looked_after": False, "legal_status": None, "placement": None, "period": None}
        out = []
        for e in list(self.sorted()):
            out.append((e, dict(state)))
            if e.kind == "looked-after":
                state.update(looked_after=True, legal_status=e.get("legal_status"), placement=e.get("placement"),
                             period=(e.day, self.period_end(e.day)))
            elif e.kind == "ceased":
                state.update(looked_after=False, legal_status=None, placement=None, period=None)
            elif e.kind == "order" and state["looked_after"]:
                status = {"ico": "ico", "care": "care-order", "placement": "placement-order"}.get(e.get("type"))
                state["legal_status"] = status or state["legal_status"]
            elif e.kind == "legal-status":
                state["legal_status"] = e.get("status")
            elif e.kind == "placement-start":
                state["placement"] = e.get("type")
        return out

    # -- panels -----------------------------------------------------------------------------

    def hear(self, panel_id: str, reason: str | None, start: date, papers_by: date, before: date = date.max,
             outcome: str = "noted; plan agreed") -> date | None:
        """A hearing at the sitting perm would place the case at: the first from `start` with
        time for the papers since `papers_by`. Nothing if the case stops (`before`) first. A
        few recent sittings go by unrecorded (the case then shows as not heard)."""
        sitting = self.w.panels[panel_id].next_sitting(start, papers_by)
        if sitting is None or sitting >= before:
            return None
        if sitting > self.w.as_of:
            self.sittings.append((panel_id, sitting, reason, papers_by))  # coming: papers may be in
            return None
        if (self.w.as_of - sitting).days < 45 and self.w.chance(0.04):
            return None
        self.sittings.append((panel_id, sitting, reason, papers_by))
        details = {"panel": panel_id, "outcome": outcome}
        if reason:
            details["reason"] = reason
        self.add("panel", sitting, **details)
        return sitting

    def cycle(self, panel_id: str, reason: str, start: date, every: int, window: int, until: date) -> list[date]:
        """Hearings every `every` days from the last one, each at the sitting in the last
        `window` days before it is due (perm's `earliest`), until the cycle stops."""
        held, last = [], start
        while True:
            sitting = self.hear(panel_id, reason, last + timedelta(days=every - window + 1), last, until)
            if sitting is None:
                return held
            held.append(sitting)
            last = sitting

    def minutes(self, meeting: str, day: date, within: int) -> None:
        """Minutes of a meeting, mostly within `within` days, a few late or not yet done."""
        w = self.w
        if (w.as_of - day).days < 10 and w.chance(0.05):
            return
        self.add("minutes", day + (w.days(within + 1, within + 6) if w.chance(0.04) else w.days(1, within)),
                 meeting=meeting)


# -- the statutory history, shared by every policy ------------------------------------------------------------

PLACEMENT_AFTER = {"foster": 0.6, "connected-person": 0.15, "residential": 0.15, "semi-independent": 0.1}


def first_placement(w: World, age: float, path: str) -> str:
    if path == "remand":
        return "secure"
    if path == "uasc":
        return "semi-independent" if age >= 16 else "foster"
    r = w.rng.random()
    if age >= 16 and r < 0.35:
        return "semi-independent"
    if age >= 11 and r < 0.5 and w.chance(0.3):
        return "residential"
    if path == "court" and r > 0.95:
        return "placed-with-parents"
    return "connected-person" if r > 0.8 else "foster"


def plan_type(w: World, final: str | None, age: float) -> str:
    if final == "placement":
        return "adoption"
    if final in ("sgo", "cao"):
        return final
    if final in ("supervision", "no-order", "withdrawn", "home"):
        return "reunification"
    if age >= 16 and w.chance(0.4):
        return "independence"
    if age >= 12 and w.chance(0.1):
        return "residential"
    return w.rng.choices(["long-term-fostering", "connected-person", "reunification"], [70, 15, 15])[0]


def reviews(w: World, start: date, end: date | None) -> list[date]:
    """LAC reviews: the first within 20 working days, the second 3 months later, then every
    6 months; mostly on time (a few days early), some late, a few recent ones not yet held."""
    stop = min(end or date.max, w.as_of + timedelta(days=1))
    day = start + (w.days(14, 26) if w.chance(0.94) else w.days(30, 48))
    out = []
    while day < stop:
        if (w.as_of - day).days < 40 and w.chance(0.06):
            break  # not yet held: overdue or due soon as of the as-of day
        out.append(day)
        months = 3 if len(out) == 1 else 6
        early = w.days(0, 7) if len(out) == 1 else w.days(0, 21)
        day = add_months(day, months) + (w.days(3, 28) if w.chance(0.05) else -early)
    return out


class Family:
    """Children who come into care together share a path: dates of care, court and reviews."""

    def __init__(self, w: World, cases: list[Case], path: str):
        self.w, self.cases, self.path = w, cases, path
        self.youngest = max(c.dob for c in cases)

    def age(self, case: Case, day: date) -> float:
        return (day - case.dob).days / 365.25

    def start_day(self, earliest: date) -> date:
        """Start of care over the past six years, weighted towards recent years."""
        w = self.w
        back = min(int(w.rng.expovariate(1 / 650)), 6 * 365)
        day = max(w.as_of - timedelta(days=back + 2), earliest)
        return min(day, w.as_of - timedelta(days=2))

    def build(self) -> None:
        w, path = self.w, self.path
        if path == "home":
            return self.home()
        earliest = self.youngest + timedelta(days=1)
        if path == "uasc":
            earliest = max(earliest, birthday(self.youngest, 14))
        if path == "remand":
            earliest = max(earliest, birthday(self.youngest, 12))
        start = self.start_day(earliest)
        status = {"court": "ico", "s20": "s20", "uasc": "s20", "pp": "police-protection", "epo": "epo",
                  "remand": "remand"}[path]
        court = None  # (plo start or None, issue day)
        if path == "court":
            issue = max(start - w.days(1, 5), self.youngest)
            plo = issue - timedelta(weeks=w.rng.randint(6, 15) if w.chance(0.9) else w.rng.randint(17, 24))
            court = (plo if w.chance(0.7) and plo >= self.youngest else None, issue)
        end, why, final = None, None, None
        # What happens next, decided up front so the plan and the placements can follow it.
        if path in ("s20", "uasc"):
            r = w.rng.random()
            if path == "s20" and r < 0.22:
                end, why = start + w.days(30, 540), "returned home"
            elif path == "s20" and r < 0.4:
                plo = start + w.days(30, 240)
                court = (plo, plo + timedelta(weeks=w.rng.randint(6, 15)))
        elif path == "pp":
            r = w.rng.random()
            if r < 0.3:
                end, why = start + w.days(1, 3), "police protection ended: returned home"
            elif r < 0.75:
                for c in self.cases:
                    c.pp_to = ("s20", start + w.days(1, 3))
            else:
                day = start + w.days(1, 2)
                for c in self.cases:
                    c.pp_to = ("epo", day)
                court = (None, day + w.days(1, 5))
        elif path == "epo":
            court = (None, start + w.days(2, 7))
        elif path == "remand" and w.chance(0.7):
            end, why = start + w.days(20, 200), "remand ended"
        if court:
            end, why, final = self.court_outcome(court[1], end, why)
        if end is not None and end <= start:
            end = start + timedelta(days=1)
        periods = [(start, end)]
        if why == "returned home" and w.chance(0.3):
            again = end + w.days(60, 400)
            if again < w.as_of - timedelta(days=3):
                periods.append((again, None))
        for c in self.cases:
            c.periods = [[s, e if e is not None and e <= w.as_of else None] for s, e in periods]
        plans = self.plans(final)
        for i, (s, e) in enumerate(periods):
            self.care(s, e, status if i == 0 else "s20", why if i == 0 else None, plans)
        if court:
            self.court(*court, final)

    def court_outcome(self, issue: date, end, why):
        """When and how care proceedings end: mostly within 26 weeks, some later."""
        w = self.w
        weeks = w.rng.randint(18, 25) if w.chance(0.7) else w.rng.randint(27, 45)
        self.final_day = issue + timedelta(weeks=weeks, days=w.rng.randint(0, 6))
        young = self.age(self.cases[-1], self.final_day) < 5
        final = "placement" if young and w.chance(0.35) else w.rng.choices(
            ["care", "sgo", "cao", "supervision", "no-order", "withdrawn"], [60, 14, 5, 10, 3, 3])[0]
        if end is not None and end < self.final_day:
            return end, why, None  # left care before the court decided: care order not needed
        if final in ("sgo", "cao", "supervision", "no-order", "withdrawn"):
            text = {"sgo": "special guardianship order", "cao": "child arrangements order",
                    "supervision": "home under a supervision order", "no-order": "no order: returned home",
                    "withdrawn": "proceedings withdrawn: returned home"}[final]
            return self.final_day, text, final
        if final == "placement":
            self.placed = self.final_day + w.days(60, 270)
            self.adopted = self.placed + w.days(150, 365)
            return self.adopted, "adopted", final
        return None, None, final

    def plans(self, final):
        return {id(c): plan_type(self.w, final, self.age(c, self.w.as_of)) for c in self.cases}

    def care(self, start, end, status, why, plans) -> None:
        """One period of care for every child of the family, with its statutory events."""
        w = self.w
        dates = reviews(w, start, end)
        for c in self.cases:
            age = self.age(c, start)
            placement = first_placement(w, age, self.path)
            details = {"legal_status": status, "placement": placement}
            if status == "s20":
                details["agreed_end"] = start + timedelta(weeks=w.rng.randint(8, 26))
            c.add("looked-after", start, **details)
            if status == "ico":
                c.add("order", start, type="ico")
            pp_to = getattr(c, "pp_to", None)
            if status == "police-protection" and pp_to:
                c.add("legal-status", pp_to[1], status=pp_to[0])
            for i, day in enumerate(dates):
                c.add("review", day, **({"rehab_uncertain": "yes"} if i == 0 and status == "s20" and w.chance(0.15) else {}))
            self.plan(c, dates, plans[id(c)])
            self.placements(c, start, end, placement, plans[id(c)])
            self.older(c, start, end)
            if end is not None:
                c.add("ceased", end, reason=why or "returned home")

    def plan(self, c: Case, dates: list[date], plan: str) -> None:
        """The permanence plan, normally agreed at review 2; a few early, late or missing."""
        w = self.w
        if len(dates) < 2:
            if dates and w.chance(0.3):
                c.add("plan", dates[0], plan=plan)
            return
        r = w.rng.random()
        day = dates[1] if r < 0.85 else dates[0] if r < 0.92 else dates[1] + w.days(14, 70) if r < 0.97 else None
        c.add("plan", day, plan=plan)
        final_day = getattr(self, "final_day", None)
        if final_day and day and w.chance(0.6):
            later = [d for d in dates if d > final_day + timedelta(days=60)]
            if later:
                c.add("plan", later[0], plan=plan)  # the final care plan confirmed after the order

    def placements(self, c: Case, start, end, placement, plan) -> None:
        """Moves (some disrupted), and placement for adoption."""
        w = self.w
        placed = getattr(self, "placed", None)
        last = min(end or w.as_of, w.as_of, placed or date.max)
        moves = w.rng.choices([0, 1, 2], [70, 20, 10])[0] if (last - start).days > 60 else 0
        for day in sorted({start + w.days(20, (last - start).days - 2) for _ in range(moves)}):
            disrupted = w.chance(0.5)
            permanent = disrupted and plan in ("long-term-fostering", "connected-person") and w.chance(0.3)
            if c.in_care(day):
                c.add("placement-end", day, disrupted="yes" if disrupted else "", permanent="yes" if permanent else "")
                choices = [k for k in PLACEMENT_AFTER if k != "semi-independent" or self.age(c, day) >= 16]
                c.add("placement-start", day, type=w.rng.choices(choices, [PLACEMENT_AFTER[k] for k in choices])[0])
        if placed and c.in_care(placed):
            c.add("placement-end", placed)
            c.add("placement-start", placed, type="adoption")
            c.add("placed-for-adoption", placed)

    def older(self, c: Case, start, end) -> None:
        """Staying Put from the 15th birthday for a fostered child; the pathway plan once eligible."""
        w = self.w
        b15 = birthday(c.dob, 15)
        if w.as_of >= b15 - timedelta(days=30) and w.chance(0.92):
            fostered = [e.day for e in c.of("looked-after") if e.day == start
                        and e.get("placement") in ("foster", "connected-person")]
            fostered += [e.day for e in c.of("placement-start") if e.get("type") in ("foster", "connected-person")]
            if fostered:
                day = max(b15 + w.days(30, 330), fostered[-1] + w.days(7, 40))
                if day < (end or date.max):
                    c.add("staying-put", day)
        for day, period_end in eligible_days(c, w.as_of):
            r = w.rng.random()
            later = w.days(20, 85) if r < 0.9 else w.days(95, 150) if r < 0.97 else None
            if later and day + later < (period_end or date.max):
                c.add("pathway-plan", day + later)

    def court(self, plo, issue, final) -> None:
        """PLO, care proceedings and the final order, for every child of the family."""
        w = self.w
        final_day = self.final_day
        cmh = issue + w.days(12, 24)
        filing = issue + timedelta(weeks=w.rng.randint(15, 20))
        set_on = cmh + w.days(5, 14)
        listed = cmh + w.days(20, 60)
        for c in self.cases:
            if plo:
                c.add("plo-start", plo)
            c.add("proceedings-issued", issue)
            if c.in_care(issue):
                c.add("order", issue + w.days(0, 3), type="ico")  # already in care: an ICO on issue
            c.add("cmh", cmh)
            if set_on < final_day:
                c.add("final-evidence-set", set_on, filing_date=max(filing, set_on))
            if listed < final_day:
                c.add("final-hearing-listed", listed, hearing_date=final_day)
            if final == "withdrawn":
                c.add("proceedings-withdrawn", final_day)
            elif final:
                details = {"type": final}
                if final == "supervision":
                    details["end_date"] = add_months(final_day, 12)
                c.add("order", final_day, **details)
            if final == "placement":
                self.adoption_reviews(c, final_day)
            if final == "placement" and c.in_care(self.adopted - timedelta(days=1)):
                c.add("order", self.adopted, type="adoption")

    def adoption_reviews(self, c: Case, order: date) -> None:
        """The first adoption review 3 months after the placement order, and 4 weeks then 3
        months after placement; LAC reviews count for the rest (docs/rules.md)."""
        w = self.w
        placed = self.placed
        first = add_months(order, 3) - w.days(0, 14)
        if first < placed:
            c.add("adoption-review", first)
        r1 = placed + w.days(14, 27)
        c.add("adoption-review", r1)
        c.add("adoption-review", add_months(r1, 3) - w.days(0, 14))

    def home(self) -> None:
        """Children who stay at home: PLO ended, still open, or proceedings ending in a
        supervision order or no order."""
        w = self.w
        r = w.rng.random()
        back = w.days(10, 140) if r >= 0.8 else w.days(60, 900)  # still open only when recent
        plo = max(w.as_of - back, self.youngest + timedelta(days=1))
        for c in self.cases:
            c.add("plo-start", plo)
        if r < 0.45:
            weeks = w.rng.randint(6, 15) if w.chance(0.9) else w.rng.randint(17, 22)
            for c in self.cases:
                c.add("plo-end", plo + timedelta(weeks=weeks))
        elif r < 0.8:
            issue = plo + timedelta(weeks=w.rng.randint(8, 15))
            self.court_outcome(issue, None, None)
            final = w.rng.choices(["supervision", "no-order", "withdrawn"], [70, 20, 10])[0]
            self.court(None, issue, final)


def eligible_days(c: Case, as_of: date):
    """The days the child becomes an eligible child (looked after 91 days since 14, from 16):
    perm's rule (timeline.py care_leaver_eligibility), one per period."""
    b14, b16, b18 = birthday(c.dob, 14), birthday(c.dob, 16), birthday(c.dob, 18)

    def days_before(day):
        return sum(max(0, (min(e or day, day) - max(s, b14)).days) for s, e in c.periods)

    for s, e in c.periods:
        first = max(s, b16)
        if e is not None and e <= first or first >= b18:
            continue
        have = days_before(first)
        day = first if have >= 91 else first + timedelta(days=91 - have)
        if s <= day and (e is None or day < e) and day < b18 and day <= as_of:
            yield day, e


# -- each policy's own procedure -------------------------------------------------------------------------------

def ends_proceedings(x: Ev) -> bool:
    """A final order or withdrawal: care proceedings are over (an ICO is not final)."""
    return x.kind == "proceedings-withdrawn" or x.get("type") in FINAL_ORDERS


def supervision_orders(c: Case):
    return [(e.day, e.get("end_date")) for e in c.of("order", type="supervision")]


def statutory(c: Case) -> None:
    """A supervision order that is ending is reviewed at a panel (any panel: no panels here)."""
    for made, end in supervision_orders(c):
        c.add("panel", add_months(end, -4) + c.w.days(3, 25), panel="legal-planning",
              outcome="supervision order to end; no further application")


def four_panels(c: Case) -> None:
    """Legal Planning, Court Progression, Permanency and Resource panels (seed 001)."""
    for e, st in c.walk():
        k, day = e.kind, e.day
        end = st["period"][1] if st["period"] else c.period_end(day)
        if k == "looked-after":
            if e.get("legal_status") != "police-protection":
                c.hear("legal-planning", "new-admission", day, day, end, "admission agreed; plan confirmed")
            c.hear("resource", "all-cases", day, day, end, "placement and costs agreed")
            c.hear("permanency", "all-cases", add_months(day, 3), day, end, "permanence plan confirmed for review 2")
            if e.get("legal_status") == "s20":
                stop = min(end, c.first_after(day, {"order", "legal-status"},
                                              where=lambda x: x.kind == "legal-status" or x.get("type") in ("ico", "care", "placement")))
                c.hear("legal-planning", "s20-extension", e.get("agreed_end") - timedelta(days=14), day, stop,
                       "s20 extended")
                if c.uasc:
                    c.hear("legal-planning", "uasc-6-weeks", day + timedelta(days=42), day, stop, "plan agreed")
        elif k == "legal-status" and st["legal_status"] == "police-protection":
            if e.get("status") == "s20":
                c.hear("legal-planning", "police-protection", day, day, outcome="accommodated under s20")
            else:
                c.hear("legal-planning", "new-admission", day, day, outcome="admission agreed; proceedings to issue")
        elif k == "ceased" and st["legal_status"] == "police-protection":
            c.hear("legal-planning", "police-protection", day, day, outcome="returned home; no further action")
        elif k == "placement-start":
            c.hear("resource", "all-cases", day, day, end, "placement and costs agreed")
        elif k == "order" and e.get("type") == "supervision":
            ends = e.get("end_date")
            c.hear("legal-planning", "supervision-order-review", add_months(ends, -4), day,
                   add_months(ends, -3) + timedelta(days=1), "supervision order to end")
        elif k == "plo-start":
            stop = c.first_after(day, {"proceedings-issued", "plo-end"}, strict=False)
            c.hear("legal-planning", "plo-week-6", day + timedelta(days=36), day, stop, "PLO to continue")
            week12 = c.hear("legal-planning", "plo-week-12-and-beyond", day + timedelta(days=78), day, stop,
                            "PLO to continue")
            if week12:
                c.cycle("legal-planning", "plo-week-12-and-beyond", week12, 28, 7, stop)
        elif k == "cmh":
            stop = c.first_after(day, {"order", "proceedings-withdrawn"}, where=ends_proceedings)
            c.hear("court-progression", "checkpoint-1", day + timedelta(days=7), day, stop, "timetable agreed")
        elif k == "proceedings-issued":
            stop = c.first_after(day, {"order", "proceedings-withdrawn"}, where=ends_proceedings)
            filing = [x.get("filing_date") for x in c.of("final-evidence-set") if x.day > day]
            start = filing[-1] - timedelta(days=27) if filing else day + timedelta(days=70)
            c.hear("court-progression", "checkpoint-2", start, day, stop, "final care plan endorsed")


def permanence_panel(c: Case) -> None:
    """The Permanence Panel and each child's tracking meetings (seed 003)."""
    w = c.w
    walked = c.walk()
    heard_first_until = date.min
    for e, st in walked:
        k, day = e.kind, e.day
        end = st["period"][1] if st["period"] else c.period_end(day)
        if k == "proceedings-issued" and not st["looked_after"]:
            stop = c.first_after(day, {"ceased"})
            held = c.hear("permanence-panel", "first", w.cal.add_working_days(day, 20), day, stop, "plan noted")
            heard_first_until = held or date.max
        elif k == "looked-after" and day > heard_first_until:
            r1 = [x.day for x in c.of("review") if x.day > day]
            earliest = min(w.cal.add_working_days(day, 20), r1[0] if r1 else date.max)
            c.hear("permanence-panel", "first", earliest, day, end, "plan noted; parallel plan agreed")
        elif k == "plan":
            c.hear("permanence-panel", "plan", day, day, outcome="plan ratified")
        elif k == "placement-end" and e.get("disrupted") and e.get("permanent"):
            c.hear("permanence-panel", "disruption", day, day, outcome="disruption reviewed; new plan agreed")
        elif k == "order" and e.get("type") == "supervision":
            ends = e.get("end_date")
            c.hear("permanence-panel", None, add_months(ends, -4), day, add_months(ends, -3) + timedelta(days=1),
                   "supervision order to end")
    # Tracking meetings after the panel hearings: a hearing to ratify a plan ends the care-order cycle.
    ratified = {x.day for x in c.of("panel", panel="permanence-panel", reason="plan")}
    for e, st in walked:
        k, day = e.kind, e.day
        end = st["period"][1] if st["period"] else c.period_end(day)
        if k == "proceedings-issued":
            stop = c.first_after(day, {"order", "proceedings-withdrawn"}, where=ends_proceedings)
            c.cycle("pptm", "proceedings", day, 42, 7, stop)
        elif k == "order" and e.get("type") == "placement" and st["looked_after"]:
            stop = min(end, c.first_after(day, {"placed-for-adoption", "order"}, where=lambda x: x.kind != "order" or x.get("type") == "adoption"))
            c.cycle("pptm", "placement-order", day, 42, 7, stop)
        elif st["looked_after"] and (k == "order" and e.get("type") == "care"
                                     or k == "placement-start" and st["legal_status"] == "care-order"):
            stop = min(end, c.first_after(day, {"placement-start", "order"},
                                          where=lambda x: x.kind == "placement-start" or x.get("type") in ("placement", "sgo", "cao", "adoption")),
                       min((d for d in ratified if d > day), default=date.max))
            c.cycle("pptm", "care-order", day, 84, 7, stop)
    for x in c.of("panel"):
        c.minutes(x.get("panel"), x.day, 4)


def bcp(c: Case) -> None:
    """Permanence planning meetings and their minutes, the tracking meeting, the fostering
    panel, Together and Apart, Staying Put at 16 and SGO support reviews (seed 002)."""
    w = c.w
    ppms: set[date] = set()
    for s, e in c.periods:
        end = e or date.max
        if w.chance(0.6):
            c.add("care-decision", s - w.days(1, 10))
        ppms.add(s + w.days(3, 12))
        c.hear("tracking", "first", s, s, end, "plan and contingency plan agreed")
        if c.sibling_group:
            day = s + w.days(20, 70)
            if day < end:
                c.add("together-apart", day)
    for p in c.of("plan", plan="long-term-fostering"):
        if c.in_care(p.day):
            c.hear("fostering", "ltf-match", p.day, p.day, c.period_end(p.day), "long-term match approved")
    court = [x.day for x in c.sorted() if x.kind in ("plo-start", "proceedings-issued")]
    if court:
        meeting = court[0] - w.days(3, 14)
        if c.add("legal-planning-meeting", meeting):
            ppms.add(meeting + w.days(1, 4))
    for r in c.of("review"):
        if r.get("rehab_uncertain"):
            ppms.add(r.day + w.days(2, 12))
    # Every 12 weeks from review 2 until permanence (SGO, CAO, adoption, placed, the fostering match).
    stops = {"order", "placed-for-adoption", "panel"}
    for s, e in c.periods:
        dates = [x.day for x in c.of("review") if s < x.day < (e or date.max)]
        if len(dates) < 2:
            continue
        stop = min(e or date.max, c.first_after(dates[1], stops, where=lambda x: x.kind == "placed-for-adoption"
                   or x.get("type") in ("sgo", "cao", "adoption") or x.get("panel") == "fostering"))
        day = dates[1]
        while True:
            day += w.days(63, 83) if w.chance(0.95) else w.days(85, 100)
            if day >= stop or day > w.as_of or (w.as_of - day).days < 30 and w.chance(0.05):
                break
            ppms.add(day)
    # Six weeks before the final hearing and the final care plan: one PPM, unless one falls in time.
    for kind, field in (("final-hearing-listed", "hearing_date"), ("final-evidence-set", "filing_date")):
        for x in c.of(kind):
            due = max(x.get(field) - timedelta(weeks=6), x.day + timedelta(days=1))
            if not any(x.day < d <= due for d in ppms):
                ppms.add(x.day + w.days(1, max(1, min(20, (due - x.day).days))))
    for day, period_end in eligible_days(c, w.as_of):
        due = max(day, birthday(c.dob, 17))
        if not any(day <= d <= due for d in ppms):
            ppms.add(min(day + w.days(7, 60), due) if due > day else day + w.days(1, 5))
    for i, day in enumerate(sorted(ppms)):
        if c.add("ppm", day, type="initial" if i == 0 else "review"):
            c.minutes("ppm", day, 3)
    for x in c.of("order", type="sgo"):
        day = x.day
        while True:
            day = add_months(day, 12) - w.days(0, 20)
            if not c.add("sgo-support-review", day):
                break
    for made, end in supervision_orders(c):
        c.hear("tracking", "review", add_months(end, -4), made, add_months(end, -3) + timedelta(days=1),
               "supervision order to end")


def newham(c: Case) -> None:
    """Week 1 tasks, the Permanency Planning Panel in week 2 and the initial PPM (seed 000),
    for a young person accommodated under s20 who is not in a sibling group."""
    w = c.w
    for e, st in c.walk():
        s20 = e.kind == "looked-after" and e.get("legal_status") == "s20" or (
            e.kind == "legal-status" and e.get("status") == "s20" and st["legal_status"] == "police-protection")
        if not s20 or c.sibling_group:
            continue
        day = e.day
        end = c.period_end(day)
        c.add("interim-plan", day + w.days(1, 5))
        c.add("review-booked", day + w.days(1, 5))
        if not c.of("fgc-referral") and not c.of("fgc"):
            referral = day + w.days(1, 5)
            c.add("fgc-referral", referral)
            if w.chance(0.5):
                c.add("fgc", referral + w.days(14, 42))
        ppp = c.hear("ppp", "newly-looked-after", day, day, end, "timeline agreed; PL to lead permanence planning")
        if ppp and ppp + timedelta(days=3) < end:
            c.add("ppm", ppp + w.days(3, 12), type="initial")
    for made, end in supervision_orders(c):
        c.hear("ppp", None, add_months(end, -4), made, add_months(end, -3) + timedelta(days=1),
               "supervision order to end")


def ppm_process(c: Case) -> None:
    """PPMs after the first CMH and after a decision to pursue permanence, the referral, the
    Permanence Monitoring Group every 6 weeks and the Plan Review at 6 months (seed 004)."""
    w = c.w
    cmh = c.of("cmh")
    if cmh:
        referral = cmh[0].day + w.days(1, 3)
        c.add("ppm-referral", referral, to="fostering")
        c.add("ppm", referral + w.days(0, 3), type="initial")
    for s, e in c.periods:
        end = e or date.max
        dates = [x.day for x in c.of("review") if s < x.day < end]
        if len(dates) >= 2:
            decision = dates[1] + w.days(0, 7)
            if decision < end and c.add("permanence-decision", decision):
                adoption = any(p.get("plan") == "adoption" for p in c.of("plan"))
                c.add("ppm-referral", decision + w.days(2, 10), to="adoption" if adoption else "fostering")
                c.add("ppm", decision + w.days(7, 20), type="review")
        first = [x.day for x in c.of("ppm") if s <= x.day < end]
        if not first:
            continue
        c.add("plan-review", add_months(first[0], 6) - w.days(1, 20))
        day = first[0]
        while True:
            day += w.days(28, 41) if w.chance(0.96) else w.days(43, 55)
            if day >= end or (w.as_of - day).days < 20 and w.chance(0.05) or not c.add("monitoring-meeting", day):
                break
    for made, ends in supervision_orders(c):
        c.add("panel", add_months(ends, -4) + w.days(3, 25), panel="legal-planning",
              outcome="supervision order to end; no further application")


PROCEDURES = {"statutory": statutory, "four-panels": four_panels, "permanence-panel": permanence_panel,
              "bcp": bcp, "newham-older-children": newham, "ppm-process": ppm_process}
# Bookings for reasons no rule calls (perm book): an administrator's own list.
BY_HAND = {"four-panels": [("resource", "high-cost"), ("legal-planning", "s20-review")],
           "bcp": [("tracking", "review")], "permanence-panel": [("permanence-panel", "plan")]}


def papers_and_bookings(c: Case) -> None:
    """Papers marked received for every sitting a case was or is at (mostly before the
    deadline; a few late or never), and some recent or coming cases booked by hand."""
    w = c.w
    if c.in_care(w.as_of) and w.chance(0.02) and w.policy in BY_HAND:
        panel, reason = w.rng.choice(BY_HAND[w.policy])
        sitting = w.panels[panel].next_sitting(w.as_of + w.days(1, 20))
        booked = w.as_of - w.days(0, 7)
        if c.add("booking", booked, panel=panel, sitting=sitting, reason=reason):
            c.sittings.append((panel, sitting, reason, booked))
    cases: dict[tuple, list] = {}
    heard: dict[str, date] = {}  # each panel's first hearing: a child who came before brings its minutes
    for x in c.of("panel"):
        heard.setdefault(x.get("panel"), x.day)
    booked = {x.get("sitting") for x in c.of("booking")}
    for panel, sitting, reason, since in c.sittings:
        if (sitting - w.as_of).days <= 21:
            cases.setdefault((panel, sitting), []).append((reason, since))
    for (panel_id, sitting), group in sorted(cases.items()):
        panel = w.panels[panel_id]
        since = min(s for _, s in group)
        came_before = heard.get(panel_id, date.max) < sitting
        papers = []
        for reason, _ in group:
            for paper in panel.papers.get(reason, []) + ([panel.previous_minutes] if came_before and panel.previous_minutes else []):
                if paper not in papers:
                    papers.append(paper)
        deadline = panel.deadline(sitting)
        if (sitting - w.as_of).days >= -56 and w.chance(0.25) and sitting not in booked:
            c.add("booking", max(since, sitting - w.days(4, 14)), panel=panel_id, sitting=sitting,
                  reason=group[0][0] or "")
        for paper in papers:
            if w.chance(0.03):
                continue  # never came
            day = deadline + w.days(1, 3) if w.chance(0.06) else deadline - w.days(0, 5)
            c.add("paperwork", max(day, since), panel=panel_id, sitting=sitting, paper=paper, received="yes")


# -- families, workers and the files ---------------------------------------------------------------------------

class Staff:
    """Workers take about 15 children each and teams about 8 workers. Each chunk of children
    has its own slice of names and team numbers, so no two workers share a name."""

    def __init__(self, seed: int, chunk: int):
        names = _shuffled_pairs(random.Random(f"{seed}:staff"))
        self.names = itertools.islice(names, chunk * NAMES_PER_CHUNK, None)
        self.team_base = chunk * (NAMES_PER_CHUNK // PER_TEAM + 1)
        self.pools: dict[str, dict] = {}

    def assign(self, pool: str, n: int) -> tuple[str, str]:
        p = self.pools.setdefault(pool, {"worker": None, "left": 0, "workers": 0})
        if p["left"] <= 0:
            first, last = next(self.names)
            p["worker"], p["left"] = f"{first} {last}", PER_WORKER
            p["workers"] += 1
        p["left"] -= n
        t = self.team_base + (p["workers"] - 1) // PER_TEAM
        area = AREAS[t % len(AREAS)] + (f" {t // len(AREAS) + 1}" if t >= len(AREAS) else "")
        return p["worker"], f"{pool} {area}"


def _shuffled_pairs(rng: random.Random):
    pairs = [(f, l) for f in dict.fromkeys(FIRST) for l in dict.fromkeys(LAST)]
    rng.shuffle(pairs)
    yield from pairs
    for n in itertools.count(1):  # beyond the lists: middle initials keep names unique
        for f, l in pairs:
            yield f"{f} {chr(65 + n % 26)}{'' if n < 26 else n // 26}.", l


AGES = [(0.05, 1, 6), (1, 5, 14), (5, 10, 18), (10, 16, 38), (16, 17.95, 24)]  # years from, to, share %
CHUNK = 2000  # children per piece of work: pieces run in parallel and are written in order
NAMES_PER_CHUNK = 2 * (CHUNK // PER_WORKER + 4)  # two pools of workers, a few partly filled
_WORLD: World | None = None


def _start(policy: str, as_of: date, seed: int) -> None:
    """Once per process: the calendar and the panels' sittings take a moment to build."""
    global _WORLD
    _WORLD = World(policy, as_of, seed)


def _chunk(task: tuple[int, int, int, int, int]) -> tuple[str, str, int, int]:
    """Children first..last-1 (of n) as CSV text: families until the chunk is full, from a
    random source of the chunk's own, so the files do not depend on how many processes ran."""
    k, first, last, n, seed = task
    w = _WORLD
    w.rng = rng = random.Random(f"{seed}:{w.policy}:{k}")
    w.skipped = 0
    staff = Staff(seed, k)
    width = max(3, len(str(n)))
    procedure = PROCEDURES[w.policy]
    kids, events = io.StringIO(), io.StringIO()
    children = csv.writer(kids, lineterminator="\n")
    number, groups, count = first, 0, 0
    while number < last:
        size = min(1 if rng.random() < 0.8 else rng.choice([2, 2, 2, 3, 3, 4]), last - number)
        lo, hi, _ = rng.choices(AGES, [a[2] for a in AGES])[0]
        eldest = rng.uniform(lo, hi)
        ages = [eldest] + [max(0.05, eldest - 1.5 * i - rng.random()) for i in range(1, size)]
        if size == 1:
            pool = [("court", 45), ("s20", 25), ("pp", 6), ("epo", 4), ("home", 8)]
            if eldest >= 14:
                pool = [("court", 22), ("s20", 42), ("uasc", 16), ("remand", 7), ("pp", 5), ("home", 4)]
            elif eldest >= 12:
                pool += [("remand", 3)]
            path = rng.choices([p for p, _ in pool], [s for _, s in pool])[0]
        else:
            path = rng.choices(["court", "s20", "home"], [65, 25, 10])[0]
        group = ""
        if size > 1:
            groups += 1
            group = f"SG{k * CHUNK + groups}"
        surname = rng.choice(LAST)
        worker, team = staff.assign("Leaving Care" if eldest >= 16 and size == 1 else "Children in Care", size)
        cases = []
        for age in ages:
            number += 1
            case = Case(w, f"C{number:0{width}d}", w.as_of - timedelta(days=int(age * 365.25)), group, path == "uasc")
            case.name = f"{rng.choice(FIRST)} {surname}"
            cases.append(case)
        cases.sort(key=lambda c: c.dob)
        Family(w, cases, path).build()
        for case in cases:
            procedure(case)
            if w.panels:
                papers_and_bookings(case)
            children.writerow([case.ref, case.name, case.dob.isoformat(), worker, team, group,
                               "yes" if case.uasc else ""])
            events.write("".join(f"{case.ref},{e.kind},{e.day.isoformat()}{_details(e.details)}"
                                 for e in case.sorted()))
            count += len(case.events)
    return kids.getvalue(), events.getvalue(), count, w.skipped


def generate(n: int, policy: str, as_of: date, seed: int, out: Path, jobs: int | None = None) -> dict:
    """Write the two files, chunk by chunk, in parallel when there is more than one chunk."""
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(k, first, min(n, first + CHUNK), n, seed) for k, first in enumerate(range(0, n, CHUNK))]
    counts = {"children": n, "events": 0, "skipped": 0}
    with open(out / "children.csv", "w", newline="", encoding="utf-8") as cf, \
            open(out / "events.csv", "w", newline="", encoding="utf-8") as ef:
        cf.write(",".join(CHILD_COLUMNS) + "\n")
        ef.write(",".join(EVENT_COLUMNS) + "\n")
        jobs = min(jobs or os.cpu_count() or 1, len(tasks))
        if jobs == 1:
            _start(policy, as_of, seed)
            results = map(_chunk, tasks)
        else:
            pool = multiprocessing.Pool(jobs, initializer=_start, initargs=(policy, as_of, seed))
            # A few chunks at a time, in order, so finished text never piles up in memory.
            results = (r for i in range(0, len(tasks), 2 * jobs) for r in pool.imap(_chunk, tasks[i:i + 2 * jobs]))
        for kids, events, count, skipped in results:
            cf.write(kids)
            ef.write(events)
            counts["events"] += count
            counts["skipped"] += skipped
        if jobs > 1:
            pool.close()
            pool.join()
    return counts


COLUMN = {name: i for i, name in enumerate(EVENT_COLUMNS[3:])}
_SUFFIXES: dict[tuple, str] = {}


def _details(details: dict) -> str:
    """The detail columns of a row as CSV text (quoted where needed), from the line's end
    back to its date. Most combinations repeat (papers, panels, plain reviews), so they are
    kept: writing rows is most of the work at 100,000 children."""
    key = tuple(details.items())
    text = _SUFFIXES.get(key)
    if text is None:
        row = [""] * len(COLUMN)
        for name, value in details.items():
            row[COLUMN[name]] = value.isoformat() if isinstance(value, date) else value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(["", *row])
        text = out.getvalue()
        if len(_SUFFIXES) < 100_000:
            _SUFFIXES[key] = text
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, required=True, help="how many children")
    parser.add_argument("--policy", choices=POLICIES, default="statutory")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 23),
                        help="the day the histories run up to (YYYY-MM-DD)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder for children.csv and events.csv")
    parser.add_argument("--jobs", type=int, help="processes to use (default: one per CPU); the files are the same")
    args = parser.parse_args(argv)
    started = clock.perf_counter()
    counts = generate(args.children, args.policy, args.as_of, args.seed, args.out, args.jobs)
    print(f"{counts['children']} children, {counts['events']} events ({args.policy}, as of {args.as_of}) "
          f"in {clock.perf_counter() - started:.1f} s -> {args.out} "
          f"({counts['skipped']} planned events left out: the child was not in care that day)", file=sys.stderr)


if __name__ == "__main__":
    main()
