"""The SSDA903 import keeps what is usable (issue 11, point 5): an episode with a REC but no
DEC is kept open, with a warning; every row is stored, already there, or reported (never
counted as there when the row it repeats was refused); reviews before the child's first
episode say so; kept rows that break a DfE rule carry a warning naming the rule; the summary
counts rows not used by reason and warnings by rule; a repeat import says nothing is new."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from permcli.domain.intake import Where
from permcli.domain.ssda903_rules import RULES, Episode, episode_warnings, review_warning

A = ("--as-of", "2026-11-23")
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n"


def _return(folder: Path, header: str, episodes: str, reviews: str = "", placed: str | None = None) -> list[str]:
    """A small return in a folder: the arguments that import it."""
    folder.mkdir(exist_ok=True)
    (folder / "header.csv").write_text("CHILD,DOB\n" + header)
    (folder / "episodes.csv").write_text(EPISODES + episodes)
    (folder / "reviews.csv").write_text("CHILD,DOB,REVIEW,REVIEW_CODE\n" + reviews)
    args = ["import", "ssda903", "--header", folder / "header.csv", "--episodes", folder / "episodes.csv",
            "--reviews", folder / "reviews.csv"]
    if placed is not None:
        (folder / "placed_for_adoption.csv").write_text("CHILD,DOB,DATE_PLACED\n" + placed)
        args += ["--placed-for-adoption", folder / "placed_for_adoption.csv"]
    return [str(a) for a in args]


def _import(perm, args, *more):
    assert perm("init").code == 0
    result = perm(*A, *args, *more, "--json")
    assert result.code == 0, result.err
    return result.json()


def _files(summary) -> dict:
    return {Path(f["file"]).name: (f["rows"], f["imported"], f["already"], f["rejected"]) for f in summary["files"]}


def _warnings(summary) -> list[tuple[str, int, str]]:
    return [(Path(w["file"]).name, w["line"], w["code"]) for w in summary["warnings"]]


def _periods(perm, child: str) -> list[tuple[str, str | None]]:
    return [(p["start"], p["end"]) for p in perm(*A, "show", child, "--json").json()["periods"]]


def _rejects(summary) -> list[tuple[str, int, str]]:
    return [(Path(r["file"]).name, r["line"], r["why"]) for r in summary["rejects"]]


# -- REC without DEC: an open episode, kept ----------------------------------------------------


def test_an_episode_with_a_rec_but_no_dec_is_kept_open_with_a_warning(perm, tmp_path):
    """The return's rule (DfE 148) is broken, but the child is still looked after: the
    episode opens the period, and the reviews in it count (they were all refused as "not
    looked after then" when the episode was refused)."""
    args = _return(tmp_path / "903", "K1,14/02/2012\nK2,14/02/2012\n",
                   "K1,05/01/2026,S,C2,N1,U4,,X1\n"     # REC X1, no DEC
                   "K2,05/01/2026,S,V2,N1,U4,,E11\n",   # REC E11, no DEC
                   "K1,14/02/2012,02/02/2026,PN1\nK1,14/02/2012,30/04/2026,PN1\n"
                   "K2,14/02/2012,02/02/2026,PN1\n")
    summary = _import(perm, args)
    assert summary["rejected"] == 0
    assert _files(summary)["episodes.csv"] == (2, 2, 0, 0) and _files(summary)["reviews.csv"] == (3, 3, 0, 0)
    assert _warnings(summary) == [("episodes.csv", 2, "148"), ("episodes.csv", 3, "148")]
    assert summary["warnings"][0]["why"] == ("REC X1 is given but DEC is empty: kept as an open episode "
                                             "(the child is taken as still looked after)")
    assert summary["warnings_by_code"] == {"148": 2}
    for child in ("K1", "K2"):
        assert _periods(perm, child) == [("2026-01-05", None)]
    assert [e["kind"] for e in perm(*A, "show", "K1", "--json").json()["events"]] == ["looked-after", "review", "review"]


def test_an_episode_after_an_open_one_is_refused_as_overlapping_it(perm, tmp_path):
    args = _return(tmp_path / "903", "K1,14/02/2012\n",
                   "K1,05/01/2026,S,C2,N1,U4,,X1\n"
                   "K1,02/03/2026,P,C2,N1,U5,01/06/2026,E11\n")
    summary = _import(perm, args)
    assert _rejects(summary) == [("episodes.csv", 3, "starts while the episode on line 2 is still open")]
    assert _warnings(summary) == [("episodes.csv", 2, "148")]


# -- every row stored or reported ---------------------------------------------------------------


def test_a_repeat_of_a_refused_row_is_reported_never_already_there(perm, tmp_path):
    """Two review lines with the same child and day (another REVIEW_CODE) are one review:
    the second is already there when the first was stored, and refused, and reported, when
    the first was refused (it was counted "already there" and stored nowhere)."""
    args = _return(tmp_path / "903", "K1,14/02/2012\n",
                   "K1,05/01/2026,S,C2,N1,U4,,\n",
                   "K1,14/02/2012,01/12/2025,PN1\n"      # before the first episode: refused
                   "K1,14/02/2012,01/12/2025,PN2\n"      # the same review: refused too
                   "K1,14/02/2012,02/02/2026,PN1\n"      # stored
                   "K1,14/02/2012,02/02/2026,PN3\n")     # the same review: already there
    rejects = tmp_path / "rejects.csv"
    summary = _import(perm, args, "--rejects", str(rejects))
    before_first = ("review on 2025-12-01, before the first episode in this file (2026-01-05, line 2): "
                    "it may belong to care the file does not show")
    assert _rejects(summary) == [
        ("reviews.csv", 2, before_first),
        ("reviews.csv", 3, f"the same review as line 2, which was not used: {before_first}"),
    ]
    assert [r["reason"] for r in summary["rejects"]] == ["before the first episode in this file"] * 2
    assert _files(summary)["reviews.csv"] == (4, 1, 1, 2)
    assert [(r["line"], r["why"] != "") for r in csv.DictReader(rejects.open())] == [("2", True), ("3", True)]


def test_a_review_before_the_first_episode_or_with_none_says_so(perm, tmp_path):
    args = _return(tmp_path / "903", "K1,14/02/2012\nK2,14/02/2012\n",
                   "K1,05/01/2026,P,C2,N1,U4,,\n",
                   "K1,14/02/2012,01/12/2025,PN1\nK2,14/02/2012,01/12/2025,PN1\n",
                   placed="K1,14/02/2012,02/01/2026\n")
    summary = _import(perm, args)
    assert _rejects(summary) == [
        ("reviews.csv", 2, "review on 2025-12-01, before the first episode in this file (2026-01-05, line 2): "
                           "it may belong to care the file does not show"),
        ("reviews.csv", 3, "review on 2025-12-01, but the child has no episode in this file: "
                           "it may belong to care the file does not show"),
        ("placed_for_adoption.csv", 2, "placement for adoption on 2026-01-02, before the first episode in this file "
                                       "(2026-01-05, line 2): it may belong to care the file does not show"),
    ]


def test_a_review_before_the_first_episode_counts_in_care_the_database_has(perm, tmp_path):
    """The file may not show all the child's care, but the database may: a review in a
    period already recorded is kept."""
    assert perm("init").code == 0
    assert perm(*A, "child", "add", "K1", "--name", "Kit Example", "--dob", "2012-02-14").code == 0
    assert perm(*A, "record", "looked-after", "K1", "--date", "2025-06-01", "--legal-status", "care-order",
                "--placement", "foster").code == 0
    args = _return(tmp_path / "903", "K1,14/02/2012\n", "K1,05/01/2026,L,C2,N1,U4,,\n",
                   "K1,14/02/2012,01/12/2025,PN1\n")
    summary = perm(*A, *args, "--json").json()
    assert summary["events_added"] == {"review": 1}
    assert _files(summary)["reviews.csv"] == (1, 1, 0, 0)


def test_the_first_episode_continues_care_from_before_the_file_and_says_so(perm, tmp_path):
    args = _return(tmp_path / "903", "K1,14/02/2012\nK2,14/02/2012\n",
                   "K1,05/01/2026,P,C2,N1,U4,,\n"   # continues care: the period starts here
                   "K2,05/01/2026,S,C2,N1,U4,,\n")  # starts care
    summary = _import(perm, args)
    assert [(Path(c["file"]).name, c["line"], c["child"]) for c in summary["periods_continued"]] == [
        ("episodes.csv", 2, "K1")]
    assert _periods(perm, "K1") == [("2026-01-05", None)]
    assert perm(*A, *args, "--json").json()["periods_continued"] == []  # nothing started the second time


# -- DfE rules: kept, with a warning naming the rule -------------------------------------------


def test_each_dfe_rule_perm_checks_is_a_warning_on_a_kept_row(perm, tmp_path):
    header = "K1,14/02/2010\nK2,14/02/2018\nK3,01/06/2024\n"
    episodes = (
        "K1,05/01/2026,S,L1,N1,U4,09/01/2026,X1\n"       # 2: police protection 4 days: 361
        "K1,09/01/2026,L,L2,N1,U4,10/02/2026,X1\n"       # 3: EPO 32 days: 362
        "K1,10/02/2026,L,L3,N1,U4,20/02/2026,X1\n"       # 4: child assessment order 10 days: 363
        "K1,20/02/2026,L,J2,N1,U4,10/03/2026,X1\n"       # 5: PACE 18 days, then
        "K1,10/03/2026,P,J2,N1,U5,25/03/2026,X1\n"       # 6: 15 more: 33 days together: 364 on both
        "K1,25/03/2026,L,V3,N1,U5,15/04/2026,X1\n"       # 7: short break 21 days: 365
        "K1,15/04/2026,L,D1,N1,U5,01/05/2026,X1\n"       # 8: freeing order after 2005: 445
        "K1,01/05/2026,P,C2,N1,T1,01/06/2026,X1\n"       # 9: temporary placement after a change of placement: fine
        "K1,01/06/2026,L,C2,N1,T2,,\n"                   # 10: temporary placement on a change of legal status: 380
        "K2,05/01/2026,S,J1,N1,U4,01/02/2026,E11\n"      # 11: remanded at 7: 358
        "K3,01/11/2026,S,L1,N1,U4,,X1\n"                 # 12: open: 148; police protection 22 days to the as-of day: 361
    )
    reviews = ("K1,14/02/2010,02/02/2026,PN0\n"          # 2: PN0 at 15: 440
               "K1,14/02/2010,10/02/2026,PN3\n"          # 3: fine
               "K3,01/06/2024,18/11/2026,PN2\n"          # 4: PN2 at 2: 441
               "K3,01/06/2024,19/11/2026,PN0\n")         # 5: fine
    args = _return(tmp_path / "903", header, episodes, reviews)
    rejects = tmp_path / "rejects.csv"
    summary = _import(perm, args, "--rejects", str(rejects))
    assert summary["rejected"] == 0
    assert _warnings(summary) == [
        ("episodes.csv", 2, "361"), ("episodes.csv", 3, "362"), ("episodes.csv", 4, "363"),
        ("episodes.csv", 5, "364"), ("episodes.csv", 6, "364"), ("episodes.csv", 7, "365"),
        ("episodes.csv", 8, "445"), ("episodes.csv", 10, "380"), ("episodes.csv", 11, "358"),
        ("episodes.csv", 12, "148"), ("episodes.csv", 12, "361"),
        ("reviews.csv", 2, "440"), ("reviews.csv", 4, "441"),
    ]
    why = {(Path(w["file"]).name, w["line"], w["code"]): w["why"] for w in summary["warnings"]}
    assert why["episodes.csv", 5, "364"] == "detention under PACE (J2) from 2026-02-20 to 2026-03-25: 33 days"
    assert why["episodes.csv", 12, "361"] == ("police protection (L1) from 2026-11-01: 22 days "
                                              "(still open: counted to the as-of day 2026-11-23)")
    assert why["episodes.csv", 11, "358"] == "legal status J1 from 2026-01-05, when the child was 7: under 10"
    assert why["reviews.csv", 2, "440"] == "participation code PN0 (under 4) but the child was 15 on 2026-02-02"
    assert summary["warnings_by_code"] == {"148": 1, "358": 1, "361": 2, "362": 1, "363": 1, "364": 2, "365": 1,
                                           "380": 1, "440": 1, "441": 1, "445": 1}
    assert summary["warned"] == 12  # line 12 breaks two rules
    # The rows are stored all the same.
    assert _files(summary)["episodes.csv"] == (11, 11, 0, 0) and _files(summary)["reviews.csv"] == (4, 4, 0, 0)
    # --rejects lists them, each warning on a line of its own, why empty: the row was used.
    rows = list(csv.DictReader(rejects.open()))
    assert list(rows[0]) == ["file", "line", "child", "why", "warning"]
    assert len(rows) == 13 and all(r["why"] == "" for r in rows)
    assert rows[0]["warning"] == "DfE 361: police protection (L1) from 2026-01-05 to 2026-01-09: 4 days"
    assert [r["warning"].split(":")[0] for r in rows if r["line"] == "12"] == ["DfE 148", "DfE 361"]


def test_a_refused_row_has_its_reason_and_no_warning(perm, tmp_path):
    """A row perm does not keep is reported with why, not warned about: only kept rows are."""
    args = _return(tmp_path / "903", "K1,14/02/2010\n",
                   "K1,05/01/2026,S,D1,N1,U4,01/01/2026,E11\n")  # DEC before DECOM; D1 after 2005
    summary = _import(perm, args)
    assert _rejects(summary) == [("episodes.csv", 2, "DEC 2026-01-01 is before DECOM 2026-01-05")]
    assert summary["warnings"] == []


def _episode(line, start, end, ls, rne="L", place="U4"):
    return Episode(Where("e", line), date.fromisoformat(start), end and date.fromisoformat(end), rne, ls, place)


@pytest.mark.parametrize("episodes, codes", [
    ([_episode(1, "2026-01-05", "2026-01-08", "L1")], []),                       # 3 days: 72 hours
    ([_episode(1, "2026-01-05", "2026-01-09", "L1")], [(1, "361")]),
    ([_episode(1, "2026-01-05", "2026-01-07", "L1"), _episode(2, "2026-01-07", "2026-01-09", "L1")],
     [(1, "361"), (2, "361")]),                                                   # one stretch of 4 days
    ([_episode(1, "2026-01-05", "2026-01-07", "L1"), _episode(2, "2026-01-08", "2026-01-10", "L1")], []),  # a gap
    ([_episode(1, "2026-01-05", "2026-01-07", "L1"), _episode(2, "2026-01-07", "2026-01-08", "L2"),
      _episode(3, "2026-01-08", "2026-01-10", "L1")], []),                       # another status between
    ([_episode(1, "2026-01-05", "2026-01-26", "L2")], []),                       # 21 days
    ([_episode(1, "2026-01-05", "2026-01-27", "L2")], [(1, "362")]),
    ([_episode(1, "2026-01-05", "2026-01-12", "L3")], []),
    ([_episode(1, "2026-01-05", "2026-01-13", "L3")], [(1, "363")]),
    ([_episode(1, "2026-01-05", "2026-01-27", "J2")], [(1, "364")]),
    ([_episode(1, "2026-01-05", "2026-01-22", "V3")], []),                       # 17 days
    ([_episode(1, "2026-01-05", "2026-01-23", "V3")], [(1, "365")]),
    ([_episode(1, "2026-01-05", "2026-01-20", "V3"), _episode(2, "2026-01-20", "2026-01-30", "V3")], []),  # each alone
    ([_episode(1, "2026-11-20", None, "L1")], []),                               # open: 3 days to the as-of day
    ([_episode(1, "2026-11-19", None, "L1")], [(1, "361")]),                     # 4 days
    ([_episode(1, "2005-12-31", "2006-02-01", "D1")], []),
    ([_episode(1, "2006-01-01", "2006-02-01", "D1")], [(1, "445")]),
    ([_episode(1, "2026-01-05", "2026-02-01", "C2", rne="S", place="T0")], [(1, "380")]),
    ([_episode(1, "2026-01-05", "2026-02-01", "C2", rne="B", place="T4")], []),
    ([_episode(1, "2026-01-05", "2026-02-01", "C2", rne="P", place="T9")], []),
])
def test_the_episode_rules_at_their_edges(episodes, codes):
    found = [(where.line, code) for where, code, _ in episode_warnings(episodes, date(2010, 2, 14), date(2026, 11, 23))]
    assert sorted(found) == sorted(codes)


@pytest.mark.parametrize("dob, start, warned", [
    ("2016-01-05", "2026-01-04", True),    # the day before the 10th birthday
    ("2016-01-05", "2026-01-05", False),   # the 10th birthday: 10, not under 10
    ("2016-02-29", "2026-02-27", True),
    ("2016-02-29", "2026-02-28", False),   # born on 29 February: the birthday is 28 February in common years
])
def test_rule_358_is_about_age_on_the_day_the_episode_starts(dob, start, warned):
    episodes = [_episode(1, start, None, ls) for ls in ("J3",)]
    found = [code for _, code, _ in episode_warnings(episodes, date.fromisoformat(dob), date.fromisoformat(start))]
    assert ("358" in found) == warned


@pytest.mark.parametrize("code, day, rule", [
    ("PN0", "2026-06-13", None), ("PN0", "2026-06-14", "440"),    # the 4th birthday: 4
    ("PN1", "2026-06-13", "441"), ("pn7", "2026-06-13", "441"), ("PN7", "2026-06-14", None),
    ("", "2026-06-13", None), ("PN8", "2026-06-13", None),
])
def test_participation_codes_fit_the_childs_age_at_the_review(code, day, rule):
    found = review_warning(date(2022, 6, 14), date.fromisoformat(day), code)
    assert (found[0] if found else None) == rule


def test_every_rule_warned_about_is_named_and_explained():
    assert set(RULES) == {"148", "358", "361", "362", "363", "364", "365", "380", "440", "441", "445"}
    assert all(len(meaning) > 20 for meaning in RULES.values())


# -- the summary -------------------------------------------------------------------------------


def test_the_summary_counts_rows_not_used_by_reason_and_warnings_by_rule(perm, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    args = _return(tmp_path / "903", "K1,14/02/2010\n",
                   "K1,05/01/2026,S,C2,N1,U4,,X1\n",
                   "K1,14/02/2010,01/12/2030,PN1\nK1,14/02/2010,01/12/2029,PN1\nK1,14/02/2010,01/12/2028,PN1\n"
                   "K1,14/02/2010,01/12/2025,PN1\nK1,14/02/2010,02/02/2026,PN0\n")
    assert perm("init").code == 0
    shown = perm(*A, *args)
    assert shown.code == 0, shown.err
    lines = [" ".join(line.replace("│", " ").split()) for line in shown.out.splitlines()]
    assert "Rows not used (4), by reason" in lines
    assert "reviews.csv REVIEW is after the as-of day 3" in lines
    assert "reviews.csv before the first episode in this file 1" in lines
    assert "Rows kept with a warning (2): 2 warnings, by DfE rule" in lines
    assert f"148 {RULES['148']} 1" in lines and f"440 {RULES['440']} 1" in lines
    assert lines[-1] == ("Give --rejects FILE for every row not used or kept with a warning, with its file, line, "
                         "child and why.")
    # No row is listed one by one: they are all in --rejects.
    assert "01/12/2030" not in shown.out and "2030-12-01" not in shown.out
    target = tmp_path / "rejects.csv"
    again = perm(*A, *args, "--rejects", str(target))
    assert again.out.rstrip().endswith(f"Every row not used or kept with a warning is in {target}, with its file, "
                                       "line, child and why.")
    assert len(list(csv.DictReader(target.open()))) == 4 + 2


def test_a_repeat_import_says_nothing_new(perm, tmp_path, monkeypatch):
    """A second run of the same return adds nothing and says so; an episode that needs no
    record of its own (it carries the period on) is already there too, not used again."""
    monkeypatch.setenv("COLUMNS", "200")
    args = _return(tmp_path / "903", "K1,14/02/2012\n",
                   "K1,05/01/2026,S,C2,N1,U4,02/03/2026,X1\n"
                   "K1,02/03/2026,L,C2,N1,U4,,\n",     # nothing new in it: same legal status and placement
                   "K1,14/02/2012,02/02/2026,PN1\n")
    assert perm("init").code == 0
    first = perm(*A, *args, "--json").json()
    assert _files(first)["episodes.csv"] == (2, 2, 0, 0)
    again = perm(*A, *args, "--json").json()
    assert again["nothing_new"] and again["rejected"] == 0
    assert {name: f[1] for name, f in _files(again).items()} == {"header.csv": 0, "episodes.csv": 0, "reviews.csv": 0}
    shown = perm(*A, *args)
    assert "Nothing new: every row is already in the database (4 rows)." in shown.out
    assert "Events added" not in shown.out


def test_an_open_episode_counts_to_the_as_of_day_or_the_18th_birthday():
    """Care ends at 18 (Children Act 1989 s105): an open episode lasts no longer."""
    open_l2 = [_episode(1, "2026-10-01", None, "L2")]
    dob = date(2008, 10, 10)  # 18 on 2026-10-10: 9 days of it
    assert list(episode_warnings(open_l2, dob, date(2026, 11, 23))) == []
    dob = date(2008, 11, 1)  # 18 on 2026-11-01: 31 days
    assert [why for _, _, why in episode_warnings(open_l2, dob, date(2026, 11, 23))] == [
        "an emergency protection order (L2) from 2026-10-01: 31 days (still open: counted to the 18th birthday 2026-11-01)"]
