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


def test_the_fake_return_imports_what_it_can(imported, perm, tmp_path):
    header, episodes, reviews = read("header.csv"), read("episodes.csv"), read("reviews.csv")
    files = {Path(f["file"]).name: f for f in imported["files"]}
    assert {n: (f["rows"], f["imported"], f["already"], f["rejected"]) for n, f in files.items()} == {
        "header.csv": (len(header), 2675, 0, 0),
        "uasc.csv": (132, 132, 0, 0),
        # A review or an episode on the day a period of care starts or ends is checked after
        # the episode's own events, in file order, as `perm record` would take them.
        "episodes.csv": (len(episodes), 3583, 0, 1467),
        "reviews.csv": (len(reviews), 6547, 12, 6023),
        "placed_for_adoption.csv": (29, 1, 0, 28),
    }
    assert imported["children_added"] == len({h["CHILD"] for h in header}) == 2675
    added = imported["events_added"]
    assert (added["looked-after"], added["review"], added["ceased"]) == (2136, 6547, 801)
    for f in files.values():
        assert f["rows"] == f["imported"] + f["already"] + f["rejected"]
    # The same review recorded on more lines (another REVIEW_CODE) is one review: 14 lines
    # repeat a child and a day, 2 of them exactly (rejected as duplicates), 12 are there already.
    repeats = Counter((r["CHILD"], r["REVIEW"]) for r in reviews)
    assert sum(n - 1 for n in repeats.values() if n > 1) == 14

    reasons = Counter((Path(r["file"]).name, r["why"].split(" but ")[0] if "not looked after" in r["why"] else r["why"])
                      for r in imported["rejects"])
    # Independent counts from the raw files, for the reasons a row can be judged on its own.
    rec_without_dec = sum(1 for e in episodes if e["REC"] and not e["DEC"])
    assert sum(n for (f, why), n in reasons.items() if f == "episodes.csv" and "is given but DEC is empty" in why) == rec_without_dec == 1413
    seen, duplicates = set(), 0
    for r in reviews:
        key = tuple(r.values())
        duplicates += key in seen
        seen.add(key)
    assert sum(n for (f, why), n in reasons.items() if f == "reviews.csv" and why.startswith("duplicate of line")) == duplicates == 2
    future = sum(1 for r in reviews if tuple(reversed(r["REVIEW"].split("/"))) > ("2026", "11", "23"))
    assert sum(n for (f, why), n in reasons.items() if f == "reviews.csv" and "after the as-of day" in why) == future == 68
    # Every reject names its file and line, and the optional CSV holds them all.
    rows = list(csv.DictReader((tmp_path / "rejects.csv").open()))
    assert len(rows) == imported["rejected"] == len(imported["rejects"]) == 7518
    assert rows[0]["file"].endswith("episodes.csv") and rows[0]["line"] == "3" and rows[0]["child"] == "566910"
    assert rows[0]["why"] == "REC X1 is given but DEC is empty"

    # perm due runs on the result.
    due = perm(*A, "due", "--json")
    assert due.code == 0 and len(due.json()) > 0
    assert perm(*A, "db", "check").code == 0
    audit = [r for r in perm(*A, "audit", "--json").json() if r["action"] == "import.ssda903"]
    assert audit[0]["detail"]["children"] == 2675 and audit[0]["detail"]["rejected"] == 7518


def test_running_the_same_import_again_adds_nothing(imported, perm, database):
    before = dump(database)
    again = perm(*A, *ssda903_args(), "--json").json()
    assert again["children_added"] == 0 and again["events_added"] == {}
    assert again["children_already"] == 2675 and again["events_already"] == 10927 + 12
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
    assert story["periods"] == [{"start": "2026-01-05", "end": "2026-09-30"}]


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
        result = perm(*A2, "import", "events", str(first / "events.csv"), "--children", str(first / "children.csv"), "--json")
    assert result.code == 0, result.err
    assert result.json()["rejected"] == 0
    second = tmp_path / ("second.json" if fmt == "json" else "second")
    assert perm(*A2, "export", "--format", fmt, "--output", str(second)).code == 0
    if fmt == "json":
        assert json.loads(second.read_text()) == json.loads(first.read_text())
    else:
        for name in ("children.csv", "events.csv"):
            assert (second / name).read_text() == (first / name).read_text()
    # And again: nothing twice.
    again = perm(*A2, "import", "events", str(first if fmt == "json" else first / "events.csv"), "--json").json()
    assert again["events_added"] == {} and again["rejected"] == 0
