"""Indexes for reading a caseload: events by child and date, children by worker and team.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_child_date", "event", ["child_id", "date", "id"])
    op.create_index("ix_child_worker", "child", ["worker"])
    op.create_index("ix_child_team", "child", ["team"])


def downgrade() -> None:
    op.drop_index("ix_child_team", "child")
    op.drop_index("ix_child_worker", "child")
    op.drop_index("ix_event_child_date", "event")
