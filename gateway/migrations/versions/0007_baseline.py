"""The gateway's schema: registry, clients and keys, consent, audit, inbound, referrals, outbox

One baseline for the tables of every package, with the shipped service catalogue and routing
rules (gateway/referrals/data/*.csv) loaded into them. The three audit tables refuse UPDATE
and DELETE (and TRUNCATE on PostgreSQL) through triggers, so the application's own role cannot
rewrite history; a later migration that must rebuild one of them on SQLite (batch mode copies
the table) has to create the triggers again.

The baseline keeps the revision id of the last migration it folds in, so a database already
at that revision stays current.

Revision ID: 0007
Revises:
"""

import sqlalchemy as sa
from alembic import op

from gateway.referrals.seed import load_shipped_catalogue

revision = "0007"
down_revision = None

APPEND_ONLY_TABLES = ("audit_entry", "audit_checkpoint", "audit_checkpoint_witness")
_POSTGRES_FUNCTION = """
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "household",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("no_fixed_address", sa.Boolean(), nullable=False),
        sa.Column("registered_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household")),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_municipality"), ["municipality"], unique=False
        )

    op.create_table(
        "person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("jmbg", sa.String(length=13), nullable=True),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("parent_name", sa.String(length=100), nullable=True),
        sa.Column("given_name_latin", sa.String(length=100), nullable=False),
        sa.Column("family_name_latin", sa.String(length=100), nullable=False),
        sa.Column("given_key_dj", sa.String(length=100), nullable=False),
        sa.Column("given_key_d", sa.String(length=100), nullable=False),
        sa.Column("family_key_dj", sa.String(length=100), nullable=False),
        sa.Column("family_key_d", sa.String(length=100), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("birth_date", sa.String(length=10), nullable=True),
        sa.Column("citizenship", sa.JSON(), nullable=False),
        sa.Column("idp", sa.Boolean(), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=True),
        sa.Column("contact", sa.JSON(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("registered_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("jmbg", name=op.f("uq_person_jmbg")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_birth_date"), ["birth_date"], unique=False)
        batch_op.create_index(
            "ix_person_family_keys", ["family_key_dj", "family_key_d"], unique=False
        )
        batch_op.create_index("ix_person_given_keys", ["given_key_dj", "given_key_d"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_municipality"), ["municipality"], unique=False)

    op.create_table(
        "household_member",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("relationship", sa.String(length=32), nullable=False),
        sa.Column("guardian_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["guardian_id"], ["person.id"], name=op.f("fk_household_member_guardian_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_household_member_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_household_member_person_id_person")
        ),
        sa.PrimaryKeyConstraint("household_id", "person_id", name=op.f("pk_household_member")),
        sa.UniqueConstraint("person_id", name=op.f("uq_household_member_person_id")),
    )
    op.create_table(
        "needs_assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessed_by", sa.String(length=32), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (household_id IS NULL)",
            name=op.f("ck_needs_assessment_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_needs_assessment_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_needs_assessment_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_assessment")),
    )
    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_needs_assessment_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_needs_assessment_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "person_agency_id",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("local_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_agency_id_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_agency_id")),
        sa.UniqueConstraint("agency", "local_id", name="uq_person_agency_id_local"),
    )
    with op.batch_alter_table("person_agency_id", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_agency_id_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "return_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("modality", sa.String(length=32), nullable=False),
        sa.Column("return_date", sa.Date(), nullable=False),
        sa.Column("country_from", sa.String(length=2), nullable=False),
        sa.Column("entry_point", sa.String(length=64), nullable=False),
        sa.Column("registering_agency", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (household_id IS NULL)",
            name=op.f("ck_return_event_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_return_event_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_return_event_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_event")),
    )
    with op.batch_alter_table("return_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_return_event_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_return_event_person_id"), ["person_id"], unique=False)

    op.create_table(
        "client",
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("auth_method", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=200), nullable=True),
        sa.Column("jwks", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_agency"), ["agency"], unique=False)

    op.create_table(
        "signing_key",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("algorithm", sa.String(length=16), nullable=False),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("encrypted_private_jwk", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_signing_key")),
    )
    op.create_table(
        "used_assertion",
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("jti", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "jti", name=op.f("pk_used_assertion")),
    )
    with op.batch_alter_table("used_assertion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_used_assertion_expires_at"), ["expires_at"], unique=False
        )

    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered_by", sa.String(length=32), nullable=True))

    with op.batch_alter_table("return_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered_by", sa.String(length=32), nullable=True))

    op.create_table(
        "legal_basis",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("citation", sa.String(length=500), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_basis")),
    )
    with op.batch_alter_table("legal_basis", schema=None) as batch_op:
        batch_op.create_index("ix_legal_basis_agency_purpose", ["agency", "purpose"], unique=False)

    op.create_table(
        "consent",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject_person_id", sa.Uuid(), nullable=True),
        sa.Column("subject_household_id", sa.Uuid(), nullable=True),
        sa.Column("grantees", sa.JSON(), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("given_by_person_id", sa.Uuid(), nullable=True),
        sa.Column("given_by_authority", sa.String(length=32), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("notice_language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_client", sa.String(length=64), nullable=False),
        sa.Column("recorded_by_agency", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "(subject_person_id IS NULL) <> (subject_household_id IS NULL)",
            name=op.f("ck_consent_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["given_by_person_id"], ["person.id"], name=op.f("fk_consent_given_by_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["subject_household_id"],
            ["household.id"],
            name=op.f("fk_consent_subject_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"], ["person.id"], name=op.f("fk_consent_subject_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_subject_household_id"), ["subject_household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consent_subject_person_id"), ["subject_person_id"], unique=False
        )

    op.create_table(
        "emergency_access",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_person_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("justification", sa.String(length=1000), nullable=False),
        sa.Column("requested_by_client", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approve_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by_client", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("access_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["person.id"],
            name=op.f("fk_emergency_access_subject_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_access")),
    )
    with op.batch_alter_table("emergency_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_emergency_access_subject_person_id"), ["subject_person_id"], unique=False
        )

    op.create_table(
        "consent_scope",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consent.id"],
            name=op.f("fk_consent_scope_consent_id_consent"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "consent_id", "agency", "purpose", "category", name=op.f("pk_consent_scope")
        ),
    )
    with op.batch_alter_table("consent_scope", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consent_scope_lookup", ["agency", "purpose", "category"], unique=False
        )

    op.create_table(
        "consent_version",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_client", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consent.id"], name=op.f("fk_consent_version_consent_id_consent")
        ),
        sa.PrimaryKeyConstraint("consent_id", "version", name=op.f("pk_consent_version")),
    )

    op.create_table(
        "audit_checkpoint",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_count", sa.BigInteger(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("made_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_audit_checkpoint")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("sequence", sa.BigInteger(), autoincrement=False, nullable=False),
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
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_entry_action_sequence", ["action", "sequence"], unique=False
        )
        batch_op.create_index(
            "ix_audit_entry_actor_agency_sequence", ["actor_agency", "sequence"], unique=False
        )
        batch_op.create_index(
            "ix_audit_entry_actor_client_sequence", ["actor_client", "sequence"], unique=False
        )
        batch_op.create_index(
            "ix_audit_entry_decision_sequence", ["decision", "sequence"], unique=False
        )
        batch_op.create_index(
            "ix_audit_entry_purpose_sequence", ["purpose", "sequence"], unique=False
        )
        batch_op.create_index(
            "ix_audit_entry_recorded_at_sequence", ["recorded_at", "sequence"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_entry_request_id"), ["request_id"], unique=False)
        batch_op.create_index(
            "ix_audit_entry_subject_sequence", ["subject", "sequence"], unique=False
        )

    op.create_table(
        "audit_checkpoint_witness",
        sa.Column("checkpoint_number", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("kid", sa.String(length=200), nullable=True),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("witnessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_number"],
            ["audit_checkpoint.number"],
            name=op.f("fk_audit_checkpoint_witness_checkpoint_number_audit_checkpoint"),
        ),
        sa.PrimaryKeyConstraint(
            "checkpoint_number", "client_id", name=op.f("pk_audit_checkpoint_witness")
        ),
    )
    _create_append_only_triggers()

    op.create_table(
        "inbound_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by_client", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_event")),
        sa.UniqueConstraint("agency", "event_id", name="uq_inbound_event_agency_event"),
    )
    with op.batch_alter_table("inbound_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_event_agency"), ["agency"], unique=False)

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


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_FUNCTION)
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()"
            )
        return
    for table in APPEND_ONLY_TABLES:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: {operation} on "
                f"{table} is refused'); END"
            )


def _drop_append_only_triggers() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in APPEND_ONLY_TABLES:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")


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

    with op.batch_alter_table("inbound_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_event_agency"))
    op.drop_table("inbound_event")

    _drop_append_only_triggers()
    op.drop_table("audit_checkpoint_witness")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_subject_sequence")
        batch_op.drop_index(batch_op.f("ix_audit_entry_request_id"))
        batch_op.drop_index("ix_audit_entry_recorded_at_sequence")
        batch_op.drop_index("ix_audit_entry_purpose_sequence")
        batch_op.drop_index("ix_audit_entry_decision_sequence")
        batch_op.drop_index("ix_audit_entry_actor_client_sequence")
        batch_op.drop_index("ix_audit_entry_actor_agency_sequence")
        batch_op.drop_index("ix_audit_entry_action_sequence")

    op.drop_table("audit_entry")
    op.drop_table("audit_checkpoint")

    op.drop_table("consent_version")
    with op.batch_alter_table("consent_scope", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_scope_lookup")

    op.drop_table("consent_scope")
    with op.batch_alter_table("emergency_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_access_subject_person_id"))

    op.drop_table("emergency_access")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_subject_person_id"))
        batch_op.drop_index(batch_op.f("ix_consent_subject_household_id"))

    op.drop_table("consent")
    with op.batch_alter_table("legal_basis", schema=None) as batch_op:
        batch_op.drop_index("ix_legal_basis_agency_purpose")

    op.drop_table("legal_basis")

    with op.batch_alter_table("return_event", schema=None) as batch_op:
        batch_op.drop_column("registered_by")

    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.drop_column("registered_by")

    with op.batch_alter_table("used_assertion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_used_assertion_expires_at"))

    op.drop_table("used_assertion")
    op.drop_table("signing_key")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_agency"))

    op.drop_table("client")

    with op.batch_alter_table("return_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_event_person_id"))
        batch_op.drop_index(batch_op.f("ix_return_event_household_id"))

    op.drop_table("return_event")
    with op.batch_alter_table("person_agency_id", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_agency_id_person_id"))

    op.drop_table("person_agency_id")
    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_assessment_person_id"))
        batch_op.drop_index(batch_op.f("ix_needs_assessment_household_id"))

    op.drop_table("needs_assessment")
    op.drop_table("household_member")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_municipality"))
        batch_op.drop_index("ix_person_given_keys")
        batch_op.drop_index("ix_person_family_keys")
        batch_op.drop_index(batch_op.f("ix_person_birth_date"))

    op.drop_table("person")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_municipality"))

    op.drop_table("household")
