"""The stores as they were before migrations: manifests, payload reservations and decisions.

A database made by an earlier vivify (with `create_all`) already has them; each table is made
only where it is missing, so that database joins the history here.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "manifests" not in have:
        op.create_table(
            "manifests",
            sa.Column("payload", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("clip_sha256", sa.String(64), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("manifest_json", sa.Text, nullable=False),
        )
        op.create_index("ix_manifests_clip_sha256", "manifests", ["clip_sha256"])
    if "payload_reservations" not in have:
        op.create_table(
            "payload_reservations",
            sa.Column("payload", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("job_id", sa.String(64), nullable=False),
            sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "decisions" not in have:
        op.create_table(
            "decisions",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("job_id", sa.String(128), nullable=False),
            sa.Column("stage", sa.String(16), nullable=False),
            sa.Column("allowed", sa.Boolean, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("decision_json", sa.Text, nullable=False),
        )
        op.create_index("ix_decisions_job_id", "decisions", ["job_id"])


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("payload_reservations")
    op.drop_table("manifests")
