"""resolve_mentions, resolve_meta (what resolve last read, for incremental resolves)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # empty at first: the next resolve finds no state and recomputes everything once
    op.create_table(
        "resolve_mentions",
        sa.Column("mention_id", sa.String(40), primary_key=True),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("component", sa.String(40)),
    )
    op.create_table(
        "resolve_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("resolve_meta")
    op.drop_table("resolve_mentions")
