"""Who did it, on a shared PostgreSQL server: the audit trail records the database role
from the server itself, and perm's roles are enforced by the server (issue 10)."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from conftest import NO_PG, PG_ADMIN_URL

pytestmark = [pytest.mark.skipif(not PG_ADMIN_URL, reason=NO_PG), pytest.mark.sqlite_only]
A = ("--as-of", "2026-11-23")


@pytest.fixture
def people(perm, pg, tmp_path):
    """A database with perm's roles applied, and three people: a reader, a writer and an
    administrator, each a login role of their own."""
    assert perm("init", "--policy", "four-panels").code == 0
    assert perm(*A, "child", "add", "C1", "--name", "Role Example", "--dob", "2014-07-19").code == 0
    applied = perm("db", "roles", "--apply")
    assert applied.code == 0, applied.err
    suffix = uuid.uuid4().hex[:8]
    names = {"reader": f"alice_{suffix}", "writer": f"bob_{suffix}", "admin": f"carol_{suffix}"}
    admin_dsn = make_url(PG_ADMIN_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        for role, name in names.items():
            conn.execute(f"CREATE ROLE {name} LOGIN")
            conn.execute(f"GRANT perm_{role} TO {name}")
    urls = {role: make_url(pg).set(username=name).render_as_string(hide_password=False) for role, name in names.items()}
    yield urls, names
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {make_url(pg).database} WITH (FORCE)")
        for name in names.values():
            conn.execute(f"DROP ROLE IF EXISTS {name}")


def as_(url, *args):
    return ("--db", url, *A, *args)


def test_roles_are_enforced_by_the_server(perm, people, tmp_path):
    urls, names = people
    reader, writer, admin = urls["reader"], urls["writer"], urls["admin"]
    # A reader reads, and its reading is recorded; it may not record or export.
    assert perm(*as_(reader, "due", "--all", "--json")).code == 0
    assert perm(*as_(reader, "show", "C1")).code == 0
    refused = perm(*as_(reader, "record", "looked-after", "C1", "--date", "2026-01-05", "--legal-status", "s20"))
    assert refused.code == 1 and refused.err.count("\n") == 1
    assert refused.err.startswith("perm: error: the database refused: permission denied for table event (")
    exported = perm(*as_(reader, "export"))
    assert exported.code == 1
    assert "the database refused: permission denied: export.data needs the perm_admin role" in exported.err
    assert exported.out == ""
    # Not even a hand-written SQL client gets round it.
    dsn = make_url(reader).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO event (child_id, kind, date, details, recorded_at, recorded_by) "
                     "VALUES (1, 'review', '2026-01-06', '{}', now(), 'alice')")
    # A writer records, but may not import, export or purge.
    assert perm(*as_(writer, "record", "looked-after", "C1", "--date", "2026-01-05", "--legal-status", "s20")).code == 0
    events = tmp_path / "events.csv"
    events.write_text("child,kind,date\nC1,review,2026-01-20\n")
    refused = perm(*as_(writer, "import", "events", str(events)))
    assert refused.code == 1 and "import.events needs the perm_admin role" in refused.err
    # An administrator may import.
    assert perm(*as_(admin, "import", "events", str(events))).code == 0

    trail = perm(*as_(admin, "audit", "--json")).json()
    who = {(r["action"], r["by"], r["db_role"]) for r in trail}
    assert ("child.view", "tester", names["reader"]) in who
    assert ("event.record", "tester", names["writer"]) in who
    assert ("import.events", "tester", names["admin"]) in who
    reader_audit = perm(*as_(reader, "audit"))
    assert reader_audit.code == 1 and "permission denied for table audit" in reader_audit.err


def test_the_client_cannot_claim_another_database_role(perm, people):
    urls, names = people
    dsn = make_url(urls["writer"]).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute("INSERT INTO audit (at, by, action, db_role) VALUES (now(), 'someone', 'note', 'postgres')")
    trail = perm(*as_(urls["admin"], "audit", "--json")).json()
    assert (trail[-1]["by"], trail[-1]["db_role"]) == ("someone", names["writer"])


def test_roles_sql_is_printed_for_a_dba_and_sqlite_has_none(perm, pg):
    assert perm("init").code == 0
    printed = perm("db", "roles")
    assert printed.code == 0
    assert "CREATE ROLE perm_reader NOLOGIN" in printed.out
    assert "GRANT INSERT ON child, child_change, event TO perm_writer;" in printed.out
    sqlite = perm("--db", "x.db", "db", "roles")
    assert sqlite.code == 1 and "roles are PostgreSQL's" in sqlite.err
