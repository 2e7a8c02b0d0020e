"""The policy loader: every mistake is reported as FILE:LINE: message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import STATUTORY_RULES, history, items_of
from permcli.app import policies
from permcli.domain.errors import PolicyError
from permcli.domain.policyfile import parse_policy

REPO = Path(__file__).resolve().parent.parent
BASE = (REPO / "permcli/policies/base.toml").read_text()
HEAD = (
    '[policy]\nid = "council"\nname = "Our council"\n\n'
    '[[panel]]\nid = "legal"\nname = "Legal Planning Panel"\nschedule = "FREQ=WEEKLY;BYDAY=TU"\n'
)
GOOD_RULE = """
[[rule]]
id = "local-visit"
title = "Visit after a placement"
trigger = "event:placement-start"
due = "6 weeks"
satisfied_by = ["panel:legal"]
source = "Our procedure 3.1"
"""


def load(text: str):
    return parse_policy(text, "council.toml", BASE, "base.toml")


def error(text: str) -> str:
    with pytest.raises(PolicyError) as raised:
        load(text)
    return str(raised.value)


def test_a_good_policy_loads_with_the_statutory_rules():
    policy = load(HEAD + GOOD_RULE)
    ids = [r.id for r in policy.rules]
    assert "local-visit" in ids and "review-first" in ids
    assert ids.index("review-first") < ids.index("review-second") < ids.index("review-subsequent")
    assert ids.index("review-second") < ids.index("permanence-plan")
    assert policy.rule("local-visit").line == 10


def test_shipped_policies_load():
    assert policies.shipped_ids() == [
        "bcp", "four-panels", "newham-older-children", "permanence-panel", "ppm-process", "statutory",
    ]
    for policy_id in policies.shipped_ids():
        policy = policies.load(policy_id)
        assert policy.id == policy_id
        # Every statutory duty is there, as itself or done by the local rule that replaces it.
        replaced = dict(policy.replaced)
        assert STATUTORY_RULES == {r.id for r in policy.rules if r.id in STATUTORY_RULES} | set(replaced)
        for statutory_id, by in replaced.items():
            assert policy.rule(by).replaces == statutory_id
    assert len(policies.load("statutory").rules) == 12


@pytest.mark.parametrize(
    "text, message",
    [
        (HEAD + GOOD_RULE.replace("title =", "titel ="), "council.toml:12: rule: unknown key 'titel'"),
        (HEAD + GOOD_RULE.replace('due = "6 weeks"\n', ""), "council.toml:10: rule 'local-visit' has no due"),
        (HEAD + GOOD_RULE.replace('"6 weeks"', '"6 wekes"'), "council.toml:14: rule 'local-visit', due: cannot read the time span '6 wekes'"),
        (HEAD + GOOD_RULE.replace("event:placement-start", "event:placement-begins"), "council.toml:13: rule 'local-visit', trigger: unknown event kind 'placement-begins'"),
        (HEAD + GOOD_RULE.replace("panel:legal", "panel:resource"), "council.toml:15: rule 'local-visit', satisfied_by: panel 'resource' is not defined"),
        (HEAD + GOOD_RULE + GOOD_RULE, "council.toml:18: rule 'local-visit' is defined twice"),
        (HEAD + GOOD_RULE.replace('id = "local-visit"', 'id = "review-first"'), "council.toml:11: rule 'review-first' is a statutory rule: add override = true to change it"),
        (HEAD + GOOD_RULE + "override = true\n", "council.toml:17: rule 'local-visit' overrides no statutory rule"),
        (HEAD + GOOD_RULE.replace('due = "6 weeks"', 'due = { by = "no-such-rule" }'), "council.toml:10: rule 'local-visit' refers to rule 'no-such-rule', which does not exist"),
        (HEAD + GOOD_RULE + 'unless = ["done:local-visit"]\n', "council.toml:17: rule 'local-visit' names itself in unless"),
        (HEAD + GOOD_RULE.replace('"event:placement-start"', '{ on = "done:review-first", nth = 2 }'), "council.toml:13: rule 'local-visit', trigger: a done: trigger takes no conditions"),
        (HEAD + GOOD_RULE.replace('"event:placement-start"', '{ on = "eligible", legal_status = "s20" }'), "council.toml:13: rule 'local-visit', trigger: an eligible trigger takes only child conditions"),
        (HEAD + GOOD_RULE.replace('"event:placement-start"', '{ on = "event:placement-start", type = "castle" }'), "council.toml:13: rule 'local-visit', trigger: type 'castle' is not one of foster"),
        (HEAD + GOOD_RULE.replace("in_care", "x") + "in_care = 1\n", "council.toml:17: rule 'local-visit', in_care: must be true or false"),
        (HEAD + "[[rule]]\nid = \"Bad ID\"\n", "council.toml:9: rule 'Bad ID' has no title"),
        (HEAD + "[council]\nx = 1\n", "council.toml:9: unknown table [council]"),
        ('[policy]\nid = "x"\n', "council.toml:1: policy name must be a non-empty string"),
        ("", "council.toml: missing the [policy] table with its id and name"),
        (HEAD + "[[rule]\n", "council.toml:9: not valid TOML"),
        (HEAD + 'x = "unterminated\n', "council.toml:9: not valid TOML"),
    ],
)
def test_mistakes_name_file_and_line(text, message):
    assert error(text).startswith(message)


def test_rules_depending_on_each_other_in_a_circle():
    text = HEAD + """
[[rule]]
id = "a"
title = "A"
trigger = "done:b"
due = "1 week"
satisfied_by = ["ppm"]
source = "s"

[[rule]]
id = "b"
title = "B"
trigger = "done:a"
due = "1 week"
satisfied_by = ["ppm"]
source = "s"
"""
    assert error(text) == "council.toml:10: rules depend on each other in a circle: a, b"


def test_an_override_replaces_the_statutory_rule():
    text = HEAD + """
[[rule]]
id = "supervision-order-expiry"
override = true
item = "panel"
panel = "legal"
title = "Supervision order ending: Legal Planning Panel"
trigger = { on = "event:order", type = "supervision" }
due = { offset = "-3 months", from = "end_date" }
satisfied_by = ["panel:legal"]
in_care = false
source = "seed 001"
"""
    policy = load(text)
    rule = policy.rule("supervision-order-expiry")
    assert rule.panel == "legal" and rule.override
    hist = history(("order", "2026-06-01", {"type": "supervision", "end_date": __import__("datetime").date(2027, 2, 15)}),
                   ("panel", "2026-11-10", {"panel": "resource"}))
    (item,) = items_of(hist, policy, "2026-11-23", "supervision-order-expiry")
    # A resource panel does not count for the legal panel's item: due 2027-02-15 - 3 months.
    assert (item.item, item.panel, str(item.due), item.state) == ("panel", "legal", "2026-11-15", "open")


def test_a_flag_that_is_false_can_be_matched():
    text = HEAD + """
[[rule]]
id = "planned-move-review"
title = "Review after a planned move"
trigger = { on = "event:placement-end", disrupted = false }
due = "4 weeks"
satisfied_by = ["review"]
source = "s"
"""
    policy = load(text)
    from permcli.domain.events import clean_details

    planned = clean_details("placement-end", {})
    assert planned == {"disrupted": False, "permanent": False}
    hist = history(("looked-after", "2026-01-05", {"legal_status": "s20"}), ("placement-end", "2026-03-02", planned))
    (item,) = items_of(hist, policy, "2026-03-10", "planned-move-review")
    assert str(item.due) == "2026-03-30"


def test_the_policy_files_in_the_documentation_load():
    doc = (REPO / "docs/policy-format.md").read_text()
    files = [m.group(1) for m in re.finditer(r"```toml\n(.*?)```", doc, re.S) if "[policy]" in m.group(1)]
    assert len(files) >= 2
    for text in files:
        assert load(text).rules


def test_a_local_rule_can_replace_a_statutory_duty():
    text = HEAD + GOOD_RULE.replace('id = "local-visit"', 'id = "local-visit"\nreplaces = "supervision-order-expiry"')
    policy = load(text)
    assert "supervision-order-expiry" not in {r.id for r in policy.rules}
    assert policy.replaced == (("supervision-order-expiry", "local-visit"),)
    twice = text + GOOD_RULE.replace('id = "local-visit"', 'id = "other"\nreplaces = "supervision-order-expiry"')
    assert error(twice).startswith("council.toml:21: rule 'other', replaces: 'supervision-order-expiry' is already replaced")
    not_statutory = HEAD + GOOD_RULE.replace('id = "local-visit"', 'id = "local-visit"\nreplaces = "ppm-initial"')
    assert error(not_statutory).startswith("council.toml:12: rule 'local-visit', replaces: 'ppm-initial' is not a statutory rule")
    needed = HEAD + GOOD_RULE.replace('id = "local-visit"', 'id = "local-visit"\nreplaces = "review-second"')
    assert error(needed) == (
        "council.toml:12: rule 'local-visit' cannot replace 'review-second': rule 'permanence-plan' depends on it"
    )


@pytest.mark.parametrize(
    "change, message",
    [
        (('"event:placement-start"', '{ on = "event:placement-start", legal_status = "s21" }'),
         "council.toml:13: rule 'local-visit', trigger: legal_status 's21' is not one of s20, ico"),
        (('"event:placement-start"', '{ on = "event:placement-start", looked_after = "no" }'),
         "council.toml:13: rule 'local-visit', trigger: looked_after must be true or false"),
        (('due = "6 weeks"', 'due = "6 weeks"\nearliest = { next_sitting = true }'),
         "council.toml:15: rule 'local-visit': next_sitting needs the rule's panel"),
        (('id = "local-visit"', 'id = "booking"'),
         "council.toml:11: rule id 'booking' is taken by perm's own items"),
        (('id = "local-visit"', 'id = "legal-paperwork"'),
         "council.toml:11: rule id 'legal-paperwork' is taken by perm's own items"),
        (('satisfied_by = ["panel:legal"]', 'satisfied_by = [{ event = "panel", panel = "legal", reason = "tea" }]'),
         "council.toml:15: rule 'local-visit', satisfied_by: panel 'legal' has no reason 'tea'"),
    ],
)
def test_conditions_are_checked_when_the_file_loads(change, message):
    old, new = change
    assert error(HEAD + GOOD_RULE.replace(old, new)).startswith(message)


def test_schedules_in_words():
    text = HEAD.replace('schedule = "FREQ=WEEKLY;BYDAY=TU"', 'schedule = "FREQ=MONTHLY;BYMONTHDAY=15"')
    assert load(text).panel("legal").describe_schedule() == "every month on day 15"
