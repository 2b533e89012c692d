"""referrals: service catalogue, routing rules, referrals, the delivery outbox, webhooks

Creates the tables of gateway.referrals and gateway.delivery, then loads the shipped service
catalogue and routing rules (gateway/referrals/data/*.csv) into them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 20:08:50
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.referrals.seed import load_shipped_catalogue

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_pause",
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("paused_by", sa.String(length=64), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("agency", name=op.f("pk_delivery_pause")),
    )
    op.create_table(
        "referral_service",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_sr_latn", sa.String(length=200), nullable=False),
        sa.Column("label_sr_cyrl", sa.String(length=200), nullable=False),
        sa.Column("need_domains", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("default_due_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_referral_service")),
    )
    with op.batch_alter_table("referral_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_service_agency"), ["agency"], unique=False)

    op.create_table(
        "referral_subscription",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("callback_url", sa.String(length=500), nullable=False),
        sa.Column("sealed_secret", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_client", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_subscription")),
    )
    with op.batch_alter_table("referral_subscription", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_subscription_agency"), ["agency"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_agency", sa.String(length=32), nullable=False),
        sa.Column("to_agency", sa.String(length=32), nullable=False),
        sa.Column("service_code", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("notes_category", sa.String(length=40), nullable=True),
        sa.Column("municipality", sa.String(length=64), nullable=True),
        sa.Column("office", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agency_reference", sa.String(length=64), nullable=True),
        sa.Column("service_delivered", sa.Boolean(), nullable=True),
        sa.Column("outcome_reason", sa.String(length=200), nullable=True),
        sa.Column("created_by_client", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("poll_after", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (household_id IS NULL)", name=op.f("ck_referral_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_referral_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_referral_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["service_code"],
            ["referral_service.code"],
            name=op.f("fk_referral_service_code_referral_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index("ix_referral_from_agency_id", ["from_agency", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referral_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_poll_after"), ["poll_after"], unique=False)
        batch_op.create_index("ix_referral_status_due_date", ["status", "due_date"], unique=False)
        batch_op.create_index("ix_referral_to_agency_id", ["to_agency", "id"], unique=False)

    op.create_table(
        "referral_routing_rule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("need_domain", sa.String(length=32), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=True),
        sa.Column("service_code", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_code"],
            ["referral_service.code"],
            name=op.f("fk_referral_routing_rule_service_code_referral_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_routing_rule")),
    )
    with op.batch_alter_table("referral_routing_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_routing_rule_need_domain"), ["need_domain"], unique=False
        )

    op.create_table(
        "delivery_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("subscription_id", sa.Uuid(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claim_token", sa.Uuid(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error_class", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_delivery_job_referral_id_referral")
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["referral_subscription.id"],
            name=op.f("fk_delivery_job_subscription_id_referral_subscription"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_job")),
    )
    with op.batch_alter_table("delivery_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_job_agency"), ["agency"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_delivery_job_referral_id"), ["referral_id"], unique=False
        )
        batch_op.create_index(
            "ix_delivery_job_status_available_at", ["status", "available_at"], unique=False
        )

    op.create_table(
        "referral_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_agency", sa.String(length=32), nullable=True),
        sa.Column("actor_client", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("service_delivered", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_referral_event_referral_id_referral")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_event")),
    )
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_event_referral_id"), ["referral_id"], unique=False
        )

    op.create_table(
        "delivery_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("error_class", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["delivery_job.id"], name=op.f("fk_delivery_attempt_job_id_delivery_job")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_attempt")),
    )
    with op.batch_alter_table("delivery_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_attempt_job_id"), ["job_id"], unique=False)

    load_shipped_catalogue(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("delivery_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_attempt_job_id"))

    op.drop_table("delivery_attempt")
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_event_referral_id"))

    op.drop_table("referral_event")
    with op.batch_alter_table("delivery_job", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_job_status_available_at")
        batch_op.drop_index(batch_op.f("ix_delivery_job_referral_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_job_agency"))

    op.drop_table("delivery_job")
    with op.batch_alter_table("referral_routing_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_routing_rule_need_domain"))

    op.drop_table("referral_routing_rule")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_to_agency_id")
        batch_op.drop_index("ix_referral_status_due_date")
        batch_op.drop_index(batch_op.f("ix_referral_poll_after"))
        batch_op.drop_index(batch_op.f("ix_referral_person_id"))
        batch_op.drop_index(batch_op.f("ix_referral_household_id"))
        batch_op.drop_index("ix_referral_from_agency_id")

    op.drop_table("referral")
    with op.batch_alter_table("referral_subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_subscription_agency"))

    op.drop_table("referral_subscription")
    with op.batch_alter_table("referral_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_service_agency"))

    op.drop_table("referral_service")
    op.drop_table("delivery_pause")
