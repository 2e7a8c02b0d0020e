"""PostgreSQL writers that lose a serialization conflict are run again, and a command never
reports a write that did not commit (issue 10, defect 1).

A deferred constraint trigger makes the next COMMIT that wrote an audit row fail with
SQLSTATE 40001, exactly as a lost serialization conflict does; a sequence (which a rollback
does not undo) makes it fail once only. Every command that writes also writes an audit row,
so one trigger covers every write path."""

from __future__ import annotations


import pytest
from sqlalchemy import create_engine, text

from conftest import NO_PG, PG_ADMIN_URL, together

pytestmark = [pytest.mark.skipif(not PG_ADMIN_URL, reason=NO_PG), pytest.mark.sqlite_only]

FAIL_ONCE = """
CREATE SEQUENCE commit_failures;
CREATE FUNCTION fail_commit_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF nextval('commit_failures') = 1 THEN
        RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = '40001';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER fail_commit_once AFTER INSERT ON audit
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit_once();
"""


def sql(url: str, statement: str, **params):
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.fetchall() if result.returns_rows else None
    finally:
        engine.dispose()


def arm(url: str) -> None:
    """The next commit that wrote an audit row fails once with a serialization failure."""
    sql(url, "SELECT setval('commit_failures', 1, false)")


def failures(url: str) -> int:
    return sql(url, "SELECT last_value FROM commit_failures")[0][0]


@pytest.fixture
def armed(perm, pg):
    assert perm("init", "--policy", "four-panels").code == 0
    assert perm("child", "add", "R1", "--name", "Retry Child", "--dob", "2015-01-01").code == 0
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.exec_driver_sql(FAIL_ONCE)
    engine.dispose()
    return pg


def test_a_failed_commit_is_retried_and_the_reported_event_is_stored(perm, armed):
    arm(armed)
    result = perm("--as-of", "2026-03-01", "record", "looked-after", "R1", "--date", "2026-02-02", "--legal-status", "s20")
    assert result.code == 0, result.err
    assert failures(armed) >= 2, "the first commit did fail"
    event_id = int(result.out.split()[2].rstrip(":"))
    stored = sql(armed, "SELECT id, kind, date::text FROM event")
    assert stored == [(event_id, "looked-after", "2026-02-02")]
    audits = sql(armed, "SELECT action, record FROM audit WHERE action = 'event.record'")
    assert audits == [("event.record", f"event {event_id}")]


def test_every_write_path_stores_exactly_what_it_reports_after_a_failed_commit(perm, armed, tmp_path):
    """record, correct, book, paperwork, import, child add, purge, export audit: each
    meets one failed commit and must still store its work once."""

    def run(*args):
        arm(armed)
        result = perm("--as-of", "2026-11-20", *args)
        assert result.code == 0, (args, result.err)
        assert failures(armed) >= 2, f"{args}: the first commit did fail"
        return result

    run("record", "looked-after", "R1", "--date", "2026-10-05", "--legal-status", "s20")
    recorded = run("record", "review", "R1", "--date", "2026-10-20")
    review_id = int(recorded.out.split()[2].rstrip(":"))
    corrected = run("correct", str(review_id), "--reason", "wrong day", "--date", "2026-10-21")
    assert "Recorded event" in corrected.out
    run("child", "add", "R2", "--name", "Second Child", "--dob", "2016-01-01")
    run("book", "R1", "--panel", "legal-planning", "--reason", "s20-extension")
    run("paperwork", "R1", "--panel", "legal-planning", "--received", "1")
    run("export", "--output", str(tmp_path / "export.json"))

    kinds = sql(armed, "SELECT kind, count(*) FROM event GROUP BY kind ORDER BY kind")
    assert kinds == [("booking", 1), ("correction", 1), ("looked-after", 1), ("paperwork", 1), ("review", 2)]
    children = sql(armed, "SELECT ref FROM child ORDER BY ref")
    assert children == [("R1",), ("R2",)]
    actions = sql(armed, "SELECT action, count(*) FROM audit GROUP BY action ORDER BY action")
    assert dict(actions) == {
        "child.add": 2, "event.record": 2, "event.correct": 1, "panel.booking": 1, "panel.paperwork": 1,
        "export.data": 1, "db.init": 1,
    }


IMPORT_FILE = "child,kind,date,legal_status\nR1,looked-after,2026-02-02,s20\nR1,review,2026-02-20,\n"


def test_an_import_meeting_a_failed_commit_is_stored_once(perm, armed, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(IMPORT_FILE)
    arm(armed)
    result = perm("--as-of", "2026-03-01", "import", "events", str(path), "--json")
    assert result.code == 0, result.err
    assert failures(armed) >= 2
    summary = result.json()
    assert summary["events_added"] == {"looked-after": 1, "review": 1}
    assert summary["rejected"] == 0
    assert sql(armed, "SELECT kind, date::text FROM event ORDER BY date") == [
        ("looked-after", "2026-02-02"), ("review", "2026-02-20")]


WRITER = r"""
import json, sys
from permcli.app.context import Context
from permcli.app.record import record_event
ctx = Context(db=sys.argv[1], as_of_text="2026-11-20", user=f"writer-{sys.argv[2]}")
print("ready", flush=True)
sys.stdin.readline()
reported = []
for i in range(int(sys.argv[3])):
    reported.append(record_event(ctx, "R1", "review", "2026-%02d-%02d" % (2 + i % 9, 1 + int(sys.argv[2]) * 4 + i // 10), {}))
print(json.dumps(reported))
"""


def test_concurrent_writers_on_one_child_store_every_reported_event(perm, pg):
    """Six writers recording reviews on one child at once (SERIALIZABLE conflicts are
    certain): every event ID a writer was told about is stored, and nothing else."""
    assert perm("init").code == 0
    assert perm("child", "add", "R1", "--name", "Retry Child", "--dob", "2015-01-01").code == 0
    assert perm("--as-of", "2026-11-20", "record", "looked-after", "R1", "--date", "2026-01-05",
                "--legal-status", "care-order").code == 0
    reported = [n for ids in together(*((WRITER, (pg, w, 40)) for w in range(6))) for n in ids]
    stored = [r[0] for r in sql(pg, "SELECT id FROM event WHERE kind = 'review' ORDER BY id")]
    assert len(reported) == 240
    assert sorted(reported) == stored
