"""mentions, claims, analysis_state

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.String(40), primary_key=True),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("trigger", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(60), nullable=False),
        sa.Column("sub_event_type", sa.String(60), nullable=False),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("assoc_actor_1", sa.JSON(), nullable=False),
        sa.Column("assoc_actor_2", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(200)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("admin2", sa.String(200)),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("event_date", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("time_precision", sa.Integer()),
        sa.Column("date_text", sa.String(200)),
        sa.Column("date_source", sa.String(20)),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("background_reason", sa.String(200)),
        sa.Column("attributed_to", sa.String(200)),
        sa.Column("attribution_via", sa.String(200)),
        sa.Column("confidence", sa.Float(), nullable=False),
    )
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_index("ix_mentions_event_type", "mentions", ["event_type"])
    op.create_index("ix_mentions_event_date", "mentions", ["event_date"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("mention_id", sa.String(40), sa.ForeignKey("mentions.mention_id", ondelete="CASCADE")),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
        sa.Column("sentence_index", sa.Integer()),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer()),
        sa.Column("low", sa.Integer()),
        sa.Column("high", sa.Integer()),
        sa.Column("qualifier", sa.String(20), nullable=False),
        sa.Column("party", sa.String(200)),
        sa.Column("attributed_to", sa.String(200)),
        sa.Column("via", sa.String(200)),
        sa.Column("cumulative", sa.Boolean(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_claims_mention_id", "claims", ["mention_id"])
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    op.create_table(
        "analysis_state",
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("analyser_version", sa.String(40), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("analysed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("analysis_state")
    op.drop_table("claims")
    op.drop_table("mentions")
