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
    assert len(policies.load("statutory").rules) == 14


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
    assert error(text) == "council.toml:10: rules depend on each other in a circle: a -> b -> a"


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


# -- policies that pass check must never break perm (issue 10, defect 4) ---------------------

WEEKLY = 'schedule = "FREQ=WEEKLY;BYDAY=TU"'
DAILY_ONLY = "sittings are at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"


@pytest.mark.parametrize(
    "schedule, message",
    [
        ("FREQ=SECONDLY", DAILY_ONLY),
        ("FREQ=MINUTELY;INTERVAL=5", DAILY_ONLY),
        ("FREQ=HOURLY", DAILY_ONLY),
        ("freq=hourly;interval=24", DAILY_ONLY),
        ("FREQ=DAILY;BYHOUR=9,14", "sittings are at most daily: leave out BYHOUR (the panel's hours are its time)"),
        ("FREQ=WEEKLY;BYDAY=TU;BYMINUTE=0,30", "sittings are at most daily: leave out BYMINUTE (the panel's hours are its time)"),
        ("FREQ=WEEKLY;BYDAY=TU;BYSECOND=1", "sittings are at most daily: leave out BYSECOND (the panel's hours are its time)"),
    ],
)
def test_sittings_are_at_most_daily(schedule, message):
    # These made `perm panels` and `perm agenda` run for minutes (FREQ=SECONDLY), or gave
    # one day several sittings.
    assert error(HEAD.replace(WEEKLY, f'schedule = "{schedule}"')) == f"council.toml:8: panel 'legal', schedule: {message}"


@pytest.mark.parametrize(
    "schedule, message",
    [
        # dateutil loops for ever on INTERVAL=0, and looks to the year 9999 for a sitting that
        # never comes: each such search took seconds, and perm makes many.
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL is a whole number from 1 to 366, got '0'"),
        ("FREQ=WEEKLY;INTERVAL=99999999999;BYDAY=TU", "INTERVAL is a whole number from 1 to 366, got '99999999999'"),
        ("FREQ=DAILY;BYMONTH=13", "the panel must sit at least once a year, and this schedule gives no sitting"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "the panel must sit at least once a year, and this schedule gives no sitting"),
        ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=6", "the panel must sit at least once a year, and this schedule gives no sitting"),
        ("FREQ=MONTHLY;INTERVAL=13;BYDAY=1MO",
         "the panel must sit at least once a year, and this schedule sits on 2020-01-06 and next on 2021-02-01"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
         "the panel must sit at least once a year, and this schedule sits on 2020-02-29 and next on 2024-02-29"),
        ("FREQ=MONTHLY;INTERVAL=13;BYMONTH=2",
         "the panel must sit at least once a year, and this schedule first sits on 2021-02-06"),
        ("FREQ=YEARLY;INTERVAL=6", "the panel must sit at least once a year, and this schedule sits on 2020-01-06 and then not for a year"),
        ("FREQ=WEEKLY;BYDAY=TU;BYEASTER=0",
         "unknown part 'BYEASTER' (a schedule has FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, BYWEEKNO, BYYEARDAY, WKST, COUNT and UNTIL)"),
        ("FREQ=WEEKLY;BYDAY=TU;BYDAY=WE", "BYDAY is given twice"),
        ("FREQ=WEEKLY;BYDAY", 'write the schedule as NAME=VALUE parts joined by ";", e.g. "FREQ=WEEKLY;BYDAY=TU"'),
        ("DTSTART:20200101T000000\\nRRULE:FREQ=DAILY",
         'write the schedule on one line, without DTSTART ("first" gives the first sitting): "FREQ=WEEKLY;BYDAY=TU"'),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T000000Z", "UNTIL is the day of the last sitting, as UNTIL=20261231"),
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=many", "COUNT is a whole number of sittings, got 'many'"),
    ],
)
def test_schedules_that_never_sit_or_never_end_are_refused(schedule, message):
    assert error(HEAD.replace(WEEKLY, f'schedule = "{schedule}"')) == f"council.toml:8: panel 'legal', schedule: {message}"


@pytest.mark.parametrize(
    "schedule",
    ["FREQ=WEEKLY;BYDAY=TU;COUNT=3", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20250101", "RRULE:FREQ=WEEKLY;BYDAY=TU",
     "FREQ=DAILY", "FREQ=YEARLY", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=DAILY;INTERVAL=14"],
)
def test_a_schedule_may_end_or_be_daily_or_yearly(schedule):
    # A panel that stopped sitting keeps its past sittings; after the last one its items say
    # that no sitting fits, and `perm agenda` and `perm book` say it has none.
    assert load(HEAD.replace(WEEKLY, f'schedule = "{schedule}"')).panel("legal").schedule == schedule


@pytest.mark.parametrize("first", ["0001-01-01", "1999-12-31", "2100-01-01", "9999-12-31"])
def test_the_first_sitting_is_in_this_century(first):
    text = HEAD + f"first = {first}\n"
    assert error(text) == "council.toml:9: panel 'legal', first: give a day from 2000-01-01 to 2099-12-31"


@pytest.mark.parametrize(
    "lines, message",
    [
        ('time = "15:00-09:00"\n', "council.toml:9: panel 'legal', time: the panel must end after it starts, 09:00-15:00"),
        ('time = "09:00-10:00"\nslot = "90 minutes"\n',
         "council.toml:10: panel 'legal', slot: a case's slot, 90 minutes, must fit in the panel's time, 09:00-10:00"),
        ('time = "23:30"\nslot = "60 minutes"\n',
         "council.toml:10: panel 'legal', slot: a case's slot, 60 minutes, must end by midnight"),
        ('paperwork_due = "-7 months"\n',
         "council.toml:9: panel 'legal', paperwork_due: papers are due at most 6 months before the sitting"),
        ('paperwork_due = "-9999 years"\n',
         "council.toml:9: panel 'legal', paperwork_due: '-9999 years' is longer than 25 years in all: write a shorter time span"),
    ],
)
def test_panel_times_and_paperwork_are_sensible(lines, message):
    assert error(HEAD + lines) == message


@pytest.mark.parametrize(
    "change, message",
    [
        (('"6 weeks"', '"9999 years"'), "council.toml:14: rule 'local-visit', due: '9999 years' is longer than 25 years in all"),
        (('"6 weeks"', '"-9999 years"'), "council.toml:14: rule 'local-visit', due: '-9999 years' is longer than 25 years in all"),
        (('"6 weeks"', '"20 years + 20 years"'), "council.toml:14: rule 'local-visit', due: '20 years + 20 years' is longer than 25 years in all"),
        (('"6 weeks"', '"6523 working days"'), "council.toml:14: rule 'local-visit', due: '6523 working days' is longer than 25 years in all"),
        (('"6 weeks"', '{ offset = "1306 weeks", from = "last:review" }'), "council.toml:14: rule 'local-visit', due: '1306 weeks' is longer than 25 years in all"),
        (('due = "6 weeks"', 'due = "6 weeks"\nthen = ["1 year", "26 years"]'), "council.toml:15: rule 'local-visit', then: '26 years' is longer than 25 years in all"),
        (('due = "6 weeks"', 'due = "6 weeks"\nearliest = { earliest_of = ["1 day", "9999 days"] }'),
         "council.toml:15: rule 'local-visit', earliest: '9999 days' is longer than 25 years in all"),
    ],
)
def test_time_spans_are_at_most_25_years(change, message):
    # "9999 years" put every due date past the year 9999: every command failed with an
    # unexpected ValueError.
    old, new = change
    assert error(HEAD + GOOD_RULE.replace(old, new)).startswith(message)


def test_the_longest_time_spans_load():
    for span in ("25 years", "-25 years", "300 months", "1304 weeks", "9131 days", "6522 working days", "week 999"):
        assert load(HEAD + GOOD_RULE.replace('"6 weeks"', f'"{span}"')).rule("local-visit")


SELF = GOOD_RULE.replace('trigger = "event:placement-start"', 'trigger = "period-start"')


@pytest.mark.parametrize(
    "change, message",
    [
        (('trigger = "period-start"', 'trigger = "done:local-visit"'),
         "council.toml:13: rule 'local-visit', trigger: the rule refers to itself (done:local-visit): use then for an item that repeats"),
        (('trigger = "period-start"', 'trigger = ["period-start", "done:local-visit"]'),
         "council.toml:13: rule 'local-visit', trigger: the rule refers to itself (done:local-visit): use then for an item that repeats"),
        (('due = "6 weeks"', 'due = { by = "local-visit" }'),
         "council.toml:14: rule 'local-visit', due: the rule refers to itself (by local-visit): a date cannot wait for itself"),
        (('due = "6 weeks"', 'due = "6 weeks"\nearliest = { by = "local-visit" }'),
         "council.toml:15: rule 'local-visit', earliest: the rule refers to itself (by local-visit): a date cannot wait for itself"),
        (('due = "6 weeks"', 'due = { earliest_of = ["6 weeks", { by = "local-visit" }] }'),
         "council.toml:14: rule 'local-visit', due: the rule refers to itself (by local-visit): a date cannot wait for itself"),
        (('due = "6 weeks"', 'due = { latest_of = ["6 weeks", { age = 3, otherwise = { by = "local-visit" } }] }'),
         "council.toml:14: rule 'local-visit', due: the rule refers to itself (by local-visit): a date cannot wait for itself"),
        (('due = "6 weeks"', 'due = { by = "review-first", otherwise = { by = "local-visit" } }'),
         "council.toml:14: rule 'local-visit', due: the rule refers to itself (by local-visit): a date cannot wait for itself"),
    ],
)
def test_a_rule_cannot_refer_to_itself(change, message):
    # Each of these loaded, then every command failed with "unexpected KeyError".
    old, new = change
    assert error(HEAD + SELF.replace(old, new)) == message


def rule(rule_id: str, trigger: str = "period-start", due: str = '"1 week"') -> str:
    return f'\n[[rule]]\nid = "{rule_id}"\ntitle = "T"\ntrigger = "{trigger}"\ndue = {due}\nsatisfied_by = ["ppm"]\nsource = "s"\n'


def test_only_the_rules_in_the_circle_are_named():
    text = HEAD + rule("d", "done:a") + rule("a", "done:b") + rule("b", due='{ by = "c" }') + rule("c", "done:a")
    assert error(text) == "council.toml:18: rules depend on each other in a circle: a -> b -> c -> a"


def test_a_circle_through_an_overridden_statutory_rule():
    review = next(block for block in BASE.split("[[rule]]") if 'id = "review-second"' in block)
    override = "\n[[rule]]" + review.replace('id = "review-second"', 'id = "review-second"\noverride = true')
    override = re.sub(r'trigger = [^\n]*', 'trigger = "done:local-plan"', override)
    text = HEAD + rule("local-plan", due='{ by = "review-second" }') + override
    assert error(text) == "council.toml:10: rules depend on each other in a circle: local-plan -> review-second -> local-plan"


@pytest.mark.parametrize(
    "due",
    ['{ by = "nope" }', '{ earliest_of = ["1 week", { by = "nope" }] }', '{ offset = "1 week", otherwise = { by = "nope" } }'],
)
def test_every_reference_names_a_rule_that_exists(due):
    assert error(HEAD + rule("a", due=due)) == "council.toml:10: rule 'a' refers to rule 'nope', which does not exist"
    assert error(HEAD + rule("a", "done:nope")) == "council.toml:10: rule 'a' refers to rule 'nope', which does not exist"


def test_time_spans_along_a_chain_of_rules_add_up_to_at_most_100_years():
    # Each rule is due 25 years after the one before is done: perm projects a rule that has
    # not started from the one before it, adding the spans up.
    chain = rule("a", due='"25 years"') + "".join(
        rule(b, f"done:{a}", '"25 years"') for a, b in zip("abcd", "bcde")
    )
    assert error(HEAD + chain) == (
        "council.toml:46: rule 'e', due: with the rules it builds on (a, b, c, d) its time spans add up to "
        "125 years; perm counts up to 100 years"
    )
    assert load(HEAD + chain.split("\n[[rule]]\nid = \"e\"")[0]).rule("d")


def test_due_dates_nest_at_most_10_deep():
    # perm reads and works out a due date by recursion: deep enough, Python gives up.
    due = '"1 day"'
    for _ in range(10):
        due = '{ earliest_of = ["1 day", ' + due + "] }"
    assert error(HEAD + rule("a", due=due)) == "council.toml:14: rule 'a', due: earliest_of is nested more than 10 deep"
    assert error(HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n") == "council.toml: nested too deeply"


def test_a_chain_of_rules_is_at_most_100_long():
    # Each rule starts when the one before is done; perm projects the last from the first
    # by recursion, which ran out of stack at about 1,000 rules.
    chain = rule("r0") + "".join(rule(f"r{i}", f"done:r{i - 1}") for i in range(1, 101))
    assert error(HEAD + chain) == (
        f"council.toml:{10 + 100 * 8}: rule 'r100' comes after a chain of 100 rules, each waiting for the one before; "
        "perm follows chains of at most 100"
    )
    assert load(HEAD + chain.rsplit("\n[[rule]]", 1)[0]).rule("r99")
