"""What can happen to a child: the event kinds perm records, and their details.

The CLI builds ``perm record KIND`` from this table, the loaders read CSV columns by these
field names, and the rule engine matches events by kind and details. One table, one truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from .errors import PermError
from .text import clean_text

LEGAL_STATUSES = (
    "s20",
    "ico",
    "care-order",
    "police-protection",
    "epo",
    "placement-order",
    "remand",
)
ORDER_TYPES = ("ico", "care", "placement", "sgo", "cao", "supervision", "adoption", "no-order")
PLAN_TYPES = (
    "reunification",
    "connected-person",
    "sgo",
    "cao",
    "adoption",
    "long-term-fostering",
    "residential",
    "independence",
)
PLACEMENT_TYPES = (
    "foster",
    "connected-person",
    "residential",
    "semi-independent",
    "placed-with-parents",
    "adoption",
    "secure",
    "other",
)
PPM_TYPES = ("initial", "review")
# Orders that end care proceedings (Children Act 1989 s32; procedures.md rule proceedings-end).
FINAL_ORDERS = ("care", "placement", "sgo", "cao", "supervision", "no-order")
# An order changes the legal status of a looked-after child.
STATUS_FROM_ORDER = {"ico": "ico", "care": "care-order", "placement": "placement-order"}


@dataclass(frozen=True)
class Field:
    name: str
    help: str
    type: str = "text"  # text | date | choice | flag
    choices: tuple[str, ...] = ()
    required: bool = False
    on_or_after_event: bool = False  # a date detail that cannot be before the event itself

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    help: str
    fields: tuple[Field, ...] = ()
    needs_care: bool = False
    primary: str | None = None  # the detail a "kind:value" matcher compares
    required_when: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    own_command: bool = False  # recorded by its own command (perm book, perm paperwork), not perm record
    # Not recorded by anyone: perm puts it in a child's timeline (the 18th birthday ends care).
    synthetic: bool = False

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def before_birth(self) -> bool:
        """Whether it can happen before the child is born: pre-birth planning (seed 001's
        unborn babies at panel; seed 002's PPMs during a pre-birth assessment)."""
        return self.name in BEFORE_BIRTH


BEFORE_BIRTH = frozenset({
    "ppm", "plo-start", "plo-end", "fgc-referral", "fgc", "care-decision", "legal-planning-meeting",
    "permanence-decision", "ppm-referral", "panel", "booking", "paperwork", "minutes",
})
# The synthetic events perm puts in a timeline, by kind.
TURNED_18 = "turned-18"
SUPPORT_ENDS = "support-ends"


_DATE_HELP = "YYYY-MM-DD"
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "looked-after",
            "Became looked after",
            "The child became looked after: a period of care starts.",
            (
                Field("legal_status", "Legal status: " + ", ".join(LEGAL_STATUSES), "choice", LEGAL_STATUSES, True),
                Field("placement", "First placement type: " + ", ".join(PLACEMENT_TYPES), "choice", PLACEMENT_TYPES),
                Field("agreed_end", "For s20: the day the accommodation was agreed to end (" + _DATE_HELP + ")", "date", on_or_after_event=True),
            ),
            primary="legal_status",
        ),
        Kind(
            "ceased",
            "Ceased to be looked after",
            "The child ceased to be looked after: the period of care ends.",
            (Field("reason", "Why care ended (free text, no names)"),),
            needs_care=True,
        ),
        Kind(
            "review",
            "LAC review held",
            "A looked-after child (LAC/CiC) review was held.",
            (Field("rehab_uncertain", "The review found a return home uncertain", "flag"),),
            needs_care=True,
        ),
        Kind(
            "ppm",
            "Permanence planning meeting held",
            "A permanence planning meeting (PPM) was held.",
            (
                Field("type", "initial or review", "choice", PPM_TYPES),
                Field("plan_changed", "The meeting changed the care plan from the last review's", "flag"),
            ),
            primary="type",
        ),
        Kind(
            "plan",
            "Permanence plan agreed",
            "A permanence plan was agreed (normally at a LAC review).",
            (Field("plan", "Plan: " + ", ".join(PLAN_TYPES), "choice", PLAN_TYPES, True),),
            primary="plan",
        ),
        Kind("plo-start", "PLO pre-proceedings started", "Public Law Outline pre-proceedings started."),
        Kind(
            "plo-end",
            "PLO pre-proceedings ended",
            "Pre-proceedings ended without care proceedings being issued.",
        ),
        Kind("proceedings-issued", "Care proceedings issued", "Care proceedings were issued."),
        Kind("cmh", "Case management hearing", "The case management hearing (CMH) was held."),
        Kind(
            "proceedings-withdrawn",
            "Care proceedings withdrawn",
            "Care proceedings were withdrawn (they end without a final order).",
        ),
        Kind(
            "order",
            "Court order made",
            "A court order was made.",
            (
                Field("type", "Order: " + ", ".join(ORDER_TYPES), "choice", ORDER_TYPES, True),
                Field("end_date", "When a supervision order ends (" + _DATE_HELP + ")", "date"),
            ),
            primary="type",
            required_when={"end_date": ("type", "supervision")},
        ),
        Kind(
            "placed-for-adoption",
            "Placed for adoption",
            "The child was placed with prospective adopters.",
            needs_care=True,
        ),
        Kind(
            "adoption-review",
            "Adoption review held",
            "A review under the Adoption Agencies Regulations 2005 reg 36 was held.",
            needs_care=True,
        ),
        Kind(
            "panel",
            "Heard at panel",
            "The child's case was heard at a panel.",
            (
                Field("panel", "The panel's ID in the policy", "text", (), True),
                Field("outcome", "The panel's decision (free text, no names)"),
                Field("reason", "The reason for attending, as the panel's reason ID (see perm policy show)"),
            ),
            primary="panel",
        ),
        Kind(
            "staying-put",
            "Staying Put discussed",
            "Staying Put was raised with the foster carer.",
            needs_care=True,
        ),
        Kind(
            "pathway-plan",
            "Pathway plan completed",
            # Care leavers keep a pathway plan after care ends: its reviews are recorded so too.
            "The needs assessment and pathway plan were completed, or the pathway plan was reviewed.",
        ),
        Kind(
            "placement-start",
            "Placement started",
            "The child moved to a new placement.",
            (Field("type", "Placement: " + ", ".join(PLACEMENT_TYPES), "choice", PLACEMENT_TYPES, True),),
            needs_care=True,
            primary="type",
        ),
        Kind(
            "placement-end",
            "Placement ended",
            "The child's placement ended.",
            (
                Field("disrupted", "The placement ended unplanned (a disruption)", "flag"),
                Field("permanent", "The placement had been agreed as the child's permanent home", "flag"),
            ),
            needs_care=True,
        ),
        Kind(
            "legal-status",
            "Legal status changed",
            "The legal status changed without a court order (e.g. police protection to s20).",
            (Field("status", "New legal status: " + ", ".join(LEGAL_STATUSES), "choice", LEGAL_STATUSES, True),),
            needs_care=True,
            primary="status",
        ),
        Kind(
            "minutes",
            "Minutes or record sent",
            "The minutes or record of a meeting or panel were signed off, sent or put on file.",
            (Field("meeting", "Which meeting: a panel's ID, or ppm", "text", (), True),),
            primary="meeting",
        ),
        Kind("interim-plan", "Interim care plan confirmed", "The practice lead and social worker confirmed the interim care plan (supervision note).", needs_care=True),
        Kind("review-booked", "LAC review booked", "The LAC review was booked with the reviewing service.", needs_care=True),
        Kind("fgc-referral", "FGC referral made", "A referral for a Family Group Conference was made."),
        Kind("fgc", "Family Group Conference held", "A Family Group Conference or family network meeting was held."),
        Kind("care-decision", "Decision to enter care", "The decision for the child to enter care was approved."),
        Kind("legal-planning-meeting", "Legal planning meeting held", "A legal planning meeting was held."),
        Kind(
            "final-hearing-listed",
            "Final hearing listed",
            "The court listed the final hearing of care proceedings.",
            (Field("hearing_date", "The day of the final hearing (" + _DATE_HELP + ")", "date", (), True, True),),
        ),
        Kind(
            "final-evidence-set",
            "Final evidence date set",
            "The court set the date for filing the final evidence and care plan.",
            (Field("filing_date", "The day final evidence is to be filed (" + _DATE_HELP + ")", "date", (), True, True),),
        ),
        Kind("permanence-decision", "Decision to pursue permanence", "A decision was made to pursue a permanent placement."),
        Kind(
            "ppm-referral",
            "PPM referral sent",
            "The permanence planning meeting referral was sent to the Adoption or Fostering team manager.",
            (Field("to", "adoption or fostering", "choice", ("adoption", "fostering")),),
            primary="to",
        ),
        Kind("monitoring-meeting", "Permanence monitoring meeting held", "The Permanence Monitoring Group met."),
        Kind("plan-review", "Permanence plan review held", "The six-monthly Permanence Plan Review was held."),
        Kind("together-apart", "Together and Apart assessment done", "The Together and Apart sibling assessment was recorded."),
        Kind("sgo-support-review", "SGO support plan reviewed", "The special guardianship support plan was reviewed."),
        Kind(
            "personal-adviser",
            "Personal adviser appointed",
            "A personal adviser was appointed for the young person (an eligible, relevant or former relevant child).",
        ),
        Kind(
            "support-to-25",
            "Asked for support to 25",
            "The care leaver asked for a personal adviser (and pathway planning) up to the age of 25.",
        ),
        Kind(
            TURNED_18,
            "18th birthday: care ended",
            "A child is a person under 18 (Children Act 1989 s105(1)): care ends on the 18th birthday.",
            own_command=True,
            synthetic=True,
        ),
        Kind(
            SUPPORT_ENDS,
            "Care leaver support ended",
            "Personal adviser support ends at 21, or at 25 where the young person asked for it.",
            own_command=True,
            synthetic=True,
        ),
        Kind(
            "booking",
            "Booked for panel",
            "The child's case was booked for a panel sitting.",
            (
                Field("panel", "The panel's ID", "text", (), True),
                Field("sitting", "The sitting (" + _DATE_HELP + ")", "date", (), True, True),
                Field("reason", "The reason for attending, as the panel's reason ID"),
            ),
            primary="panel",
            own_command=True,
        ),
        Kind(
            "paperwork",
            "Paperwork for panel",
            "A paper for a panel sitting was received (or found missing after all).",
            (
                Field("panel", "The panel's ID", "text", (), True),
                Field("sitting", "The sitting (" + _DATE_HELP + ")", "date", (), True),
                Field("paper", "The paper, as the panel's list names it", "text", (), True),
                Field("received", "Received (yes) or not received after all (no)", "flag"),
            ),
            primary="panel",
            own_command=True,
        ),
    )
}


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise PermError(f"unknown event kind {name!r}; known kinds: {', '.join(KINDS)}") from None


# The days perm computes with. Dates of birth start in 1900, and deadlines, retention
# (75 years from birth) and sittings reach decades ahead; a year such as 0001 or 9999 is a
# slip of the keyboard, and date arithmetic near either end of Python's calendar overflows.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
# The largest ID SQLite and PostgreSQL can compare with (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def parse_date(text: Any, what: str = "date", *, bounded: bool = True) -> date:
    """An ISO date from FIRST_DAY to LAST_DAY, or a clear error naming what was wrong.
    ``bounded=False`` leaves the range to the caller (a date of birth has its own message)."""
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or not text.strip():
        raise PermError(f"{what}: expected a date as YYYY-MM-DD")
    value = text.strip()
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise PermError(f"{what}: {_shown(value)} is not a date as YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        shown = value if value.isprintable() else _shown(value)
        raise PermError(f"{what}: {shown} is not a real date") from None
    if bounded and not FIRST_DAY <= day <= LAST_DAY:
        raise PermError(f"{what}: {value} is outside the days perm works with ({FIRST_DAY} to {LAST_DAY})")
    return day


def event_id(value: Any, what: str) -> int:
    """An event ID: a whole number from 1 to MAX_ID, given as a number or as text. A bigger
    one would overflow the database's integers, so it is refused before any query."""
    number = None
    digits = value.strip() if isinstance(value, str) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif digits.isascii() and digits.isdecimal() and len(digits) <= 20:  # int() of 5000 digits raises
        number = int(digits)
    if number is None or not 1 <= number <= MAX_ID:
        shown = _shown(value) if isinstance(value, str) else str(value)[:40]
        raise PermError(f"{what}: {shown} is not an event ID (a whole number from 1 to {MAX_ID})")
    return number


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")


def clean_details(kind_name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the details of an event of ``kind_name``; dates become ``date`` objects.

    Unknown details, missing required ones and values outside a choice are errors.
    """
    k = kind(kind_name)
    details: dict[str, Any] = {}
    for name, value in raw.items():
        f = k.field(name)
        if f is None:
            raise PermError(f"{kind_name}: unknown detail {name!r}")
        if value is None or value == "":
            continue
        if f.type == "date":
            details[name] = parse_date(value, f.option)
        elif f.type == "choice":
            text = str(value).strip().lower()
            if text not in f.choices:
                raise PermError(
                    f"{f.option}: {_shown(str(value))} is not one of {', '.join(f.choices)}"
                )
            details[name] = text
        elif f.type == "flag":
            details[name] = _flag(value, f.option)
        else:
            text = clean_text(value, f.option, limit=500)
            if text:
                details[name] = text
    for f in k.fields:
        if f.type == "flag":
            details.setdefault(f.name, False)  # stored either way, so rules can match "no"
        elif f.required and f.name not in details:
            raise PermError(f"{kind_name}: {f.option} is required")
    for name, (other, value) in k.required_when.items():
        if details.get(other) == value and name not in details:
            raise PermError(f"{kind_name} {value}: {k.field(name).option} is required")
    return details


def _flag(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise PermError(f"{what}: expected yes or no, got {_shown(str(value))}")


def details_to_json(details: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}


def details_from_json(kind_name: str, stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """Stored details back to domain values (dates parsed). Trusts what was validated."""
    if not stored:
        return {}
    k = KINDS.get(kind_name)
    out = dict(stored)
    if k is not None:
        for f in k.fields:
            if f.type == "date" and isinstance(out.get(f.name), str):
                out[f.name] = date.fromisoformat(out[f.name])
    return out


def check_event(child_ref: str, dob: date | None, kind_name: str, day: date, raw: Mapping[str, Any], as_of: date,
                before_birth: bool = False) -> tuple[Kind, dict[str, Any]]:
    """Everything about one new event that can be checked without its history.

    Events are recorded once they have happened, so a day after ``as_of`` is refused; so
    is a day before the child was born (the message does not repeat the birth date), unless
    the child was recorded before birth (``before_birth``) and the event is pre-birth
    planning. A child not born yet has only such events.
    """
    spec = kind(kind_name)
    if spec.synthetic:
        raise PermError(f"{spec.name} is not recorded: perm works it out ({spec.help})")
    if day > as_of:
        raise PermError(f"--date: {day} is after {as_of}; record events once they have happened")
    if dob is None and not spec.before_birth:
        raise PermError(f"{child_ref} is not born yet: record the birth first (perm record born {child_ref} --date D)")
    if dob is not None and day < dob and not (before_birth and spec.before_birth):
        raise PermError(f"{child_ref}: {spec.title} on {day} is before the child's date of birth")
    details = clean_details(spec.name, raw)
    end = details.get("end_date")
    if end is not None and end <= day:
        raise PermError(f"--end-date: {end} is not after the order was made on {day}")
    for f in spec.fields:
        value = details.get(f.name)
        if f.on_or_after_event and value is not None and value < day:
            raise PermError(f"{f.option}: {value} is before the event itself ({day})")
    return spec, details
