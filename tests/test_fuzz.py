"""Garbage in: every parser and loader answers with one clear error (PermError), never a
traceback, and a refused command leaves the database exactly as before."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest

from conftest import dump
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from permcli.domain.calendar import Offset, parse_offset
from permcli.domain.children import clean_child
from permcli.domain.errors import PermError, PolicyError
from permcli.domain.events import KINDS, clean_details, parse_date
from permcli.domain.policyfile import parse_policy

REPO = Path(__file__).resolve().parent.parent
BASE = (REPO / "permcli/policies/base.toml").read_text()
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NASTY = st.sampled_from([
    "", " ", "0000-00-00", "9999-12-31", "2026-02-29", "2024-02-30", "2026-13-01", "2026-1-1", "١٢٣٤-٠١-٠١",
    "'; DROP TABLE event;--", "\x00", "\ufeff2026-01-05", "2026-01-05T00:00", "20260105", "x" * 10_000,
    "NaN", "-1 days", "99999 weeks", "week 0", "week -1", "1 fortnight", "3 months - ", "+ 3 months",
])
TEXT = st.one_of(NASTY, st.text(max_size=60), st.text(alphabet=string.printable, max_size=30))


@FUZZ
@given(TEXT)
@example("9999-12-31")
def test_parse_date_is_a_date_or_one_clear_error(text):
    try:
        result = parse_date(text, "--date")
    except PermError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, date)


@FUZZ
@given(TEXT)
def test_parse_offset_is_an_offset_or_one_clear_error(text):
    try:
        result = parse_offset(text)
    except PermError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, Offset)
        result.apply(date(2026, 1, 5))


@FUZZ
@given(
    st.sampled_from(sorted(KINDS)),
    st.dictionaries(
        st.sampled_from(sorted({f.name for k in KINDS.values() for f in k.fields} | {"bogus"})),
        st.one_of(TEXT, st.booleans(), st.none()),
        max_size=4,
    ),
)
def test_event_details_are_clean_or_one_clear_error(kind, raw):
    try:
        details = clean_details(kind, raw)
    except PermError as exc:
        assert "\n" not in str(exc)
    else:
        assert set(details) <= {f.name for f in KINDS[kind].fields}


@FUZZ
@given(TEXT, TEXT, TEXT, TEXT, TEXT)
def test_children_are_clean_or_one_clear_error_without_the_birth_date(ref, name, dob, worker, team):
    try:
        clean_child(ref, name, dob, date(2026, 11, 23), worker, team)
    except PermError as exc:
        assert "\n" not in str(exc)
        if str(exc).startswith("--dob") and len(dob.strip()) > 3:
            assert dob.strip() not in str(exc)


POLICY = (REPO / "permcli/policies/four-panels.toml").read_text()
LINES = POLICY.splitlines()


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_a_policy_file_with_every_kind_of_mistake(data):
    """Lines dropped, doubled, cut short or replaced with garbage: the loader either loads
    the file or names the file and, where it can, the line."""
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "double", "cut", "garbage", "swap"]))
        if action == "drop":
            del lines[i]
        elif action == "double":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        elif action == "garbage":
            lines[i] = data.draw(TEXT)
        else:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    try:
        parse_policy("\n".join(lines), "council.toml", BASE, "base.toml")
    except PolicyError as exc:
        assert str(exc).startswith("council.toml")
        assert "\n" not in str(exc)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_policy_check_on_random_bytes(tmp_path_factory, blob):
    from permcli.app import policies

    path = tmp_path_factory.mktemp("fuzz") / "council.toml"
    path.write_bytes(blob)
    policies.load.cache_clear()
    try:
        policies.load(str(path))
    except PermError as exc:
        assert str(exc).startswith(str(path)) or "cannot read" in str(exc)


# -- through the command line, with the database watched ------------------------------------


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    from permcli.cli.main import main_entry

    db = tmp_path_factory.mktemp("fuzzdb") / "perm.db"
    for args in (
        ["--db", str(db), "init"],
        ["--db", str(db), "--as-of", "2026-11-23", "child", "add", "C1", "--name", "Fuzz Example", "--dob", "2014-07-19"],
        ["--db", str(db), "--as-of", "2026-11-23", "record", "looked-after", "C1", "--date", "2026-01-05",
         "--legal-status", "s20"],
    ):
        assert main_entry(args) == 0
    return db


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from([
        ["record", "review", "{child}", "--date", "{x}"],
        ["record", "order", "C1", "--date", "2026-03-01", "--type", "{x}"],
        ["record", "order", "C1", "--date", "2026-03-01", "--type", "supervision", "--end-date", "{x}"],
        ["record", "panel", "C1", "--date", "2026-03-01", "--panel", "{x}", "--outcome", "{x}"],
        ["child", "add", "{x}", "--name", "{x}", "--dob", "{x}"],
        ["correct", "1", "--reason", "{x}", "--set", "{x}"],
        ["due", "--child", "{x}", "--worker", "{x}"],
        ["--as-of", "{x}", "due"],
    ]),
    TEXT.filter(lambda t: "\x00" not in t),
)
def test_commands_refuse_garbage_cleanly(fuzz_db, capsys, template, garbage):
    from permcli.cli.main import main_entry

    args = [a.replace("{x}", garbage).replace("{child}", garbage or "C1") for a in template]
    if args[0] != "--as-of":
        args = ["--as-of", "2026-11-23", *args]
    before = dump(fuzz_db)
    capsys.readouterr()
    code = main_entry(["--db", str(fuzz_db), *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert code in (0, 1, 2), (args, out.err)
    if code == 1:
        assert out.err.startswith("perm: error: ") and out.err.count("\n") == 1, out.err
        assert "Fuzz Example" not in out.err and "2014-07-19" not in out.err
    if code != 0:
        assert dump(fuzz_db) == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8 text"),
        ("child,kind,date\nC1,review,2026-03-02\n".encode("utf-16"), "not UTF-8 text"),
        ("child,kind,date\nC1,réview,2026-03-02\n".encode("latin-1"), "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"child,kind,date\nC1,review\n", ":2: expected 3 values, found 2"),
        (b"child,kind\nC1,review\n", ":1: missing column 'date'"),
        (b"child,kind,date,colour\nC1,review,2026-03-02,red\n", ":1: unknown column 'colour'"),
        (b"child,kind,date\nC1,review,02/03/2026\n", ":2: date: '02/03/2026' is not a date as YYYY-MM-DD"),
        (b"child,kind,date\nC9,review,2026-03-02\n", ":2: unknown child: not in the database or the children file"),
        (b"child,kind,date\nC1,review,2026-03-02\n", ":2: C1: LAC review held on 2026-03-02 but the child is not looked after then"),
    ],
)
def test_caseload_files_with_mistakes_load_nothing(tmp_path, content, message):
    from permcli.app.context import Context
    from permcli.app.intakefiles import caseload_files
    from permcli.app.setup import init_database

    db = tmp_path / "perm.db"
    ctx = Context(db=str(db), as_of_text="2026-11-23", user="fuzz")
    init_database(ctx, None)
    children = tmp_path / "children.csv"
    children.write_text("\ufeffchild,name,dob\nC1,Fuzz Example,2014-07-19\n")  # a BOM is fine
    events = tmp_path / "events.csv"
    events.write_bytes(content)
    before = dump(db)
    with pytest.raises(PermError) as raised:
        caseload_files(ctx, children, [events])
    ctx.close()
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert dump(db) == before
