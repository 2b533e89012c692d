"""audit_pending: entries written with their action, waiting to be sealed into the chain

A request's transaction inserts its entries here, taking no lock; the sealer moves them into
``audit_entry`` in batches, under the chain's lock, and deletes them here in the same
transaction.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "audit_pending",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("case_reference", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("actor_client", sa.String(length=64), nullable=True),
        sa.Column("actor_agency", sa.String(length=32), nullable=True),
        sa.Column("purpose", sa.String(length=64), nullable=True),
        sa.Column("subject_kind", sa.String(length=16), nullable=True),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("categories_returned", sa.JSON(), nullable=True),
        sa.Column("categories_withheld", sa.JSON(), nullable=True),
        sa.Column("basis", sa.JSON(), nullable=True),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_pending")),
    )


def downgrade() -> None:
    op.drop_table("audit_pending")
