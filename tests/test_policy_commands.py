"""`perm policy list | show | check`."""

from __future__ import annotations

import pytest


from permcli.app import policies

# policy commands use no database
pytestmark = pytest.mark.sqlite_only



def test_policy_list(perm):
    rows = perm("policy", "list", "--json").json()
    assert [r["policy"] for r in rows] == sorted(policies.shipped_ids())
    statutory = next(r for r in rows if r["policy"] == "statutory")
    assert statutory == {"policy": "statutory", "name": "Statutory timescales (England)", "panels": "",
                         "rules": 14, "local_rules": 0}


def test_policy_show_json(perm):
    shown = perm("policy", "show", "statutory", "--json").json()
    assert shown["policy"] == "statutory" and shown["panels"] == []
    first = shown["rules"][0]
    assert first == {
        "rule": "review-first", "kind": "statutory", "item": "review", "panel": None, "reason": None,
        "title": "LAC review", "trigger": "period-start", "due": "20 working days",
        "source": "Care Planning, Placement and Case Review (England) Regulations 2010 reg 33(1); seed 000 Week 16; seed 002 §8",
    }


def test_policy_check(perm, tmp_path):
    good = tmp_path / "ours.toml"
    good.write_text(
        '[policy]\nid = "ours"\nname = "Our council"\n\n[[panel]]\nid = "legal"\nname = "Legal"\n'
        'schedule = "FREQ=WEEKLY;BYDAY=TU"\n'
    )
    result = perm("policy", "check", str(good))
    assert (result.code, result.out) == (
        0, f"{good}: OK: policy ours (Our council), 1 panels, 0 local rules on top of 14 statutory rules.\n"
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[policy]\nid = "ours"\nname = "Our council"\n\n[[panel]]\nid = "legal"\nname = "Legal"\nschedule = "weekly"\n')
    result = perm("policy", "check", str(bad))
    assert result.code == 1
    assert result.err == f'perm: error: {bad}:8: panel \'legal\', schedule: write when it sits as an RRULE, e.g. "FREQ=WEEKLY;BYDAY=TU"\n'
    missing = perm("policy", "check", str(tmp_path / "none.toml"))
    assert (missing.code, missing.err) == (1, f"perm: error: no policy file at {tmp_path / 'none.toml'}\n")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\x00\xff\xfe garbage")
    result = perm("policy", "check", str(binary))
    assert result.code == 1 and result.err.startswith(f"perm: error: {binary}:1: not UTF-8 text")
