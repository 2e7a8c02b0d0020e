"""Rules of the SSDA903 return's own validation (the DfE's, by their codes) that perm checks
on the rows it keeps. A row that breaks one is still used, as far as perm can use it, and is
reported with a warning naming the rule, so that the council can put its return right at
source. The codes and their meanings are those of the DfE's validator (csc-validator-be-903,
MIT licence), restated here in perm's words; the checks are perm's own.

Durations count days from DECOM to DEC; an episode still open counts to the as-of day, or
to the 18th birthday if that comes first (perm takes the child as still in that legal status
until then, and care ends at 18). Episodes of one legal status that
follow each other without a gap (each starting the day the one before ended) count as one
stretch of it. Ages are completed years on the day (a child born on 29 February has the
birthday on 28 February in common years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator

from .calendar import age_on, birthday
from .intake import Where

# The DfE rules perm warns about, by code: what each asks of the return.
RULES = {
    "148": "DEC (date episode ceased) and REC (reason episode ceased) are both given, or both left empty",
    "358": "a child with legal status J1, J2 or J3 (remanded or detained) should not be under 10",
    "361": "police protection (L1) lasts at most 72 hours (Children Act 1989 s46(6))",
    "362": "an emergency protection order (L2) lasts at most 21 days",
    "363": "a child assessment order (L3) lasts at most 7 days (Children Act 1989 s43(5))",
    "364": "detention under PACE 1984 ss41-46 (J2) lasts at most 21 days",
    "365": "a single short-term break (V3) lasts at most 17 days",
    "380": "a period of care cannot start with a temporary placement (T0-T4): one follows a change "
           "of placement (RNE P or B)",
    "440": "participation code PN0 is for a child under 4 on the day of the review",
    "441": "participation codes PN1-PN7 are for a child of 4 or over on the day of the review",
    "445": "D1 (freeing order) is not a legal status for an episode starting after December 2005",
}

# Legal statuses that may last only so long, over a stretch of episodes: rule, days, name.
STRETCH_LIMITS = {
    "L1": ("361", 3, "police protection (L1)"),
    "L2": ("362", 21, "an emergency protection order (L2)"),
    "L3": ("363", 7, "a child assessment order (L3)"),
    "J2": ("364", 21, "detention under PACE (J2)"),
}
SHORT_BREAK, SHORT_BREAK_DAYS = "V3", 17
UNDER_10 = {"J1", "J2", "J3"}
FREEING_ORDER, FREEING_ORDERS_END = "D1", date(2005, 12, 31)
TEMPORARY_PLACES = {"T0", "T1", "T2", "T3", "T4"}
INTO_TEMPORARY = {"P", "B"}
UNDER_4_CODE, FROM_4_CODES = "PN0", {f"PN{n}" for n in range(1, 8)}


@dataclass(frozen=True)
class Episode:
    """An episode perm keeps, as the rules need it."""

    where: Where
    start: date
    end: date | None  # None while open
    rne: str
    ls: str
    place: str


def episode_warnings(episodes: list[Episode], dob: date, as_of: date) -> Iterator[tuple[Where, str, str]]:
    """(where, rule code, why) for each rule a child's kept episodes break; ``episodes`` in
    date order."""
    until = min(as_of, birthday(dob, 18))  # where an open episode ends
    for episode in episodes:
        if episode.ls in UNDER_10 and age_on(dob, episode.start) < 10:
            yield episode.where, "358", (f"legal status {episode.ls} from {episode.start}, when the child was "
                                         f"{age_on(dob, episode.start)}: under 10")
        if episode.ls == FREEING_ORDER and episode.start > FREEING_ORDERS_END:
            yield episode.where, "445", f"legal status D1 (freeing order) on an episode starting {episode.start}"
        if episode.place in TEMPORARY_PLACES and episode.rne not in INTO_TEMPORARY:
            yield episode.where, "380", (f"temporary placement {episode.place} with RNE {episode.rne or '(empty)'}, "
                                         "not a change of placement (P or B)")
        if episode.ls == SHORT_BREAK:
            days = ((episode.end or until) - episode.start).days
            if days > SHORT_BREAK_DAYS:
                yield episode.where, "365", f"short-term break (V3) of {days} days{_open(episode, until, as_of)}"
    for stretch in _stretches(episodes):
        limit = STRETCH_LIMITS.get(stretch[0].ls)
        if limit is None:
            continue
        code, most, name = limit
        last = stretch[-1]
        days = ((last.end or until) - stretch[0].start).days
        if days > most:
            span = f"from {stretch[0].start}" + (f" to {last.end}" if last.end else "")
            why = f"{name} {span}: {days} days{_open(last, until, as_of)}"
            for episode in stretch:
                yield episode.where, code, why


def _stretches(episodes: list[Episode]) -> Iterator[list[Episode]]:
    """Runs of episodes in one legal status, each starting the day the one before ended."""
    run: list[Episode] = []
    for episode in episodes:
        if run and not (episode.ls == run[-1].ls and run[-1].end == episode.start):
            yield run
            run = []
        run.append(episode)
    if run:
        yield run


def _open(episode: Episode, until: date, as_of: date) -> str:
    if episode.end is not None:
        return ""
    return f" (still open: counted to the as-of day {as_of})" if until == as_of else f" (still open: counted to the 18th birthday {until})"


def review_warning(dob: date, day: date, code: str) -> tuple[str, str] | None:
    """(rule code, why) when a review's participation code does not fit the child's age."""
    code = code.strip().upper()
    age = age_on(dob, day)
    if code == UNDER_4_CODE and age >= 4:
        return "440", f"participation code PN0 (under 4) but the child was {age} on {day}"
    if code in FROM_4_CODES and age < 4:
        return "441", f"participation code {code} (4 or over) but the child was {age} on {day}"
    return None
