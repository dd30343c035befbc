"""articles, article_origins, rejections

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("outlet", sa.String(200)),
        sa.Column("outlet_source", sa.String(16)),
        sa.Column("published", sa.Date()),
        sa.Column("published_source", sa.String(16)),
        sa.Column("published_evidence", sa.Text()),
        sa.Column("published_confidence", sa.Float()),
        sa.Column("byline", sa.String(300)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("copy_of", sa.String(32), sa.ForeignKey("articles.article_id")),
        sa.Column("copy_similarity", sa.Float()),
        sa.Column("minhash", sa.LargeBinary()),
        sa.Column("removed_lines", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_copy_of", "articles", ["copy_of"])
    op.create_table(
        "article_origins",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("record", sa.Integer(), nullable=False),
        sa.UniqueConstraint("origin", "record", name="uq_origin_record"),
    )
    op.create_index("ix_article_origins_article_id", "article_origins", ["article_id"])
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("record", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("origin", "record", "reason", name="uq_rejection"),
    )
    op.create_index("ix_rejections_reason", "rejections", ["reason"])


def downgrade() -> None:
    op.drop_table("rejections")
    op.drop_table("article_origins")
    op.drop_table("articles")
