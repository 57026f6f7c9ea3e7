"""Baseline: the schema of the previous release (stop 15, git a369605), append-only triggers included

The tables are spelled out here as they were then, in plain SQLAlchemy types, and made with `create_all` (which also
resolves the foreign-key cycle between request and requestrevision: inline on SQLite, by ALTER on PostgreSQL).
`models.db` also uses `baseline_metadata` and `create_triggers` to bring a database made by `create_all` before
migrations existed up to this revision before stamping it.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("auditevent", "requestrevision")

# Sent with exec_driver_sql, so the driver's paramstyle applies: %% is a literal percent sign.
PG_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION tegenspraak_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%% is immutable (append-only): %% refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def baseline_metadata() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        'accesslogentry', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('user_name', sa.String(length=200), nullable=False),
        sa.Column('roles', sa.String(length=200), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('object_type', sa.String(length=16), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('request_id', sa.Integer(), nullable=True),
        sa.Column('family_id', sa.Integer(), nullable=True),
        sa.Column('purpose', sa.String(length=32), nullable=False),
        sa.Column('route', sa.String(length=300), nullable=False),
        sa.Column('outcome', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.String(length=64), nullable=False),
        sa.Column('client', sa.String(length=64), nullable=False),
        sa.Index('ix_accesslogentry_at', 'at', unique=False),
        sa.Index('ix_accesslogentry_family_id', 'family_id', unique=False),
        sa.Index('ix_accesslogentry_object_type', 'object_type', unique=False),
        sa.Index('ix_accesslogentry_outcome', 'outcome', unique=False),
        sa.Index('ix_accesslogentry_request_id', 'request_id', unique=False),
        sa.Index('ix_accesslogentry_user_id', 'user_id', unique=False),
    )
    sa.Table(
        'assessment', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('criterion', sa.String(length=64), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('reasoning', sa.String(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_assessment_request_id', 'request_id', unique=False),
        sa.Index('ix_assessment_revision_id', 'revision_id', unique=False),
    )
    sa.Table(
        'auditevent', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=True),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=64), nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=True),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=True),
        sa.Column('revision_number', sa.Integer(), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Index('ix_auditevent_action', 'action', unique=False),
        sa.Index('ix_auditevent_at', 'at', unique=False),
        sa.Index('ix_auditevent_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'case', metadata,
        sa.Column('family_id', sa.Integer(), sa.ForeignKey('family.id'), nullable=False),
        sa.Column('region_id', sa.Integer(), sa.ForeignKey('region.id'), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('owner_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_case_family_id', 'family_id', unique=False),
        sa.Index('ix_case_owner_id', 'owner_id', unique=False),
        sa.Index('ix_case_region_id', 'region_id', unique=False),
    )
    sa.Table(
        'caseteammember', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case.id'), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('role', sa.String(length=100), nullable=False),
        sa.Index('ix_caseteammember_case_id', 'case_id', unique=False),
        sa.Index('ix_caseteammember_user_id', 'user_id', unique=False),
    )
    sa.Table(
        'childvoice', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('person.id'), nullable=False),
        sa.Column('heard', sa.Boolean(), nullable=False),
        sa.Column('method', sa.String(), nullable=False),
        sa.Column('obtained_by', sa.String(), nullable=False),
        sa.Column('obtained_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('child_words', sa.String(), nullable=False),
        sa.Column('professional_summary', sa.String(), nullable=False),
        sa.Column('not_heard_reason', sa.String(), nullable=False),
        sa.Column('explanation', sa.String(), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_childvoice_person_id', 'person_id', unique=False),
        sa.Index('ix_childvoice_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'courtdocument', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('revision_hash', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('path', sa.String(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('verification_code', sa.String(length=32), nullable=False),
        sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rendered_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=True),
        sa.Column('pdf_path', sa.String(), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.UniqueConstraint('revision_id', 'kind'),
        sa.Index('ix_courtdocument_request_id', 'request_id', unique=False),
        sa.Index('ix_courtdocument_verification_code', 'verification_code', unique=True),
    )
    sa.Table(
        'declaredconflict', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('person.id'), nullable=True),
        sa.Column('family_id', sa.Integer(), sa.ForeignKey('family.id'), nullable=True),
        sa.Column('region_id', sa.Integer(), sa.ForeignKey('region.id'), nullable=True),
        sa.Column('organisation', sa.String(), nullable=False),
        sa.Column('reason', sa.String(), nullable=False),
        sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_declaredconflict_user_id', 'user_id', unique=False),
    )
    sa.Table(
        'escalation', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('decided_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('proceed', sa.Boolean(), nullable=False),
        sa.Column('reasons', sa.String(), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_escalation_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'event', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('kind', sa.String(length=64), nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(), nullable=False),
        sa.Index('ix_event_kind', 'kind', unique=False),
        sa.Index('ix_event_processed_at', 'processed_at', unique=False),
        sa.Index('ix_event_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'family', metadata,
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=20), nullable=False),
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('region_id', sa.Integer(), sa.ForeignKey('region.id'), nullable=True),
        sa.Index('ix_family_region_id', 'region_id', unique=False),
    )
    sa.Table(
        'followuphearing', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('party_id', sa.Integer(), sa.ForeignKey('hearingparty.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('overdue_at', sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint('party_id'),
        sa.Index('ix_followuphearing_deadline', 'deadline', unique=False),
        sa.Index('ix_followuphearing_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'hearingparty', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('person.id'), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('required', sa.Boolean(), nullable=False),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('invited_revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=True),
        sa.Column('channel', sa.String(), nullable=False),
        sa.Column('proof', sa.String(), nullable=False),
        sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
        sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('response_channel', sa.String(), nullable=False),
        sa.Column('position', sa.String(), nullable=False),
        sa.Column('response_text', sa.String(), nullable=False),
        sa.Column('responded_by', sa.String(), nullable=False),
        sa.Column('lapsed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('added_by_indiener', sa.Boolean(), nullable=False),
        sa.Column('capable', sa.Boolean(), nullable=True),
        sa.Column('capability_note', sa.String(), nullable=False),
        sa.Column('capability_assessed_by', sa.String(), nullable=False),
        sa.Column('capability_assessed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Index('ix_hearingparty_deadline', 'deadline', unique=False),
        sa.Index('ix_hearingparty_person_id', 'person_id', unique=False),
        sa.Index('ix_hearingparty_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'mailmessage', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=True),
        sa.Column('party_id', sa.Integer(), sa.ForeignKey('hearingparty.id'), nullable=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('dedupe_key', sa.String(length=200), nullable=False),
        sa.Column('to_address', sa.String(length=320), nullable=False),
        sa.Column('subject', sa.String(), nullable=False),
        sa.Column('body', sa.String(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempt_started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('message_id', sa.String(), nullable=False),
        sa.Column('response_days', sa.Integer(), nullable=True),
        sa.UniqueConstraint('dedupe_key'),
        sa.Index('ix_mailmessage_request_id', 'request_id', unique=False),
        sa.Index('ix_mailmessage_status', 'status', unique=False),
        sa.Index('ix_mailmessage_user_id', 'user_id', unique=False),
    )
    sa.Table(
        'panelseat', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('seat_no', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('draw_seed', sa.String(length=64), nullable=False),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('release_kind', sa.String(length=16), nullable=False),
        sa.Column('release_reason', sa.String(), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('score_details', sa.JSON(), nullable=False),
        sa.Index('ix_panelseat_request_id', 'request_id', unique=False),
        sa.Index('ix_panelseat_user_id', 'user_id', unique=False),
    )
    sa.Table(
        'person', metadata,
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('given_names', sa.String(length=200), nullable=False),
        sa.Column('prefix', sa.String(length=30), nullable=False),
        sa.Column('surname', sa.String(length=200), nullable=False),
        sa.Column('date_of_birth', sa.Date(), nullable=True),
        sa.Column('residence', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('postal_code', sa.String(length=10), nullable=False),
        sa.Column('relation', sa.String(length=100), nullable=False),
        sa.Column('has_gezag', sa.Boolean(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('lawyer', sa.String(length=200), nullable=False),
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('family_id', sa.Integer(), sa.ForeignKey('family.id'), nullable=False),
        sa.Index('ix_person_family_id', 'family_id', unique=False),
    )
    sa.Table(
        'poolversion', metadata,
        # One row, id 1, given by the model (default=1): no sequence, as create_all made it.
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=False, nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    sa.Table(
        'portallink', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('party_id', sa.Integer(), sa.ForeignKey('hearingparty.id'), nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('single_use', sa.Boolean(), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Index('ix_portallink_party_id', 'party_id', unique=False),
        sa.Index('ix_portallink_request_id', 'request_id', unique=False),
        sa.Index('ix_portallink_token_hash', 'token_hash', unique=True),
    )
    sa.Table(
        'region', metadata,
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('court', sa.String(length=200), nullable=False),
        sa.Column('court_location', sa.String(length=100), nullable=False),
        sa.Column('legal_name', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('postal_code', sa.String(length=10), nullable=False),
        sa.Column('place', sa.String(length=100), nullable=False),
        sa.Column('phone', sa.String(length=30), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('complaints', sa.String(length=500), nullable=False),
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('capacities', sa.JSON(), nullable=False),
        sa.Column('too_close', sa.JSON(), nullable=False),
        sa.Column('team_contacts', sa.JSON(), nullable=False),
        sa.Index('ix_region_code', 'code', unique=True),
    )
    sa.Table(
        'reinvitewaiver', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('party_id', sa.Integer(), sa.ForeignKey('hearingparty.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('reasons', sa.String(), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_reinvitewaiver_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'request', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case.id'), nullable=False),
        sa.Column('requester_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('measure', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=32), nullable=False),
        sa.Column('spoed', sa.Boolean(), nullable=False),
        sa.Column('catalogue_version', sa.String(length=32), nullable=True),
        sa.Column('current_revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=True),
        sa.Column('approved_revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=True),
        sa.Column('returned_revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=True),
        sa.Column('minor_change_revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=True),
        sa.Column('flagged', sa.String(), nullable=False),
        sa.Column('closing_reason', sa.String(), nullable=False),
        sa.Column('urgency_accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('urgency_accepted_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=True),
        sa.Column('urgency_reasons', sa.String(), nullable=False),
        sa.Column('urgency_relies_on', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state_changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_request_case_id', 'case_id', unique=False),
        sa.Index('ix_request_measure', 'measure', unique=False),
        sa.Index('ix_request_requester_id', 'requester_id', unique=False),
        sa.Index('ix_request_state', 'state', unique=False),
    )
    sa.Table(
        'requestrevision', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('note', sa.String(), nullable=False),
        sa.UniqueConstraint('request_id', 'number'),
        sa.Index('ix_requestrevision_content_hash', 'content_hash', unique=False),
        sa.Index('ix_requestrevision_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'signoff', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('revision_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('declaration', sa.String(), nullable=False),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_signoff_request_id', 'request_id', unique=False),
    )
    sa.Table(
        'unavailability', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('start', sa.Date(), nullable=False),
        sa.Column('end', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(), nullable=False),
        sa.Index('ix_unavailability_user_id', 'user_id', unique=False),
    )
    sa.Table(
        'user', metadata,
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('region_id', sa.Integer(), sa.ForeignKey('region.id'), nullable=False),
        sa.Column('team', sa.String(length=100), nullable=False),
        sa.Column('function', sa.String(length=200), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('roles', sa.JSON(), nullable=False),
        sa.Column('expertise', sa.JSON(), nullable=False),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Index('ix_user_region_id', 'region_id', unique=False),
        sa.Index('ix_user_token_hash', 'token_hash', unique=True),
    )
    sa.Table(
        'verdict', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('seat_id', sa.Integer(), sa.ForeignKey('panelseat.id'), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('decision', sa.String(length=32), nullable=False),
        sa.Column('reasons', sa.String(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('override', sa.Boolean(), nullable=False),
        sa.Column('override_reasons', sa.String(), nullable=False),
        sa.Column('overridden_criteria', sa.JSON(), nullable=False),
        sa.Index('ix_verdict_request_id', 'request_id', unique=False),
        sa.Index('ix_verdict_revision_id', 'revision_id', unique=False),
    )
    sa.Table(
        'warningacceptance', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('request_id', sa.Integer(), sa.ForeignKey('request.id'), nullable=False),
        sa.Column('revision_id', sa.Integer(), sa.ForeignKey('requestrevision.id'), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('field', sa.String(length=200), nullable=False),
        sa.Column('message', sa.String(), nullable=False),
        sa.Column('accepted_by', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('reasons', sa.String(), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Index('ix_warningacceptance_request_id', 'request_id', unique=False),
        sa.Index('ix_warningacceptance_revision_id', 'revision_id', unique=False),
    )
    sa.Table(
        'workspacesession', metadata,
        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Index('ix_workspacesession_token_hash', 'token_hash', unique=True),
        sa.Index('ix_workspacesession_user_id', 'user_id', unique=False),
    )
    return metadata


def create_triggers(connection) -> None:
    """Nobody updates or deletes audit events or revisions, not even with raw SQL."""
    if connection.dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for op_name in ("UPDATE", "DELETE"):
                connection.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op_name.lower()} BEFORE {op_name} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is immutable (append-only): {op_name} refused'); END")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(PG_REFUSE_FUNCTION)
        for table in APPEND_ONLY_TABLES:
            for name, when in ((f"{table}_immutable", "BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW"),
                               (f"{table}_no_truncate", "BEFORE TRUNCATE ON {t} FOR EACH STATEMENT")):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                connection.exec_driver_sql(f"CREATE TRIGGER {name} {when.format(t=table)} "
                                           "EXECUTE FUNCTION tegenspraak_refuse_change()")


def copy_of(metadata: sa.MetaData) -> sa.MetaData:
    """A copy of `metadata` with tables, columns, keys and indexes of its own."""
    copy = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(copy)
    return copy


def create_tables(metadata: sa.MetaData, connection, *, checkfirst: bool = False) -> None:
    """`metadata.create_all`, except on SQLite, where every table is made with all its foreign keys inline.

    request and requestrevision refer to each other. create_all then leaves the foreign keys of one of them to a
    later ALTER, which SQLite cannot do, so they were silently missing; and which table lost them depended on set
    order, so it differed from process to process. SQLite does not need the tables in dependency order.

    The tables are made from a copy of `metadata`: on PostgreSQL create_all adds the foreign keys of that cycle with
    ALTER (AddConstraint), which marks those constraint objects "not inline" for good, so a later SQLite database
    made from the same metadata in the same process had none."""
    metadata = copy_of(metadata)
    if connection.dialect.name != "sqlite":
        metadata.create_all(connection, checkfirst=checkfirst)
        return
    existing = set(sa.inspect(connection).get_table_names()) if checkfirst else set()
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        if table.name in existing:
            continue
        connection.execute(sa.schema.CreateTable(table, include_foreign_key_constraints=table.foreign_key_constraints))
        for index in sorted(table.indexes, key=lambda i: i.name):
            connection.execute(sa.schema.CreateIndex(index))


def upgrade() -> None:
    connection = op.get_bind()
    create_tables(baseline_metadata(), connection)
    create_triggers(connection)


def downgrade() -> None:
    connection = op.get_bind()
    metadata = baseline_metadata()
    if connection.dialect.name == "postgresql":
        for table in metadata.tables:
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS tegenspraak_refuse_change()")
    else:  # SQLite: the triggers go with their tables; migrations run with foreign keys off (models.db)
        for table in metadata.tables:
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}"')
