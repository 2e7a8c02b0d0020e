"""The child's record follows the child's life (issue 11): changes to a child as dated facts,
reallocation, a worker's caseload moved, corrections kept in the audit trail, the 18th
birthday ending care and the care-leaver duties after it, unborn children, sibling groups,
and a second PLO start refused."""

from __future__ import annotations

import pytest

from conftest import dump

A = ("--as-of", "2026-11-20")


def run(perm, *args, code=0):
    result = perm(*args)
    assert result.code == code, (args, result.out, result.err)
    return result


@pytest.fixture
def caseload(perm, database):
    """Three children of Sam Okafor in North, looked after from January 2026."""
    run(perm, "init")
    for ref, name, dob in (("C1", "Ada Example", "2015-02-02"), ("C2", "Ben Example", "2016-03-03"),
                           ("C3", "Cleo Example", "2017-04-04")):
        run(perm, "--as-of", "2026-01-02", "child", "add", ref, "--name", name, "--dob", dob,
            "--worker", "Sam Okafor", "--team", "North")
        run(perm, *A, "record", "looked-after", ref, "--date", "2026-01-05", "--legal-status", "care-order")
    return database


def due_refs(perm, as_of: str, *filters: str) -> list[str]:
    return sorted({r["child"] for r in run(perm, "--as-of", as_of, "due", "--all", "--json", *filters).json()})


def test_a_reallocation_shows_under_the_old_team_before_its_day_and_the_new_one_after(perm_cli, caseload):
    perm = perm_cli  # the installed command, as a user runs it
    run(perm, *A, "child", "edit", "C1", "--team", "South", "--worker", "Ola Ade", "--from", "2026-03-01",
        "--reason", "reallocated at the North/South review")
    assert due_refs(perm, "2026-02-15", "--team", "North") == ["C1", "C2", "C3"]
    assert due_refs(perm, "2026-03-15", "--team", "North") == ["C2", "C3"]
    assert due_refs(perm, "2026-03-15", "--team", "south") == ["C1"]
    assert due_refs(perm, "2026-02-15", "--team", "South") == []
    rows = run(perm, "--as-of", "2026-03-15", "due", "--child", "C1", "--all", "--json").json()
    assert {(r["worker"], r["team"]) for r in rows} == {("Ola Ade", "South")}
    # The quarterly report counts each item under the team that held the case when it was due:
    # review 1 (due 2026-02-02) under North, the permanence plan (due 2026-05-02) under South.
    report = run(perm, "--as-of", "2026-07-01", "report", "--from", "2026-01-01", "--to", "2026-06-30",
                 "--format", "json").json()
    teams = {r["team"]: r for r in report["by_team"]}
    assert teams["North"]["reviews"]["due"] == 3  # review 1 of C1, C2 and C3, due 2026-02-02
    assert teams["South"]["permanence_plans"]["due"] == 1
    assert teams["North"]["permanence_plans"]["due"] == 2
    shown = run(perm, *A, "show", "C1", "--json").json()
    assert shown["allocation"] == [
        {"from": None, "worker": "Sam Okafor", "team": "North", "reason": None, "by": None},
        {"from": "2026-03-01", "worker": "Ola Ade", "team": "South",
         "reason": "reallocated at the North/South review", "by": "tester"},
    ]


def test_a_worker_leaving_moves_every_case_in_one_command(perm_cli, caseload):
    perm = perm_cli  # the installed command, as a user runs it
    moved = run(perm, *A, "child", "move", "--from-worker", "sam okafor", "--to-worker", "Priya Nair",
                "--reason", "Sam left the team")
    assert moved.out == "Moved 3 children to Priya Nair: C1, C2, C3.\n"
    rows = run(perm, *A, "child", "list", "--json").json()
    assert {(r["child"], r["worker"], r["team"]) for r in rows} == {
        ("C1", "Priya Nair", "North"), ("C2", "Priya Nair", "North"), ("C3", "Priya Nair", "North")}
    assert due_refs(perm, "2026-11-20", "--worker", "Sam Okafor") == []
    edits = [r for r in run(perm, *A, "audit", "--json").json() if r["action"] == "child.edit"]
    assert [(r["child_ref"], r["detail"]["old"], r["detail"]["new"]) for r in edits] == [
        ("C1", "Sam Okafor", "Priya Nair"), ("C2", "Sam Okafor", "Priya Nair"), ("C3", "Sam Okafor", "Priya Nair")]
    again = perm(*A, "child", "move", "--from-worker", "Sam Okafor", "--to-worker", "Priya Nair", "--reason", "x")
    assert (again.code, again.err) == (1, "perm: error: no child is allocated to 'Sam Okafor' on 2026-11-20\n")


def test_a_corrected_name_is_what_perm_shows_and_the_audit_keeps_the_old_one(perm_cli, caseload):
    perm = perm_cli  # the installed command, as a user runs it
    run(perm, *A, "child", "edit", "C2", "--name", "Benedict Example", "--reason", "name misspelt at referral")
    shown = run(perm, *A, "show", "C2")
    assert "Benedict Example" in shown.out and "Ben Example" not in shown.out
    assert run(perm, *A, "show", "C2", "--json").json()["child"]["name"] == "Benedict Example"
    edit = next(r for r in run(perm, *A, "audit", "--child", "C2", "--json").json() if r["action"] == "child.edit")
    assert edit["detail"] == {"field": "name", "old": "Ben Example", "new": "Benedict Example", "from": None}
    assert edit["reason"] == "name misspelt at referral"


@pytest.mark.parametrize("args, message", [
    (("child", "edit", "C9", "--team", "South", "--reason", "x"), "unknown child C9"),
    (("child", "edit", "C1", "--team", "South", "--from", "2025-06-01", "--reason", "x"),
     "--from: 2025-06-01 is before C1's record began (2026-01-05)"),
    (("child", "edit", "C1", "--team", "South", "--from", "2026-12-01", "--reason", "x"),
     "--from: 2026-12-01 is after 2026-11-20; record a change once it has happened"),
    (("child", "edit", "C1", "--dob", "2026-02-01", "--reason", "x"),
     "C1: Became looked after on 2026-01-05 would be before that date of birth; correct the event first"),
    (("child", "edit", "C1", "--team", "North", "--reason", "x"), "C1 already has that record (team North): nothing to change"),
    (("child", "edit", "C1", "--name", "New Name", "--from", "2026-03-01", "--reason", "x"),
     "--from: only worker, team, sibling group and UASC change from a day; a name or date of birth is corrected for the whole record"),
    (("child", "move", "--from-worker", "Nobody Here", "--to-worker", "Priya Nair", "--reason", "x"),
     "no child is allocated to 'Nobody Here' on 2026-11-20"),
    (("record", "looked-after", "C1", "--date", "2026-06-01", "--legal-status", "s20"),
     "C1: looked after on 2026-06-01 but already looked after since 2026-01-05; record when the earlier period ended first"),
])
def test_bad_changes_are_one_line_and_write_nothing(perm, caseload, args, message):
    before = dump(caseload)
    result = perm(*A, *args)
    assert (result.code, result.err) == (1, f"perm: error: {message}\n")
    assert dump(caseload) == before


def test_an_edit_without_a_reason_is_a_usage_error(perm, caseload):
    assert perm(*A, "child", "edit", "C1", "--team", "South").code == 2


def test_turning_18_ends_care_and_the_care_leaver_duties_run(perm_cli, database):
    """Born 2008-03-01, looked after 2025-06-02 with a review on 2025-06-20: care ends on the
    18th birthday, 2026-03-01, without anyone recording it."""
    perm = perm_cli  # the installed command, as a user runs it
    run(perm, "init")
    run(perm, "--as-of", "2025-06-02", "child", "add", "Y1", "--name", "Young Person", "--dob", "2008-03-01")
    run(perm, "--as-of", "2025-06-20", "record", "looked-after", "Y1", "--date", "2025-06-02", "--legal-status", "s20")
    run(perm, "--as-of", "2025-06-20", "record", "review", "Y1", "--date", "2025-06-20")
    rows = run(perm, "--as-of", "2027-01-01", "due", "--all", "--json").json()
    assert [(r["rule"], r["item"], r["due"], r["status"]) for r in rows] == [
        # eligible on 2025-09-01 (13 weeks looked after, aged 16 or 17): adviser by 3 months
        ("personal-adviser", "personal-adviser", "2025-12-01", "overdue"),
        # left care at 18 with no pathway plan: the first review six months after leaving
        ("pathway-plan-review", "pathway-plan", "2026-09-01", "overdue"),
    ]
    assert rows[0]["source"].startswith("Children Act 1989 Sch 2 para 19C")
    assert "Care Leavers (England) Regulations 2010 reg 7" in rows[1]["source"]
    shown = run(perm, "--as-of", "2027-01-01", "show", "Y1", "--json").json()
    assert shown["periods"] == [{"start": "2025-06-02", "end": "2026-03-01", "ended_by": "18th birthday"}]
    stopped = {i["rule"]: i for i in shown["items"]}
    assert (stopped["review-second"]["state"], stopped["review-second"]["stopped"]) == ("stopped", "2026-03-01")
    assert stopped["permanence-plan"]["state"] == "stopped"
    assert "18th birthday: a child is a person under 18" in run(perm, "--as-of", "2027-01-01", "show", "Y1").out
    # Before the birthday the child is looked after and the reviews are due.
    before = run(perm, "--as-of", "2026-02-01", "due", "--all", "--json").json()
    assert "review-second" in {r["rule"] for r in before}
    # A review after the 18th birthday is not a LAC review; the pathway plan goes on.
    late = perm("--as-of", "2026-06-01", "record", "review", "Y1", "--date", "2026-03-02")
    assert (late.code, late.err) == (
        1, "perm: error: Y1: LAC review held on 2026-03-02 but turned 18 on 2026-03-01: care ended then\n")
    run(perm, "--as-of", "2026-06-01", "record", "pathway-plan", "Y1", "--date", "2026-05-20")
    rows = run(perm, "--as-of", "2027-01-01", "due", "--all", "--json").json()
    assert [(r["rule"], r["due"]) for r in rows] == [("personal-adviser", "2025-12-01"),
                                                     ("pathway-plan-review", "2026-11-20")]
    # Support ends at 21 (2029-03-01), or 25 where the young person asked for it.
    assert run(perm, "--as-of", "2029-03-02", "due", "--all", "--json").json() == []
    run(perm, "--as-of", "2027-01-01", "record", "support-to-25", "Y1", "--date", "2026-12-01")
    assert [r["rule"] for r in run(perm, "--as-of", "2029-03-02", "due", "--all", "--json").json()] == [
        "personal-adviser", "pathway-plan-review"]


def test_an_unborn_child_is_booked_at_panel_with_papers_then_born(perm_cli, database):
    perm = perm_cli  # the installed command, as a user runs it
    run(perm, "init", "--policy", "four-panels")
    added = run(perm, *A, "child", "add", "U1", "--name", "Baby of Example", "--expected-birth", "2027-01-10",
                "--worker", "Sam Okafor", "--team", "North")
    assert added.out == "Added child U1, expected 2027-01-10.\n"
    run(perm, *A, "record", "ppm", "U1", "--date", "2026-11-10")  # during the pre-birth assessment
    refused = perm(*A, "record", "looked-after", "U1", "--date", "2026-11-15", "--legal-status", "s20")
    assert (refused.code, refused.err) == (
        1, "perm: error: U1 is not born yet: record the birth first (perm record born U1 --date D)\n")
    run(perm, *A, "book", "U1", "--panel", "legal-planning", "--reason", "unborn-baby")
    run(perm, *A, "paperwork", "U1", "--panel", "legal-planning", "--received", "1")
    rows = run(perm, *A, "due", "--json").json()
    assert [(r["item"], r["due"]) for r in rows] == [("paperwork", "2026-11-20"), ("panel", "2026-11-24")]
    agenda = run(perm, *A, "agenda", "--panel", "legal-planning", "--date", "2026-11-24", "--format", "json").json()
    assert [c["child"] for c in agenda["cases"]] == ["U1"]
    assert agenda["cases"][0]["papers"][0] == {"paper": "SWET (whole form)", "received": True}
    born = run(perm, "--as-of", "2027-01-15", "record", "born", "U1", "--date", "2027-01-12")
    assert born.out.startswith("Recorded the birth of U1 on 2027-01-12")
    run(perm, "--as-of", "2027-01-15", "record", "looked-after", "U1", "--date", "2027-01-13", "--legal-status", "epo")
    # As of a day before the birth, the child was not born yet.
    before = run(perm, *A, "child", "list", "--json").json()
    after = run(perm, "--as-of", "2027-01-15", "child", "list", "--json").json()
    assert (before[0]["dob"], after[0]["dob"]) == (None, "2027-01-12")
    again = perm("--as-of", "2027-01-15", "record", "born", "U1", "--date", "2027-01-12")
    assert again.code == 1 and "already born" in again.err


def test_an_expected_birth_that_has_passed_is_a_note_in_due(perm, database):
    run(perm, "init")
    run(perm, "--as-of", "2026-10-01", "child", "add", "U2", "--name", "Baby of Someone", "--expected-birth", "2026-11-01")
    due = run(perm, *A, "due")
    assert "perm: note: U2 was expected to be born by 2026-11-01: record the birth (perm record born U2 --date D)" in due.err
    far = perm(*A, "child", "add", "U3", "--name", "Baby of Other", "--expected-birth", "2027-12-01")
    assert (far.code, far.err) == (1, "perm: error: --expected-birth: 2027-12-01 is more than 44 weeks after 2026-11-20\n")


def test_siblings_are_listed_shown_and_heard_together(perm, database):
    run(perm, "init", "--policy", "four-panels")
    for ref, name, group in (("S1", "Ann Sib", "SG9"), ("X1", "Other Child", None), ("S2", "Bob Sib", None)):
        extra = ("--sibling-group", group) if group else ()
        run(perm, "--as-of", "2026-11-02", "child", "add", ref, "--name", name, "--dob", "2018-01-01", *extra)
        run(perm, "--as-of", "2026-11-02", "record", "looked-after", ref, "--date", "2026-11-02", "--legal-status", "s20")
    # Bob joins the group from a day, as a dated change.
    run(perm, *A, "child", "edit", "S2", "--sibling-group", "SG9", "--from", "2026-11-10", "--reason", "siblings found")
    assert [r["child"] for r in run(perm, *A, "child", "list", "--sibling-group", "sg9", "--json").json()] == ["S1", "S2"]
    assert [r["child"] for r in run(perm, "--as-of", "2026-11-05", "child", "list", "--sibling-group", "SG9",
                                    "--json").json()] == ["S1"]
    assert run(perm, *A, "show", "S1", "--json").json()["siblings"] == ["S2"]
    agenda = run(perm, *A, "agenda", "--panel", "legal-planning", "--date", "2026-11-10", "--format", "md")
    cases = [line for line in agenda.out.splitlines() if line.startswith("## ") or line.startswith("**Siblings")]
    assert cases == ["**Siblings planned together (SG9): S1, S2**", "## 1. Ann Sib, S1 (09:00-09:30)",
                     "## 2. Bob Sib, S2 (09:30-10:00)", "## 3. Other Child, X1 (10:00-10:30)"]


def test_a_second_plo_start_while_plo_is_open_is_refused(perm, database):
    run(perm, "init")
    run(perm, *A, "child", "add", "P1", "--name", "Plo Example", "--dob", "2018-01-01")
    run(perm, *A, "record", "plo-start", "P1", "--date", "2026-06-01")
    second = perm(*A, "record", "plo-start", "P1", "--date", "2026-07-01")
    assert (second.code, second.err) == (
        1, "perm: error: P1: PLO pre-proceedings started on 2026-07-01 but already open; record plo-end first\n")
    run(perm, *A, "record", "plo-end", "P1", "--date", "2026-08-01")
    run(perm, *A, "record", "plo-start", "P1", "--date", "2026-09-01")
    rows = run(perm, *A, "due", "--all", "--json").json()
    assert [(r["rule"], r["due"]) for r in rows] == [("pre-proceedings-end", "2026-12-22")]


def test_a_children_file_with_new_details_records_them_as_changes(perm_cli, caseload, tmp_path):
    """`perm import events --children` on children already recorded: what the file says
    differently is recorded as a change with the file's line as the reason; an empty cell
    says nothing; a row the record cannot take is not used, and the rest is."""
    perm = perm_cli
    children = tmp_path / "children.csv"
    children.write_text("child,name,dob,worker,team\n"
                        "C1,Ada Example,2015-02-02,Ola Ade,South\n"
                        "C2,Ben Example,2016-03-03,,\n"
                        "C3,Cleo Example,2026-02-01,,\n")  # events would fall before birth
    events = tmp_path / "events.csv"
    events.write_text("child,kind,date\nC1,review,2026-01-30\n")
    first = run(perm, *A, "import", "events", str(events), "--children", str(children), "--json").json()
    assert (first["children_changed"], first["changes_added"], first["children_already"]) == (1, 2, 1)
    assert [(r["line"], r["why"]) for r in first["rejects"]] == [
        (4, "C3: Became looked after on 2026-01-05 would be before that date of birth; correct the event first")]
    assert first["events_added"] == {"review": 1}
    shown = run(perm, *A, "show", "C1", "--json").json()
    assert shown["allocation"][-1] == {"from": "2026-11-20", "worker": "Ola Ade", "team": "South",
                                       "reason": f"{children}:2", "by": shown["allocation"][-1]["by"]}
    assert run(perm, *A, "show", "C3", "--json").json()["child"]["dob"] == "2017-04-04"
    edits = [(r["child_ref"], r["detail"]["field"], r["detail"]["old"], r["detail"]["new"])
             for r in run(perm, *A, "audit", "--json").json() if r["action"] == "child.edit"]
    assert edits == [("C1", "worker", "Sam Okafor", "Ola Ade"), ("C1", "team", "North", "South")]
    # The same file again: nothing new, and the row that could not be used is reported again.
    again = run(perm, *A, "import", "events", str(events), "--children", str(children), "--json").json()
    assert (again["nothing_new"], again["changes_added"], again["rejected"]) == (True, 0, 1)
    # Before the import's day the case was still North's.
    assert due_refs(perm, "2026-11-19", "--team", "North") == ["C1", "C2", "C3"]
    assert due_refs(perm, "2026-11-20", "--team", "North") == ["C2", "C3"]


def test_an_unborn_child_exports_and_a_bad_change_row_is_reported(perm, database, tmp_path):
    run(perm, "init")
    run(perm, *A, "child", "add", "U1", "--name", "Baby of Example", "--expected-birth", "2027-01-10")
    exported = run(perm, *A, "export", "--pseudonymise", "--key-file", str(_key(tmp_path))).json()
    assert (exported["children"][0]["dob"], exported["children"][0]["expected_birth"]) == (None, "2027-01")
    folder = tmp_path / "out"
    run(perm, *A, "export", "--format", "csv", "--output", str(folder))
    (folder / "changes.csv").write_text("child,field,value,from,reason,recorded_at,recorded_by\n"
                                        "U1,team,South,,no day,,\n"
                                        "U1,colour,blue,2026-11-01,x,,\n"
                                        "U9,team,South,2026-11-01,x,,\n")
    result = run(perm, *A, "import", "events", str(folder / "events.csv"), "--children", str(folder / "children.csv"),
                 "--changes", str(folder / "changes.csv"), "--json").json()
    assert [(r["line"], r["why"]) for r in result["rejects"]] == [
        (2, "from: a change of team needs the day it applies from"),
        (3, "field: 'colour' is not a detail of a child (worker, team, sibling_group, uasc, name, dob, expected_birth)"),
        (4, "the child is not in the children file"),
    ]


def _key(folder):
    key = folder / "key"
    key.write_text("k" * 32)
    return key
