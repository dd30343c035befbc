"""events and event_mentions (stored events with stable ids and a merge trail)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(40), primary_key=True),
        sa.Column("event_date", sa.Date()),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_table(
        "event_mentions",
        sa.Column("mention_id", sa.String(40), primary_key=True),
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.event_id", ondelete="CASCADE"), nullable=False),
        sa.Column("joined_with", sa.String(40)),
        sa.Column("why", sa.Text(), nullable=False),
    )
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])


def downgrade() -> None:
    op.drop_table("event_mentions")
    op.drop_table("events")
