"""The panel's work: assessments, verdicts, concluding the review, sign-offs, and becoming ready."""

from datetime import datetime

from sqlmodel import Session

from models.dossier import Dossier, load_dossier
from models.errors import GateRefused, NotAllowed, Problem
from models.gates import (APPROVE_GUARDS, READY_GUARDS, check_hearing, check_revision_intact, check_warnings_resolved,
                          unresolved_warnings)
from models.lifecycle import check, target_state
from models.organisation import User
from models.request import RequestState
from models.review import (DECISION_LABELS, Assessment, Decision, Escalation, Outcome, SignOff, Verdict,
                           WarningAcceptance)
from models.services.common import active_seat_of, audit, emit, invalid, set_state


def _in_review(dossier: Dossier) -> None:
    if dossier.request.state != RequestState.in_tegenspraak:
        raise GateRefused(problems=[Problem("not_in_review", "Dit verzoek is niet in tegenspraak.", "state")])


def record_assessments(session: Session, *, actor: User, request_id: int, items: list[dict],
                       now: datetime) -> list[Assessment]:
    dossier = load_dossier(session, request_id, for_update=True)
    active_seat_of(dossier, actor)
    _in_review(dossier)
    criteria = dict(dossier.criteria())
    problems = []
    for i, item in enumerate(items, 1):
        code, outcome, reasoning = item.get("criterion", ""), item.get("outcome", ""), item.get("reasoning", "")
        if code not in criteria:
            problems.append(Problem("criterion_unknown", f"Onbekend criterium '{code}'.", f"items.{i}.criterion"))
        if outcome not in {o.value for o in Outcome}:
            problems.append(Problem("outcome_unknown", "Kies voldoet, voldoet_niet of nvt.", f"items.{i}.outcome"))
        if not str(reasoning).strip():
            problems.append(Problem("reasoning_missing", f"Motiveer uw oordeel over '{criteria.get(code, code)}'.",
                                    f"items.{i}.reasoning"))
    if not items:
        problems.append(Problem("assessments_empty", "Geef ten minste één beoordeling.", "items"))
    invalid(problems)
    rows = [Assessment(request_id=request_id, revision_id=dossier.revision.id, reviewer_id=actor.id,
                       criterion=item["criterion"], outcome=item["outcome"], reasoning=item["reasoning"],
                       recorded_at=now) for item in items]
    session.add_all(rows)
    audit(session, now=now, actor=actor, action="assessments.recorded", request=dossier.request,
          revision=dossier.revision, criteria={i["criterion"]: i["outcome"] for i in items})
    session.commit()
    return rows


def found_wanting(dossier: Dossier, reviewer_id: int) -> list[tuple[str, str]]:
    """(code, label) of the criteria this member's latest assessment on the current revision calls 'voldoet niet'."""
    latest = {a.criterion: a.outcome for a in dossier.assessments if a.reviewer_id == reviewer_id}
    return [(code, label) for code, label in dossier.criteria() if latest.get(code) == Outcome.voldoet_niet]


def record_verdict(session: Session, *, actor: User, request_id: int, decision: str, reasons: str,
                   now: datetime, override_reasons: str = "") -> Verdict:
    """A member's verdict on the current revision. An akkoord must follow from the member's own assessment: with
    any criterion 'voldoet niet' it is refused (by default that verdict is 'terug ter correctie'), unless the
    member overrides explicitly, with reasons; the override is recorded as such on the verdict and in the audit."""
    dossier = load_dossier(session, request_id, for_update=True)
    seat = active_seat_of(dossier, actor)
    _in_review(dossier)
    problems = []
    if decision not in {d.value for d in Decision}:
        problems.append(Problem("decision_unknown", "Kies akkoord, akkoord_na_kleine_aanpassing, terug_ter_correctie "
                                "of advies_niet_indienen.",
                                "decision"))
    if not reasons.strip():
        problems.append(Problem("reasons_missing", "Motiveer uw oordeel.", "reasons"))
    invalid(problems)
    if seat.id in dossier.verdicts:
        raise GateRefused(problems=[Problem("verdict_already_given", f"U gaf al een oordeel over revisie "
                                            f"{dossier.revision.number}.", "decision")])
    own = [a for a in dossier.assessments if a.reviewer_id == actor.id and a.reasoning.strip()]
    done = {a.criterion for a in own}
    problems = [Problem("assessment_missing", f"Beoordeel eerst het criterium '{label}'.", f"assessments.{code}")
                for code, label in dossier.criteria() if code not in done]
    wanting = found_wanting(dossier, actor.id)
    override = bool(override_reasons.strip())
    if override and not (decision == Decision.akkoord and wanting):
        problems.append(Problem("override_not_applicable", "Een onderbouwde afwijking (override_reasons) hoort alleen "
                                "bij een akkoord terwijl u een criterium als 'voldoet niet' beoordeelde.",
                                "override_reasons"))
    if decision == Decision.akkoord:
        # An akkoord given before every party had its say would approve without hearing them.
        problems += check_hearing(dossier, now)
        problems += check_warnings_resolved(dossier, now)
        if wanting and not override:
            labels = ", ".join(f"'{label}'" for _, label in wanting)
            problems.append(Problem("verdict_contradicts_assessment", f"U beoordeelde {labels} als 'voldoet niet' op "
                                    f"revisie {dossier.revision.number}: dan is uw oordeel standaard 'terug ter "
                                    "correctie'. Geef alleen akkoord met een uitdrukkelijke, gemotiveerde afwijking "
                                    "(override_reasons); die wordt als zodanig vastgelegd en in het "
                                    "tegenspraakverslag getoond.", "decision"))
    if problems:
        raise GateRefused(problems=problems)
    overridden = [code for code, _ in wanting] if override else []
    verdict = Verdict(request_id=request_id, revision_id=dossier.revision.id, seat_id=seat.id, reviewer_id=actor.id,
                      decision=decision, reasons=reasons, recorded_at=now, override=override,
                      override_reasons=override_reasons.strip() if override else "", overridden_criteria=overridden)
    session.add(verdict)
    session.flush()
    extra = {"override": True, "override_reasons": verdict.override_reasons,
             "overridden_criteria": overridden} if override else {}
    audit(session, now=now, actor=actor, action="verdict.recorded", request=dossier.request, revision=dossier.revision,
          decision=decision, role=seat.role, reasons=reasons, **extra)
    emit(session, kind="review.updated", request_id=request_id, now=now)
    session.commit()
    return verdict


def accept_warning(session: Session, *, actor: User, request_id: int, code: str, field: str, reasons: str,
                   now: datetime) -> WarningAcceptance:
    """A member of the panel accepts, with reasons, an intake warning on the current revision, so that it no
    longer stands in the way of approval. A warning the revision does not have cannot be accepted."""
    dossier = load_dossier(session, request_id, for_update=True)
    active_seat_of(dossier, actor)
    _in_review(dossier)
    invalid([Problem("reasons_missing", "Motiveer waarom het panel deze waarschuwing aanvaardt.", "reasons")]
            if not reasons.strip() else [])
    field = field.strip()
    warnings = [w for w in unresolved_warnings(dossier, now) if w.code == code and (w.field or "") == field]
    if not warnings:
        accepted = any(a.code == code and a.field == field for a in dossier.warning_acceptances)
        if accepted:
            problem = Problem("warning_already_accepted", f"De waarschuwing '{code}' ({field or 'geen veld'}) op "
                              f"revisie {dossier.revision.number} is al aanvaard.", "code")
        else:
            problem = Problem("warning_not_found", f"Revisie {dossier.revision.number} heeft geen waarschuwing "
                              f"'{code}' bij veld '{field}'. Aanvaard alleen een waarschuwing die de checklist "
                              "noemt.", "code")
        raise GateRefused(problems=[problem])
    message = " ".join(w.message for w in warnings)
    acceptance = WarningAcceptance(request_id=request_id, revision_id=dossier.revision.id, code=code, field=field,
                                   message=message, accepted_by=actor.id, reasons=reasons.strip(), accepted_at=now)
    session.add(acceptance)
    session.flush()
    audit(session, now=now, actor=actor, action="warning.accepted", request=dossier.request,
          revision=dossier.revision, code=code, field=field, warning=message, reasons=acceptance.reasons)
    emit(session, kind="review.updated", request_id=request_id, now=now)
    session.commit()
    return acceptance


def conclude_review(session: Session, dossier: Dossier, now: datetime) -> str | None:
    """Once every seat has a verdict on the current revision: the panel's decision. Flushes, never commits.

    Any 'advies niet indienen' stops the request; otherwise any 'terug ter correctie' returns it;
    only unanimous akkoord approves, and only when every approve guard holds.
    """
    request = dossier.request
    if request.state != RequestState.in_tegenspraak or not dossier.seats:
        return None
    effective = dossier.effective_verdicts()
    if any(seat.id not in effective for seat in dossier.seats):
        return None
    if dossier.minor_change and dossier.chair_seat_id not in dossier.verdicts:
        return None
    verdicts = [effective[s.id] for s in dossier.seats]
    decisions = {v.decision for v in verdicts}
    if Decision.niet_indienen in decisions:
        action, reasons = "advise_against", [v.reasons for v in verdicts if v.decision == Decision.niet_indienen]
    elif Decision.terug in decisions:
        action, reasons = "return", [v.reasons for v in verdicts if v.decision == Decision.terug]
    elif Decision.klein in decisions and not dossier.minor_change:
        action, reasons = "return", [v.reasons for v in verdicts if v.decision == Decision.klein]
    else:
        try:
            to = check("approve", dossier, now, APPROVE_GUARDS)
        except GateRefused as waiting:
            return "waiting: " + ", ".join(p.code for p in waiting.problems)
        set_state(request, to, now)
        request.approved_revision_id = dossier.revision.id
        if request.urgency_accepted_at is not None:
            from models.services.hearing import defer_hearing

            defer_hearing(session, dossier, now)
        audit(session, now=now, actor=None, action="request.approved", request=request, revision=dossier.revision,
              content_hash=dossier.revision.content_hash)
        return "approved"
    to = target_state(action, request.state)
    set_state(request, to, now)
    if action == "return":
        request.returned_revision_id = dossier.revision.id
        minor = Decision.terug not in decisions and Decision.niet_indienen not in decisions
        request.minor_change_revision_id = dossier.revision.id if minor else None
    else:
        request.closing_reason = "\n".join(reasons)
    audit(session, now=now, actor=None, action=f"request.{to}", request=request, revision=dossier.revision,
          correction_list=reasons, decisions={v.seat_id: DECISION_LABELS[Decision(v.decision)] for v in verdicts})
    return str(to)


def sign_off(session: Session, *, actor: User, request_id: int, revision_hash: str, declaration: str,
             now: datetime) -> SignOff:
    dossier = load_dossier(session, request_id, for_update=True)
    seat = active_seat_of(dossier, actor)
    if seat.role not in dossier.catalogue.review.signoff_roles:
        raise NotAllowed(problems=[Problem("signoff_role", "Alleen de jurist en de gedragswetenschapper van het panel "
                                           "tekenen.", "role")])
    problems = []
    if dossier.request.state != RequestState.approved:
        problems.append(Problem("not_approved", "Alleen een door het panel goedgekeurd verzoek kan worden ondertekend.",
                                "state"))
    if revision_hash != dossier.revision.content_hash or dossier.request.approved_revision_id != dossier.revision.id:
        problems.append(Problem("revision_hash_mismatch", "De hash hoort niet bij de goedgekeurde revisie: onderteken "
                                f"revisie {dossier.revision.number} ({dossier.revision.content_hash}).", "revision_hash"))
    problems += check_revision_intact(dossier, now)
    if not declaration.strip():
        problems.append(Problem("declaration_missing", "Neem uw verklaring op.", "declaration"))
    if any(s.user_id == actor.id for s in dossier.signoffs):
        problems.append(Problem("already_signed", "U heeft deze revisie al ondertekend.", "revision_hash"))
    if problems:
        raise GateRefused(problems=problems)
    signoff = SignOff(request_id=request_id, revision_id=dossier.revision.id, revision_hash=revision_hash,
                      user_id=actor.id, role=seat.role, declaration=declaration, signed_at=now)
    session.add(signoff)
    session.flush()
    audit(session, now=now, actor=actor, action="signoff.recorded", request=dossier.request, revision=dossier.revision,
          role=seat.role, revision_hash=revision_hash)
    emit(session, kind="signoff.recorded", request_id=request_id, now=now)
    session.commit()
    return signoff


def make_ready(session: Session, dossier: Dossier, now: datetime) -> str | None:
    """approved -> ready when every sign-off is on the exact approved revision. Flushes, never commits."""
    if dossier.request.state != RequestState.approved:
        return None
    try:
        to = check("make_ready", dossier, now, READY_GUARDS)
    except GateRefused as waiting:
        return "waiting: " + ", ".join(p.code for p in waiting.problems)
    set_state(dossier.request, to, now)
    audit(session, now=now, actor=None, action="request.ready", request=dossier.request, revision=dossier.revision)
    emit(session, kind="request.ready", request_id=dossier.request.id, now=now)
    return "ready"


def escalate(session: Session, *, actor: User, request_id: int, proceed: bool, reasons: str,
             now: datetime) -> Escalation:
    """The regiomanager of the requesting region decides after 'advies niet indienen', with reasons.
    Proceeding approves the revision; the dissent stays on record and goes into the document."""
    dossier = load_dossier(session, request_id, for_update=True)
    role = dossier.catalogue.review.escalation_role
    problems = []
    if not actor.has_role(role) or actor.region_id != dossier.case.region_id:
        raise NotAllowed(problems=[Problem("escalation_role", f"Alleen de {role} van {dossier.region.name} beslist "
                                           "na een advies niet indienen.")])
    if not reasons.strip():
        problems.append(Problem("reasons_missing", "Motiveer de beslissing.", "reasons"))
    if dossier.request.state != RequestState.advised_against:
        problems.append(Problem("not_advised_against", "Er is geen advies niet indienen om over te beslissen.",
                                "state"))
    if problems:
        raise GateRefused(problems=problems)
    decision = Escalation(request_id=request_id, revision_id=dossier.revision.id, decided_by=actor.id,
                          proceed=proceed, reasons=reasons, decided_at=now)
    session.add(decision)
    session.flush()
    dossier.escalation = decision
    if proceed:
        to = check("escalate", dossier, now, APPROVE_GUARDS)
        set_state(dossier.request, to, now)
        dossier.request.approved_revision_id = dossier.revision.id
    audit(session, now=now, actor=actor, action="escalation.decided", request=dossier.request,
          revision=dossier.revision, proceed=proceed, reasons=reasons)
    session.commit()
    return decision
