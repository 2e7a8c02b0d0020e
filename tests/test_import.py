"""Importing: the SSDA903 return (the public fake files of the data-to-insight validator,
random and often invalid on purpose), plain events files, and perm's own exports back in."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import dump

FAKE = Path(__file__).resolve().parent / "data" / "ssda903-fake"
A = ("--as-of", "2026-11-23")


def ssda903_args(folder: Path = FAKE, placed: bool = True, uasc: bool = True):
    args = ["import", "ssda903", "--header", folder / "header.csv", "--episodes", folder / "episodes.csv",
            "--reviews", folder / "reviews.csv"]
    if placed:
        args += ["--placed-for-adoption", folder / "placed_for_adoption.csv"]
    if uasc:
        args += ["--uasc", folder / "uasc.csv"]
    return [str(a) for a in args]


def read(name: str) -> list[dict]:
    with (FAKE / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def imported(perm, tmp_path):
    assert perm("init").code == 0
    result = perm(*A, *ssda903_args(), "--json", "--rejects", str(tmp_path / "rejects.csv"))
    assert result.code == 0, result.err
    return result.json()


def _day(text: str):
    from datetime import date

    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


def test_the_fake_return_imports_what_it_can(imported, perm, tmp_path):
    """Figures checked by hand against the raw files. Before issue 11 (point 5): episodes
    3,583 used and 1,467 not (1,413 of them for a REC without a DEC, and every review after
    such an episode refused as "not looked after then"); reviews 6,547 used, 12 "already
    there" (9 of them repeats of a refused row, stored nowhere and reported nowhere), 6,023
    not; 7,518 rows not used in all."""
    header, episodes, reviews = read("header.csv"), read("episodes.csv"), read("reviews.csv")
    files = {Path(f["file"]).name: f for f in imported["files"]}
    assert {n: (f["rows"], f["imported"], f["already"], f["rejected"]) for n, f in files.items()} == {
        "header.csv": (len(header), 2675, 0, 0),
        "uasc.csv": (132, 132, 0, 0),
        # A review or an episode on the day a period of care starts or ends is checked after
        # the episode's own events, in file order, as `perm record` would take them.
        "episodes.csv": (len(episodes), 4948, 0, 102),
        "reviews.csv": (len(reviews), 6649, 3, 5930),
        "placed_for_adoption.csv": (29, 1, 0, 28),
    }
    assert imported["children_added"] == len({h["CHILD"] for h in header}) == 2675
    added = imported["events_added"]
    assert (added["looked-after"], added["review"], added["ceased"]) == (2175, 6649, 800)
    for f in files.values():
        assert f["rows"] == f["imported"] + f["already"] + f["rejected"]

    rejected = {(Path(r["file"]).name, r["line"]): r for r in imported["rejects"]}
    kept = {name: {line for line in range(2, f["rows"] + 2) if (name, line) not in rejected} for name, f in files.items()}
    warned = {(Path(w["file"]).name, w["line"], w["code"]) for w in imported["warnings"]}

    # An episode with a REC but no DEC is kept open, with a warning (DfE 148): none is refused for it.
    rec_without_dec = {line for line, e in enumerate(episodes, start=2) if e["REC"] and not e["DEC"]}
    assert len(rec_without_dec) == 1413
    assert not any("DEC is empty" in r["why"] for r in imported["rejects"])
    assert {line for name, line, code in warned if code == "148"} == rec_without_dec & kept["episodes.csv"]
    assert imported["warnings_by_code"]["148"] == 1367  # the other 46 are refused for another reason (overlaps, ...)
    # No review is lost to it: each review refused as "not looked after then" comes after a
    # period the file ended (a REC E.. with its DEC).
    by_child: dict[str, list] = {}
    for line, e in enumerate(episodes, start=2):
        by_child.setdefault(e["CHILD"], []).append((_day(e["DECOM"]), line, e))
    not_looked_after = [r for r in imported["rejects"] if r["why"].endswith("the child is not looked after then")]
    assert len(not_looked_after) == 176
    for r in not_looked_after:
        day = _day(reviews[r["line"] - 2]["REVIEW"])
        last = max((e for e in by_child[r["child"]] if e[0] <= day and e[1] in kept["episodes.csv"]),
                   key=lambda e: (e[0], e[1]))[2]
        assert last["DEC"] and last["REC"].startswith("E") and _day(last["DEC"]) <= day

    # Every row is stored, already there, or reported. The same review on more lines
    # (another REVIEW_CODE) is one review: 14 lines repeat a child and a day, 2 of them
    # exactly (refused as duplicates); of the other 12, 3 repeat a stored review (already
    # there) and 9 a refused one (refused too, saying so; they were once "already there").
    repeats = Counter((r["CHILD"], r["REVIEW"]) for r in reviews)
    assert sum(n - 1 for n in repeats.values() if n > 1) == 14
    same_as_refused = [r for r in imported["rejects"] if r["why"].startswith("the same review as line")]
    assert len(same_as_refused) == 9
    assert rejected["reviews.csv", 3693]["why"] == (
        "the same review as line 3692, which was not used: review on 2017-02-06, but the child has no episode in "
        "this file: it may belong to care the file does not show")

    # Rows not used, by reason.
    by_reason = {(Path(r["file"]).name, r["reason"]): r["rows"] for r in imported["rejected_by_reason"]}
    assert by_reason == {
        ("episodes.csv", "overlaps an earlier episode"): 65,
        ("episodes.csv", "care had ended, but RNE is not S (DfE rule 432)"): 30,
        ("episodes.csv", "starts while an earlier episode is still open"): 7,
        ("reviews.csv", "the child has no episode in this file"): 3038,
        ("reviews.csv", "before the first episode in this file"): 2646,
        ("reviews.csv", "LAC review held on … but the child is not looked after then"): 176,
        ("reviews.csv", "REVIEW is after the as-of day"): 68,
        ("reviews.csv", "a duplicate of an earlier line"): 2,
        ("placed_for_adoption.csv", "before the first episode in this file"): 23,
        ("placed_for_adoption.csv", "the child has no episode in this file"): 5,
    }
    assert sum(by_reason.values()) == imported["rejected"] == 6060
    # Independent counts from the raw files, for the reasons a row can be judged on its own.
    seen, duplicates = set(), 0
    for r in reviews:
        key = tuple(r.values())
        duplicates += key in seen
        seen.add(key)
    assert by_reason["reviews.csv", "a duplicate of an earlier line"] == duplicates
    future = sum(1 for r in reviews if tuple(reversed(r["REVIEW"].split("/"))) > ("2026", "11", "23"))
    assert by_reason["reviews.csv", "REVIEW is after the as-of day"] == future
    no_episode = sum(1 for r in reviews if r["CHILD"] not in by_child and tuple(reversed(r["REVIEW"].split("/"))) <= ("2026", "11", "23"))
    assert by_reason["reviews.csv", "the child has no episode in this file"] == no_episode  # 7 of them: as a refused line

    # Kept rows that break a DfE rule, by code; the rules a row shows on its own counted
    # independently from the raw files.
    assert imported["warnings_by_code"] == {"148": 1367, "358": 589, "361": 355, "362": 326, "363": 436, "364": 384,
                                            "365": 371, "380": 383, "440": 749, "441": 167, "445": 351}
    dob = {h["CHILD"]: _day(h["DOB"]) for h in header}
    from permcli.domain.calendar import age_on

    def lines(rows, name, test):
        return {line for line, row in enumerate(rows, start=2) if line in kept[name] and test(row)}

    def codes(name, code):
        return {line for n, line, c in warned if n == name and c == code}

    assert codes("episodes.csv", "445") == lines(episodes, "episodes.csv", lambda e: e["LS"] == "D1")  # all after 2005
    assert codes("episodes.csv", "380") == lines(
        episodes, "episodes.csv", lambda e: e["PLACE"] in ("T0", "T1", "T2", "T3", "T4") and e["RNE"] not in ("P", "B"))
    assert codes("episodes.csv", "358") == lines(
        episodes, "episodes.csv", lambda e: e["LS"] in ("J1", "J2", "J3") and age_on(dob[e["CHILD"]], _day(e["DECOM"])) < 10)
    assert codes("reviews.csv", "440") == lines(
        reviews, "reviews.csv", lambda r: r["REVIEW_CODE"] == "PN0" and age_on(dob[r["CHILD"]], _day(r["REVIEW"])) >= 4)
    assert codes("reviews.csv", "441") == lines(
        reviews, "reviews.csv", lambda r: r["REVIEW_CODE"] != "PN0" and age_on(dob[r["CHILD"]], _day(r["REVIEW"])) < 4)
    assert imported["warned"] == 4314 and len(imported["warnings"]) == 5478

    # Periods that may have begun before the file: the first episode perm uses, RNE not S.
    assert len(imported["periods_continued"]) == 1856

    # The optional CSV holds every row not used and every warning, by file and line.
    rows = list(csv.DictReader((tmp_path / "rejects.csv").open()))
    assert len(rows) == 6060 + 5478
    assert sum(1 for r in rows if r["why"]) == 6060 and sum(1 for r in rows if r["warning"]) == 5478
    assert (Path(rows[0]["file"]).name, rows[0]["line"], rows[0]["child"]) == ("episodes.csv", "2", "566910")
    assert (rows[0]["why"], rows[0]["warning"]) == ("", "DfE 380: temporary placement T2 with RNE L, not a change of placement (P or B)")
    assert rows[1]["warning"] == ("DfE 148: REC X1 is given but DEC is empty: kept as an open episode "
                                  "(the child is taken as still looked after)")

    # perm due runs on the result.
    due = perm(*A, "due", "--json")
    assert due.code == 0 and len(due.json()) > 0
    assert perm(*A, "db", "check").code == 0
    audit = [r for r in perm(*A, "audit", "--json").json() if r["action"] == "import.ssda903"]
    assert audit[0]["detail"]["children"] == 2675 and audit[0]["detail"]["rejected"] == 6060
    assert audit[0]["detail"]["warnings"] == 5478


def test_running_the_same_import_again_adds_nothing(imported, perm, database):
    before = dump(database)
    again = perm(*A, *ssda903_args(), "--json").json()
    assert again["children_added"] == 0 and again["events_added"] == {} and again["nothing_new"]
    assert again["children_already"] == 2675 and again["events_already"] == 12405 + 3
    # Every row used the first time is already there now, episodes that needed no event included.
    assert {Path(f["file"]).name: (f["imported"], f["already"]) for f in again["files"]} == {
        "header.csv": (0, 2675), "uasc.csv": (0, 132), "episodes.csv": (0, 4948), "reviews.csv": (0, 6652),
        "placed_for_adoption.csv": (0, 1)}
    assert again["rejected"] == imported["rejected"] and again["warnings"] == imported["warnings"]
    after = [line for line in dump(database) if "audit" not in line.lower()]
    assert after == [line for line in before if "audit" not in line.lower()]


def _write(folder: Path, name: str, text: str, encoding="utf-8", newline="\n") -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.replace("\n", newline).encode(encoding))


def test_a_small_return_mapped_by_hand(perm, tmp_path):
    """One child's year, checked event by event. Columns in another order, a BOM, Windows
    line endings and Excel's dates with a time are all fine."""
    f = tmp_path / "903"
    _write(f, "header.csv", "\ufeffDOB,CHILD,SEX\n14/02/2016 00:00,K1,1\n", newline="\r\n")
    _write(f, "episodes.csv",
           "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n"
           "K1,05/01/2026,S,C2,N1,U4,02/03/2026,X1\n"      # looked after, care order, foster
           "K1,02/03/2026,L,E1,N1,U4,01/06/2026,X1\n"      # placement order
           "K1,01/06/2026,P,E1,N1,A4,30/09/2026,E11\n",    # placed with adopters; adopted
           newline="\r\n")
    _write(f, "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nK1,14/02/2016,02/02/2026,PN1\nK1,14/02/2016,30/04/2026,PN1\n")
    _write(f, "placed_for_adoption.csv", "CHILD,DOB,DATE_PLACED\nK1,14/02/2016,01/06/2026\n")
    assert perm("init").code == 0
    result = perm(*A, *ssda903_args(f, uasc=False), "--json")
    assert result.code == 0, result.err
    assert result.json()["rejected"] == 0
    story = perm(*A, "show", "K1", "--json").json()
    assert story["child"]["dob"] == "2016-02-14" and story["child"]["name"] == ""
    assert [(e["kind"], e["date"], e["details"]) for e in story["events"]] == [
        ("looked-after", "2026-01-05", {"legal_status": "care-order", "placement": "foster"}),
        ("review", "2026-02-02", {"rehab_uncertain": False}),
        ("order", "2026-03-02", {"type": "placement"}),
        ("review", "2026-04-30", {"rehab_uncertain": False}),
        ("placement-start", "2026-06-01", {"type": "adoption"}),
        ("placed-for-adoption", "2026-06-01", {}),
        ("ceased", "2026-09-30", {"reason": "SSDA903 REC E11"}),
    ]
    assert [(p["start"], p["end"]) for p in story["periods"]] == [("2026-01-05", "2026-09-30")]


@pytest.mark.parametrize(
    "episodes, reason",
    [
        ("K1,05/01/2026,S,Z9,N1,U4,,", "legal status 'Z9' is not one perm tracks"),
        ("K1,05/01/2026,Q,C2,N1,U4,,", "RNE 'Q' is not a reason for a new episode (S, L, P, T, B, U)"),
        ("K1,42010,S,C2,N1,U4,,", "DECOM 42010 is an Excel serial number: save dates as DD/MM/YYYY"),
        ("K1,31/02/2026,S,C2,N1,U4,,", "DECOM 31/02/2026 is not a real date"),
        ("K1,05/01/2026,S,C2,N1,U4,01/01/2026,E4A", "DEC 2026-01-01 is before DECOM 2026-01-05"),
        ("K1,05/01/2026,S,C2,N1,U4,02/02/2026,", "DEC is given but REC (why the episode ended) is empty"),
        ("K9,05/01/2026,S,C2,N1,U4,,", "the child is not in the header file (or its header row was rejected)"),
        ("K1,05/01/2026,S,C2,N1,U4", "expected 8 values, found 6"),
    ],
)
def test_episode_rows_that_cannot_be_used_say_why(perm, tmp_path, episodes, reason):
    f = tmp_path / "903"
    _write(f, "header.csv", "CHILD,DOB\nK1,14/02/2016\n")
    _write(f, "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n" + episodes + "\n")
    _write(f, "reviews.csv", "CHILD,REVIEW\n")
    assert perm("init").code == 0
    result = perm(*A, *ssda903_args(f, placed=False, uasc=False), "--json").json()
    assert [(Path(r["file"]).name, r["line"], r["why"]) for r in result["rejects"]] == [("episodes.csv", 2, reason)]
    assert result["children_added"] == 1 and result["events_added"] == {}


def test_a_file_missing_a_column_imports_nothing(perm, tmp_path, database):
    f = tmp_path / "903"
    _write(f, "header.csv", "CHILD,DOB\nK1,14/02/2016\n")
    _write(f, "episodes.csv", "CHILD,DECOM,RNE,PLACE,DEC,REC\nK1,05/01/2026,S,U4,,\n")
    _write(f, "reviews.csv", "CHILD,REVIEW\n")
    assert perm("init").code == 0
    before = dump(database)
    result = perm(*A, *ssda903_args(f, placed=False, uasc=False))
    assert (result.code, result.err) == (1, f"perm: error: {f / 'episodes.csv'}:1: missing column 'LS'\n")
    assert dump(database) == before


# -- events files and exports -------------------------------------------------------------------


def test_an_events_file_keeps_good_rows_and_reports_the_rest(perm, tmp_path):
    children = tmp_path / "children.csv"
    children.write_text("child,name,dob,worker,team\nE1,Evie Example,2015-03-01,Sam,North\n")
    events = tmp_path / "events.csv"
    events.write_text(
        "child,kind,date,legal_status,plan\n"
        "E1,looked-after,2026-01-05,s20,\n"
        "E1,review,2026-02-02,,\n"
        "E1,review,2026-02-02,,\n"                  # the same review again: there already
        "E1,plan,2026-02-02,,adoption\n"
        "E1,review,2025-12-01,,\n"                  # before care: refused
        "E2,review,2026-02-02,,\n"                  # unknown child
        "E1,plan,2026-03-01,,castle\n"              # not a plan
    )
    assert perm("init").code == 0
    result = perm(*A, "import", "events", str(events), "--children", str(children), "--json").json()
    assert [(r["line"], r["why"]) for r in result["rejects"]] == [
        (6, "E1: LAC review held on 2025-12-01 but the child is not looked after then"),
        (7, "unknown child: not in the database or the children file"),
        (8, "--plan: 'castle' is not one of reunification, connected-person, sgo, cao, adoption, long-term-fostering, residential, independence"),
    ]
    assert result["events_added"] == {"looked-after": 1, "review": 1, "plan": 1}
    assert result["events_already"] == 1


def test_one_days_events_are_checked_in_file_order(perm, tmp_path):
    """A review held the day a child came into care counts, as `perm record` counts it:
    the day's events are taken in the order the file gives them (found by the benchmark's
    generator; they were once checked in reverse)."""
    children = tmp_path / "children.csv"
    children.write_text("child,name,dob\nE1,Evie Example,2015-03-01\n")
    events = tmp_path / "events.csv"
    events.write_text("child,kind,date,legal_status,reason\n"
                      "E1,looked-after,2026-01-05,s20,\n"
                      "E1,review,2026-01-05,,\n"
                      "E1,ceased,2026-03-02,,returned-home\n"
                      "E1,review,2026-03-02,,\n")  # after care ended that day: refused
    assert perm("init").code == 0
    result = perm(*A, "import", "events", str(events), "--children", str(children), "--json").json()
    assert [(r["line"], r["why"]) for r in result["rejects"]] == [
        (5, "E1: LAC review held on 2026-03-02 but the child is not looked after then"),
    ]
    shown = perm(*A, "show", "E1", "--json").json()
    review = next(i for i in shown["items"] if i["rule"] == "review-first")
    assert (review["number"], review["done"]) == (1, "2026-01-05")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_imports_back_without_loss(perm, tmp_path, fmt, monkeypatch):
    A2 = ("--as-of", "2026-11-23")
    assert perm("init").code == 0
    for args in (
        ("child", "add", "X1", "--name", "Xena Example", "--dob", "2014-07-19", "--worker", "Sam", "--team", "North",
         "--sibling-group", "SG9", "--uasc"),
        ("child", "add", "X2", "--name", "Yan Example", "--dob", "2019-01-01"),
        ("record", "looked-after", "X1", "--date", "2026-01-05", "--legal-status", "care-order", "--placement", "foster"),
        ("record", "review", "X1", "--date", "2026-02-03"),
        ("record", "order", "X2", "--date", "2026-03-02", "--type", "supervision", "--end-date", "2027-03-01"),
        ("record", "placement-end", "X1", "--date", "2026-04-01", "--disrupted"),
        # Changes to the children since first recorded, and a child not born yet.
        ("child", "edit", "X1", "--team", "South", "--from", "2026-03-01", "--reason", "moved to South"),
        ("child", "edit", "X2", "--name", "Yana Example", "--reason", "misspelt"),
        ("child", "add", "X3", "--name", "Baby of Example", "--expected-birth", "2027-01-10"),
    ):
        assert perm(*A2, *args).code == 0, args
    assert perm(*A2, "correct", "2", "--reason", "wrong day", "--date", "2026-02-02").code == 0
    first = tmp_path / ("first.json" if fmt == "json" else "first")
    assert perm(*A2, "export", "--format", fmt, "--output", str(first)).code == 0
    # Into a fresh database.
    monkeypatch.setenv("PERM_DB", str(tmp_path / "second.db"))
    assert perm("init").code == 0
    if fmt == "json":
        result = perm(*A2, "import", "events", str(first), "--json")
    else:
        result = perm(*A2, "import", "events", str(first / "events.csv"), "--children", str(first / "children.csv"),
                      "--changes", str(first / "changes.csv"), "--json")
    assert result.code == 0, result.err
    assert (result.json()["rejected"], result.json()["changes_added"]) == (0, 2)
    assert [(r["child"], r["name"], r["team"]) for r in perm(*A2, "child", "list", "--json").json()] == [
        ("X1", "Xena Example", "South"), ("X2", "Yana Example", None), ("X3", "Baby of Example", None)]
    assert perm("--as-of", "2026-02-01", "child", "list", "--team", "North", "--json").json()[0]["child"] == "X1"
    second = tmp_path / ("second.json" if fmt == "json" else "second")
    assert perm(*A2, "export", "--format", fmt, "--output", str(second)).code == 0
    if fmt == "json":
        assert json.loads(second.read_text()) == json.loads(first.read_text())
    else:
        for name in ("children.csv", "changes.csv", "events.csv"):
            assert (second / name).read_text() == (first / name).read_text()
    # And again: nothing twice.
    files = (str(first),) if fmt == "json" else (
        str(first / "events.csv"), "--children", str(first / "children.csv"), "--changes", str(first / "changes.csv"))
    again = perm(*A2, "import", "events", *files, "--json").json()
    assert (again["events_added"], again["changes_added"], again["rejected"], again["nothing_new"]) == ({}, 0, 0, True)


def test_an_events_import_summary_counts_rows_not_used_by_reason(perm, tmp_path, monkeypatch):
    """The reasons are counted without what is particular to a row (its child and days)."""
    monkeypatch.setenv("COLUMNS", "200")
    children = tmp_path / "children.csv"
    children.write_text("child,name,dob\nE1,Evie Example,2015-03-01\n")
    events = tmp_path / "events.csv"
    events.write_text("child,kind,date,legal_status\n"
                      "E1,looked-after,2026-01-05,s20\n"
                      "E1,review,2025-12-01,\n"
                      "E1,review,2025-11-01,\n")
    assert perm("init").code == 0
    shown = perm(*A, "import", "events", str(events), "--children", str(children))
    lines = [" ".join(line.replace("│", " ").split()) for line in shown.out.splitlines()]
    assert "events.csv LAC review held on … but the child is not looked after then 2" in lines
    assert lines[-1] == "Give --rejects FILE for every row not used, with its file, line, child and why."
    again = perm(*A, "import", "events", str(events), "--children", str(children), "--json").json()
    assert again["rejected_by_reason"] == [
        {"file": str(events), "reason": "LAC review held on … but the child is not looked after then", "rows": 2}]


@pytest.mark.sqlite_only
def test_after_the_fake_return_no_one_18_or_over_has_a_looked_after_item(imported, perm):
    """Care ends on the 18th birthday: as of the return's year end and as of today, every
    item of a young person aged 18 or over is a care-leaver duty; no review, permanence plan
    or PPM. From 21 (no one asked for support to 25 in the return) nothing is due at all."""
    from permcli.domain.calendar import age_on

    dob = {h["CHILD"]: _day(h["DOB"]) for h in read("header.csv")}
    care_leaver = {"pathway-plan-review", "personal-adviser"}
    for as_of in ("2018-03-31", "2026-12-04"):
        day = _day("/".join(reversed(as_of.split("-"))))
        rows = perm("--as-of", as_of, "due", "--all", "--json").json()
        adults = [r for r in rows if age_on(dob[r["child"]], day) >= 18]
        # No one in the return is 18 by 2018-03-31 (born 2001 at the earliest); today the
        # care leavers are there, with their duties.
        assert {r["rule"] for r in adults} == (care_leaver if as_of > "2019" else set()), as_of
        assert all(r["source"] for r in adults)
        assert not [r for r in rows if age_on(dob[r["child"]], day) >= 21], as_of
        assert {r["rule"] for r in rows if age_on(dob[r["child"]], day) < 18} & {"review-second", "permanence-plan"}
