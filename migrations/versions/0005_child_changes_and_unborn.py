"""Changes to a child as dated facts; unborn children.

- child_change: each change to what is recorded about a child (worker, team, name, date of
  birth, UASC, sibling group, expected birth) is a row of its own, with who, when, why and
  the day it applies from; the child row stays as first recorded. Append-only, like events.
- child.dob may be empty (an unborn child) and child.expected_birth holds the expected day.

SQLite cannot drop a NOT NULL constraint in place: the child table is rebuilt (perm's
migrations run with foreign keys off and check them before committing, see
store.schema.migrate), and its triggers are made again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APPEND_ONLY = "is append-only: record a correction instead"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.alter_column("child", "dob", existing_type=sa.Date(), nullable=True)
        op.add_column("child", sa.Column("expected_birth", sa.Date()))
    else:
        with op.batch_alter_table("child", recreate="always") as batch:
            batch.alter_column("dob", existing_type=sa.Date(), nullable=True)
            batch.add_column(sa.Column("expected_birth", sa.Date()))
    op.create_table(
        "child_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.Integer(), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("value", sa.String(200)),
        sa.Column("from_day", sa.Date()),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("voids", sa.Integer(), sa.ForeignKey("child_change.id"), unique=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_child_change_child", "child_change", ["child_id", "id"])
    if postgresql:
        op.execute("CREATE TRIGGER child_change_no_update BEFORE UPDATE ON child_change FOR EACH ROW EXECUTE FUNCTION perm_append_only()")
        op.execute("CREATE TRIGGER child_change_no_delete BEFORE DELETE ON child_change FOR EACH ROW EXECUTE FUNCTION perm_purge_only()")
        op.execute("CREATE TRIGGER child_change_no_truncate BEFORE TRUNCATE ON child_change EXECUTE FUNCTION perm_append_only()")
    else:
        _sqlite_child_triggers()
        op.execute(
            "CREATE TRIGGER child_change_no_update BEFORE UPDATE ON child_change "
            f"BEGIN SELECT RAISE(ABORT, 'child_change {APPEND_ONLY}'); END"
        )
        op.execute(
            "CREATE TRIGGER child_change_no_delete BEFORE DELETE ON child_change "
            "WHEN NOT EXISTS (SELECT 1 FROM purge WHERE child_id = OLD.child_id) "
            "BEGIN SELECT RAISE(ABORT, 'changes to a child are kept: only perm db purge removes a child past retention'); END"
        )


def _sqlite_child_triggers() -> None:
    """The child table's triggers, made again after it was rebuilt (as 0003 and 0004 made them)."""
    op.execute(
        "CREATE TRIGGER child_no_delete BEFORE DELETE ON child "
        "WHEN NOT EXISTS (SELECT 1 FROM purge WHERE child_id = OLD.id) "
        "BEGIN SELECT RAISE(ABORT, 'children are kept: only perm db purge removes a child past retention'); END"
    )
    op.execute(
        "CREATE TRIGGER child_no_update BEFORE UPDATE ON child "
        f"BEGIN SELECT RAISE(ABORT, 'child {APPEND_ONLY}'); END"
    )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        for trigger in ("child_change_no_update", "child_change_no_delete", "child_change_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON child_change")
    else:
        op.execute("DROP TRIGGER IF EXISTS child_change_no_update")
        op.execute("DROP TRIGGER IF EXISTS child_change_no_delete")
    op.drop_index("ix_child_change_child", "child_change")
    op.drop_table("child_change")
    if postgresql:
        op.drop_column("child", "expected_birth")
        op.alter_column("child", "dob", existing_type=sa.Date(), nullable=False)
    else:
        with op.batch_alter_table("child", recreate="always") as batch:
            batch.drop_column("expected_birth")
            batch.alter_column("dob", existing_type=sa.Date(), nullable=False)
        _sqlite_child_triggers()
