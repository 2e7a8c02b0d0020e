"""Who did it, as the server knows it; children kept as first recorded; purges that leave
nothing behind.

- audit.db_role: on PostgreSQL the database role of the session (session_user), set by a
  trigger from the server's own knowledge, whatever the client sends. perm's roles
  (perm db roles) are checked there too: importing, exporting, purging and restoring need
  perm_admin once the roles exist.
- child rows can no longer be changed (SQLite had no trigger for it).
- audit rows may be rewritten only inside a purge (the purge table holds the children being
  removed, inside the one transaction of perm db purge), so a purge can pseudonymise every
  line about a child without leaving a gap in the trail.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = "is append-only: record a correction instead"
# Actions that only perm_admin may take, once perm's roles exist on the server.
ADMIN_ACTIONS = ("import.ssda903", "import.events", "import.caseload", "export.data", "retention.purge", "db.restore")


def upgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("db_role", sa.String(100)))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def _sqlite() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_no_update")
    op.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "WHEN NOT EXISTS (SELECT 1 FROM purge) "
        f"BEGIN SELECT RAISE(ABORT, 'audit {APPEND_ONLY}'); END"
    )
    op.execute(
        "CREATE TRIGGER child_no_update BEFORE UPDATE ON child "
        f"BEGIN SELECT RAISE(ABORT, 'child {APPEND_ONLY}'); END"
    )


def _postgresql() -> None:
    admin_actions = ", ".join(f"'{a}'" for a in ADMIN_ACTIONS)
    op.execute(
        "CREATE FUNCTION perm_audit_identity() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "NEW.db_role := session_user; "
        f"IF NEW.action IN ({admin_actions}) "
        "AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'perm_admin') "
        "AND NOT pg_has_role(session_user, 'perm_admin', 'MEMBER') "
        "AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper) "
        "AND session_user <> (SELECT tableowner FROM pg_tables WHERE tablename = 'audit' AND schemaname = current_schema()) "
        "THEN RAISE EXCEPTION 'permission denied: % needs the perm_admin role', NEW.action USING ERRCODE = '42501'; "
        "END IF; "
        "RETURN NEW; END $$"
    )
    op.execute("CREATE TRIGGER audit_identity BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION perm_audit_identity()")
    op.execute(
        "CREATE FUNCTION perm_audit_purge_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF NOT EXISTS (SELECT 1 FROM purge) THEN RAISE EXCEPTION 'audit {APPEND_ONLY}'; END IF; "
        "RETURN NEW; END $$"
    )
    op.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit")
    op.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION perm_audit_purge_only()")
    op.execute("CREATE TRIGGER child_no_update BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION perm_append_only()")
    op.execute("CREATE TRIGGER child_no_truncate BEFORE TRUNCATE ON child EXECUTE FUNCTION perm_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS child_no_truncate ON child")
        op.execute("DROP TRIGGER IF EXISTS child_no_update ON child")
        op.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit")
        op.execute("DROP TRIGGER IF EXISTS audit_identity ON audit")
        op.execute("DROP FUNCTION IF EXISTS perm_audit_purge_only()")
        op.execute("DROP FUNCTION IF EXISTS perm_audit_identity()")
        op.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION perm_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS child_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
        op.execute(f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit {APPEND_ONLY}'); END")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("db_role")
