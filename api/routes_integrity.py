"""Tamper evidence over HTTP: verifying the audit hash chain (beheerder only)."""

from fastapi import APIRouter

from api.deps import ActorDep, SessionDep
from api.errors import AUTHENTICATED, error_responses
from models.services.integrity import AuditVerification, verify_audit_for

router = APIRouter(tags=["integriteit"])


@router.get("/audit/verify", response_model=AuditVerification, responses=error_responses(*AUTHENTICATED))
def verify_audit_chain(session: SessionDep, actor: ActorDep) -> AuditVerification:
    """Walk the whole audit trail and recompute every hash: `ok`, or the first broken link (its id and why:
    audit_altered, audit_deleted, audit_inserted). The same check as `tegenspraak verify-audit`."""
    return verify_audit_for(session, actor=actor)
