"""The audit trail, and the database itself refusing to change or delete events and audit
rows. Deleting a child's records at the end of the retention period is allowed only for
children named in the purge table inside the same transaction (perm db purge).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY = "is append-only: record a correction instead"


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("child_ref", sa.String(64)),
        sa.Column("record", sa.String(100)),
        sa.Column("reason", sa.String(500)),
        sa.Column("detail", sa.JSON()),
    )
    op.create_index("ix_audit_child_at", "audit", ["child_ref", "at"])
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_table("purge", sa.Column("child_id", sa.Integer(), primary_key=True))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def _sqlite() -> None:
    for table in ("event", "audit"):
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} {APPEND_ONLY}'); END"
        )
    op.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is kept forever'); END"
    )
    op.execute(
        "CREATE TRIGGER event_no_delete BEFORE DELETE ON event "
        "WHEN NOT EXISTS (SELECT 1 FROM purge WHERE child_id = OLD.child_id) "
        "BEGIN SELECT RAISE(ABORT, 'events are kept: only perm db purge removes a child past retention'); END"
    )
    op.execute(
        "CREATE TRIGGER child_no_delete BEFORE DELETE ON child "
        "WHEN NOT EXISTS (SELECT 1 FROM purge WHERE child_id = OLD.id) "
        "BEGIN SELECT RAISE(ABORT, 'children are kept: only perm db purge removes a child past retention'); END"
    )


def _postgresql() -> None:
    op.execute(
        "CREATE FUNCTION perm_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '% {APPEND_ONLY}', TG_TABLE_NAME; END $$"
    )
    op.execute(
        "CREATE FUNCTION perm_keep_audit() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit trail is kept forever'; END $$"
    )
    op.execute(
        "CREATE FUNCTION perm_purge_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE who integer; BEGIN "
        "IF TG_TABLE_NAME = 'child' THEN who := OLD.id; ELSE who := OLD.child_id; END IF; "
        "IF NOT EXISTS (SELECT 1 FROM purge WHERE child_id = who) THEN "
        "RAISE EXCEPTION '% rows are kept: only perm db purge removes a child past retention', TG_TABLE_NAME; "
        "END IF; RETURN OLD; END $$"
    )
    for table in ("event", "audit"):
        op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION perm_append_only()")
    op.execute("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION perm_keep_audit()")
    for table in ("event", "child"):
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION perm_purge_only()")
    op.execute("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit EXECUTE FUNCTION perm_keep_audit()")
    op.execute("CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event EXECUTE FUNCTION perm_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("event", "audit", "child"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
        op.execute("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
        op.execute("DROP TRIGGER IF EXISTS event_no_truncate ON event")
        for fn in ("perm_append_only", "perm_keep_audit", "perm_purge_only"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
    else:
        for trigger in ("event_no_update", "audit_no_update", "audit_no_delete", "event_no_delete", "child_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table("purge")
    op.drop_index("ix_audit_at", "audit")
    op.drop_index("ix_audit_child_at", "audit")
    op.drop_table("audit")
