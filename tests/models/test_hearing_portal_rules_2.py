"""The hearing's and the portal's rules at their edges (continued from test_hearing_portal_rules.py): everything a
page through a link shows, everything a response through one stores, logs and announces."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from models.access_log import AccessLogEntry
from models.demo import demo_ots_content
from models.documents import format_date_nl
from models.dossier import load_dossier
from models.hearing import ChildVoice
from models.mail import MailMessage
from models.services import hearing, portal
from tests.builders import make_request
from tests.models.test_hearing_portal_rules import announced, invite, party_of, recorded, token_of
from tests.models.test_hearing_portal_rules import indiener as actor_indiener

PLAIN_ONE = ("Een jeugdbeschermer gaat u en uw kind helpen. De jeugdbeschermer let op hoe het met uw kind gaat en mag u "
             "aanwijzingen geven over de opvoeding. Uw kind blijft wonen waar het nu woont. U houdt het gezag dat u nu "
             "heeft.")


def portal_entries(session) -> list[tuple]:
    rows = session.exec(select(AccessLogEntry).where(AccessLogEntry.object_type == "portal")
                        .order_by(AccessLogEntry.id)).all()
    return [(r.outcome, r.reason, r.request_id, r.family_id, r.object_id, r.user_id) for r in rows]


def test_a_parents_page_shows_every_part_of_the_draft_with_its_gaps_filled_in(session, demo, now):
    facts = demo_ots_content(demo, now)["facts"]
    facts[0] = facts[0] | {"date": None}  # a fact without a date
    facts[4] = facts[4] | {"held_by": ""}  # an opinion without whose it is
    request_id = make_request(session, demo, now, duration_months=None, goals=["Noah gaat naar school.", "  "],
                              facts=facts)
    d = load_dossier(session, request_id)
    d.region.legal_name = ""  # no legal name: the region's own name
    session.commit()
    mother, link = invite(session, demo, request_id, demo.persons["mother"], now)
    before = len(announced(session, request_id))
    page = portal.portal_page(session, token=token_of(link), now=now)

    d = load_dossier(session, request_id)
    deadline = now + timedelta(days=14)
    assert page["organisation"] == "RVT Utrecht"
    assert page["deadline"] == deadline and page["deadline_text"] == format_date_nl(deadline)
    assert page["goals"] == ["Noah gaat naar school."]
    assert page["plain"] == PLAIN_ONE
    assert page["children"] == "Noah" and page["name"] == "Sanne Jansen"
    assert page["contact"] == {"name": "Fatima el Amrani", "team": d.requester.team, "function": d.requester.function,
                               "phone": "030 123 45 10", "email": "teamnoord@utrecht.rvt.example",
                               "text": page["contact"]["text"]}
    assert "Fatima el Amrani" in page["contact"]["text"] and "030 123 45 10" in page["contact"]["text"]
    assert [r["title"] for r in page["rights"]] == ["Rechtsbijstand", "Cliëntondersteuning", "Inzage in uw dossier",
                                                    "Een klacht over ons", "Contra-expertise"]
    assert "Vraag de gemeente Utrecht om een cliëntondersteuner." in page["rights"][1]["text"]  # where she lives
    draft = page["draft"]
    assert draft["duration"] == ""
    assert draft["facts"] == [{"text": f.text, "source": f.source, "date": format_date_nl(f.date) if f.date else ""}
                              for f in d.content.facts if f.kind == "fact"]
    assert draft["facts"][0]["date"] == "" and draft["facts"][1]["date"] and draft["facts"][1]["source"] == \
        "politiemutaties"
    assert draft["opinions"] == [{"text": "Naar het oordeel van de gedragswetenschapper is de ontwikkeling van Noah "
                                          "ernstig bedreigd.", "held_by": "niet vermeld"}]
    assert draft["alternatives"] == [
        {"description": "Gezinsbegeleiding in het vrijwillig kader.",
         "why": "De ouders lieten de hulpverlener niet meer binnen; vrijwillige hulp komt niet op gang."},
        {"description": "Steun van de grootouders van moederszijde.",
         "why": "De steun vermindert het verzuim niet en raakt de conflicten thuis niet."}]
    assert draft["grounds"][0] == {
        "question": "Groeit het kind zo op dat het in zijn ontwikkeling ernstig wordt bedreigd?",
        "answer": "Ja. Noah mist al maanden onderwijs en groeit op in een gezin met herhaald huiselijk geweld."}
    assert len(draft["grounds"]) == 3

    # The view is in the audit trail (on the revision shown) and in the access log, with the family; not announced.
    assert recorded(session, "portal.viewed") == (None, request_id, d.revision.id, {"party_id": mother.id})
    assert portal_entries(session) == [("granted", "", request_id, demo.family_id, mother.id, None)]
    assert len(announced(session, request_id)) == before


def test_a_page_names_the_organisation_by_its_legal_name_and_the_duration_in_months(session, demo, now):
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    _, link = invite(session, demo, request_id, demo.persons["mother"], now)
    page = portal.portal_page(session, token=token_of(link), now=now)
    assert page["organisation"] == "Regionaal Veiligheidsteam Utrecht"
    assert page["draft"]["duration"] == "12 maanden"
    assert page["children"] == "Noah en Lina"
    assert page["plain"] != PLAIN_ONE and page["plain"]  # two children: the text for more than one


def test_a_parents_response_through_the_portal_is_stored_audited_logged_and_announced(session, demo, now):
    request_id = make_request(session, demo, now)
    mother, link = invite(session, demo, request_id, demo.persons["mother"], now)
    revision = load_dossier(session, request_id).revision.id
    before = len(announced(session, request_id))
    later = now + timedelta(hours=2)
    portal.portal_respond(session, token=token_of(link), position="deels", text=" Deels eens. ", now=later)

    session.expire_all()
    stored = party_of(session, request_id, demo.persons["mother"])
    assert (stored.responded_at, stored.response_channel, stored.position, stored.response_text,
            stored.responded_by) == (later, "portaal", "deels", "Deels eens.", "")
    assert recorded(session, "portal.responded") == (None, request_id, revision,
                                                     {"party_id": mother.id, "position": "deels"})
    assert portal_entries(session) == [("granted", "responded", request_id, demo.family_id, mother.id, None)]
    assert announced(session, request_id)[before:] == ["hearing.updated"]


def test_a_childs_response_through_the_portal_is_its_voice_on_record(session, demo, now):
    request_id = make_request(session, demo, now)
    noah, link = invite(session, demo, request_id, demo.persons["noah"], now)
    d = load_dossier(session, request_id)
    before = len(announced(session, request_id))
    later = now + timedelta(hours=3)
    portal.portal_respond(session, token=token_of(link), position="", text="  Ik wil thuis blijven. ", now=later)

    session.expire_all()
    [voice] = session.exec(select(ChildVoice).where(ChildVoice.request_id == request_id)).all()
    assert (voice.person_id, voice.heard, voice.method, voice.obtained_by, voice.obtained_at, voice.child_words,
            voice.recorded_by, voice.recorded_at) == (
        demo.persons["noah"], True, "portaal", "het kind zelf, via het reactieportaal", later, "Ik wil thuis blijven.",
        d.request.requester_id, later)
    stored = party_of(session, request_id, demo.persons["noah"])
    assert (stored.responded_at, stored.response_channel, stored.response_text, stored.position) == (
        later, "portaal", "Ik wil thuis blijven.", "")
    assert recorded(session, "portal.responded") == (None, request_id, d.revision.id,
                                                     {"party_id": noah.id, "position": None})
    assert portal_entries(session) == [("granted", "responded", request_id, demo.family_id, noah.id, None)]
    assert announced(session, request_id)[before:] == ["hearing.updated"]


# --- a session that read an older state first ----------------------------------------------------------------------
# Each hearing step starts as a writer (load_dossier(..., for_update=True)): a read the session left open is ended,
# so the step reads and writes the newest state. Without that, the step would act on the old snapshot, and SQLite
# refuses its write once another writer has committed since (no lost update, but the step would fail).


def read_then_other_writes(session, engine, request_id):
    """`session` reads (its snapshot starts), then another connection commits a change: the snapshot is old."""
    from sqlmodel import Session

    from models.request import Request

    session.commit()
    session.exec(select(Request.id).where(Request.id == request_id)).first()
    with Session(engine) as other:
        other.add(AccessLogEntry(at=datetime.now(UTC), object_type="request", object_id=request_id, outcome="granted"))
        other.commit()


def test_each_case_team_step_works_on_a_session_that_read_an_older_state(session, engine, demo, now):
    from models.family import PersonCreate
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import indiener

    lina = demo.persons["lina"]
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], lina])
    who = indiener(session, demo)

    read_then_other_writes(session, engine, request_id)
    added = hearing.add_party(session, actor=who, request_id=request_id, now=now,
                              person=PersonCreate(kind="parent", given_names="Piet", surname="Bos"))
    read_then_other_writes(session, engine, request_id)
    hearing.remove_party(session, actor=who, request_id=request_id, party_id=added.id, reason="Onbekend.", now=now)
    read_then_other_writes(session, engine, request_id)
    hearing.record_capability(session, actor=who, request_id=request_id, person_id=lina, capable=True,
                              note="Kan haar mening geven.", assessed_by="dr. A. Visser", now=now)
    read_then_other_writes(session, engine, request_id)
    mother, link = invite(session, demo, request_id, demo.persons["mother"], now)
    read_then_other_writes(session, engine, request_id)
    hearing.record_response(session, actor=who, request_id=request_id, party_id=mother.id, position="eens",
                            text="Eens.", received_at=now, channel="brief", responded_by="", now=now)
    read_then_other_writes(session, engine, request_id)
    hearing.record_child_voice(session, actor=who, request_id=request_id, person_id=lina, heard=False, method="",
                               obtained_by="", obtained_at=None, child_words="", professional_summary="",
                               not_heard_reason="weigert", explanation="Wil niet.", now=now)
    father, _ = invite(session, demo, request_id, demo.persons["father"], now)
    read_then_other_writes(session, engine, request_id)
    assert portal.revoke_links(session, actor=who, request_id=request_id, party_id=father.id, now=now) == 1

    session.expire_all()
    d = load_dossier(session, request_id)
    assert [e for e in ("party.added", "party.removed", "child.capability", "party.invited", "party.responded",
                        "child_voice.recorded", "portal.revoked") if not recorded(session, e)] == []
    assert party_of(session, request_id, demo.persons["mother"]).position == "eens"
    assert lina in d.voices


def test_the_panels_steps_work_on_a_session_that_read_an_older_state(session, engine, demo, now, settings):
    from models.services import hearing
    from tests.builders import drive_to
    from tests.models.test_hearing_portal_rules import SPOED, seated

    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir, **SPOED)
    read_then_other_writes(session, engine, request_id)
    request = hearing.accept_urgency(session, actor=seated(session, request_id, "jurist"), request_id=request_id,
                                     accepted=True, reasons="Acuut gevaar.", now=now, relies_on=["danger"])
    assert request.urgency_accepted_at == now
    mother = party_of(session, request_id, demo.persons["mother"])
    read_then_other_writes(session, engine, request_id)
    waiver = hearing.waive_reinvitation(session, actor=seated(session, request_id, "tegenspreker"),
                                        request_id=request_id, party_id=mother.id, reasons="Typefout.", now=now)
    assert waiver.id is not None


# --- the urgency under the first catalogue version ----------------------------------------------------------------


def test_under_a_catalogue_without_structured_urgency_a_part_relied_on_must_still_be_substantiated(
        session, demo, now, settings, monkeypatch):
    """2026.1 does not check the urgency's parts at submission and asks for none to be named; one the jurist does
    rely on must be substantiated all the same, with every reason why not."""
    from models.dossier import Catalogues
    from models.errors import GateRefused
    from models.services import hearing
    from tests.builders import drive_to
    from tests.models.test_hearing_portal_rules import SPOED, seated, told

    monkeypatch.setattr("models.dossier._catalogues", Catalogues(version="2026.1"))
    details = SPOED["urgency_details"] | {"why_hearing_cannot_wait": " ", "fact_keys": ["onbekend", "inschatting"]}
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir,
                          **SPOED | {"urgency_details": details})
    assert load_dossier(session, request_id).request.catalogue_version == "2026.1"
    jurist = seated(session, request_id, "jurist")
    with pytest.raises(GateRefused) as refused:
        hearing.accept_urgency(session, actor=jurist, request_id=request_id, accepted=True, reasons="Acuut.", now=now,
                               relies_on=["hearing", "facts"])
    assert told(refused) == [
        ("urgency_part_not_substantiated", "Spoed (urgentie): u steunt op waarom het horen niet kan wachten, maar dat "
         "is niet onderbouwd: Spoed (urgentie): leg uit waarom het gewone horen van ouders en kind niet kan worden "
         "afgewacht.", "relies_on"),
        ("urgency_part_not_substantiated", "Spoed (urgentie): u steunt op de feiten, maar dat is niet onderbouwd: "
         "Spoed (urgentie): 'onbekend' bestaat niet in het verzoek. Spoed (urgentie): 'inschatting' is een mening, "
         "geen feit.", "relies_on")]
    request = hearing.accept_urgency(session, actor=jurist, request_id=request_id, accepted=True, reasons="Acuut.",
                                     now=now)
    assert (request.urgency_accepted_at, request.urgency_accepted_by, request.urgency_relies_on) == (now, jurist.id, [])


# --- invitations: what the e-mail says, what a new invitation sets aside -----------------------------------------


def test_an_e_mail_invitation_names_the_children_the_measure_the_rights_the_contact_and_the_sender(session, demo, now):
    from models.mail import MailMessage

    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    father, link = invite(session, demo, request_id, demo.persons["father"], now, channel="email", proof="")
    assert link is None
    d = load_dossier(session, request_id)
    [mail] = session.exec(select(MailMessage).where(MailMessage.party_id == father.id)).all()
    assert (mail.request_id, mail.kind, mail.to_address, mail.response_days, mail.created_at) == (
        request_id, "invitation", "y.elamrani@example.nl", 14, now)
    assert mail.dedupe_key == f"invitation:{father.id}:{d.revision.id}:{now.isoformat()}"
    assert mail.subject == "Uw reactie gevraagd: verzoek aan de kinderrechter over Noah en Lina"
    assert mail.body.startswith("Beste Youssef el Amrani,\n\nWij willen de kinderrechter vragen om een "
                                "ondertoezichtstelling voor Noah en Lina.\n")
    assert "- Rechtsbijstand: U mag een advocaat nemen." in mail.body
    assert "Fatima el Amrani" in mail.body and "030 123 45 10" in mail.body
    assert mail.body.endswith("Met vriendelijke groet,\nRVT Utrecht\n")


def test_a_spoed_measure_gives_the_short_response_time_on_a_request_not_marked_spoed(session, demo, now):
    from tests.models.test_hearing_portal_rules import SPOED

    request_id = make_request(session, demo, now, **SPOED)  # a voorlopige OTS: spoed by its measure
    assert load_dossier(session, request_id).request.spoed is False
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    assert mother.deadline == now + timedelta(days=2)


def test_a_new_invitation_after_a_lapse_and_a_changed_request_starts_afresh(session, demo, now):
    from models.mail import MailMessage
    from models.services import drafting, hearing
    from tests.models.test_hearing_portal_rules import indiener

    request_id = make_request(session, demo, now)
    who = indiener(session, demo)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    hearing.record_response(session, actor=who, request_id=request_id, party_id=mother.id, position="oneens",
                            text="Niet eens.", received_at=now, channel="persoonlijk", responded_by="mr. E. de Wit",
                            now=now)
    father, _ = invite(session, demo, request_id, demo.persons["father"], now)
    hearing.watch_deadlines(session, now=father.deadline, reminder_days_before=3)
    assert party_of(session, request_id, demo.persons["father"]).lapsed_at == father.deadline
    first = load_dossier(session, request_id).revision.id
    d = load_dossier(session, request_id)
    later = now + timedelta(days=15)
    drafting.revise_request(session, actor=who, request_id=request_id, note="Nieuw feit.", now=later,
                            content=d.content.model_copy(update={"summary": d.content.summary + " Nieuw."}))
    revision = load_dossier(session, request_id).revision.id

    father, _ = invite(session, demo, request_id, demo.persons["father"], later)
    assert (father.lapsed_at, father.invited_at, father.invited_revision_id) == (None, later, revision)
    invite(session, demo, request_id, demo.persons["mother"], later, channel="email", proof="")
    session.expire_all()
    mother = party_of(session, request_id, demo.persons["mother"])
    assert (mother.responded_at, mother.position, mother.response_text, mother.response_channel,
            mother.responded_by) == (None, "", "", "", "")
    assert recorded(session, "party.response_superseded") == (who.id, request_id, revision, {
        "party_id": mother.id, "position": "oneens", "text": "Niet eens.", "responded_at": now.isoformat(),
        "invited_revision_id": first})
    # Another e-mail invitation replaces the one still waiting, saying why.
    invite(session, demo, request_id, demo.persons["mother"], later + timedelta(minutes=1), channel="email", proof="")
    session.expire_all()
    mails = session.exec(select(MailMessage).where(MailMessage.party_id == mother.id).order_by(MailMessage.id)).all()
    assert [(m.status, m.last_error) for m in mails] == [
        ("cancelled", "vervangen door een nieuwe uitnodiging"), ("pending", "")]


def test_a_capability_judgement_is_stored_with_its_grounds(session, demo, now):
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import indiener

    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    hearing.record_capability(session, actor=indiener(session, demo), request_id=request_id,
                              person_id=demo.persons["lina"], capable=True, note="Kan haar mening geven.",
                              assessed_by="dr. A. Visser", now=now)
    session.expire_all()
    lina = party_of(session, request_id, demo.persons["lina"])
    assert (lina.capable, lina.capability_note, lina.capability_assessed_by, lina.capability_assessed_at,
            lina.required) == (True, "Kan haar mening geven.", "dr. A. Visser", now, True)


# --- who is a party, and what is not found ---------------------------------------------------------------------


def test_a_parent_who_loses_gezag_becomes_a_party_without_it_and_a_child_without_a_birth_date_is_not_required(
        session, demo, now):
    from models.family import Person
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import add_child

    unknown_age = add_child(session, demo, None, "Sem")
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], unknown_age])
    assert (party_of(session, request_id, demo.persons["father"]).kind,
            party_of(session, request_id, demo.persons["father"]).required) == ("parent_gezag", True)
    assert party_of(session, request_id, unknown_age).required is False
    session.get(Person, demo.persons["father"]).has_gezag = False
    session.commit()
    hearing.ensure_parties(session, load_dossier(session, request_id), now)
    session.commit()
    session.expire_all()
    father = party_of(session, request_id, demo.persons["father"])
    assert (father.kind, father.required) == ("parent", False)  # an OTS does not require parents without gezag
    mother = party_of(session, request_id, demo.persons["mother"])
    assert (mother.kind, mother.required) == ("parent_gezag", True)


def test_what_is_not_found_says_which_party_or_child(session, demo, now):
    from models.errors import NotFound
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import indiener

    request_id = make_request(session, demo, now)
    who = indiener(session, demo)
    refusals = []
    for step in (
        lambda: hearing.remove_party(session, actor=who, request_id=request_id, party_id=10_000, reason="Weg.",
                                     now=now),
        lambda: portal.revoke_links(session, actor=who, request_id=request_id, party_id=10_000, now=now),
        lambda: hearing.record_capability(session, actor=who, request_id=request_id, person_id=demo.persons["mother"],
                                          capable=True, note="x", assessed_by="y", now=now),
        lambda: hearing.record_child_voice(session, actor=who, request_id=request_id, person_id=demo.persons["lina"],
                                           heard=False, method="", obtained_by="", obtained_at=None, child_words="",
                                           professional_summary="", not_heard_reason="weigert", explanation="Nee.",
                                           now=now),
    ):
        with pytest.raises(NotFound) as refused:
            step()
        refusals.append((refused.value.code, refused.value.message))
    assert refusals == [("party_not_found", "Partij 10000 hoort niet bij dit verzoek."),
                        ("party_not_found", "Partij 10000 hoort niet bij dit verzoek."),
                        ("child_not_in_request", "Dit kind hoort niet bij dit verzoek."),
                        ("child_not_in_request", "Dit kind hoort niet bij dit verzoek.")]


def test_an_unknown_link_is_logged_without_a_request_or_a_family(session, demo, now):
    assert portal.portal_page(session, token="bestaat-niet", now=now) is None
    session.expire_all()
    assert portal_entries(session) == [("refused", "link_unknown", None, None, None, None)]


# --- deadlines: one pass over every party ------------------------------------------------------------------------


def test_one_pass_reminds_one_party_skips_an_unproven_one_and_lapses_the_next(session, demo, now):
    from models.family import PersonCreate
    from models.mail import MailMessage
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import actions, indiener

    request_id = make_request(session, demo, now)
    carer = hearing.add_party(session, actor=indiener(session, demo), request_id=request_id, now=now,
                              person=PersonCreate(kind="carer", given_names="Kim", surname="Bos"))
    later = now + timedelta(days=2)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], later)
    mother.channel = "email"  # as if invited by an e-mail that went out
    father, _ = invite(session, demo, request_id, demo.persons["father"], now)
    father.proof = ""  # as if never proven sent
    session.commit()
    carer, _ = invite(session, demo, request_id, carer.person_id, now)
    moment = now + timedelta(days=14)  # the father's and the carer's deadline; the mother's is two days later
    assert mother.id < father.id < carer.id

    assert hearing.watch_deadlines(session, now=moment, reminder_days_before=3) == [request_id]
    [reminder] = session.exec(select(MailMessage).where(MailMessage.kind == "reminder")).all()
    assert reminder.party_id == mother.id and format_date_nl(mother.deadline) in reminder.body
    assert [e.details["party_id"] for e in actions(session, "party.deadline_passed")] == [carer.id]
    assert party_of(session, request_id, demo.persons["father"]).lapsed_at is None


def test_a_deferred_hearing_is_overdue_at_its_deadline_itself(session, demo, now):
    from models.request import Request
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import actions

    request_id = make_request(session, demo, now)
    hearing.defer_hearing(session, load_dossier(session, request_id), now)
    session.commit()
    deadline = now + timedelta(days=14)
    hearing.watch_deadlines(session, now=deadline, reminder_days_before=3)
    overdue = actions(session, "follow_up.overdue")
    parties = {p.id for p in load_dossier(session, request_id).parties}
    assert len(overdue) == 3 and {e.details["party_id"] for e in overdue} == parties
    assert {(e.actor_id, e.request_id) for e in overdue} == {(None, request_id)}
    assert session.get(Request, request_id).flagged.count("is na spoed niet op tijd alsnog gehoord.") == 3


def test_deferring_gives_the_dossier_in_hand_each_partys_follow_up(session, demo, now):
    from models.services import hearing

    request_id = make_request(session, demo, now)
    d = load_dossier(session, request_id)
    deferred = hearing.defer_hearing(session, d, now)
    assert deferred and {p.id: (d.follow_ups[p.id].party_id, d.follow_ups[p.id].deadline) for p in deferred} == {
        p.id: (p.id, now + timedelta(days=14)) for p in deferred}


def test_a_child_not_heard_is_stored_with_the_reason_and_the_explanation(session, demo, now):
    from models.services import hearing
    from tests.models.test_hearing_portal_rules import indiener

    request_id = make_request(session, demo, now)
    voice = hearing.record_child_voice(session, actor=indiener(session, demo), request_id=request_id,
                                       person_id=demo.persons["noah"], heard=False, method="", obtained_by="",
                                       obtained_at=None, child_words="", professional_summary="",
                                       not_heard_reason="weigert", explanation="Noah wil niet praten.", now=now)
    session.expire_all()
    stored = session.get(ChildVoice, voice.id)
    assert (stored.heard, stored.not_heard_reason, stored.explanation) == (False, "weigert", "Noah wil niet praten.")


def test_a_page_shows_only_the_grounds_the_draft_answers(session, demo, now):
    """A draft still being written may leave a question of the legal ground open (blank, or not there at all):
    the parent sees the questions answered, never an empty answer."""
    content = demo_ots_content(demo, now)
    grounds = content["grounds"]
    blank, missing = grounds[1]["element"], grounds[2]["element"]
    grounds[1] = grounds[1] | {"answer": "   "}
    del grounds[2]
    request_id = make_request(session, demo, now, grounds=grounds)
    _, link = invite(session, demo, request_id, demo.persons["mother"], now)
    draft = portal.portal_page(session, token=token_of(link), now=now)["draft"]

    d = load_dossier(session, request_id)
    questions = {e.code: e.question for o in d.measure.grounds for e in o.elements}
    assert [g["question"] for g in draft["grounds"]] == [questions[grounds[0]["element"]]]
    assert questions[blank] and questions[missing]


# --- invitations and deadlines at their edges (mutation testing's survivors) ----------------------------------


def _party(session, request_id, person_id):
    return party_of(session, request_id, person_id)


def test_a_team_member_who_is_not_the_cases_owner_invites_a_party(session, demo, now):
    """The indiener's colleague on the case team may invite too: membership is read from the case team."""
    from tests.builders import actor

    request_id = make_request(session, demo, now)
    colleague = actor(session, demo, "utrecht/collega")
    mother = _party(session, request_id, demo.persons["mother"])
    party, link = hearing.invite_party(session, actor=colleague, request_id=request_id, party_id=mother.id,
                                       channel="brief", sent_at=now, proof="aangetekend, 3SXYZ", now=now,
                                       portal_base_url="https://portaal.example/regioX/", portal_single_use=True)
    assert party.invited_at == now and link.startswith("https://portaal.example/regioX/portaal/")


def test_an_invitation_by_e_mail_names_the_parents_own_gemeente_and_inviting_again_cancels_only_hers(
        session, demo, now):
    """The rights in the message are the parent's own (where she lives); a new invitation cancels her message
    still waiting, never one already sent, nor another parent's."""
    request_id = make_request(session, demo, now)
    mother = _party(session, request_id, demo.persons["mother"])
    father = _party(session, request_id, demo.persons["father"])

    def invite_by_mail(party, at):
        hearing.invite_party(session, actor=actor_indiener(session, demo), request_id=request_id, party_id=party.id,
                             channel="email", sent_at=at, proof="", now=at, portal_base_url="https://p.example",
                             portal_single_use=True)
        return session.exec(select(MailMessage).where(MailMessage.party_id == party.id)
                            .order_by(MailMessage.id.desc())).first()

    first = invite_by_mail(mother, now)
    assert "Vraag de gemeente Utrecht om een cliëntondersteuner." in first.body
    first.status = "sent"  # the SMTP server took it
    session.commit()
    fathers = invite_by_mail(father, now + timedelta(minutes=1))
    second = invite_by_mail(mother, now + timedelta(minutes=2))
    waiting = invite_by_mail(mother, now + timedelta(minutes=3))

    session.expire_all()
    statuses = {m.id: m.status for m in session.exec(select(MailMessage))}
    assert statuses == {first.id: "sent", fathers.id: "pending", second.id: "cancelled", waiting.id: "pending"}


def test_a_reminder_names_this_familys_children_and_is_signed_by_the_rvt(session, demo, now):
    from models.family import Family, Person

    other = Family(name="Bos", region_id=demo.regions["utrecht"])
    session.add(other)
    session.flush()
    session.add(Person(family_id=other.id, kind="child", given_names="Kim", surname="Bos"))
    session.commit()
    request_id = make_request(session, demo, now)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    mother.channel = "email"
    session.commit()
    invite(session, demo, request_id, demo.persons["father"], now, channel="email", proof="")  # other mail waiting
    hearing.watch_deadlines(session, now=mother.deadline - timedelta(days=1), reminder_days_before=3)
    [reminder] = session.exec(select(MailMessage).where(MailMessage.kind == "reminder")).all()
    assert reminder.subject == "Herinnering: uw reactie over Noah, Lina"
    assert reminder.body.endswith("Met vriendelijke groet,\nhet Regionaal Veiligheidsteam\n")


def test_a_lapse_announces_the_hearing_of_its_own_request(session, demo, now):
    request_id = make_request(session, demo, now)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    before = announced(session, request_id)
    assert hearing.watch_deadlines(session, now=mother.deadline, reminder_days_before=3) == [request_id]
    assert announced(session, request_id) == before + ["hearing.updated"]
