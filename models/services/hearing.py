"""Hoor en wederhoor: deriving the parties, invitations, responses, the child's voice, and lapsed deadlines."""

from datetime import datetime, timedelta

from sqlmodel import Session, select

from models.db import begin_write
from models.dossier import Dossier, load_dossier
from models.errors import GateRefused, NotFound, Problem
from models.hearing import CHANNELS, NOT_HEARD_REASONS, POSITIONS, VOICE_METHODS, ChildVoice, HearingParty
from models.organisation import User
from models.request import Request, RequestState
from models.services.common import audit, emit, invalid, require_case_team

HEARING_OPEN = (RequestState.draft, RequestState.submitted, RequestState.in_tegenspraak)


def required_parties(dossier: Dossier, now: datetime) -> list[tuple[int, str, bool]]:
    """(person id, party kind, required) for the request's family, by the measure's rules in the catalogue."""
    measure = dossier.measure
    rules = measure.parties if measure else None
    hearing_age = dossier.catalogue.hearing.child_hearing_age
    parties = []
    for person in sorted(dossier.persons.values(), key=lambda p: p.id):
        if person.kind == "parent" and person.has_gezag:
            parties.append((person.id, "parent_gezag", True))
        elif person.kind == "parent":
            parties.append((person.id, "parent", bool(rules and rules.parents_without_gezag)))
        elif person.kind == "carer":
            parties.append((person.id, "carer", bool(rules and rules.carers)))
        elif person.kind == "child" and person.id in dossier.content.child_ids:
            age = person.age_on(now.date())
            parties.append((person.id, "child", age is not None and age >= hearing_age))
    return parties


def ensure_parties(session: Session, dossier: Dossier, now: datetime) -> None:
    """Add parties the family and measure call for; recompute who is required. Never drops a record."""
    existing = {p.person_id: p for p in dossier.parties}
    for person_id, kind, required in required_parties(dossier, now):
        party = existing.get(person_id)
        if party is None:
            session.add(HearingParty(request_id=dossier.request.id, person_id=person_id, kind=kind, required=required))
        elif (party.kind, party.required) != (kind, required):
            party.kind, party.required = kind, required
    session.flush()


def _party(dossier: Dossier, party_id: int) -> HearingParty:
    party = next((p for p in dossier.parties if p.id == party_id), None)
    if party is None:
        raise NotFound(f"Partij {party_id} hoort niet bij dit verzoek.", code="party_not_found")
    return party


def _hearing_open(dossier: Dossier) -> None:
    if dossier.request.state not in HEARING_OPEN:
        raise GateRefused(problems=[Problem("hearing_closed", "Hoor en wederhoor is voor dit verzoek afgesloten.",
                                            "state")])


def response_days(dossier: Dossier) -> int:
    rules = dossier.catalogue.hearing
    spoed = dossier.request.spoed or (dossier.measure is not None and dossier.measure.spoed)
    return rules.spoed_response_days if spoed else rules.response_days


def invite_party(session: Session, *, actor: User, request_id: int, party_id: int, channel: str, sent_at: datetime,
                 proof: str, now: datetime) -> HearingParty:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    _hearing_open(dossier)
    party = _party(dossier, party_id)
    problems = []
    if channel not in CHANNELS:
        problems.append(Problem("channel_unknown", f"Onbekend kanaal '{channel}'; kies uit: {', '.join(CHANNELS)}.",
                                "channel"))
    if not proof.strip():
        problems.append(Problem("invitation_proof_missing", "Leg het bewijs van de uitnodiging vast (verzenddatum, "
                                "track-and-trace, handtekening voor ontvangst).", "proof"))
    if sent_at > now:
        problems.append(Problem("sent_at_in_future", "De datum van verzending ligt in de toekomst.", "sent_at"))
    invalid(problems)
    party.invited_at = sent_at
    party.channel = channel
    party.proof = proof
    party.invited_revision_id = dossier.revision.id
    party.deadline = sent_at + timedelta(days=response_days(dossier))
    party.lapsed_at = None
    person = dossier.person(party.person_id)
    audit(session, now=now, actor=actor, action="party.invited", request=dossier.request, revision=dossier.revision,
          party_id=party.id, person=person.full_name, channel=channel, proof=proof, deadline=party.deadline.isoformat())
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return party


def record_response(session: Session, *, actor: User, request_id: int, party_id: int, position: str, text: str,
                    received_at: datetime, channel: str, responded_by: str, now: datetime) -> HearingParty:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    _hearing_open(dossier)
    party = _party(dossier, party_id)
    problems = []
    if party.kind == "child":
        problems.append(Problem("use_child_voice", "Leg de mening van een kind vast als 'stem van het kind'.", "party"))
    if position not in POSITIONS:
        problems.append(Problem("position_unknown", f"Kies een standpunt: {', '.join(POSITIONS)}.", "position"))
    if not text.strip():
        problems.append(Problem("response_text_missing", "Neem de zienswijze letterlijk op.", "text"))
    if channel not in CHANNELS:
        problems.append(Problem("channel_unknown", f"Onbekend kanaal '{channel}'.", "channel"))
    if received_at > now:
        problems.append(Problem("received_at_in_future", "De datum van ontvangst ligt in de toekomst.", "received_at"))
    invalid(problems)
    party.responded_at = received_at
    party.response_channel = channel
    party.position = position
    party.response_text = text
    party.responded_by = responded_by
    audit(session, now=now, actor=actor, action="party.responded", request=dossier.request, revision=dossier.revision,
          party_id=party.id, position=position, responded_by=responded_by or "de partij zelf")
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return party


def record_child_voice(session: Session, *, actor: User, request_id: int, person_id: int, heard: bool, method: str,
                       obtained_by: str, obtained_at: datetime | None, child_words: str, professional_summary: str,
                       not_heard_reason: str, explanation: str, now: datetime) -> ChildVoice:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    _hearing_open(dossier)
    if person_id not in dossier.content.child_ids:
        raise NotFound("Dit kind hoort niet bij dit verzoek.", code="child_not_in_request")
    problems = []
    if heard:
        if method not in VOICE_METHODS:
            problems.append(Problem("voice_method_unknown", f"Kies hoe de mening is verkregen: {', '.join(VOICE_METHODS)}.",
                                    "method"))
        if not obtained_by.strip():
            problems.append(Problem("voice_obtained_by_missing", "Vermeld wie met het kind sprak.", "obtained_by"))
        if obtained_at is None or obtained_at > now:
            problems.append(Problem("voice_date_invalid", "Vermeld wanneer de mening is verkregen (niet in de toekomst).",
                                    "obtained_at"))
        if not (child_words.strip() or professional_summary.strip()):
            problems.append(Problem("voice_missing", "Leg de woorden van het kind vast, of een samenvatting.",
                                    "child_words"))
    else:
        if not_heard_reason not in NOT_HEARD_REASONS:
            problems.append(Problem("not_heard_reason_invalid", "Kies waarom het kind niet is gehoord: "
                                    + "; ".join(NOT_HEARD_REASONS.values()) + ".", "not_heard_reason"))
        if not explanation.strip():
            problems.append(Problem("not_heard_explanation_missing", "Licht toe waarom het kind niet is gehoord.",
                                    "explanation"))
    invalid(problems)
    voice = ChildVoice(request_id=request_id, person_id=person_id, heard=heard, method=method, obtained_by=obtained_by,
                       obtained_at=obtained_at, child_words=child_words, professional_summary=professional_summary,
                       not_heard_reason=not_heard_reason, explanation=explanation, recorded_by=actor.id,
                       recorded_at=now)
    session.add(voice)
    session.flush()
    audit(session, now=now, actor=actor, action="child_voice.recorded", request=dossier.request,
          revision=dossier.revision, person=dossier.person(person_id).full_name, heard=heard,
          not_heard_reason=not_heard_reason or None)
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return voice


def record_lapses(session: Session, *, now: datetime) -> list[int]:
    """Deadlines passed after a proven invitation: 'in de gelegenheid gesteld, niet gereageerd'. Exactly once each."""
    begin_write(session)
    rows = session.exec(
        select(HearingParty, Request)
        .join(Request, Request.id == HearingParty.request_id)
        .where(
            HearingParty.deadline <= now,
            HearingParty.responded_at.is_(None),
            HearingParty.lapsed_at.is_(None),
            HearingParty.invited_at.is_not(None),
            HearingParty.kind != "child",
            Request.state.in_([s.value for s in HEARING_OPEN]),
        )
    ).all()
    touched = set()
    for party, request in rows:
        party.lapsed_at = now
        audit(session, now=now, actor=None, action="party.deadline_passed", request=request,
              party_id=party.id, deadline=party.deadline.isoformat(),
              text="In de gelegenheid gesteld, niet gereageerd.", proof=party.proof)
        touched.add(request.id)
    for request_id in sorted(touched):
        emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return sorted(touched)
