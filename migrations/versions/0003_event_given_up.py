"""Event failures and given_up_at: an event that keeps failing is stopped for the beheerder

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

An event whose own error made every attempt of give_up_after rounds fail is no longer claimed
(models.services.events.fail_event); the beheerder sees it among the flagged requests and can have it retried.
Existing events: no failures, not given up.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("given_up_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("event", schema=None) as batch_op:
        # The 0 was for the events already there; new ones get theirs from the model, as every other column.
        batch_op.alter_column("failures", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("given_up_at")
        batch_op.drop_column("failures")
