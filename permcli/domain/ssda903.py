"""The SSDA903 return (children looked after, England) as perm events.

- header: each child (CHILD, DOB). The return has no names; nothing else is kept (sex,
  ethnicity and UPN are not needed to work out what is due).
- episodes: RNE "S" starts a period of care. A child's first episode in the file starts one
  too, from its DECOM, whatever its RNE: when RNE is not "S" the care began before, perhaps
  before the return's year, and the import says so (``Intake.continued``).
  A change of legal status becomes a court order (C1 interim care order, C2 care order,
  D1/E1 placement order) or a change of legal status; a change of placement a placement
  start. REC "X1" means the next episode carries on the period; any other REC ("E..")
  ends it on DEC. An episode with a REC but no DEC is kept as an open episode (the child is
  still looked after), with a warning (DfE rule 148). A DEC without a REC, and a new
  episode after care ended whose RNE is not "S", are refused, as the return's own
  validation refuses them (rules 148 and 432).
- reviews: a LAC review on REVIEW. placed_for_adoption: placed for adoption on DATE_PLACED.
  A review or placement refused because the child is not looked after then, dated before
  the child's first episode in the file, is reported as such: it may belong to care the
  file does not show.
  uasc: the child is an unaccompanied asylum-seeking child.

Dates are DD/MM/YYYY. Every row that cannot be used is reported with its file, line and
why; everything else is kept, and a kept row that breaks a DfE rule perm checks
(ssda903_rules) is reported with a warning naming the rule.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator, Sequence

from .errors import PermError
from .intake import Candidate, Intake, Row, Where
from .ssda903_rules import Episode, episode_warnings, review_warning
from .timeline import Child

HEADER = ("CHILD", "DOB")
EPISODES = ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC")
REVIEWS = ("CHILD", "REVIEW")
PLACED = ("CHILD", "DATE_PLACED")
UASC = ("CHILD",)

LEGAL_STATUS = {
    "V2": "s20", "V3": "s20", "V4": "s20",
    "C1": "ico", "C2": "care-order",
    "D1": "placement-order", "E1": "placement-order",
    "L1": "police-protection", "L2": "epo", "L3": "epo",
    "J1": "remand", "J2": "remand", "J3": "remand",
}
ORDER_FOR = {"C1": "ico", "C2": "care", "D1": "placement", "E1": "placement"}
PLACEMENT = {
    **{code: "connected-person" for code in ("U1", "U2", "U3")},
    **{code: "foster" for code in ("U4", "U5", "U6")},
    **{code: "adoption" for code in ("A3", "A4", "A5", "A6")},
    "K2": "residential", "R1": "residential", "S1": "residential",
    "K1": "secure", "R5": "secure",
    "P1": "placed-with-parents",
    "H5": "semi-independent", "P2": "semi-independent",
}
NEW_EPISODE = {"S", "L", "P", "T", "B", "U"}
PLACEMENT_CHANGES = {"P", "T", "B", "U"}
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def parse_903_date(text: str, column: str) -> date:
    """DD/MM/YYYY (also as Excel writes it, with a time of 00:00, or as YYYY-MM-DD)."""
    value = (text or "").strip()
    if not value:
        raise PermError(f"{column} is empty")
    if value.isdigit() and len(value) == 5:
        raise PermError(f"{column} {value} is an Excel serial number: save dates as DD/MM/YYYY")
    match = _DATE.match(value)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None:
        iso = _ISO.match(value)
        parts = iso.groups() if iso else None
    if parts is None:
        raise PermError(f"{column} {value[:20]!r} is not a date as DD/MM/YYYY")
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise PermError(f"{column} {value} is not a real date") from None


def read(
    header: tuple[str, Sequence[Row]],
    episodes: tuple[str, Sequence[Row]],
    reviews: tuple[str, Sequence[Row]],
    placed: tuple[str, Sequence[Row]] | None,
    uasc: tuple[str, Sequence[Row]] | None,
    as_of: date,
) -> Intake:
    """Children and events from the files' rows (file name, rows), every row that cannot
    be used, and the kept rows that break a DfE rule."""
    intake = Intake()
    dobs = _children(intake, *header, as_of)
    if uasc:
        _uasc(intake, *uasc, dobs)
    first = _episodes(intake, *episodes, dobs, as_of)
    _simple(intake, *reviews, dobs, first, as_of, "REVIEW", "review")
    if placed:
        _simple(intake, *placed, dobs, first, as_of, "DATE_PLACED", "placed-for-adoption")
    return intake


def _usable_rows(
    intake: Intake, name: str, rows: Sequence[Row], dobs: dict[str, date] | None
) -> Iterator[tuple[Row, str, Where]]:
    """Each row of a file that can be used at all, with its child's ID and where it is;
    every row is counted, and each other row is reported: a repeat of an earlier line, a
    malformed line, an empty CHILD, a child not in the header file (``dobs``)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        intake.rows[name] += 1
        where = Where(name, row.line)
        key = tuple(sorted(row.values.items()))
        if key in seen:
            intake.reject(where, row.values.get("CHILD"), f"duplicate of line {seen[key]}", "a duplicate of an earlier line")
            continue
        seen[key] = row.line
        child = row.values.get("CHILD", "").strip()
        if row.problem:
            intake.reject(where, child or None, row.problem, "the line does not have the header's columns")
        elif not child:
            intake.reject(where, None, "CHILD is empty")
        elif dobs is not None and child not in dobs:
            intake.reject(where, child, "the child is not in the header file (or its header row was rejected)",
                          "the child is not in the header file")
        else:
            yield row, child, where


class _BadDate(Exception):
    """A date of the return perm cannot read: why (for the row), and the reason it counts
    under (the same for every row: the column is empty, or not a date)."""

    def __init__(self, why: str, reason: str):
        super().__init__(why)
        self.why, self.reason = why, reason


def _date(text: str, column: str) -> date:
    try:
        return parse_903_date(text, column)
    except PermError as exc:
        empty = not (text or "").strip()
        raise _BadDate(str(exc), f"{column} is empty" if empty else f"{column} is not a date as DD/MM/YYYY") from None


def _children(intake: Intake, name: str, rows: Sequence[Row], as_of: date) -> dict[str, date]:
    from .children import clean_ref

    dobs: dict[str, date] = {}
    first: dict[str, int] = {}
    for row, child, where in _usable_rows(intake, name, rows, None):
        try:
            ref = clean_ref(child)
            dob = parse_903_date(row.values.get("DOB", ""), "DOB")
        except PermError as exc:
            # The message may hold the date: say only which column is wrong.
            why = "DOB is not a real date as DD/MM/YYYY" if str(exc).startswith("DOB") else str(exc)
            intake.reject(where, child, why)
            continue
        if dob > as_of:
            intake.reject(where, child, "DOB is after the as-of day")
            continue
        if ref in first:
            intake.reject(where, child, f"the child is also on line {first[ref]}", "the child is also on an earlier line")
            continue
        first[ref] = row.line
        dobs[ref] = dob
        intake.children.append((Child(ref=ref, dob=dob, name=""), where))
    return dobs


def _uasc(intake: Intake, name: str, rows: Sequence[Row], dobs: dict[str, date]) -> None:
    for _, child, where in _usable_rows(intake, name, rows, dobs):
        intake.uasc[child] = where


def _simple(intake: Intake, name: str, rows: Sequence[Row], dobs: dict[str, date], first: dict[str, tuple[date, int]],
            as_of: date, column: str, kind: str) -> None:
    """Reviews or placements for adoption: one event a row, on the day in ``column``.
    ``first``: each child's first episode in the file (DECOM, line)."""
    what = "review" if kind == "review" else "placement for adoption"
    for row, child, where in _usable_rows(intake, name, rows, dobs):
        if "DOB" in row.values and row.values["DOB"]:
            try:
                if parse_903_date(row.values["DOB"], "DOB") != dobs[child]:
                    intake.reject(where, child, "DOB does not match the header file")
                    continue
            except PermError:
                intake.reject(where, child, "DOB is not a real date as DD/MM/YYYY")
                continue
        try:
            day = _date(row.values.get(column, ""), column)
        except _BadDate as exc:
            intake.reject(where, child, exc.why, exc.reason)
            continue
        if day > as_of:
            intake.reject(where, child, f"{day} is after the as-of day {as_of}", f"{column} is after the as-of day")
            continue
        if day < dobs[child]:
            intake.reject(where, child, f"{day} is before the child's date of birth", f"{column} is before the child's date of birth")
            continue
        if child not in first:
            outside = ("the child has no episode in this file",
                       f"{what} on {day}, but the child has no episode in this file: it may belong to care the file does not show")
        elif day < first[child][0]:
            outside = ("before the first episode in this file",
                       f"{what} on {day}, before the first episode in this file ({first[child][0]}, line {first[child][1]}): "
                       "it may belong to care the file does not show")
        else:
            outside = None
        intake.events.append(Candidate(child, kind, day, {}, where, outside_care=outside))
        if kind == "review":
            warning = review_warning(dobs[child], day, row.values.get("REVIEW_CODE", ""))
            if warning:
                intake.warn(where, child, *warning)


def _episodes(intake: Intake, name: str, rows: Sequence[Row], dobs: dict[str, date], as_of: date) -> dict[str, tuple[date, int]]:
    """The episodes' events; returns each child's first episode in the file (DECOM, line)."""
    by_child: dict[str, list[tuple[date, Row]]] = {}
    for row, child, where in _usable_rows(intake, name, rows, dobs):
        try:
            start = _date(row.values.get("DECOM", ""), "DECOM")
        except _BadDate as exc:
            intake.reject(where, child, exc.why, exc.reason)
            continue
        by_child.setdefault(child, []).append((start, row))
    first: dict[str, tuple[date, int]] = {}
    for child, episodes in by_child.items():
        episodes.sort(key=lambda e: (e[0], e[1].line))
        first[child] = (episodes[0][0], episodes[0][1].line)
        kept = _child_episodes(intake, name, child, episodes, dobs[child], as_of)
        for where, code, why in episode_warnings(kept, dobs[child], as_of):
            intake.warn(where, child, code, why)
    return first


def _problem(v: dict[str, str], start: date, end: date | None, dob: date, as_of: date,
             previous: tuple[int, date | None, str] | None) -> tuple[str, str] | None:
    """Why an episode cannot be used, as (reason, why), or None."""
    rne, ls, rec = v.get("RNE", "").upper(), v.get("LS", "").upper(), v.get("REC", "").upper()
    if rne not in NEW_EPISODE:
        return "RNE is not a reason for a new episode", f"RNE {rne or '(empty)'!r} is not a reason for a new episode (S, L, P, T, B, U)"
    if ls not in LEGAL_STATUS:
        return "a legal status perm does not track", f"legal status {ls or '(empty)'!r} is not one perm tracks"
    if end is not None and end < start:
        return "DEC is before DECOM", f"DEC {end} is before DECOM {start}"
    if end is not None and not rec:
        return "DEC is given but REC is empty (DfE rule 148)", "DEC is given but REC (why the episode ended) is empty"
    if previous is not None and previous[1] is None:
        return "starts while an earlier episode is still open", f"starts while the episode on line {previous[0]} is still open"
    if previous is not None and previous[1] > start:
        return "overlaps an earlier episode", f"overlaps the episode on line {previous[0]}, which ended {previous[1]}"
    if start > as_of or (end and end > as_of):
        return "dates after the as-of day", f"dates after the as-of day {as_of}"
    if start < dob:
        return "DECOM is before the child's date of birth", f"DECOM {start} is before the child's date of birth"
    if previous is not None and previous[2] != "X1" and rne != "S":
        return ("care had ended, but RNE is not S (DfE rule 432)",
                f"the child stopped being looked after on line {previous[0]}, but RNE is {rne}, not S")
    return None


def _child_episodes(intake: Intake, name: str, child: str, episodes, dob: date, as_of: date) -> list[Episode]:
    """One child's episodes, in date order, as events; returns the episodes kept."""
    in_care = False
    status = place = None
    previous: tuple[int, date | None, str] | None = None  # line, DEC, REC of the last used episode
    kept: list[Episode] = []
    for start, row in episodes:
        where = Where(name, row.line)
        v = row.values
        rne, ls, rec = v.get("RNE", "").upper(), v.get("LS", "").upper(), v.get("REC", "").upper()
        try:
            end = _date(v["DEC"], "DEC") if v.get("DEC") else None
        except _BadDate as exc:
            intake.reject(where, child, exc.why, exc.reason)
            continue
        problem = _problem(v, start, end, dob, as_of, previous)
        if problem:
            intake.reject(where, child, problem[1], problem[0])
            continue
        if end is None and rec:
            intake.warn(where, child, "148", f"REC {rec} is given but DEC is empty: kept as an open episode "
                                             "(the child is taken as still looked after)")
            rec = ""
        new_place = PLACEMENT.get(v.get("PLACE", "").upper(), "other")
        before = len(intake.events)
        if not in_care:
            details = {"legal_status": LEGAL_STATUS[ls], "placement": new_place}
            intake.events.append(Candidate(child, "looked-after", start, details, where))
            if previous is None and rne != "S":
                intake.continued.append((where, child))
            in_care = True
        else:
            if ls != status:
                if ls in ORDER_FOR:
                    intake.events.append(Candidate(child, "order", start, {"type": ORDER_FOR[ls]}, where))
                else:
                    intake.events.append(Candidate(child, "legal-status", start, {"status": LEGAL_STATUS[ls]}, where))
            if rne in PLACEMENT_CHANGES or new_place != place:
                intake.events.append(Candidate(child, "placement-start", start, {"type": new_place}, where))
        status, place = ls, new_place
        if end is not None and rec != "X1":
            intake.events.append(Candidate(child, "ceased", end, {"reason": f"SSDA903 REC {rec}"}, where))
            in_care = False
        if len(intake.events) == before:
            intake.carried.append((where, child))
        previous = (row.line, end, rec)
        kept.append(Episode(where, start, end, rne, ls, v.get("PLACE", "").strip().upper()))
    return kept
