"""The four-panels policy (seed 001, procedures.md section 4.2) walked by hand.

Every expected date below was worked out by hand, never copied from perm:

- Panels: Legal Planning and New Admissions every Tuesday, Court Progression and Permanency
  every Thursday, Resource every Monday; a sitting on a bank holiday does not happen.
- Papers are due 2 working days before a sitting (the policy's default): for a Tuesday the
  Friday before, for a Thursday the Tuesday, for a Monday the Thursday before, bank holidays
  skipped.
- "The next sitting" (new admissions, police protection, placements) is the first sitting
  on or after the trigger whose paperwork deadline is not before the trigger.
- A case is placed at the first sitting on or after the rule's earliest day whose deadline
  is not before the trigger, and no later than the due date; it stays there as the days go
  by (late papers are overdue items), unless it is booked by hand to another sitting.
- PLO week 6 / week 12: due start + 42 / + 84 days, heard from day 36 / day 78 (the one
  sitting in the week up to the point). Beyond 12 weeks: every 4 weeks from the last
  review, heard from day 22. UASC: heard from day 42, due the end of week 7 (day 48).
  s20 extension: due the agreed end date, heard from 14 days before it. Checkpoint 1: due
  CMH + 14 days. Checkpoint 2: due filing date - 21 days, heard from filing date - 27
  days; until a date is set, week 11 of proceedings (issue + 76 days), heard from day 70.
  Checkpoint 1 is heard from CMH + 7 days, so the CMO can be among the papers.
  Permanency Panel: due by review 2, heard from 3 calendar months after care began.
  Supervision order: due end date - 3 months, heard from end date - 4 months.

Bank holidays used (England and Wales): 2026: Fri 3 Apr, Mon 6 Apr (Easter Monday), Mon 4
May, Mon 25 May, Mon 31 Aug, Fri 25 Dec, Mon 28 Dec (Boxing Day substitute); 2027: Fri 1
Jan, Mon 27 Dec and Tue 28 Dec (Christmas and Boxing Day substitutes); 2028: Mon 3 Jan (New
Year's Day substitute).
"""

from __future__ import annotations

import re

import pytest
from conftest import STATUTORY_RULES, d, history, items_of

from permcli.app import policies
from permcli.domain.engine import DONE, LATE, OPEN, STOPPED, History, derive

POLICY = "four-panels"
LOCAL = (
    "legal-new-admission",
    "legal-plo-week-6",
    "legal-plo-week-12",
    "legal-plo-beyond-12",
    "legal-uasc-6-weeks",
    "legal-s20-extension",
    "legal-pp-return",
    "legal-supervision-expiry",
    "court-checkpoint-1",
    "court-checkpoint-2",
    "permanency-before-review-2",
    "resource-new-placement",
)
PANEL_OF = {
    "legal-new-admission": ("legal-planning", "new-admission"),
    "legal-plo-week-6": ("legal-planning", "plo-week-6"),
    "legal-plo-week-12": ("legal-planning", "plo-week-12-and-beyond"),
    "legal-plo-beyond-12": ("legal-planning", "plo-week-12-and-beyond"),
    "legal-uasc-6-weeks": ("legal-planning", "uasc-6-weeks"),
    "legal-s20-extension": ("legal-planning", "s20-extension"),
    "legal-pp-return": ("legal-planning", "police-protection"),
    "legal-supervision-expiry": ("legal-planning", "supervision-order-review"),
    "court-checkpoint-1": ("court-progression", "checkpoint-1"),
    "court-checkpoint-2": ("court-progression", "checkpoint-2"),
    "permanency-before-review-2": ("permanency", "all-cases"),
    "resource-new-placement": ("resource", "all-cases"),
}

MINUTES = "Minutes from attendance at panel previously"
CP1_MINUTES = "Any minutes from attendance at panel for checkpoint 1"
ADMISSION_FORM = "Admission to care form, to include case summary and proposed plan"

# Seed 001's paperwork, typed from the seed (its "Paperwork Required" lists and the tables
# at its end, merged where both list a heading): panel, reason -> (title, papers). The
# minutes of an earlier attendance are added by perm when the child came before, so they
# are not here, except where the seed asks for them unconditionally (s20 extension).
SEED_PAPERS = {
    ("legal-planning", "new-admission"): ("Request for new admission to care", [ADMISSION_FORM]),
    ("legal-planning", "emergency-admission"): ("Review emergency admission to care", [ADMISSION_FORM]),
    ("legal-planning", "police-protection"): ("Review Police Protection", [
        ADMISSION_FORM,
        "Case summary to include proposed plan (for children who have not remained in care following PP being taken)",
    ]),
    ("legal-planning", "s20-extension"): ("Request to extend current Section 20 approval", [
        "Case summary to include proposed plan",
        "Latest LAC review minutes",
        "Current care plan",
        "Any reports and assessments completed",
        MINUTES,
    ]),
    ("legal-planning", "uasc-6-weeks"): ("UASC in care over 6 week period", [ADMISSION_FORM]),
    ("legal-planning", "relinquished-baby"): ("Relinquished baby", [ADMISSION_FORM]),
    ("legal-planning", "care-supervision-order"): ("Legal planning meeting: Care / Supervision Order", [
        "Draft SWET (whole form)",
        "Any assessments and other reports prepared to date",
        "Draft Letter before Proceedings or draft immediate issue letter",
        "Suggested action plan, to include details of any further assessments required (if relevant)",
        "Parenting Assessment Plan",
    ]),
    ("legal-planning", "discharge-care-order"): ("Legal planning meeting: Discharge care order", [
        "Initial draft statement",
        "Updated care plan",
        "Copy of the final child in need plan to detail the action taken to date, whether any on-going "
        "monitoring is required and what the step down process will be",
    ]),
    ("legal-planning", "section-37"): ("Legal planning meeting: Section 37", ["Draft Section 37 report"]),
    ("legal-planning", "s20-review"): ("Legal planning meeting: Section 20 – review of status", [
        "Admission to care form agreed at the point of coming into care",
        "Updated case summary to include actions taken to date and proposed steps to return the child home",
        "Latest LAC review minutes",
        "Current care plan",
        "Any assessments completed",
    ]),
    ("legal-planning", "supervision-order-review"): ("Review of Supervision Order (expire or extend)", [
        "Case summary outlining progress made under the supervision order and the action taken to date, "
        "whether any on-going monitoring is required, what the step down process will be, and the "
        "recommendation on whether the order can expire or an application to extend it is to be considered",
        "Final Order and any documents to inform a discussion",
        "If seeking approval for the order to expire: child in need plan; if seeking an application to "
        "extend the order: draft initial statement and updated care plan",
    ]),
    ("legal-planning", "secure-accommodation"): ("Legal planning meeting: Secure Accommodation Order", [
        "Draft initial statement and care plan, to include exit strategy",
    ]),
    ("legal-planning", "plo-week-6"): ("PLO review – 6 week point", [
        "SWET presented to Legal Planning and New Admissions Panel at the initial meeting",
        "Letter before Proceedings",
        "PLO (pre-proceedings) meeting minutes and agreed action plan",
        "FGC (family group conference) date/minutes",
        "Viability Assessment dates/outcomes, any other relevant reports",
        "Parenting Assessment Plan",
    ]),
    ("legal-planning", "plo-week-12-and-beyond"): ("PLO review – 12 week point and beyond", [
        "SWET – latest copy, updated to consider progress made during PLO",
        "Review PLO (pre-proceedings) meeting minutes and action plan",
        "Assessments completed and any relevant reports",
    ]),
    ("legal-planning", "unborn-baby"): ("Unborn baby where previous siblings were removed", [
        "SWET (whole form)",
        "Pre-birth assessment (if completed)",
        "Any other reports and assessments",
        "Draft immediate issue letter or Letter before Proceedings",
        "Parenting Assessment Plan",
    ]),
    ("court-progression", "checkpoint-1"): ("Care Proceedings: checkpoint 1 (following the Case Management Hearing)", [
        "SWET – the copy submitted to court upon issue, with all sections completed",
        "CMO from Case Management Hearing and any subsequent hearing",
        "Any assessments/reports completed by order of the court",
    ]),
    ("court-progression", "checkpoint-2"): ("Care Proceedings: checkpoint 2 (week 11, or 3 weeks prior to final evidence)", [
        "SWET – the copy submitted to court upon issue, with all sections completed",
        "CMO from Case Management Hearing and subsequent hearings, to the last hearing",
        "Any assessments/reports completed by order of the court or progress there of",
        "Draft final care plan",
    ]),
    ("permanency", "all-cases"): ("All cases", ["Current care plan"]),
    ("resource", "all-cases"): ("All cases: placements made since the last panel, and any additional costs", [
        "Referral form",
        "Current care plan",
    ]),
    ("resource", "high-cost"): (
        "High cost placement (the longer monthly sitting): care plan and step down plan progressed",
        ["Referral form", "Current care plan"],
    ),
}
PLO_6 = SEED_PAPERS[("legal-planning", "plo-week-6")][1]
PLO_12 = SEED_PAPERS[("legal-planning", "plo-week-12-and-beyond")][1]
S20_EXT = SEED_PAPERS[("legal-planning", "s20-extension")][1]
CP1 = SEED_PAPERS[("court-progression", "checkpoint-1")][1]
CP2 = SEED_PAPERS[("court-progression", "checkpoint-2")][1]
SUPERVISION = SEED_PAPERS[("legal-planning", "supervision-order-review")][1]
PP_PAPERS = SEED_PAPERS[("legal-planning", "police-protection")][1]
RESOURCE = ["Referral form", "Current care plan"]


@pytest.fixture(scope="module")
def policy():
    return policies.load(POLICY)


def of(hist, policy, as_of, rule):
    """(trigger, earliest, due, sitting, state) of each item of a rule."""
    return [
        (str(i.trigger), i.earliest and str(i.earliest), str(i.due), i.sitting and str(i.sitting), i.state)
        for i in items_of(hist, policy, as_of, rule)
    ]


def papers(hist, policy, as_of, panel):
    """(sitting, papers due, papers) of each case of the child at a panel."""
    return [
        (str(i.sitting), str(i.due), [p for p, _ in i.papers])
        for i in items_of(hist, policy, as_of, f"{panel}-paperwork")
    ]


def heard(panel, day, reason=None):
    details = {"panel": panel}
    if reason:
        details["reason"] = reason
    return ("panel", day, details)


# -- the file ---------------------------------------------------------------------------------


def test_every_rule_of_section_4_2_with_its_source(policy):
    assert {r.id for r in policy.rules} == (STATUTORY_RULES - {"supervision-order-expiry"}) | set(LOCAL)
    for rule_id in LOCAL:
        rule = policy.rule(rule_id)
        assert rule.source.startswith("seed 001 "), rule_id
        assert (rule.panel, rule.reason) == PANEL_OF[rule_id]
        assert [m.kind for m in rule.satisfied_by] == ["panel"]
        assert dict(rule.satisfied_by[0].where) == {"panel": (rule.panel,)}
    # The statutory supervision-order-expiry is the same duty as legal-supervision-expiry,
    # which replaces it (see the supervision order test).
    assert policy.replaced == (("supervision-order-expiry", "legal-supervision-expiry"),)
    assert policy.rule("legal-supervision-expiry").replaces == "supervision-order-expiry"


def test_panels_their_times_and_roles(policy):
    assert [(p.id, p.name, p.describe_schedule(), p.hours) for p in policy.panels] == [
        ("legal-planning", "Legal Planning and New Admissions Panel", "every week on Tuesday", "09:00-15:00"),
        ("court-progression", "Court Progression Panel", "every week on Thursday", "14:00-16:00"),
        ("permanency", "Permanency Panel", "every week on Thursday", "10:00-12:00"),
        ("resource", "Resource Panel", "every week on Monday", "14:00-16:00"),
    ]
    legal, court, permanency, resource = policy.panels
    # Slots (a default: 30 minutes at the six-hour legal panel, 20 at the two-hour ones).
    assert (legal.slot(0), legal.slot(11)) == ("09:00-09:30", "14:30-15:00")
    assert (court.slot(0), court.slot(5)) == ("14:00-14:20", "15:40-16:00")
    assert (permanency.slot(1), resource.slot(2)) == ("10:20-10:40", "14:40-15:00")
    assert [(p.id, sorted(r.id for r in p.reasons)) for p in policy.panels] == [
        ("legal-planning", sorted(r for panel, r in SEED_PAPERS if panel == "legal-planning")),
        ("court-progression", ["checkpoint-1", "checkpoint-2"]),
        ("permanency", ["all-cases"]),
        ("resource", ["all-cases", "high-cost"]),
    ]
    for panel in policy.panels:
        for reason in panel.reasons:
            assert (reason.title, list(reason.papers)) == SEED_PAPERS[(panel.id, reason.id)]
    assert [p.previous_minutes for p in policy.panels] == [MINUTES, CP1_MINUTES, MINUTES, MINUTES]
    # Roles, never the people the seed names.
    text = (policies.SHIPPED_DIR / "four-panels.toml").read_text(encoding="utf-8")
    for name in ("MacDonald", "Brooks", "Paul Smith", "Coulson", "Knott", "Wainwright", "Reade", "Jagatia",
                 "Harrison", "Uppal", "Conway", "Rabjohn", "Hayley", "Jazmine", "Clayton", "Horgan",
                 "Ann Smith", "Pearce", "Katherine", "Whitrick"):
        assert name not in text


def test_sittings_and_paperwork_deadlines_around_bank_holidays(policy):
    legal, court, permanency, resource = (policy.panel(p) for p in
                                          ("legal-planning", "court-progression", "permanency", "resource"))

    def deadlines(panel, start, end):
        return [(str(s), str(panel.deadline(s))) for s in panel.sittings(d(start), d(end))]

    # The arrangements start on Tue 1 May 2018. The Resource Panel's first Monday, 7 May
    # 2018, is the Early May bank holiday: its first sitting is 14 May.
    assert [str(s) for s in legal.sittings(d("2018-04-01"), d("2018-05-14"))] == ["2018-05-01", "2018-05-08"]
    assert [str(s) for s in court.sittings(d("2018-04-01"), d("2018-05-14"))] == ["2018-05-03", "2018-05-10"]
    assert [str(s) for s in resource.sittings(d("2018-04-01"), d("2018-05-14"))] == ["2018-05-14"]
    # Easter 2026: no Resource Panel on Easter Monday 6 Apr. Papers for Mon 13 Apr are due
    # Thu 9 Apr (Fri 10 = 1, Thu 9 = 2). Tue 7 Apr legal: Mon 6 and Fri 3 are bank
    # holidays, so Thu 2 Apr = 1, Wed 1 Apr = 2.
    assert deadlines(resource, "2026-03-30", "2026-04-13") == [("2026-03-30", "2026-03-26"), ("2026-04-13", "2026-04-09")]
    assert deadlines(legal, "2026-03-31", "2026-04-07") == [("2026-03-31", "2026-03-27"), ("2026-04-07", "2026-04-01")]
    # Christmas 2026 (Fri 25 Dec, Mon 28 Dec, Fri 1 Jan): Tue 29 Dec papers Wed 23 Dec
    # (Thu 24 = 1, Wed 23 = 2); Tue 5 Jan papers Thu 31 Dec (Mon 4 = 1, Thu 31 = 2).
    assert deadlines(legal, "2026-12-22", "2027-01-05") == [
        ("2026-12-22", "2026-12-18"), ("2026-12-29", "2026-12-23"), ("2027-01-05", "2026-12-31"),
    ]
    # No Resource Panel on Mon 28 Dec; Mon 4 Jan papers Wed 30 Dec (Thu 31 = 1, Wed 30 = 2).
    assert deadlines(resource, "2026-12-21", "2027-01-04") == [("2026-12-21", "2026-12-17"), ("2027-01-04", "2026-12-30")]
    assert deadlines(court, "2026-12-24", "2027-01-07") == [
        ("2026-12-24", "2026-12-22"), ("2026-12-31", "2026-12-29"), ("2027-01-07", "2027-01-05"),
    ]
    assert permanency.sittings(d("2026-12-24"), d("2027-01-07")) == court.sittings(d("2026-12-24"), d("2027-01-07"))
    # Christmas 2027: Mon 27 and Tue 28 Dec are bank holidays, so no legal panel on Tue 28
    # Dec; Tue 4 Jan 2028 papers Thu 30 Dec (Mon 3 Jan is a bank holiday: Fri 31 = 1,
    # Thu 30 = 2). Thu 30 Dec 2027 papers Fri 24 Dec (Wed 29 = 1, Fri 24 = 2).
    assert deadlines(legal, "2027-12-14", "2028-01-11") == [
        ("2027-12-14", "2027-12-10"), ("2027-12-21", "2027-12-17"), ("2028-01-04", "2027-12-30"),
        ("2028-01-11", "2028-01-07"),
    ]
    assert legal.next_sitting(d("2027-12-22")) == d("2028-01-04")
    assert court.deadline(d("2027-12-30")) == d("2027-12-24")


# -- the seed's timelines ---------------------------------------------------------------------


def test_plo_to_final_order(policy):
    """A child at home: PLO reviewed at weeks 6 and 12 and beyond, proceedings issued with an
    ICO, a new admission and placement, both court checkpoints, the Permanency Panel before
    review 2, and the final care order."""
    events = [
        ("plo-start", "2026-02-02"),  # Mon: day 0
    ]
    h = history(*events, dob="2019-06-01")
    # Week 6: heard from day 36 (Tue 10 Mar), due day 42 (Mon 16 Mar): the sitting on Tue
    # 10 Mar, papers by Fri 6 Mar (Mon 9 = 1, Fri 6 = 2). Week 12: day 78 (Tue 21 Apr) to
    # day 84 (Mon 27 Apr): Tue 21 Apr, papers Fri 17 Apr. PLO to conclude: day 112, Mon 25
    # May (a bank holiday; due dates are not moved).
    assert of(h, policy, "2026-02-02", "legal-plo-week-6") == [("2026-02-02", "2026-03-10", "2026-03-16", "2026-03-10", OPEN)]
    assert of(h, policy, "2026-02-02", "legal-plo-week-12") == [("2026-02-02", "2026-04-21", "2026-04-27", "2026-04-21", OPEN)]
    assert of(h, policy, "2026-02-02", "legal-plo-beyond-12") == []
    assert of(h, policy, "2026-02-02", "pre-proceedings-end") == [("2026-02-02", None, "2026-05-25", None, OPEN)]
    assert papers(h, policy, "2026-02-02", "legal-planning") == [
        ("2026-03-10", "2026-03-06", PLO_6),
        ("2026-04-21", "2026-04-17", PLO_12),
    ]

    events += [
        heard("legal-planning", "2026-03-10", "plo-week-6"),
        heard("legal-planning", "2026-04-21", "plo-week-12-and-beyond"),
    ]
    h = history(*events, dob="2019-06-01")
    # Beyond 12 weeks: from the review on Tue 21 Apr, due 4 weeks later (Tue 19 May), heard
    # from day 22 (Wed 13 May): Tue 19 May, papers Fri 15 May; the child came before, so
    # the minutes are added.
    assert of(h, policy, "2026-04-21", "legal-plo-week-6")[0][-1] == DONE
    assert of(h, policy, "2026-04-21", "legal-plo-week-12")[0][-1] == DONE
    assert of(h, policy, "2026-04-21", "legal-plo-beyond-12") == [("2026-04-21", "2026-05-13", "2026-05-19", "2026-05-19", OPEN)]
    assert papers(h, policy, "2026-04-21", "legal-planning")[-1] == ("2026-05-19", "2026-05-15", PLO_12 + [MINUTES])

    events += [
        heard("legal-planning", "2026-05-19", "plo-week-12-and-beyond"),
        ("proceedings-issued", "2026-05-21"),  # Thu: day 0 of proceedings
        ("looked-after", "2026-05-21", {"legal_status": "ico", "placement": "foster"}),
    ]
    h = history(*events, dob="2019-06-01")
    as_of = "2026-05-21"
    # The next review (due Tue 16 Jun) is no longer needed once proceedings are issued.
    assert of(h, policy, as_of, "legal-plo-beyond-12") == [
        ("2026-04-21", "2026-05-13", "2026-05-19", "2026-05-19", DONE),
        ("2026-05-19", "2026-06-10", "2026-06-16", None, STOPPED),
    ]
    assert of(h, policy, as_of, "pre-proceedings-end")[0][-1] == DONE
    # New admission Thu 21 May: Tue 26 May's papers are due Thu 21 May (Mon 25 May is a
    # bank holiday: Fri 22 = 1, Thu 21 = 2), not before the admission: due Tue 26 May.
    assert of(h, policy, as_of, "legal-new-admission") == [("2026-05-21", None, "2026-05-26", "2026-05-26", OPEN)]
    # Placement Thu 21 May: no Resource Panel on Mon 25 May (bank holiday); Mon 1 Jun,
    # papers Thu 28 May.
    assert of(h, policy, as_of, "resource-new-placement") == [("2026-05-21", None, "2026-06-01", "2026-06-01", OPEN)]
    # Review 1: 20 working days from Thu 21 May, Mon 25 May skipped: Fri 19 Jun.
    assert of(h, policy, as_of, "review-first") == [("2026-05-21", None, "2026-06-19", None, OPEN)]
    # Checkpoint 2 with no filing date yet: week 11, day 76 (Wed 5 Aug), heard from day 70
    # (Thu 30 Jul): the sitting on Thu 30 Jul, papers Tue 28 Jul.
    assert of(h, policy, as_of, "court-checkpoint-2") == [("2026-05-21", "2026-07-30", "2026-08-05", "2026-07-30", OPEN)]
    # 26 weeks less a day from Thu 21 May: Wed 18 Nov.
    assert of(h, policy, as_of, "proceedings-end") == [("2026-05-21", None, "2026-11-18", None, OPEN)]
    # Permanency Panel: by review 2 (19 Jun + 3 months = Sat 19 Sep), from 21 Aug (care
    # + 3 months): Thu 27 Aug, papers Tue 25 Aug.
    assert of(h, policy, as_of, "permanency-before-review-2") == [("2026-05-21", "2026-08-21", "2026-09-19", "2026-08-27", OPEN)]
    assert papers(h, policy, as_of, "legal-planning")[-1] == ("2026-05-26", "2026-05-21", [ADMISSION_FORM, MINUTES])
    assert papers(h, policy, as_of, "resource") == [("2026-06-01", "2026-05-28", RESOURCE)]
    assert papers(h, policy, as_of, "court-progression") == [("2026-07-30", "2026-07-28", CP2)]
    assert papers(h, policy, as_of, "permanency") == [("2026-08-27", "2026-08-25", ["Current care plan"])]

    events += [
        heard("legal-planning", "2026-05-26", "new-admission"),
        heard("resource", "2026-06-01", "all-cases"),
        ("cmh", "2026-06-02"),  # Tue
    ]
    h = history(*events, dob="2019-06-01")
    assert of(h, policy, "2026-06-02", "legal-new-admission")[0][-1] == DONE
    assert of(h, policy, "2026-06-02", "resource-new-placement")[0][-1] == DONE
    # Checkpoint 1: CMH + 14 days = Tue 16 Jun, heard from CMH + 7 (Tue 9 Jun): Thu 11 Jun
    # (papers Tue 9 Jun), not Thu 4 Jun, whose papers would be due on the day of the CMH.
    assert of(h, policy, "2026-06-02", "court-checkpoint-1") == [("2026-06-02", "2026-06-09", "2026-06-16", "2026-06-11", OPEN)]
    assert of(h, policy, "2026-06-10", "court-checkpoint-1") == [("2026-06-02", "2026-06-09", "2026-06-16", "2026-06-11", OPEN)]
    assert papers(h, policy, "2026-06-03", "court-progression") == [
        ("2026-06-11", "2026-06-09", CP1),
        ("2026-07-30", "2026-07-28", CP2),
    ]

    events += [
        heard("court-progression", "2026-06-11", "checkpoint-1"),
        ("final-evidence-set", "2026-06-11", {"filing_date": d("2026-09-11")}),  # set at checkpoint 1
    ]
    h = history(*events, dob="2019-06-01")
    # Final evidence Fri 11 Sep: checkpoint 2 due 3 weeks before (Fri 21 Aug), heard from
    # 27 days before (Sat 15 Aug): Thu 20 Aug, papers Tue 18 Aug, with the checkpoint 1
    # minutes (the child came on 11 Jun).
    assert of(h, policy, "2026-06-11", "court-checkpoint-1")[0][-1] == DONE
    assert of(h, policy, "2026-06-11", "court-checkpoint-2") == [("2026-05-21", "2026-08-15", "2026-08-21", "2026-08-20", OPEN)]
    assert papers(h, policy, "2026-06-11", "court-progression")[-1] == ("2026-08-20", "2026-08-18", CP2 + [CP1_MINUTES])

    events += [
        ("review", "2026-06-19"),
        heard("court-progression", "2026-08-20", "checkpoint-2"),
        heard("permanency", "2026-08-27", "all-cases"),
        ("plan", "2026-08-27", {"plan": "long-term-fostering"}),
        ("review", "2026-09-17"),
        ("order", "2026-11-05", {"type": "care"}),
    ]
    h = history(*events, dob="2019-06-01")
    as_of = "2026-11-23"
    done = {r: [i[-1] for i in of(h, policy, as_of, r)] for r in LOCAL}
    assert done == {
        "legal-new-admission": [DONE], "legal-plo-week-6": [DONE], "legal-plo-week-12": [DONE],
        "legal-plo-beyond-12": [DONE, STOPPED], "legal-uasc-6-weeks": [], "legal-s20-extension": [],
        "legal-pp-return": [], "legal-supervision-expiry": [], "court-checkpoint-1": [DONE],
        "court-checkpoint-2": [DONE], "permanency-before-review-2": [DONE], "resource-new-placement": [DONE],
    }
    # Review 2 was held on 17 Sep, before its due date (19 Sep): the panel was due by then.
    assert of(h, policy, as_of, "permanency-before-review-2") == [("2026-05-21", "2026-08-21", "2026-09-17", "2026-08-27", DONE)]
    assert of(h, policy, as_of, "proceedings-end")[0][-1] == DONE


def test_uasc_s20_admission_and_extension_over_christmas(policy):
    """An unaccompanied child accommodated under s20 until Mon 4 Jan 2027."""
    events = [("looked-after", "2026-11-02", {"legal_status": "s20", "placement": "semi-independent",
                                              "agreed_end": d("2027-01-04")})]  # Mon: day 0
    h = history(*events, dob="2010-03-15", uasc=True)
    as_of = "2026-11-02"
    # Next legal sitting: Tue 3 Nov's papers were due Fri 30 Oct, before the admission;
    # Tue 10 Nov (papers Fri 6 Nov). Resource: Mon 2 Nov's papers were due Thu 29 Oct;
    # Mon 9 Nov (papers Thu 5 Nov).
    assert of(h, policy, as_of, "legal-new-admission") == [("2026-11-02", None, "2026-11-10", "2026-11-10", OPEN)]
    assert of(h, policy, as_of, "resource-new-placement") == [("2026-11-02", None, "2026-11-09", "2026-11-09", OPEN)]
    # Six weeks: Mon 14 Dec; due the end of week 7, Sun 20 Dec: Tue 15 Dec, papers Fri 11 Dec.
    assert of(h, policy, as_of, "legal-uasc-6-weeks") == [("2026-11-02", "2026-12-14", "2026-12-20", "2026-12-15", OPEN)]
    # Agreed end Mon 4 Jan 2027, heard from Mon 21 Dec: Tue 22 Dec (papers Fri 18 Dec).
    assert of(h, policy, as_of, "legal-s20-extension") == [("2026-11-02", "2026-12-21", "2027-01-04", "2026-12-22", OPEN)]
    # Review 1: 20 working days, Mon 30 Nov; review 2 projected 3 months later, 30 Feb
    # 2027 -> Sun 28 Feb. Permanency Panel from Tue 2 Feb 2027: Thu 4 Feb (papers Tue 2 Feb).
    assert of(h, policy, as_of, "review-first") == [("2026-11-02", None, "2026-11-30", None, OPEN)]
    assert of(h, policy, as_of, "permanency-before-review-2") == [("2026-11-02", "2027-02-02", "2027-02-28", "2027-02-04", OPEN)]
    assert papers(h, policy, as_of, "legal-planning") == [
        ("2026-11-10", "2026-11-06", [ADMISSION_FORM]),
        ("2026-12-15", "2026-12-11", [ADMISSION_FORM]),
        ("2026-12-22", "2026-12-18", S20_EXT),
    ]
    assert papers(h, policy, as_of, "resource") == [("2026-11-09", "2026-11-05", RESOURCE)]

    events += [
        heard("resource", "2026-11-09", "all-cases"),
        heard("legal-planning", "2026-11-10", "new-admission"),
        ("review", "2026-11-30"),
    ]
    h = history(*events, dob="2010-03-15", uasc=True)
    as_of = "2026-12-01"
    assert of(h, policy, as_of, "legal-new-admission")[0][-1] == DONE
    assert of(h, policy, as_of, "resource-new-placement")[0][-1] == DONE
    # Came before (10 Nov): the UASC case brings the minutes; the s20 extension already
    # asks for them, and they are listed once.
    assert papers(h, policy, as_of, "legal-planning")[1:] == [
        ("2026-12-15", "2026-12-11", [ADMISSION_FORM, MINUTES]),
        ("2026-12-22", "2026-12-18", S20_EXT),
    ]
    # Review 1 held 30 Nov: review 2 due 28 Feb 2027, as projected.
    assert of(h, policy, as_of, "permanency-before-review-2") == [("2026-11-02", "2027-02-02", "2027-02-28", "2027-02-04", OPEN)]

    events += [heard("legal-planning", "2026-12-15", "uasc-6-weeks")]
    h = history(*events, dob="2010-03-15", uasc=True)
    assert of(h, policy, "2026-12-15", "legal-uasc-6-weeks")[0][-1] == DONE
    # As of Mon 21 Dec the case is still for Tue 22 Dec, and its papers (due Fri 18 Dec)
    # are 3 days overdue.
    assert of(h, policy, "2026-12-21", "legal-s20-extension") == [("2026-11-02", "2026-12-21", "2027-01-04", "2026-12-22", OPEN)]
    (late,) = [i for i in items_of(h, policy, "2026-12-21", "legal-planning-paperwork") if i.sitting == d("2026-12-22")]
    assert (late.due, late.status(d("2026-12-21"), 14)) == (d("2026-12-18"), "overdue")
    # The administrator moves it to Tue 29 Dec (papers Wed 23 Dec: Mon 28 and Fri 25 Dec are
    # bank holidays, Thu 24 = 1, Wed 23 = 2), still before the agreed end.
    events += [("booking", "2026-12-21", {"panel": "legal-planning", "sitting": d("2026-12-29"), "reason": "s20-extension"})]
    h = history(*events, dob="2010-03-15", uasc=True)
    (item,) = items_of(h, policy, "2026-12-21", "legal-s20-extension")
    assert (item.sitting, item.note, item.due) == (d("2026-12-29"), "booked by hand", d("2027-01-04"))
    assert papers(h, policy, "2026-12-21", "legal-planning")[-1] == ("2026-12-29", "2026-12-23", S20_EXT)

    events += [heard("legal-planning", "2026-12-29", "s20-extension")]
    h = history(*events, dob="2010-03-15", uasc=True)
    assert of(h, policy, "2027-01-05", "legal-s20-extension") == [("2026-11-02", "2026-12-21", "2027-01-04", "2026-12-29", DONE)]


def test_police_protection_then_s20_home_or_epo(policy):
    # C1: police protection Fri 18 Dec 2026, s20 agreed Mon 21 Dec. Not a second new
    # admission: the PP review, at the next sitting whose papers are not due before 21
    # Dec: Tue 22 Dec (papers Fri 18) is too soon; Tue 29 Dec (papers Wed 23 Dec).
    h = history(("looked-after", "2026-12-18", {"legal_status": "police-protection", "placement": "foster"}),
                ("legal-status", "2026-12-21", {"status": "s20"}), dob="2020-01-10")
    assert of(h, policy, "2026-12-21", "legal-new-admission") == []
    assert of(h, policy, "2026-12-21", "legal-pp-return") == [("2026-12-21", None, "2026-12-29", "2026-12-29", OPEN)]
    # Placement Fri 18 Dec: Mon 21 Dec's papers were due Thu 17 Dec; no panel on Mon 28 Dec
    # (bank holiday); Mon 4 Jan 2027, papers Wed 30 Dec.
    assert of(h, policy, "2026-12-21", "resource-new-placement") == [("2026-12-18", None, "2027-01-04", "2027-01-04", OPEN)]
    assert papers(h, policy, "2026-12-21", "legal-planning") == [("2026-12-29", "2026-12-23", PP_PAPERS)]

    # C2: police protection Tue 15 Dec, home Thu 17 Dec. The PP review: Tue 22 Dec (papers
    # Fri 18 Dec). The placement's Resource Panel item (Mon 21 Dec) is no longer needed.
    h = history(("looked-after", "2026-12-15", {"legal_status": "police-protection", "placement": "foster"}),
                ("ceased", "2026-12-17"), dob="2020-01-10")
    assert of(h, policy, "2026-12-17", "legal-new-admission") == []
    assert of(h, policy, "2026-12-17", "legal-pp-return") == [("2026-12-17", None, "2026-12-22", "2026-12-22", OPEN)]
    assert of(h, policy, "2026-12-17", "resource-new-placement") == [("2026-12-15", None, "2026-12-21", None, STOPPED)]
    assert papers(h, policy, "2026-12-17", "legal-planning") == [("2026-12-22", "2026-12-18", PP_PAPERS)]

    # C3: police protection Tue 1 Dec, then an EPO Thu 3 Dec: a new admission from 3 Dec,
    # at Tue 8 Dec (papers Fri 4 Dec); no PP review.
    h = history(("looked-after", "2026-12-01", {"legal_status": "police-protection"}),
                ("legal-status", "2026-12-03", {"status": "epo"}), dob="2020-01-10")
    assert of(h, policy, "2026-12-03", "legal-new-admission") == [("2026-12-03", None, "2026-12-08", "2026-12-08", OPEN)]
    assert of(h, policy, "2026-12-03", "legal-pp-return") == []


def test_supervision_order_makes_one_item_at_the_legal_panel(policy, statutory):
    # At home under a supervision order made Mon 2 Mar 2026, ending Mon 1 Mar 2027: due 3
    # months before the end, Tue 1 Dec 2026; heard from 4 months before, Sun 1 Nov.
    events = [
        ("order", "2026-03-02", {"type": "supervision", "end_date": d("2027-03-01")}),
        heard("legal-planning", "2026-10-13"),  # too early to count
    ]
    h = history(*events, dob="2016-05-05")
    # Under the statutory policy: one item, any panel.
    (plain,) = items_of(h, statutory, "2026-10-20", "supervision-order-expiry")
    assert (plain.due, plain.state) == (d("2026-12-01"), OPEN)
    # Here: one item for the order, legal-supervision-expiry, at the first sitting from 1
    # Nov with time for the papers: Tue 3 Nov (papers Fri 30 Oct). The child came on 13 Oct,
    # so the minutes are asked for. No second item from the statutory rule.
    assert of(h, policy, "2026-10-20", "legal-supervision-expiry") == [("2026-03-02", "2026-11-01", "2026-12-01", "2026-11-03", OPEN)]
    assert of(h, policy, "2026-10-20", "supervision-order-expiry") == []
    assert [i.rule for i in items_of(h, policy, "2026-10-20") if i.item == "panel"] == ["legal-supervision-expiry"]
    assert papers(h, policy, "2026-10-20", "legal-planning") == [("2026-11-03", "2026-10-30", SUPERVISION + [MINUTES])]

    events += [heard("legal-planning", "2026-11-03", "supervision-order-review")]
    h = history(*events, dob="2016-05-05")
    assert of(h, policy, "2026-11-23", "legal-supervision-expiry") == [("2026-03-02", "2026-11-01", "2026-12-01", "2026-11-03", DONE)]
    assert of(h, policy, "2026-11-23", "supervision-order-expiry") == []


def test_plo_week_6_on_the_christmas_bank_holiday_is_booked_by_hand(policy):
    # PLO from Tue 16 Nov 2027: week 6 heard from day 36 (Wed 22 Dec), due day 42 (Tue 28
    # Dec, a bank holiday: no sitting). Nothing fits; the next sitting is Tue 4 Jan 2028.
    events = [("plo-start", "2027-11-16")]
    h = history(*events, dob="2018-02-02")
    (item,) = items_of(h, policy, "2027-11-16", "legal-plo-week-6")
    assert (item.earliest, item.due, item.sitting) == (d("2027-12-22"), d("2027-12-28"), None)
    assert item.note == (
        "cannot be met: no sitting by 2027-12-28 leaves time for the papers; "
        "the next sitting with time for the papers is 2028-01-04; book it by hand"
    )
    # Week 12: day 78 (Wed 2 Feb 2028) to day 84 (Tue 8 Feb): Tue 8 Feb, papers Fri 4 Feb.
    assert of(h, policy, "2027-11-16", "legal-plo-week-12") == [("2027-11-16", "2028-02-02", "2028-02-08", "2028-02-08", OPEN)]

    events += [("booking", "2027-12-01", {"panel": "legal-planning", "sitting": d("2028-01-04"), "reason": "plo-week-6"})]
    h = history(*events, dob="2018-02-02")
    (item,) = items_of(h, policy, "2027-12-01", "legal-plo-week-6")
    assert (item.sitting, item.note) == (d("2028-01-04"), "booked by hand")
    assert of(h, policy, "2027-12-01", "legal-plo-week-12")[0][3] == "2028-02-08"  # not moved
    assert papers(h, policy, "2027-12-01", "legal-planning") == [
        ("2028-01-04", "2027-12-30", PLO_6),
        ("2028-02-08", "2028-02-04", PLO_12),
    ]
    events += [heard("legal-planning", "2028-01-04", "plo-week-6")]
    h = history(*events, dob="2018-02-02")
    assert of(h, policy, "2028-01-04", "legal-plo-week-6")[0][-1] == LATE


def test_a_hearing_for_another_reason_does_not_complete_an_item(policy):
    # PLO from Mon 2 Feb 2026 (week 6 at Tue 10 Mar, due Mon 16 Mar); looked after under
    # s20 Mon 2 Mar: new admission at Tue 10 Mar too (Tue 3 Mar's papers were due Fri 27
    # Feb). One case at one sitting, with both lists of papers.
    events = [("plo-start", "2026-02-02"), ("looked-after", "2026-03-02", {"legal_status": "s20"})]
    h = history(*events, dob="2017-07-07")
    assert of(h, policy, "2026-03-02", "legal-new-admission") == [("2026-03-02", None, "2026-03-10", "2026-03-10", OPEN)]
    assert papers(h, policy, "2026-03-02", "legal-planning")[0] == ("2026-03-10", "2026-03-06", [ADMISSION_FORM] + PLO_6)
    h = history(*events, heard("legal-planning", "2026-03-10", "new-admission"), dob="2017-07-07")
    assert of(h, policy, "2026-03-10", "legal-new-admission")[0][-1] == DONE
    assert of(h, policy, "2026-03-10", "legal-plo-week-6")[0][-1] == OPEN
    h = history(*events, heard("legal-planning", "2026-03-10", "new-admission"),
                heard("legal-planning", "2026-03-10", "plo-week-6"), dob="2017-07-07")
    assert of(h, policy, "2026-03-10", "legal-plo-week-6")[0][-1] == DONE
    # A hearing recorded with no reason completes both.
    h = history(*events, heard("legal-planning", "2026-03-10"), dob="2017-07-07")
    assert [of(h, policy, "2026-03-10", r)[0][-1] for r in ("legal-new-admission", "legal-plo-week-6")] == [DONE, DONE]


def test_resource_panel_hears_each_placement(policy):
    # Looked after in foster care Mon 2 Nov 2026: Mon 9 Nov. A move on Wed 4 Nov, before
    # that sitting, is heard with it (one case). After the hearing, a move on Thu 19 Nov:
    # Mon 23 Nov's papers are due that day (Fri 20 = 1, Thu 19 = 2), so Mon 23 Nov.
    events = [
        ("looked-after", "2026-11-02", {"legal_status": "care-order", "placement": "foster"}),
        ("placement-start", "2026-11-04", {"type": "residential"}),
        heard("resource", "2026-11-09", "all-cases"),
        ("placement-start", "2026-11-19", {"type": "foster"}),
    ]
    h = history(*events, dob="2012-12-12")
    assert of(h, policy, "2026-11-19", "resource-new-placement") == [
        ("2026-11-02", None, "2026-11-09", "2026-11-09", DONE),
        ("2026-11-19", None, "2026-11-23", "2026-11-23", OPEN),
    ]
    assert papers(h, policy, "2026-11-19", "resource")[-1] == ("2026-11-23", "2026-11-19", RESOURCE + [MINUTES])


def test_papers_missing_after_their_deadline_are_overdue(policy):
    # The UASC review of the child above is at Tue 15 Dec (papers Fri 11 Dec). On Mon 14
    # Dec the case is still for Tuesday's sitting and its papers are 3 days overdue.
    h = history(("looked-after", "2026-11-02", {"legal_status": "s20", "agreed_end": d("2027-01-04")}),
                heard("legal-planning", "2026-11-10", "new-admission"), dob="2010-03-15", uasc=True)
    assert of(h, policy, "2026-12-14", "legal-uasc-6-weeks") == [("2026-11-02", "2026-12-14", "2026-12-20", "2026-12-15", OPEN)]
    (late,) = [i for i in items_of(h, policy, "2026-12-14", "legal-planning-paperwork") if i.sitting == d("2026-12-15")]
    assert (late.due, [p for p, _ in late.papers], late.status(d("2026-12-14"), 14)) == (
        d("2026-12-11"), [ADMISSION_FORM, MINUTES], "overdue"
    )


# -- the command line -------------------------------------------------------------------------


def test_cli_end_to_end(perm):
    def ok(*args):
        result = perm(*args)
        assert result.code == 0, (args, result.err)
        return result

    ok("init", "--policy", POLICY)
    ok("--as-of", "2026-11-02", "child", "add", "B1", "--name", "Bea Example", "--dob", "2010-03-15",
       "--worker", "Sam Worker", "--team", "North", "--uasc")
    ok("--as-of", "2026-11-02", "record", "looked-after", "B1", "--date", "2026-11-02", "--legal-status", "s20",
       "--placement", "semi-independent", "--agreed-end", "2027-01-04")
    # Due within 14 days of Mon 2 Nov: the papers (resource Thu 5 Nov, legal Fri 6 Nov),
    # then the Resource Panel (Mon 9 Nov) and the Legal Planning Panel (Tue 10 Nov).
    rows = ok("--as-of", "2026-11-02", "due", "--json").json()
    assert [(r["item"], r["panel"], r["due"], r["status"], r["days"], r["rule"]) for r in rows] == [
        ("paperwork", "resource", "2026-11-05", "due-soon", 3, "resource-paperwork"),
        ("paperwork", "legal-planning", "2026-11-06", "due-soon", 4, "legal-planning-paperwork"),
        ("panel", "resource", "2026-11-09", "due-soon", 7, "resource-new-placement"),
        ("panel", "legal-planning", "2026-11-10", "due-soon", 8, "legal-new-admission"),
    ]
    agenda = ok("--as-of", "2026-11-02", "agenda", "--panel", "legal-planning", "--date", "2026-11-10",
                "--format", "json").json()
    assert (agenda["panel"], agenda["sitting"], agenda["time"], agenda["papers_due"]) == (
        "legal-planning", "2026-11-10", "09:00-15:00", "2026-11-06"
    )
    (case,) = agenda["cases"]
    assert (case["child"], case["slot"], case["reasons"], case["previous"]) == (
        "B1", "09:00-09:30", ["Request for new admission to care"], None
    )
    assert case["papers"] == [{"paper": ADMISSION_FORM, "received": False}]

    ok("--as-of", "2026-11-05", "paperwork", "B1", "--panel", "legal-planning", "--received", "1")
    ok("--as-of", "2026-11-10", "record", "panel", "B1", "--date", "2026-11-10", "--panel", "legal-planning",
       "--reason", "new-admission", "--outcome", "s20 agreed until 4 January")
    # The UASC review at Tue 15 Dec (papers Fri 11 Dec), with the minutes of 10 Nov.
    agenda = ok("--as-of", "2026-11-11", "agenda", "--panel", "legal-planning", "--date", "2026-12-15",
                "--format", "json").json()
    (case,) = agenda["cases"]
    assert (agenda["papers_due"], case["reasons"], case["previous"]) == (
        "2026-12-11", ["UASC in care over 6 week period"], {"date": "2026-11-10", "decision": "s20 agreed until 4 January"}
    )
    # The form sent for the 10 Nov hearing does not count for this one.
    assert case["papers"] == [{"paper": ADMISSION_FORM, "received": False}, {"paper": MINUTES, "received": False}]
    # As of Fri 11 Dec, within 14 days (to Fri 25 Dec): the Resource Panel (Mon 9 Nov) and
    # review 1 (Mon 30 Nov) were never held; papers for Tue 15 Dec are due today and for
    # the s20 extension at Tue 22 Dec on Fri 18 Dec; the UASC review is due Sun 20 Dec.
    # The s20 extension itself (Mon 4 Jan) is 24 days off.
    rows = ok("--as-of", "2026-12-11", "due", "--json").json()
    assert [(r["rule"], r["due"], r["status"], r["days"], r["sitting"]) for r in rows] == [
        ("resource-new-placement", "2026-11-09", "overdue", -32, "2026-11-09"),
        ("review-first", "2026-11-30", "overdue", -11, None),
        ("legal-planning-paperwork", "2026-12-11", "due-soon", 0, "2026-12-15"),
        ("legal-planning-paperwork", "2026-12-18", "due-soon", 7, "2026-12-22"),
        ("legal-uasc-6-weeks", "2026-12-20", "due-soon", 9, "2026-12-15"),
    ]
    # The sitting went by without a hearing. The next Resource Panel with time for the
    # papers: not Mon 14 Dec (papers Thu 10 Dec) but Mon 21 Dec (papers Thu 17 Dec).
    assert rows[0]["note"] == (
        "not heard at the sitting on 2026-11-09; the next sitting with time for the papers is 2026-12-21; book it by hand"
    )


# -- the demo ----------------------------------------------------------------------------------


def test_demo_shows_the_local_rules_at_work(tmp_path):
    from permcli.app.demo import build_demo
    from permcli.app.panels import agenda
    from permcli.store import repo
    from permcli.store.engine import transaction

    ctx, _loaded = build_demo(path=tmp_path / "demo.db", policy=POLICY)
    try:
        with transaction(ctx.engine(), write=False) as conn:
            policy = policies.active(conn)
            found = repo.histories(conn)
        items = [i for child, events in found for i in derive(History(child, tuple(events)), policy, ctx.as_of)]
        # Every local rule is at work in the caseload, and most panels were held on time.
        assert {i.rule for i in items} >= set(LOCAL)
        local = [i for i in items if i.rule in LOCAL]
        assert sum(i.state == DONE for i in local) > 10 * sum(i.state == LATE for i in local) > 0
        overdue = sorted((i.child, i.rule) for i in local if i.outstanding and i.due < ctx.as_of)
        assert overdue == [("C010", "legal-new-admission"), ("C014", "permanency-before-review-2")]
        # The next sitting of each panel (as of Mon 23 Nov): cases booked or placed there,
        # with some papers in and some missing.
        expected = {
            "legal-planning": ("2026-11-24", ["C019", "C030", "C031", "C035", "C029", "C036"]),
            "court-progression": ("2026-11-26", ["C009"]),
            "permanency": ("2026-11-26", ["C038", "C016"]),
            "resource": ("2026-11-23", ["C017", "C024"]),
        }
        for panel, (sitting, children) in expected.items():
            sat = agenda(ctx, panel, None)
            assert (str(sat.sitting), [c.child.ref for c in sat.cases]) == (sitting, children), panel
            got = [got for c in sat.cases for _, got in c.papers]
            assert any(got) and not all(got), panel
    finally:
        ctx.close()


# -- papers belong to a hearing ----------------------------------------------------------------


def test_papers_for_an_earlier_hearing_do_not_count_for_a_later_case(policy):
    # The admission to care form came in on Thu 5 Nov for the new admission heard on Tue
    # 10 Nov. The UASC review on Tue 15 Dec is another case: its papers are not in yet.
    h = history(("looked-after", "2026-11-02", {"legal_status": "s20"}),
                ("paperwork", "2026-11-05", {"panel": "legal-planning", "sitting": d("2026-11-10"),
                                             "paper": ADMISSION_FORM, "received": True}),
                heard("legal-planning", "2026-11-10", "new-admission"), dob="2010-03-15", uasc=True)
    (case,) = [i for i in items_of(h, policy, "2026-11-11", "legal-planning-paperwork") if i.sitting == d("2026-12-15")]
    assert case.papers == ((ADMISSION_FORM, False), (MINUTES, False))


def _md_cases(text: str) -> dict[str, list[str]]:
    """Each case's lines in a Markdown agenda, by child ID."""
    cases: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^## \d+\. .*, (\S+?)(?: \(.*\))?$", line)
        if heading:
            current = cases.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    return cases


def test_seed_001_paperwork_lists_appear_in_agendas_for_each_reason(perm):
    """The issue's test: a child booked (perm book) for each reason of each panel, and each
    agenda (JSON and Markdown) lists exactly that reason's papers from seed 001."""
    as_of = ("--as-of", "2026-11-23")
    # Tue 1 Dec (papers Fri 27 Nov), Thu 3 Dec (papers Tue 1 Dec), Mon 7 Dec: the first
    # Monday of December, the Resource Panel's longer monthly sitting (papers Thu 3 Dec).
    sittings = {
        "legal-planning": ("2026-12-01", "2026-11-27"),
        "court-progression": ("2026-12-03", "2026-12-01"),
        "permanency": ("2026-12-03", "2026-12-01"),
        "resource": ("2026-12-07", "2026-12-03"),
    }
    assert perm("init", "--policy", POLICY).code == 0
    booked: dict[str, tuple[str, str]] = {}
    for n, (panel, reason) in enumerate(SEED_PAPERS, start=1):
        ref = f"K{n:02d}"
        booked[ref] = (panel, reason)
        added = perm(*as_of, "child", "add", ref, "--name", f"Kit Example {n}", "--dob", "2015-01-01")
        assert added.code == 0, added.err
        result = perm(*as_of, "book", ref, "--panel", panel, "--date", sittings[panel][0], "--reason", reason)
        assert result.code == 0, result.err
        name = {"legal-planning": "Legal Planning and New Admissions Panel", "court-progression": "Court Progression Panel",
                "permanency": "Permanency Panel", "resource": "Resource Panel"}[panel]
        assert result.out == f"Booked {ref} for {name} on {sittings[panel][0]} ({reason}).\n"
    for panel, (sitting, papers_due) in sittings.items():
        wanted = {ref: SEED_PAPERS[key] for ref, key in booked.items() if key[0] == panel}
        agenda = perm(*as_of, "agenda", "--panel", panel, "--date", sitting, "--format", "json")
        assert agenda.code == 0, agenda.err
        data = agenda.json()
        assert (data["sitting"], data["papers_due"]) == (sitting, papers_due)
        cases = {c["child"]: c for c in data["cases"]}
        assert sorted(cases) == sorted(wanted)
        for ref, (title, expected) in wanted.items():
            assert cases[ref]["reasons"] == [title], ref
            assert cases[ref]["papers"] == [{"paper": p, "received": False} for p in expected], ref
        md = perm(*as_of, "agenda", "--panel", panel, "--date", sitting, "--format", "md")
        assert md.code == 0, md.err
        in_md = _md_cases(md.out)
        assert sorted(in_md) == sorted(wanted)
        for ref, (title, expected) in wanted.items():
            lines = in_md[ref]
            assert f"- **Reason:** {title}" in lines, ref
            assert f"- **Papers:** {len(expected)} of {len(expected)} missing" in lines, ref
            assert [line[len("  - [ ] "):] for line in lines if line.startswith("  - [")] == expected, ref


def test_previous_minutes_are_asked_for_once(perm):
    as_of = ("--as-of", "2026-11-23")
    assert perm("init", "--policy", POLICY).code == 0
    assert perm(*as_of, "child", "add", "M1", "--name", "Max Example", "--dob", "2012-02-02").code == 0
    assert perm(*as_of, "record", "panel", "M1", "--date", "2026-11-17", "--panel", "legal-planning",
                "--reason", "new-admission", "--outcome", "accommodate under s20").code == 0
    assert perm(*as_of, "book", "M1", "--panel", "legal-planning", "--date", "2026-12-01", "--reason", "s20-extension").code == 0
    assert perm(*as_of, "book", "M1", "--panel", "legal-planning", "--date", "2026-12-08", "--reason", "s20-review").code == 0
    first = perm(*as_of, "agenda", "--panel", "legal-planning", "--date", "2026-12-01", "--format", "json").json()
    assert [p["paper"] for p in first["cases"][0]["papers"]] == S20_EXT
    second = perm(*as_of, "agenda", "--panel", "legal-planning", "--date", "2026-12-08", "--format", "json").json()
    assert [p["paper"] for p in second["cases"][0]["papers"]] == SEED_PAPERS[("legal-planning", "s20-review")][1] + [MINUTES]
