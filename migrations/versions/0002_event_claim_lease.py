"""Event claim and lease: claimed_by, lease_until (several workers)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

A worker claims an event before it runs it (models.services.events.claim_events); an expired lease means its
worker died and another takes the event over. Both columns empty on existing events: unclaimed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("claimed_by")
