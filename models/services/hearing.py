"""Hoor en wederhoor: deriving the parties, invitations, responses, the child's voice, and lapsed deadlines."""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from models.db import begin_write
from models.documents import AMSTERDAM, format_date_nl
from models.dossier import Dossier, load_dossier
from models.errors import GateRefused, NotAllowed, NotFound, Problem
from models.family import Person, PersonCreate
from models.hearing import HEARING_OPEN, CHANNELS, NOT_HEARD_REASONS, POSITIONS, VOICE_METHODS, ChildVoice, FollowUpHearing, HearingParty, ReinviteWaiver
from models.mail import MailMessage
from models.organisation import User
from models.request import Request, RequestState
from models.services.common import audit, complete_follow_up, emit, invalid, require_case_team
from models.services.links import issue_link



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
            party = next((p for p in dossier.parties if p.person_id == person.id), None)
            capable = party is not None and party.capable is True
            parties.append((person.id, "child", (age is not None and age >= hearing_age) or capable))
    return parties


def ensure_parties(session: Session, dossier: Dossier, now: datetime) -> None:
    """Add parties the family and measure call for; recompute who is required. Never drops a record."""
    existing = {p.person_id: p for p in dossier.parties}
    for person_id, kind, required in required_parties(dossier, now):
        party = existing.get(person_id)
        if party is not None and party.added_by_indiener:
            required = True
        if party is None:
            session.add(HearingParty(request_id=dossier.request.id, person_id=person_id, kind=kind, required=required))
        elif (party.kind, party.required) != (kind, required):
            party.kind, party.required = kind, required
    session.flush()


def add_party(session: Session, *, actor: User, request_id: int, person: PersonCreate, now: datetime) -> HearingParty:
    """The indiener adds an interested party (e.g. a foster parent or the person raising the child)."""
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    _hearing_open(dossier)
    invalid([] if person.kind in ("parent", "carer") and person.given_names.strip() and person.surname.strip() else [
        Problem("party_invalid", "Een toegevoegde partij is een ouder of verzorger met voor- en achternaam.", "person")])
    added = Person(family_id=dossier.case.family_id, **person.model_dump())
    session.add(added)
    session.flush()
    kind = "parent_gezag" if person.kind == "parent" and person.has_gezag else person.kind
    party = HearingParty(request_id=request_id, person_id=added.id, kind=kind, required=True, added_by_indiener=True)
    session.add(party)
    session.flush()
    audit(session, now=now, actor=actor, action="party.added", request=dossier.request, revision=dossier.revision,
          party_id=party.id, person=added.full_name, kind=kind)
    session.commit()
    return party


def remove_party(session: Session, *, actor: User, request_id: int, party_id: int, reason: str,
                 now: datetime) -> HearingParty:
    """Only a party the indiener added can be taken off; one the law or the catalogue requires cannot."""
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    party = _party(dossier, party_id)
    derived = {pid: req for pid, _, req in required_parties(dossier, now)}
    person = dossier.person(party.person_id)
    if derived.get(party.person_id):
        raise GateRefused(problems=[Problem("party_required", f"{person.full_name} is een verplichte partij en kan "
                                            "niet worden verwijderd.", f"parties.{party_id}")])
    invalid([] if reason.strip() else [Problem("reason_missing", "Geef een reden op.", "reason")])
    party.required, party.added_by_indiener = False, False
    audit(session, now=now, actor=actor, action="party.removed", request=dossier.request, party_id=party_id,
          person=person.full_name, reason=reason)
    session.commit()
    return party


def record_capability(session: Session, *, actor: User, request_id: int, person_id: int, capable: bool, note: str,
                      assessed_by: str, now: datetime) -> HearingParty:
    """For a child below the hearing age: can it form and give its view? If so, its voice becomes required."""
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    _hearing_open(dossier)
    party = next((p for p in dossier.parties if p.person_id == person_id and p.kind == "child"), None)
    if party is None:
        raise NotFound("Dit kind hoort niet bij dit verzoek.", code="child_not_in_request")
    invalid([p for p in (
        None if note.strip() else Problem("capability_note_missing", "Beschrijf waarop de inschatting rust.", "note"),
        None if assessed_by.strip() else Problem("capability_assessor_missing", "Vermeld wie dit inschatte.",
                                                 "assessed_by"),
    ) if p])
    party.capable, party.capability_note, party.capability_assessed_by = capable, note, assessed_by
    party.capability_assessed_at = now
    ensure_parties(session, dossier, now)
    audit(session, now=now, actor=actor, action="child.capability", request=dossier.request, revision=dossier.revision,
          person=dossier.person(person_id).full_name, capable=capable, note=note, assessed_by=assessed_by)
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return party


def waive_reinvitation(session: Session, *, actor: User, request_id: int, party_id: int, reasons: str,
                       now: datetime) -> ReinviteWaiver:
    """The panel records, with reasons, that a change does not touch what this party responded to."""
    from models.services.common import active_seat_of

    dossier = load_dossier(session, request_id, for_update=True)
    active_seat_of(dossier, actor)
    party = _party(dossier, party_id)
    invalid([] if reasons.strip() else [Problem("reasons_missing", "Motiveer waarom opnieuw uitnodigen niet nodig is.",
                                                "reasons")])
    waiver = ReinviteWaiver(request_id=request_id, party_id=party.id, revision_id=dossier.revision.id,
                            reasons=reasons, recorded_by=actor.id, recorded_at=now)
    session.add(waiver)
    audit(session, now=now, actor=actor, action="reinvite.waived", request=dossier.request, revision=dossier.revision,
          party_id=party.id, reasons=reasons)
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return waiver


def defer_hearing(session: Session, dossier: Dossier, now: datetime) -> list[HearingParty]:
    """At approval under accepted urgency: every party not yet heard gets a follow-up with its own deadline."""
    from models.gates import hearing_gaps

    deferred = []
    deadline = now + timedelta(days=dossier.catalogue.hearing.follow_up_days)
    for party, problem in hearing_gaps(dossier, now):
        if party.id in dossier.follow_ups:
            continue
        follow_up = FollowUpHearing(request_id=dossier.request.id, party_id=party.id, created_at=now, deadline=deadline)
        session.add(follow_up)
        dossier.follow_ups[party.id] = follow_up
        deferred.append(party)
        audit(session, now=now, actor=None, action="hearing.deferred", request=dossier.request,
              revision=dossier.revision, party_id=party.id, person=dossier.person(party.person_id).full_name,
              reason=problem.code, deadline=deadline.isoformat())
    session.flush()
    return deferred


def accept_urgency(session: Session, *, actor: User, request_id: int, accepted: bool, reasons: str,
                   now: datetime, relies_on: list[str] | None = None) -> Request:
    """The panel's jurist judges the urgency ('onmiddellijk en ernstig gevaar', art. 809 lid 3 Rv). Accepting it
    records which parts of the structured urgency (danger, facts, hearing) it relies on: each must be
    substantiated, and under a catalogue that asks for structured urgency at least one must be named."""
    from models.intake import urgency_part_problems
    from models.request import URGENCY_PARTS
    from models.services.common import active_seat_of

    dossier = load_dossier(session, request_id, for_update=True)
    seat = active_seat_of(dossier, actor)
    request = dossier.request
    spoed = request.spoed or (dossier.measure is not None and dossier.measure.spoed)
    if seat.role != "jurist":
        raise NotAllowed(problems=[Problem("urgency_role", "De jurist van het panel beoordeelt de spoed.", "role")])
    problems = []
    if not spoed:
        problems.append(Problem("not_spoed", "Dit is geen spoedverzoek.", "spoed"))
    if request.state != RequestState.in_tegenspraak:
        problems.append(Problem("not_in_review", "Dit verzoek is niet in tegenspraak.", "state"))
    if not reasons.strip():
        problems.append(Problem("reasons_missing", "Motiveer het oordeel over de spoed.", "reasons"))
    relies_on = list(dict.fromkeys(relies_on or [])) if accepted else []
    if accepted and spoed:
        parts = urgency_part_problems(dossier)
        structured = dossier.catalogue.intake.knows("urgency_no_danger")
        if structured and not relies_on:
            problems.append(Problem("urgency_relies_on_missing", "Spoed (urgentie): geef aan op welke onderdelen u de "
                                    "spoed aanvaardt: het gevaar (danger), de feiten (facts) en/of waarom het horen "
                                    "niet kan wachten (hearing).", "relies_on"))
        for part in relies_on:
            if part not in URGENCY_PARTS:
                problems.append(Problem("urgency_part_unknown", f"Spoed (urgentie): onbekend onderdeel '{part}'; kies "
                                        "danger, facts of hearing.", "relies_on"))
            elif parts[part]:
                problems.append(Problem("urgency_part_not_substantiated", f"Spoed (urgentie): u steunt op "
                                        f"{URGENCY_PARTS[part]}, maar dat is niet onderbouwd: "
                                        + " ".join(p.message for p in parts[part]), "relies_on"))
    if problems:
        raise GateRefused(problems=problems)
    request.urgency_accepted_at = now if accepted else None
    request.urgency_accepted_by = actor.id if accepted else None
    request.urgency_reasons = reasons
    request.urgency_relies_on = relies_on
    audit(session, now=now, actor=actor, action="urgency.accepted" if accepted else "urgency.rejected",
          request=request, revision=dossier.revision, reasons=reasons, relies_on=relies_on)
    emit(session, kind="review.updated", request_id=request_id, now=now)
    session.commit()
    return request


def _party(dossier: Dossier, party_id: int) -> HearingParty:
    party = next((p for p in dossier.parties if p.id == party_id), None)
    if party is None:
        raise NotFound(f"Partij {party_id} hoort niet bij dit verzoek.", code="party_not_found")
    return party


def _hearing_open(dossier: Dossier, party: HearingParty | None = None) -> None:
    """Parties are heard before approval; after it, only a party whose hearing was deferred for spoed."""
    follow_up = dossier.follow_ups.get(party.id) if party is not None else None
    if follow_up is not None and follow_up.done_at is None:
        return
    if dossier.request.state not in HEARING_OPEN:
        raise GateRefused(problems=[Problem("hearing_closed", "Hoor en wederhoor is voor dit verzoek afgesloten.",
                                            "state")])


def response_days(dossier: Dossier) -> int:
    rules = dossier.catalogue.hearing
    spoed = dossier.request.spoed or (dossier.measure is not None and dossier.measure.spoed)
    return rules.spoed_response_days if spoed else rules.response_days


def invite_party(session: Session, *, actor: User, request_id: int, party_id: int, channel: str, sent_at: datetime,
                 proof: str, now: datetime, portal_base_url: str,
                 portal_single_use: bool) -> tuple[HearingParty, str | None]:
    """Invite a party with the current revision. Returns the party and, for a letter or a handover, its personal
    portal link (once; it is stored only as a hash).

    By e-mail, the message is queued; the link is made and the party counts as invited, with its response
    deadline, only when the SMTP server accepts the message (see models.services.mailing). The link then goes
    to the party only, never into the answer. Other channels need their proof now and run from `sent_at`.
    `portal_base_url` and `portal_single_use` as in Settings (the links go to the family response portal)."""
    from models.services.letters import parent_rights, text_values
    from models.services.mailing import invitation_text, queue_mail
    from models.texts import fill, get_texts

    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    party = _party(dossier, party_id)
    _hearing_open(dossier, party)
    person = dossier.person(party.person_id)
    problems = []
    if channel not in CHANNELS or channel == "portaal":
        problems.append(Problem("channel_unknown", f"Onbekend kanaal '{channel}'; kies uit: "
                                f"{', '.join(c for c in CHANNELS if c != 'portaal')}.", "channel"))
    if channel == "email" and not person.email:
        problems.append(Problem("email_missing", f"Van {person.full_name} is geen e-mailadres bekend.", "channel"))
    if channel != "email" and not proof.strip():
        problems.append(Problem("invitation_proof_missing", "Leg het bewijs van de uitnodiging vast (verzenddatum, "
                                "track-and-trace, handtekening voor ontvangst).", "proof"))
    if sent_at > now:
        problems.append(Problem("sent_at_in_future", "De datum van verzending ligt in de toekomst.", "sent_at"))
    elif _local_date(sent_at) < _local_date(dossier.revision.created_at):
        # Nobody can have been invited on a draft that did not exist yet; counted from then, the deadline
        # would already have passed.
        problems.append(Problem("sent_at_before_revision", f"De datum van verzending ({format_date_nl(sent_at)}) ligt "
                                f"vóór versie {dossier.revision.number} van het verzoek "
                                f"({format_date_nl(dossier.revision.created_at)}); een uitnodiging kan niet "
                                "eerder zijn verstuurd dan het concept bestond.", "sent_at"))
    invalid(problems)
    if party.responded_at is not None and party.invited_revision_id != dossier.revision.id:
        # Invited again on a changed request: the earlier response stays on record, a new one is needed.
        audit(session, now=now, actor=actor, action="party.response_superseded", request=dossier.request,
              revision=dossier.revision, party_id=party.id, position=party.position, text=party.response_text,
              responded_at=party.responded_at.isoformat(), invited_revision_id=party.invited_revision_id)
        party.responded_at, party.position, party.response_text, party.responded_by = None, "", "", ""
        party.response_channel = ""
    # This invitation replaces what was still waiting to go out; sent later, it would revoke the new link.
    session.execute(update(MailMessage).where(MailMessage.party_id == party.id, MailMessage.status == "pending")
                    .values(status="cancelled", last_error="vervangen door een nieuwe uitnodiging")
                    .execution_options(synchronize_session=False))
    party.channel = channel
    party.invited_revision_id = dossier.revision.id
    party.lapsed_at = None
    link, mail = None, None
    if channel == "email":
        # Not invited until the message really leaves: no date, no deadline, no proof yet.
        party.invited_at, party.deadline, party.proof = None, None, ""
        children = " en ".join(c.given_names for c in dossier.children())
        subject, body = invitation_text(name=person.full_name, children=children, sender=dossier.region.name,
                                        measure=dossier.measure.name if dossier.measure else dossier.content.measure,
                                        rights=parent_rights(dossier, person),
                                        contact=fill(get_texts().parents.contact, text_values(dossier, person)))
        mail = queue_mail(session, request_id=request_id, party_id=party.id, kind="invitation", to=person.email,
                          dedupe_key=f"invitation:{party.id}:{dossier.revision.id}:{now.isoformat()}",
                          subject=subject, body=body, now=now, response_days=response_days(dossier))
    else:
        party.invited_at, party.proof = sent_at, proof
        party.deadline = sent_at + timedelta(days=response_days(dossier))
        token = issue_link(session, party=party, expires_at=party.deadline, single_use=portal_single_use,
                           now=now)
        link = f"{portal_base_url.rstrip('/')}/portaal/{token}"
    audit(session, now=now, actor=actor, action="party.invited", request=dossier.request, revision=dossier.revision,
          party_id=party.id, person=person.full_name, channel=channel, proof=proof or "volgt bij verzending",
          deadline=party.deadline.isoformat() if party.deadline else "volgt bij verzending",
          mail_id=mail.id if mail else None)
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return party, link


def _local_date(moment: datetime):
    return moment.astimezone(AMSTERDAM).date()


def record_response(session: Session, *, actor: User, request_id: int, party_id: int, position: str, text: str,
                    received_at: datetime, channel: str, responded_by: str, now: datetime) -> HearingParty:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    party = _party(dossier, party_id)
    _hearing_open(dossier, party)
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
    complete_follow_up(session, dossier, party, now, actor)
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
    if person_id not in dossier.content.child_ids:
        raise NotFound("Dit kind hoort niet bij dit verzoek.", code="child_not_in_request")
    child_party = next((p for p in dossier.parties if p.person_id == person_id), None)
    _hearing_open(dossier, child_party)
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
    if child_party is not None:
        complete_follow_up(session, dossier, child_party, now, actor)
    audit(session, now=now, actor=actor, action="child_voice.recorded", request=dossier.request,
          revision=dossier.revision, person=dossier.person(person_id).full_name, heard=heard,
          not_heard_reason=not_heard_reason or None)
    emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return voice


def watch_deadlines(session: Session, *, now: datetime, reminder_days_before: int) -> list[int]:
    """Reminders (`reminder_days_before` days, as in Settings) before a deadline; after it, 'in de gelegenheid
    gesteld, niet gereageerd' with the proof. Each exactly once. Returns the requests whose hearing changed."""
    from models.services.mailing import queue_mail, reminder_text

    begin_write(session)
    rows = session.exec(
        select(HearingParty, Request)
        .join(Request, Request.id == HearingParty.request_id)
        .where(
            HearingParty.responded_at.is_(None),
            HearingParty.lapsed_at.is_(None),
            HearingParty.invited_at.is_not(None),
            HearingParty.deadline.is_not(None),
            HearingParty.deadline <= now + timedelta(days=reminder_days_before),
            HearingParty.kind != "child",
            Request.state.in_([s.value for s in HEARING_OPEN]),
        )
    ).all()
    touched = set()
    overdue = session.exec(select(FollowUpHearing, Request).join(Request, Request.id == FollowUpHearing.request_id)
                           .where(FollowUpHearing.deadline <= now, FollowUpHearing.done_at.is_(None),
                                  FollowUpHearing.overdue_at.is_(None))).all()
    for follow_up, request in overdue:
        follow_up.overdue_at = now
        person = session.get(Person, session.get(HearingParty, follow_up.party_id).person_id)
        request.flagged = (request.flagged + f" {person.full_name} is na spoed niet op tijd alsnog gehoord.").strip()
        audit(session, now=now, actor=None, action="follow_up.overdue", request=request, party_id=follow_up.party_id,
              deadline=follow_up.deadline.isoformat())
    for party, request in rows:
        if party.deadline > now:
            person = session.get(Person, party.person_id)
            if party.channel == "email" and person.email:
                key = f"reminder:{party.id}:{party.deadline.isoformat()}"
                if session.exec(select(MailMessage.id).where(MailMessage.dedupe_key == key)).first() is None:
                    children = ", ".join(p.given_names for p in session.exec(
                        select(Person).where(Person.family_id == person.family_id, Person.kind == "child")))
                    # The link is made when the reminder is sent; the invitation's link then stops working.
                    subject, body = reminder_text(name=person.full_name, children=children, deadline=party.deadline,
                                                  sender="het Regionaal Veiligheidsteam")
                    queue_mail(session, request_id=request.id, party_id=party.id, kind="reminder", dedupe_key=key,
                               to=person.email, subject=subject, body=body, now=now)
            continue
        if not party.proof.strip():
            continue  # never sent (e.g. the e-mail failed): not 'in de gelegenheid gesteld'
        party.lapsed_at = now
        audit(session, now=now, actor=None, action="party.deadline_passed", request=request,
              party_id=party.id, deadline=party.deadline.isoformat(),
              text="In de gelegenheid gesteld, niet gereageerd.", proof=party.proof)
        touched.add(request.id)
    for request_id in sorted(touched):
        emit(session, kind="hearing.updated", request_id=request_id, now=now)
    session.commit()
    return sorted(touched)


def record_lapses(session: Session, *, now: datetime, reminder_days_before: int) -> list[int]:
    return watch_deadlines(session, now=now, reminder_days_before=reminder_days_before)
