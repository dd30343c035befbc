"""events: the fields the web app and API filter on, as columns (the record stays the truth)

The JSON `record` remains the event as event-schema.md defines it; these columns copy
the fields that requests filter and sort on, so that filtering and pagination happen in
SQL with indexes (PostgreSQL under load) instead of loading every record per request.
Existing rows are filled from their records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

def _columns() -> list[sa.Column]:
    return [
        sa.Column("event_type", sa.String(60)),
        sa.Column("sub_event_type", sa.String(60)),
        sa.Column("location", sa.String(200)),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("date_end", sa.Date()),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("actors", sa.Text()),
        sa.Column("disputed", sa.String(200)),
        sa.Column("n_sources", sa.Integer()),
        sa.Column("background", sa.Boolean()),
    ]


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for col in _columns():
            batch.add_column(col)
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_index("ix_events_fatalities", "events", ["fatalities"])
    conn = op.get_bind()
    from sitrep.store.schema import event_columns  # the one definition of what is copied

    rows = conn.execute(sa.text("SELECT event_id, record FROM events")).fetchall()
    for event_id, record in rows:
        if isinstance(record, str):
            record = json.loads(record)
        values = event_columns(record)
        sets = ", ".join(f"{k} = :{k}" for k in values)
        conn.execute(sa.text(f"UPDATE events SET {sets} WHERE event_id = :event_id"),
                     {**values, "event_id": event_id})


def downgrade() -> None:
    for name in ("ix_events_fatalities", "ix_events_country", "ix_events_event_type"):
        op.drop_index(name, "events")
    with op.batch_alter_table("events") as batch:
        for col in reversed(_columns()):
            batch.drop_column(col.name)
