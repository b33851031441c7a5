"""The service (`vivify serve`): accounts, credentials, follows, drafts and their jobs,
stories and rate-limit actions; and each manifest row remembers the job that made it, so that
a job run again after a crash replaces the row its first run left instead of adding a second.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_UTC = sa.DateTime(timezone=True)


def _account(primary_key: bool = False, index: bool = True) -> sa.Column[str]:
    return sa.Column(
        "account_id",
        sa.String(32),
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        index=index and not primary_key,
    )


def upgrade() -> None:
    with op.batch_alter_table("manifests") as batch:
        batch.add_column(sa.Column("job_id", sa.String(64), nullable=True))
        batch.create_index("ix_manifests_job_id", ["job_id"])
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("username", sa.String(32), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("training_consent", sa.Boolean, nullable=False),
        sa.Column("training_consent_at", _UTC, nullable=True),
        sa.Column("blocked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "credentials",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        _account(),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("expires_at", _UTC, nullable=False),
    )
    op.create_table(
        "follows",
        sa.Column(
            "follower_id",
            sa.String(32),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "followee_id",
            sa.String(32),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
        sa.Column("created_at", _UTC, nullable=False),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(32), primary_key=True),
        _account(),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("expires_at", _UTC, nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("request_json", sa.Text, nullable=False),
        sa.Column("photo_format", sa.String(8), nullable=False),
        sa.Column("training_allowed", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("summary_json", sa.Text, nullable=True),
        sa.Column("clip_sha256", sa.String(64), nullable=True),
        sa.Column("updated_at", _UTC, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "draft_id",
            sa.String(32),
            sa.ForeignKey("drafts.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        _account(),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("published_at", _UTC, nullable=False),
        sa.Column("expires_at", _UTC, nullable=False, index=True),
        sa.Column("report_json", sa.Text, nullable=False),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _account(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", _UTC, nullable=False),
    )


def downgrade() -> None:
    for table in ("actions", "stories", "drafts", "follows", "credentials", "accounts"):
        op.drop_table(table)
    with op.batch_alter_table("manifests") as batch:
        batch.drop_index("ix_manifests_job_id")
        batch.drop_column("job_id")
