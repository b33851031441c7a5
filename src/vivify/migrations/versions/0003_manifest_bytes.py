"""Each manifest row keeps the signed manifest store itself (the JUMBF bytes C2PA readers
validate) and the active manifest's identifier, so that the C2PA Soft Binding Resolution API can
hand the signed manifest to another instance or a stranger's tool. Rows from before stay
without them (null), and the API answers 404 for those.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("manifests") as batch:
        batch.add_column(sa.Column("manifest_store", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("manifest_id", sa.String(200), nullable=True))
        batch.create_index("ix_manifests_manifest_id", ["manifest_id"])


def downgrade() -> None:
    with op.batch_alter_table("manifests") as batch:
        batch.drop_index("ix_manifests_manifest_id")
        batch.drop_column("manifest_id")
        batch.drop_column("manifest_store")
