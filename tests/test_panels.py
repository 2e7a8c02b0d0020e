"""Panels: sittings from schedules (bank holidays skipped), paperwork deadlines, placing a
case at a sitting, bookings by hand, papers received, and the agenda in every format.

Bank holidays used here: Good Friday 2026-04-03, Easter Monday 2026-04-06, May Day
2026-05-04, Spring bank holiday 2026-05-25, Christmas Day Fri 2026-12-25, Boxing Day
substitute Mon 2026-12-28, New Year's Day Fri 2027-01-01.
"""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest

from conftest import d, history, items_of
from permcli.domain.policyfile import parse_policy
from permcli.domain.sittings import BOOKING_RULE

BASE = open(os.path.join(os.path.dirname(__file__), "..", "permcli", "policies", "base.toml")).read()

POLICY = """
[policy]
id = "trial"
name = "Trial council"

[[panel]]
id = "legal"
name = "Legal Planning Panel"
schedule = "FREQ=WEEKLY;BYDAY=TU"
time = "09:00-15:00"
slot = "30 minutes"
paperwork_due = "-2 working days"
chair = "Strategic Lead"
members = ["Legal Services", "Case Progression Manager"]
source = "trial procedure 2"

[[panel.reason]]
id = "new-admission"
title = "Request for new admission to care"
papers = ["Admission to care form"]

[[panel.reason]]
id = "plo-week-6"
title = "PLO review at the 6 week point"
papers = ["SWET", "Letter before Proceedings", "PLO meeting minutes"]

[[panel]]
id = "resource"
name = "Resource Panel"
schedule = "FREQ=WEEKLY;BYDAY=MO"
paperwork_due = { offset = "-3 days", roll = "back" }
previous_minutes = false

[[panel]]
id = "monthly"
name = "Monthly Panel"
schedule = "FREQ=MONTHLY;BYDAY=1MO"

[[panel]]
id = "fortnightly"
name = "Fortnightly Panel"
schedule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
first = 2026-01-06

[[rule]]
id = "legal-new-admission"
title = "Legal Planning Panel: new admission"
panel = "legal"
reason = "new-admission"
trigger = "period-start"
due = { next_sitting = true }
satisfied_by = ["panel:legal"]
source = "trial procedure 2.1"

[[rule]]
id = "legal-plo-week-6"
title = "Legal Planning Panel: PLO review at week 6"
panel = "legal"
reason = "plo-week-6"
trigger = "event:plo-start"
due = "6 weeks"
earliest = "5 weeks"
satisfied_by = ["panel:legal"]
in_care = false
source = "trial procedure 2.2"

[[rule]]
id = "legal-urgent"
title = "Legal Planning Panel: urgent"
panel = "legal"
trigger = "event:legal-planning-meeting"
due = "3 days"
satisfied_by = ["panel:legal"]
in_care = false
source = "trial procedure 2.3"

[[rule]]
id = "resource-placement"
title = "Resource Panel: new placement"
panel = "resource"
trigger = "event:placement-start"
due = { next_sitting = true }
satisfied_by = ["panel:resource"]
source = "trial procedure 3"
"""


@pytest.fixture(scope="module")
def policy():
    return parse_policy(POLICY, "trial.toml", BASE, "base.toml")


def sittings(policy, panel, start, end):
    return [str(s) for s in policy.panel(panel).sittings(d(start), d(end))]


def test_weekly_sittings_skip_bank_holidays(policy):
    # Mondays in April and May 2026: Easter Monday 6 April, May Day 4 May and the Spring bank
    # holiday 25 May do not sit.
    assert sittings(policy, "resource", "2026-04-01", "2026-05-31") == [
        "2026-04-13", "2026-04-20", "2026-04-27", "2026-05-11", "2026-05-18",
    ]
    # Tuesdays over Christmas 2026: every Tuesday sits (the holidays are Fri, Mon, Fri).
    assert sittings(policy, "legal", "2026-12-20", "2027-01-10") == ["2026-12-22", "2026-12-29", "2027-01-05"]


def test_fortnightly_and_monthly_schedules(policy):
    assert sittings(policy, "fortnightly", "2026-01-01", "2026-03-10") == [
        "2026-01-06", "2026-01-20", "2026-02-03", "2026-02-17", "2026-03-03",
    ]
    # First Mondays of 2026: 6 April is Easter Monday and 4 May May Day: neither sits, and
    # the next sitting in the schedule is the first Monday of June.
    assert sittings(policy, "monthly", "2026-01-01", "2026-06-30") == [
        "2026-01-05", "2026-02-02", "2026-03-02", "2026-06-01",
    ]
    assert policy.panel("monthly").describe_schedule() == "every month on the first Monday"
    assert policy.panel("fortnightly").describe_schedule() == "every 2 weeks on Tuesday"


def test_paperwork_deadlines(policy):
    legal, resource = policy.panel("legal"), policy.panel("resource")
    # Tue 1 Dec 2026, 2 working days before: Mon 30 Nov (1), Fri 27 Nov (2).
    assert legal.deadline(d("2026-12-01")) == d("2026-11-27")
    # Tue 29 Dec 2026: Mon 28 (substitute Boxing Day) and Fri 25 (Christmas) are not working
    # days: Thu 24 (1), Wed 23 (2).
    assert legal.deadline(d("2026-12-29")) == d("2026-12-23")
    # Tue 7 Apr 2026: Mon 6 and Fri 3 are Easter holidays: Thu 2 (1), Wed 1 (2).
    assert legal.deadline(d("2026-04-07")) == d("2026-04-01")
    # At least 3 days before Mon 13 Apr 2026: Fri 10 Apr (a working day).
    assert resource.deadline(d("2026-04-13")) == d("2026-04-10")
    # At least 3 days before Mon 11 May 2026: Fri 8 May.  Before Tue 29 Dec (not a resource
    # day, but the rule is the same): Sat 26 Dec, rolled back past Fri 25 to Thu 24.
    assert resource.deadline(d("2026-05-11")) == d("2026-05-08")
    assert resource.paperwork_due.apply(d("2026-12-29")) == d("2026-12-24")


def test_next_sitting_due_and_placement(policy):
    # Looked after Fri 20 Nov 2026. Next sitting on or after that day whose deadline is not
    # before it: Tue 24 Nov (deadline Fri 20 Nov). Due 24 Nov.
    h = history(("looked-after", "2026-11-20", {"legal_status": "s20"}), dob="2015-01-01")
    (item,) = items_of(h, policy, "2026-11-20", "legal-new-admission")
    assert (item.item, item.panel, item.reason, item.due, item.sitting) == (
        "panel", "legal", "new-admission", d("2026-11-24"), d("2026-11-24")
    )
    # As of Mon 23 Nov the case stays at 24 Nov: its papers, due Fri 20 Nov, are overdue.
    (kept,) = items_of(h, policy, "2026-11-23", "legal-new-admission")
    assert (kept.sitting, kept.note) == (d("2026-11-24"), None)
    (papers,) = items_of(h, policy, "2026-11-23", "legal-paperwork")
    assert (papers.due, papers.status(d("2026-11-23"), 14)) == (d("2026-11-20"), "overdue")
    # The sitting went by without a hearing: the item says so and names the next sitting.
    (missed,) = items_of(h, policy, "2026-11-25", "legal-new-admission")
    assert missed.note == (
        "not heard at the sitting on 2026-11-24; the next sitting with time for the papers is "
        "2026-12-01; book it by hand"
    )


def test_an_item_no_sitting_can_meet_says_so(policy):
    # A legal planning meeting on Wed 25 Nov 2026 wants the panel within 3 days (Sat 28 Nov).
    # The only sitting in reach, Tue 1 Dec, is after that: the item cannot be met, and perm
    # says so instead of moving it to 1 Dec.
    h = history(("legal-planning-meeting", "2026-11-25"), dob="2015-01-01")
    (item,) = items_of(h, policy, "2026-11-25", "legal-urgent")
    assert (item.due, item.sitting) == (d("2026-11-28"), None)
    assert item.note == (
        "cannot be met: no sitting by 2026-11-28 leaves time for the papers; "
        "the next sitting with time for the papers is 2026-12-01; book it by hand"
    )
    (overdue,) = items_of(h, policy, "2026-11-30", "legal-urgent")
    assert overdue.note == (
        "overdue: not heard by 2026-11-28; the next sitting with time for the papers is 2026-12-08; book it by hand"
    )


def test_placement_between_earliest_and_due(policy):
    # PLO started Mon 19 Oct 2026: earliest 5 weeks = Mon 23 Nov, due 6 weeks = Mon 30 Nov.
    # As of Wed 18 Nov, the Tue 24 Nov sitting (papers by Fri 20 Nov) fits.
    h = history(("plo-start", "2026-10-19"), dob="2015-01-01")
    (item,) = items_of(h, policy, "2026-11-18", "legal-plo-week-6")
    assert (item.earliest, item.due, item.sitting) == (d("2026-11-23"), d("2026-11-30"), d("2026-11-24"))
    (papers,) = items_of(h, policy, "2026-11-18", "legal-paperwork")
    assert (papers.item, papers.due, papers.sitting) == ("paperwork", d("2026-11-20"), d("2026-11-24"))
    assert papers.papers == (("SWET", False), ("Letter before Proceedings", False), ("PLO meeting minutes", False))
    assert papers.title == (
        "Papers for Legal Planning Panel on 2026-11-24: 3 of 3 missing "
        "(SWET; Letter before Proceedings; PLO meeting minutes)"
    )


def test_booking_papers_and_hearing(policy):
    base = [("plo-start", "2026-10-19"), ("booking", "2026-11-23", {"panel": "legal", "sitting": d("2026-12-01"),
                                                                     "reason": "plo-week-6"})]
    h = history(*base, dob="2015-01-01")
    (item,) = items_of(h, policy, "2026-11-23", "legal-plo-week-6")
    assert (item.sitting, item.note, item.due) == (d("2026-12-01"), "booked by hand", d("2026-11-30"))
    (papers,) = items_of(h, policy, "2026-11-23", "legal-paperwork")
    assert papers.due == d("2026-11-27") and papers.outstanding

    got = [("paperwork", "2026-11-24", {"panel": "legal", "sitting": d("2026-12-01"), "paper": p, "received": True})
           for p in ("SWET", "Letter before Proceedings", "PLO meeting minutes")]
    h = history(*base, *got, dob="2015-01-01")
    (papers,) = items_of(h, policy, "2026-11-25", "legal-paperwork")
    assert (papers.state, papers.done) == ("done", d("2026-11-24"))
    # Marked not received after all: open again.
    undo = ("paperwork", "2026-11-25", {"panel": "legal", "sitting": d("2026-12-01"), "paper": "SWET", "received": False})
    h = history(*base, *got, undo, dob="2015-01-01")
    (papers,) = items_of(h, policy, "2026-11-25", "legal-paperwork")
    assert papers.outstanding and papers.papers[0] == ("SWET", False)
    # Heard on the booked sitting: the panel item is done late (due 30 Nov).
    heard = ("panel", "2026-12-01", {"panel": "legal", "reason": "plo-week-6", "outcome": "issue proceedings"})
    h = history(*base, *got, heard, dob="2015-01-01")
    (item,) = items_of(h, policy, "2026-12-01", "legal-plo-week-6")
    assert (item.state, item.done, item.sitting) == ("late", d("2026-12-01"), d("2026-12-01"))


def test_a_hearing_for_another_reason_does_not_complete_an_item(policy):
    h = history(
        ("plo-start", "2026-10-19"),
        ("panel", "2026-11-24", {"panel": "legal", "reason": "new-admission"}),
        dob="2015-01-01",
    )
    (item,) = items_of(h, policy, "2026-11-25", "legal-plo-week-6")
    assert item.outstanding


def test_a_booking_no_rule_asked_for_is_its_own_item(policy):
    h = history(
        ("looked-after", "2026-01-05", {"legal_status": "care-order"}),
        ("panel", "2026-01-06", {"panel": "legal", "reason": "new-admission"}),
        ("booking", "2026-11-23", {"panel": "legal", "sitting": d("2026-12-08")}),
        ("booking", "2026-11-24", {"panel": "legal", "sitting": d("2026-12-15")}),  # moved
        dob="2012-02-02",
    )
    booked = [i for i in items_of(h, policy, "2026-11-24") if i.rule == BOOKING_RULE]
    assert [(i.item, i.panel, i.trigger, i.due, i.sitting, i.title) for i in booked] == [
        ("panel", "legal", d("2026-11-23"), d("2026-12-15"), d("2026-12-15"), "Legal Planning Panel: booked case")
    ]
    heard = history(*[(e.kind, str(e.date), dict(e.details)) for e in h.events],
                    ("panel", "2026-12-15", {"panel": "legal"}), dob="2012-02-02")
    (done,) = [i for i in items_of(heard, policy, "2026-12-16") if i.rule == BOOKING_RULE]
    assert done.state == "done"


def test_previous_minutes_for_a_child_who_came_before(policy):
    h = history(
        ("plo-start", "2026-10-19"),
        ("panel", "2026-06-02", {"panel": "legal", "outcome": "PLO to start"}),
        dob="2015-01-01",
    )
    (papers,) = items_of(h, policy, "2026-11-18", "legal-paperwork")
    assert [p for p, _ in papers.papers] == [
        "SWET", "Letter before Proceedings", "PLO meeting minutes", "Minutes from attendance at panel previously",
    ]


# -- the commands ---------------------------------------------------------------------------


@pytest.fixture
def council(perm, tmp_path):
    path = tmp_path / "trial.toml"
    path.write_text(POLICY)
    assert perm("init", "--policy", str(path)).code == 0
    A = ("--as-of", "2026-11-23")
    for args in (
        ("child", "add", "C1", "--name", "Ann Example", "--dob", "2015-01-01", "--worker", "Sam", "--team", "North"),
        ("child", "add", "C2", "--name", "Bo <b>Example</b>", "--dob", "2016-01-01", "--worker", "Priya", "--team", "South"),
        ("record", "plo-start", "C1", "--date", "2026-10-19"),
        ("record", "panel", "C1", "--date", "2026-06-02", "--panel", "legal", "--outcome", "PLO agreed"),
        ("record", "looked-after", "C2", "--date", "2026-11-23", "--legal-status", "s20"),
    ):
        result = perm(*A, *args)
        assert result.code == 0, (args, result.err)
    return A


def test_panels_lists_coming_sittings(perm, council):
    # As of Mon 23 Nov: C1's PLO (started Mon 19 Oct) is at its week-6 review from Mon 23
    # Nov: the 24 Nov sitting, whose papers (due Fri 20 Nov) could be ready since 19 Oct.
    # C2 became looked after on 23 Nov, so its new-admission case goes to the first legal
    # sitting whose papers are not yet due: Tue 1 Dec (papers by Fri 27 Nov).
    # The fortnightly panel sits on 24 Nov (46 weeks after 6 Jan) and not on 1 Dec.
    rows = perm(*council, "panels", "--weeks", "2", "--json").json()
    assert [(r["date"], r["panel"], r["papers_due"], r["cases"]) for r in rows] == [
        ("2026-11-23", "resource", "2026-11-20", 0),
        ("2026-11-24", "fortnightly", "2026-11-24", 0),
        ("2026-11-24", "legal", "2026-11-20", 1),
        ("2026-11-30", "resource", "2026-11-27", 0),
        ("2026-12-01", "legal", "2026-11-27", 1),
        ("2026-12-07", "monthly", "2026-12-07", 0),
        ("2026-12-07", "resource", "2026-12-04", 0),
    ]


def test_book_paperwork_and_agenda(perm, council, tmp_path):
    booked = perm(*council, "book", "C1", "--panel", "legal", "--date", "2026-12-01")
    assert booked.out == "Booked C1 for Legal Planning Panel on 2026-12-01 (plo-week-6).\n"
    got = perm(*council, "paperwork", "C1", "--panel", "legal", "--received", "swet", "--received", "2")
    assert got.code == 0, got.err
    assert "Received: SWET\nReceived: Letter before Proceedings\n" in got.out
    assert "2 of 4 missing." in got.out
    agenda = perm(*council, "agenda", "--panel", "legal", "--date", "2026-12-01", "--format", "json").json()
    assert (agenda["sitting"], agenda["papers_due"], agenda["time"]) == ("2026-12-01", "2026-11-27", "09:00-15:00")
    cases = {c["child"]: c for c in agenda["cases"]}
    # In order of due date: C1's week-6 review was due Mon 30 Nov, C2's admission Tue 1 Dec.
    assert list(cases) == ["C1", "C2"]
    assert cases["C1"]["slot"] == "09:00-09:30" and cases["C2"]["slot"] == "09:30-10:00"


def test_agenda_orders_cases_and_lists_papers(perm, council):
    assert perm(*council, "book", "C1", "--panel", "legal", "--date", "2026-12-01").code == 0
    assert perm(*council, "paperwork", "C1", "--panel", "legal", "--received", "SWET").code == 0
    agenda = perm(*council, "agenda", "--panel", "legal", "--date", "2026-12-01", "--format", "json").json()
    c1 = next(c for c in agenda["cases"] if c["child"] == "C1")
    assert c1["reasons"] == ["PLO review at the 6 week point"]
    assert c1["papers"] == [
        {"paper": "SWET", "received": True},
        {"paper": "Letter before Proceedings", "received": False},
        {"paper": "PLO meeting minutes", "received": False},
        {"paper": "Minutes from attendance at panel previously", "received": False},
    ]
    assert c1["previous"] == {"date": "2026-06-02", "decision": "PLO agreed"}
    assert (c1["name"], c1["worker"], c1["team"]) == ("Ann Example", "Sam", "North")


@pytest.fixture
def booked(perm, council):
    assert perm(*council, "book", "C1", "--panel", "legal", "--date", "2026-12-01").code == 0
    assert perm(*council, "paperwork", "C1", "--panel", "legal", "--received", "SWET").code == 0
    return council


def test_agenda_markdown(perm, booked):
    md = perm(*booked, "agenda", "--panel", "legal", "--date", "2026-12-01", "--format", "md")
    assert md.code == 0
    text = md.out
    assert text.startswith("# Legal Planning Panel: Tuesday 2026-12-01\n")
    assert "- **Papers due:** 2026-11-27" in text
    assert "## 1. Ann Example, C1 (09:00-09:30)" in text
    assert "- **Last attended:** 2026-06-02: PLO agreed" in text
    assert "  - [x] SWET\n  - [ ] Letter before Proceedings\n" in text
    # Markdown-looking names are escaped, not interpreted.
    assert "## 2. Bo \\<b\\>Example\\</b\\>, C2 (09:30-10:00)" in text


def test_agenda_csv(perm, booked):
    out = perm(*booked, "agenda", "--panel", "legal", "--date", "2026-12-01", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["child"], r["slot"], r["reasons"]) for r in rows] == [
        ("C1", "09:00-09:30", "PLO review at the 6 week point"),
        ("C2", "09:30-10:00", "Request for new admission to care"),
    ]
    assert rows[0]["papers_received"] == "SWET"
    assert rows[0]["papers_missing"] == (
        "Letter before Proceedings; PLO meeting minutes; Minutes from attendance at panel previously"
    )
    assert rows[1]["papers_missing"] == "Admission to care form"


def test_agenda_html_is_one_escaped_file(perm, booked):
    page = perm(*booked, "agenda", "--panel", "legal", "--date", "2026-12-01", "--format", "html").out
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Legal Planning Panel: Tuesday 1 December 2026</h1>" in page
    assert "Bo &lt;b&gt;Example&lt;/b&gt;" in page and "<b>Example</b>" not in page
    assert '<li class="missing">Letter before Proceedings (missing)</li>' in page
    assert '<li class="got">SWET</li>' in page
    assert "<link" not in page and "<script" not in page and "http" not in page  # self-contained


def test_agenda_ics_parses_back(perm, booked):
    from icalendar import Calendar

    data = perm(*booked, "agenda", "--panel", "legal", "--date", "2026-12-01", "--format", "ics").out
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    assert str(event["summary"]) == "Legal Planning Panel"
    assert str(event["uid"]) == "legal-2026-12-01@perm"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.isoformat(), end.isoformat()) == ("2026-12-01T09:00:00+00:00", "2026-12-01T15:00:00+00:00")
    assert str(start.tzinfo) == "Europe/London"
    description = str(event["description"])
    assert "C1: PLO review at the 6 week point" in description and "Ann" not in description
    assert cal.walk("VTIMEZONE")


def test_agenda_output_file_is_whole_and_private(perm, booked, tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "agenda.html"
        result = perm(*booked, "agenda", "--panel", "legal", "--date", "2026-12-01", "--output", str(target))
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    assert result.out == f"Wrote the Legal Planning Panel agenda for 2026-12-01 (2 cases) to {target}\n"
    assert target.read_text().startswith("<!DOCTYPE html>")  # the format follows the extension
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".perm-")] == []
    missing = perm(*booked, "agenda", "--panel", "legal", "--output", str(tmp_path / "nowhere" / "a.md"))
    assert missing.code == 1 and missing.err.startswith("perm: error: --output: no folder")


def test_agenda_bad_input(perm, booked):
    cases = [
        (("agenda", "--panel", "nope"), "perm: error: --panel: unknown panel 'nope' in policy trial (panels: legal, resource, monthly, fortnightly)"),
        (("agenda", "--panel", "legal", "--date", "2026-12-02"), "perm: error: --date: legal does not sit on 2026-12-02 (it sits every week on Tuesday; nearest: 2026-12-01 and 2026-12-08)"),
        (("book", "C1", "--panel", "legal", "--reason", "tea"), "perm: error: --reason: legal has no reason 'tea' (its reasons: new-admission, plo-week-6)"),
        (("book", "C1", "--panel", "legal", "--date", "2026-11-17"), "perm: error: --date: the sitting on 2026-11-17 is before 2026-11-23; book a coming sitting"),
        (("paperwork", "C1", "--panel", "legal", "--received", "birth certificate"), "perm: error: legal does not ask for 'birth certificate' for this case on 2026-12-01; it asks for: 1) SWET; 2) Letter before Proceedings; 3) PLO meeting minutes; 4) Minutes from attendance at panel previously"),
        (("paperwork", "C1", "--panel", "legal", "--received", "minutes"), "perm: error: 'minutes' matches more than one paper: give its number (1) SWET; 2) Letter before Proceedings; 3) PLO meeting minutes; 4) Minutes from attendance at panel previously)"),
        (("record", "panel", "C1", "--date", "2026-11-17", "--panel", "legl"), "perm: error: --panel: unknown panel 'legl' in policy trial (panels: legal, resource, monthly, fortnightly)"),
    ]
    for args, message in cases:
        result = perm(*booked, *args)
        assert (result.code, result.err.rstrip("\n")) == (1, message), args
    bad = perm(*booked, "agenda", "--format", "pdf")
    assert bad.code == 2 and "--format: choose one of md, csv, json, html, ics" in bad.err


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium on this machine: .ci/run installs it for CI")
def test_agenda_html_renders_in_a_headless_browser(perm, booked, tmp_path):
    import subprocess

    page = tmp_path / "agenda.html"
    assert perm(*booked, "agenda", "--panel", "legal", "--date", "2026-12-01", "--output", str(page)).code == 0
    pdf, png = tmp_path / "agenda.pdf", tmp_path / "agenda.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    for output in (f"--print-to-pdf={pdf}", f"--screenshot={png}"):
        subprocess.run(
            [_chromium(), *flags, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
             "--window-size=1000,1100", output, page.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (1000, 1100)


def test_a_booking_before_the_earliest_day_is_refused(perm, council):
    # C1's week-6 PLO review can be heard from Mon 23 Nov (5 weeks after 19 Oct).
    later = ("--as-of", "2026-11-10")
    result = perm(*later, "book", "C1", "--panel", "legal", "--date", "2026-11-17")
    assert (result.code, result.err) == (
        1, "perm: error: --date: Legal Planning Panel: PLO review at week 6 can be heard from 2026-11-23; "
           "choose a sitting on or after it\n",
    )
    assert perm(*later, "book", "C1", "--panel", "legal", "--date", "2026-11-24").code == 0


def test_minutes_name_a_meeting_of_the_policy(perm, council):
    result = perm(*council, "record", "minutes", "C1", "--date", "2026-11-23", "--meeting", "tea-party")
    assert (result.code, result.err) == (
        1, "perm: error: --meeting: 'tea-party' is not a meeting of policy trial (ppm, legal, resource, monthly, fortnightly)\n"
    )
    assert perm(*council, "record", "minutes", "C1", "--date", "2026-11-23", "--meeting", "legal").code == 0


def test_book_without_a_date_takes_the_next_sitting_with_time_for_the_papers(perm, council):
    # As of Mon 23 Nov the papers for Tue 24 Nov were due Fri 20 Nov: the next is 1 Dec.
    booked = perm(*council, "book", "C1", "--panel", "legal")
    assert booked.out == "Booked C1 for Legal Planning Panel on 2026-12-01 (plo-week-6).\n"
