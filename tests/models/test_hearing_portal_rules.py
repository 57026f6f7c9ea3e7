"""The hearing's and the portal's rules at their edges, through their service functions on a real SQLite database:
who is a party, what an invitation needs, when a deadline lapses or a reminder goes, what a link opens and when
it stops, what a party sends through it."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.access_log import AccessLogEntry
from models.audit import AuditEvent
from models.dossier import load_dossier
from models.errors import GateRefused, InvalidInput, NotFound
from models.family import Person, PersonCreate
from models.hearing import ChildVoice, HearingParty
from models.mail import MailMessage
from models.portal import PortalLink
from models.request import Request, RequestState
from models.services import drafting, hearing, portal
from tests.builders import actor, drive_to, make_request

BASE_URL = "https://portaal.example/"


def indiener(session, demo):
    return actor(session, demo, "utrecht/indiener")


def party_of(session, request_id, person_id) -> HearingParty:
    return next(p for p in load_dossier(session, request_id).parties if p.person_id == person_id)


def invite(session, demo, request_id, person_id, now, *, channel="brief", sent_at=None, proof="aangetekend, 3SABC",
           single_use=True, base_url=BASE_URL):
    party = party_of(session, request_id, person_id)
    return hearing.invite_party(session, actor=indiener(session, demo), request_id=request_id, party_id=party.id,
                                channel=channel, sent_at=sent_at or now, proof=proof, now=now,
                                portal_base_url=base_url, portal_single_use=single_use)


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def problems(raised) -> set[str]:
    return {p.code for p in raised.value.problems}


def actions(session, action: str) -> list[AuditEvent]:
    return session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def portal_log(session) -> list[tuple[str, str, int | None]]:
    rows = session.exec(select(AccessLogEntry).where(AccessLogEntry.object_type == "portal")
                        .order_by(AccessLogEntry.id)).all()
    return [(r.outcome, r.reason, r.request_id) for r in rows]


def set_state(session, request_id, state):
    request = session.get(Request, request_id)
    request.state = state
    session.commit()


def add_child(session, demo, born: date, given="Sem") -> int:
    child = Person(family_id=demo.family_id, kind="child", given_names=given, surname="Jansen", relation="zoon",
                   date_of_birth=born)
    session.add(child)
    session.commit()
    return child.id


# --- who is a party -------------------------------------------------------------------------------------------


def test_a_child_is_a_required_party_from_its_twelfth_birthday(session, demo, now):
    twelve_today = add_child(session, demo, date(now.year - 12, now.month, now.day), "Sem")
    twelve_tomorrow = add_child(session, demo, date(now.year - 12, now.month, now.day) + timedelta(days=1), "Tim")
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], twelve_today, twelve_tomorrow])
    parties = {pid: (kind, required) for pid, kind, required in
               hearing.required_parties(load_dossier(session, request_id), now)}
    assert parties == {demo.persons["mother"]: ("parent_gezag", True), demo.persons["father"]: ("parent_gezag", True),
                       demo.persons["noah"]: ("child", True), twelve_today: ("child", True),
                       twelve_tomorrow: ("child", False)}  # Lina is not in the request: no party
    assert {p.person_id: p.required for p in load_dossier(session, request_id).parties} == {
        pid: required for pid, (_, required) in parties.items()}


def test_a_younger_child_judged_capable_becomes_required_and_one_judged_not_capable_does_not(session, demo, now):
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    assert not party_of(session, request_id, demo.persons["lina"]).required
    with pytest.raises(InvalidInput) as refused:
        hearing.record_capability(session, actor=indiener(session, demo), request_id=request_id,
                                  person_id=demo.persons["lina"], capable=True, note=" ", assessed_by="  ", now=now)
    assert problems(refused) == {"capability_note_missing", "capability_assessor_missing"}
    party = hearing.record_capability(session, actor=indiener(session, demo), request_id=request_id,
                                      person_id=demo.persons["lina"], capable=True, note="Kan haar mening geven.",
                                      assessed_by="dr. A. Visser", now=now)
    assert party.capable is True and party.capability_assessed_at == now
    assert party_of(session, request_id, demo.persons["lina"]).required
    hearing.record_capability(session, actor=indiener(session, demo), request_id=request_id,
                              person_id=demo.persons["lina"], capable=False, note="Te jong om te overzien.",
                              assessed_by="dr. A. Visser", now=now)
    assert not party_of(session, request_id, demo.persons["lina"]).required
    with pytest.raises(NotFound):  # a parent is no child
        hearing.record_capability(session, actor=indiener(session, demo), request_id=request_id,
                                  person_id=demo.persons["mother"], capable=True, note="x", assessed_by="y", now=now)


def test_a_party_the_indiener_adds_is_required_until_taken_off_and_a_derived_one_cannot_be(session, demo, now):
    request_id = make_request(session, demo, now)
    who = indiener(session, demo)
    for bad in (PersonCreate(kind="child", given_names="Kim", surname="Bos"),
                PersonCreate(kind="carer", given_names=" ", surname="Bos"),
                PersonCreate(kind="carer", given_names="Kim", surname=" ")):
        with pytest.raises(InvalidInput) as refused:
            hearing.add_party(session, actor=who, request_id=request_id, person=bad, now=now)
        assert problems(refused) == {"party_invalid"}
    carer = hearing.add_party(session, actor=who, request_id=request_id, now=now,
                              person=PersonCreate(kind="carer", given_names="Kim", surname="Bos", relation="pleegmoeder"))
    parent = hearing.add_party(session, actor=who, request_id=request_id, now=now,
                               person=PersonCreate(kind="parent", given_names="Bram", surname="Bos", has_gezag=True))
    other = hearing.add_party(session, actor=who, request_id=request_id, now=now,
                              person=PersonCreate(kind="parent", given_names="Piet", surname="Bos", has_gezag=False))
    assert (carer.kind, carer.required, carer.added_by_indiener) == ("carer", True, True)
    assert (parent.kind, other.kind, other.required) == ("parent_gezag", "parent", True)
    # For an OTS the catalogue requires carers, not parents without gezag: deriving again keeps the added one.
    derived = {pid: (kind, required) for pid, kind, required in
               hearing.required_parties(load_dossier(session, request_id), now)}
    assert derived[carer.person_id] == ("carer", True) and derived[other.person_id] == ("parent", False)
    hearing.ensure_parties(session, load_dossier(session, request_id), now)
    assert party_of(session, request_id, other.person_id).required
    with pytest.raises(InvalidInput) as refused:
        hearing.remove_party(session, actor=who, request_id=request_id, party_id=other.id, reason=" ", now=now)
    assert problems(refused) == {"reason_missing"}
    removed = hearing.remove_party(session, actor=who, request_id=request_id, party_id=other.id,
                                   reason="Niet betrokken bij de opvoeding.", now=now)
    assert (removed.required, removed.added_by_indiener) == (False, False)
    assert actions(session, "party.removed")[-1].details["reason"] == "Niet betrokken bij de opvoeding."
    hearing.ensure_parties(session, load_dossier(session, request_id), now)
    assert not party_of(session, request_id, other.person_id).required
    with pytest.raises(GateRefused) as refused:
        hearing.remove_party(session, actor=who, request_id=request_id, party_id=carer.id, reason="Weg.", now=now)
    assert problems(refused) == {"party_required"}
    mother = party_of(session, request_id, demo.persons["mother"])
    with pytest.raises(GateRefused) as refused:
        hearing.remove_party(session, actor=who, request_id=request_id, party_id=mother.id, reason="Weg.", now=now)
    assert problems(refused) == {"party_required"} and "Sanne Jansen" in refused.value.problems[0].message
    with pytest.raises(NotFound):
        hearing.remove_party(session, actor=who, request_id=request_id, party_id=10_000, reason="Weg.", now=now)


def test_parties_are_added_only_while_the_hearing_is_open(session, demo, now):
    request_id = make_request(session, demo, now)
    set_state(session, request_id, RequestState.approved)
    with pytest.raises(GateRefused) as refused:
        hearing.add_party(session, actor=indiener(session, demo), request_id=request_id, now=now,
                          person=PersonCreate(kind="carer", given_names="Kim", surname="Bos"))
    assert problems(refused) == {"hearing_closed"}
    with pytest.raises(GateRefused):
        invite(session, demo, request_id, demo.persons["mother"], now)


# --- inviting -------------------------------------------------------------------------------------------------


def test_a_letter_invitation_runs_its_deadline_from_the_send_date_and_gives_one_portal_link(session, demo, now):
    request_id = make_request(session, demo, now)
    sent = now - timedelta(hours=3)
    party, link = invite(session, demo, request_id, demo.persons["mother"], now, sent_at=sent, single_use=False)
    assert link.startswith("https://portaal.example/portaal/") and "//portaal/" not in link.removeprefix("https://")
    assert (party.invited_at, party.deadline, party.channel, party.proof) == (
        sent, sent + timedelta(days=14), "brief", "aangetekend, 3SABC")
    stored = session.exec(select(PortalLink).where(PortalLink.party_id == party.id)).one()
    assert stored.expires_at == party.deadline and stored.single_use is False
    [event] = actions(session, "party.invited")
    assert event.details["deadline"] == party.deadline.isoformat() and event.details["channel"] == "brief"


def test_a_spoed_request_gives_the_short_response_time(session, demo, now):
    request_id = make_request(session, demo, now)
    session.get(Request, request_id).spoed = True
    session.commit()
    party, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    assert party.deadline == now + timedelta(days=2)


def test_an_invitation_needs_a_known_channel_proof_and_a_send_date_not_in_the_future(session, demo, now):
    request_id = make_request(session, demo, now)
    cases = [
        (dict(channel="portaal"), {"channel_unknown"}),
        (dict(channel="duif"), {"channel_unknown"}),
        (dict(proof="  "), {"invitation_proof_missing"}),
        (dict(sent_at=now + timedelta(seconds=1)), {"sent_at_in_future"}),
        (dict(channel="duif", proof="", sent_at=now + timedelta(days=1)),
         {"channel_unknown", "invitation_proof_missing", "sent_at_in_future"}),
    ]
    for overrides, codes in cases:
        with pytest.raises(InvalidInput) as refused:
            invite(session, demo, request_id, demo.persons["mother"], now, **overrides)
        assert problems(refused) == codes, overrides
    assert party_of(session, request_id, demo.persons["mother"]).invited_at is None
    party, link = invite(session, demo, request_id, demo.persons["mother"], now, sent_at=now)  # now itself is fine
    assert party.invited_at == now and link


def test_e_mail_needs_an_address_but_no_proof_and_counts_only_once_sent(session, demo, now):
    request_id = make_request(session, demo, now)
    mother = session.get(Person, demo.persons["mother"])
    mother.email = ""
    session.commit()
    with pytest.raises(InvalidInput) as refused:
        invite(session, demo, request_id, demo.persons["mother"], now, channel="email", proof="")
    assert problems(refused) == {"email_missing"}
    party, link = invite(session, demo, request_id, demo.persons["father"], now, channel="email", proof="")
    assert link is None and (party.invited_at, party.deadline, party.proof) == (None, None, "")
    [mail] = session.exec(select(MailMessage).where(MailMessage.party_id == party.id)).all()
    assert mail.to_address == "y.elamrani@example.nl" and mail.status == "pending" and mail.kind == "invitation"
    # A second invitation replaces the one still waiting to go out.
    invite(session, demo, request_id, demo.persons["father"], now + timedelta(minutes=5), channel="email", proof="")
    session.expire_all()  # the service updates the table in bulk
    statuses = [m.status for m in session.exec(select(MailMessage).where(MailMessage.party_id == party.id)
                                               .order_by(MailMessage.id))]
    assert statuses == ["cancelled", "pending"]


def test_a_send_date_before_the_revisions_day_is_refused_but_the_same_day_in_amsterdam_is_not(session, demo, now):
    request_id = make_request(session, demo, now)  # the revision is made at 10:00 in Amsterdam (09:00 UTC)
    midnight = now - timedelta(hours=10)  # 23:00 UTC the evening before: midnight in Amsterdam, the revision's day
    with pytest.raises(InvalidInput) as refused:
        invite(session, demo, request_id, demo.persons["mother"], now, sent_at=midnight - timedelta(seconds=1))
    assert problems(refused) == {"sent_at_before_revision"}
    assert "versie 1" in refused.value.problems[0].message
    party, _ = invite(session, demo, request_id, demo.persons["mother"], now, sent_at=midnight)
    assert party.invited_at == midnight and party.deadline == midnight + timedelta(days=14)


def test_inviting_again_on_a_changed_request_sets_the_earlier_response_aside(session, demo, now):
    request_id = make_request(session, demo, now)
    party, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    hearing.record_response(session, actor=indiener(session, demo), request_id=request_id, party_id=party.id,
                            position="oneens", text="Ik ben het er niet mee eens.", received_at=now, channel="brief",
                            responded_by="", now=now)
    # Same revision: inviting again keeps the response.
    party, _ = invite(session, demo, request_id, demo.persons["mother"], now + timedelta(hours=1))
    assert party.responded_at == now and actions(session, "party.response_superseded") == []
    d = load_dossier(session, request_id)
    content = d.content.model_copy(update={"summary": d.content.summary + " Inmiddels is ook de school gestopt."})
    drafting.revise_request(session, actor=indiener(session, demo), request_id=request_id, content=content,
                            note="Nieuw feit.", now=now + timedelta(hours=2))
    party, _ = invite(session, demo, request_id, demo.persons["mother"], now + timedelta(hours=2))
    assert (party.responded_at, party.position, party.response_text, party.response_channel) == (None, "", "", "")
    [superseded] = actions(session, "party.response_superseded")
    assert superseded.details["text"] == "Ik ben het er niet mee eens." and superseded.details["position"] == "oneens"


# --- responses ----------------------------------------------------------------------------------------------


def test_a_response_needs_a_position_the_words_a_channel_and_a_date_not_in_the_future(session, demo, now):
    request_id = make_request(session, demo, now)
    mother = party_of(session, request_id, demo.persons["mother"])
    noah = party_of(session, request_id, demo.persons["noah"])
    args = dict(actor=indiener(session, demo), request_id=request_id, responded_by="", now=now)
    with pytest.raises(InvalidInput) as refused:
        hearing.record_response(session, party_id=mother.id, position="misschien", text=" ", channel="duif",
                                received_at=now + timedelta(seconds=1), **args)
    assert problems(refused) == {"position_unknown", "response_text_missing", "channel_unknown",
                                 "received_at_in_future"}
    with pytest.raises(InvalidInput) as refused:
        hearing.record_response(session, party_id=noah.id, position="eens", text="Ja.", channel="brief",
                                received_at=now, **args)
    assert problems(refused) == {"use_child_voice"}
    party = hearing.record_response(session, party_id=mother.id, position="deels", text="Deels eens.",
                                    channel="persoonlijk", received_at=now, **args | {"responded_by": "mr. E. de Wit"})
    assert (party.responded_at, party.position, party.response_text, party.response_channel, party.responded_by) == (
        now, "deels", "Deels eens.", "persoonlijk", "mr. E. de Wit")


def test_the_childs_voice_needs_how_who_when_and_what_or_why_not(session, demo, now):
    request_id = make_request(session, demo, now)
    args = dict(actor=indiener(session, demo), request_id=request_id, person_id=demo.persons["noah"], now=now)
    with pytest.raises(InvalidInput) as refused:
        hearing.record_child_voice(session, heard=True, method="raden", obtained_by=" ",
                                   obtained_at=now + timedelta(seconds=1), child_words=" ", professional_summary=" ",
                                   not_heard_reason="", explanation="", **args)
    assert problems(refused) == {"voice_method_unknown", "voice_obtained_by_missing", "voice_date_invalid",
                                 "voice_missing"}
    with pytest.raises(InvalidInput) as refused:
        hearing.record_child_voice(session, heard=True, method="gesprek", obtained_by="F. el Amrani", obtained_at=None,
                                   child_words="", professional_summary="Wil rust.", not_heard_reason="",
                                   explanation="", **args)
    assert problems(refused) == {"voice_date_invalid"}
    with pytest.raises(NotFound):
        hearing.record_child_voice(session, heard=False, method="", obtained_by="", obtained_at=None, child_words="",
                                   professional_summary="", not_heard_reason="weigert", explanation="Wil niet.",
                                   **args | {"person_id": demo.persons["lina"]})
    voice = hearing.record_child_voice(session, heard=True, method="gesprek", obtained_by="F. el Amrani",
                                       obtained_at=now, child_words="", professional_summary="Noah wil rust thuis.",
                                       not_heard_reason="", explanation="", **args)
    assert voice.heard and voice.obtained_at == now and voice.recorded_at == now
    assert actions(session, "child_voice.recorded")[-1].details["heard"] is True


# --- deadlines --------------------------------------------------------------------------------------------------


def test_a_deadline_lapses_at_its_moment_once_and_only_after_a_proven_invitation(session, demo, now):
    request_id = make_request(session, demo, now)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    father, _ = invite(session, demo, request_id, demo.persons["father"], now, channel="email", proof="")
    noah, _ = invite(session, demo, request_id, demo.persons["noah"], now)  # a child's deadline never lapses
    deadline = mother.deadline
    assert hearing.watch_deadlines(session, now=deadline - timedelta(seconds=1), reminder_days_before=3) == []
    assert party_of(session, request_id, demo.persons["mother"]).lapsed_at is None
    assert hearing.record_lapses(session, now=deadline, reminder_days_before=3) == [request_id]
    assert party_of(session, request_id, demo.persons["mother"]).lapsed_at == deadline
    assert hearing.watch_deadlines(session, now=deadline + timedelta(days=1), reminder_days_before=3) == []
    [lapse] = actions(session, "party.deadline_passed")
    assert (lapse.actor_id, lapse.request_id, lapse.details) == (None, request_id, {
        "party_id": mother.id, "deadline": deadline.isoformat(), "text": "In de gelegenheid gesteld, niet gereageerd.",
        "proof": "aangetekend, 3SABC"})
    assert party_of(session, request_id, demo.persons["noah"]).lapsed_at is None
    assert announced(session, request_id)[-1] == "hearing.updated"
    assert party_of(session, request_id, demo.persons["father"]).lapsed_at is None  # the e-mail never went


def test_a_response_in_time_or_a_closed_hearing_means_no_lapse(session, demo, now):
    request_id = make_request(session, demo, now)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    father, _ = invite(session, demo, request_id, demo.persons["father"], now)
    hearing.record_response(session, actor=indiener(session, demo), request_id=request_id, party_id=mother.id,
                            position="eens", text="Eens.", received_at=now, channel="brief", responded_by="", now=now)
    set_state(session, request_id, RequestState.approved)
    assert hearing.watch_deadlines(session, now=now + timedelta(days=30), reminder_days_before=3) == []
    set_state(session, request_id, RequestState.in_tegenspraak)
    assert hearing.watch_deadlines(session, now=now + timedelta(days=30), reminder_days_before=3) == [request_id]
    lapsed = [e.details["party_id"] for e in actions(session, "party.deadline_passed")]
    assert lapsed == [father.id]


def test_an_e_mail_reminder_goes_once_within_the_reminder_days_before_the_deadline(session, demo, now):
    request_id = make_request(session, demo, now)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now)
    mother.channel = "email"  # as if invited by e-mail that went out
    session.commit()
    letter, _ = invite(session, demo, request_id, demo.persons["father"], now)

    def reminders():
        return session.exec(select(MailMessage).where(MailMessage.kind == "reminder")).all()

    early = mother.deadline - timedelta(days=3, seconds=1)
    assert hearing.watch_deadlines(session, now=early, reminder_days_before=3) == [] and reminders() == []
    on_time = mother.deadline - timedelta(days=3)
    assert hearing.watch_deadlines(session, now=on_time, reminder_days_before=3) == []
    [reminder] = reminders()
    assert (reminder.party_id, reminder.request_id, reminder.to_address, reminder.subject) == (
        mother.id, request_id, "sanne.jansen@example.nl", "Herinnering: uw reactie over Noah, Lina")
    assert reminder.dedupe_key == f"reminder:{mother.id}:{mother.deadline.isoformat()}"
    assert reminder.body.startswith("Beste Sanne Jansen,") and "het Regionaal Veiligheidsteam" in reminder.body
    hearing.watch_deadlines(session, now=on_time + timedelta(hours=1), reminder_days_before=3)
    assert len(reminders()) == 1  # once
    assert party_of(session, request_id, demo.persons["mother"]).lapsed_at is None


# --- the portal -----------------------------------------------------------------------------------------------


def test_a_parents_link_shows_the_draft_as_invited(session, demo, now):
    request_id = make_request(session, demo, now)
    _, link = invite(session, demo, request_id, demo.persons["mother"], now)
    page = portal.portal_page(session, token=token_of(link), now=now)
    d = load_dossier(session, request_id)
    assert page["name"] == "Sanne Jansen" and page["child"] is False and page["children"] == "Noah"
    assert page["measure"] == d.measure.name and page["deadline"] == now + timedelta(days=14)
    assert page["summary"] == d.content.summary and page["goals"] == [g for g in d.content.goals if g.strip()]
    assert page["rights"] and page["texts"] is None and page["contact"]["text"]
    draft = page["draft"]
    assert draft["revision"] == d.revision.number and draft["duration"] == "12 maanden"
    assert [f["text"] for f in draft["facts"]] == [f.text for f in d.content.facts if f.kind == "fact"]
    assert draft["opinions"] == [{"text": f.text, "held_by": f.held_by} for f in d.content.facts if f.kind == "opinion"]
    assert draft["grounds"] and all(g["answer"].strip() for g in draft["grounds"])
    assert len(draft["alternatives"]) == len(d.content.alternatives)
    assert portal_log(session) == [("granted", "", request_id)]
    assert actions(session, "portal.viewed")[-1].details["party_id"] == party_of(
        session, request_id, demo.persons["mother"]).id


def test_the_childs_link_shows_its_own_texts_and_no_draft(session, demo, now):
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    _, link = invite(session, demo, request_id, demo.persons["noah"], now)
    page = portal.portal_page(session, token=token_of(link), now=now)
    assert page["name"] == "Noah" and page["child"] is True and page["children"] == "Noah en Lina"
    assert page["draft"] is None and page["rights"] == [] and page["texts"]["plain"] == page["plain"]
    assert page["contact"]["text"] == page["texts"]["contact"]


def test_three_children_are_named_with_commas_and_en(session, demo, now):
    sem = add_child(session, demo, date(2012, 1, 1), "Sem")
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"], sem])
    _, link = invite(session, demo, request_id, demo.persons["mother"], now)
    assert portal.portal_page(session, token=token_of(link), now=now)["children"] == "Noah, Lina en Sem"


def test_a_link_works_until_one_second_before_its_deadline(session, demo, now):
    request_id = make_request(session, demo, now)
    party, link = invite(session, demo, request_id, demo.persons["mother"], now)
    assert portal.portal_page(session, token=token_of(link), now=party.deadline - timedelta(seconds=1))
    assert portal.portal_page(session, token=token_of(link), now=party.deadline) is None
    assert portal_log(session)[-1] == ("refused", "link_expired", request_id)


def test_every_bad_link_gives_nothing_and_is_logged_with_why(session, demo, now):
    request_id = make_request(session, demo, now)
    assert portal.portal_page(session, token="bestaat-niet", now=now) is None
    assert portal.portal_respond(session, token="bestaat-niet", position="eens", text="Hallo", now=now) is False
    assert portal_log(session) == [("refused", "link_unknown", None), ("refused", "link_unknown", None)]
    _, first = invite(session, demo, request_id, demo.persons["mother"], now)
    _, second = invite(session, demo, request_id, demo.persons["mother"], now)  # the first stops working
    assert portal.portal_page(session, token=token_of(first), now=now) is None
    assert portal_log(session)[-1] == ("refused", "link_revoked", request_id)
    entry = session.exec(select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).first()
    assert entry.family_id == demo.family_id
    set_state(session, request_id, RequestState.approved)
    assert portal.portal_page(session, token=token_of(second), now=now) is None
    assert portal_log(session)[-1] == ("refused", "hearing_closed", request_id)


def test_a_single_use_link_stops_after_the_response_and_a_reusable_one_does_not(session, demo, now):
    request_id = make_request(session, demo, now)
    _, once = invite(session, demo, request_id, demo.persons["mother"], now)
    _, again = invite(session, demo, request_id, demo.persons["father"], now, single_use=False)
    for link in (once, again):
        thanks = portal.portal_respond(session, token=token_of(link), position="oneens", text="  Niet eens.  ", now=now)
        assert thanks["child"] is False and thanks["text"] and thanks["contact"] == ""
    mother = party_of(session, request_id, demo.persons["mother"])
    assert (mother.responded_at, mother.response_channel, mother.position, mother.response_text) == (
        now, "portaal", "oneens", "Niet eens.")
    assert portal.portal_page(session, token=token_of(once), now=now) is None
    assert portal_log(session)[-1] == ("refused", "link_used", request_id)
    assert portal.portal_page(session, token=token_of(again), now=now) is not None
    assert session.exec(select(PortalLink).where(PortalLink.party_id == mother.id)).one().used_at == now
    assert ("granted", "responded", request_id) in portal_log(session)
    assert [e.details["position"] for e in actions(session, "portal.responded")] == ["oneens", "oneens"]


def test_a_single_use_link_stops_once_the_party_responded_another_way(session, demo, now):
    request_id = make_request(session, demo, now)
    party, link = invite(session, demo, request_id, demo.persons["mother"], now)
    hearing.record_response(session, actor=indiener(session, demo), request_id=request_id, party_id=party.id,
                            position="eens", text="Per brief: eens.", received_at=now, channel="brief",
                            responded_by="", now=now)
    assert portal.portal_page(session, token=token_of(link), now=now) is None


def test_a_parent_must_choose_a_position_and_write_something(session, demo, now):
    request_id = make_request(session, demo, now)
    _, link = invite(session, demo, request_id, demo.persons["mother"], now)
    answer = portal.portal_respond(session, token=token_of(link), position="", text="  ", now=now)
    assert {p.code for p in answer} == {"response_text_missing", "position_unknown"}
    assert all(p.message for p in answer)
    assert party_of(session, request_id, demo.persons["mother"]).responded_at is None
    assert portal.portal_page(session, token=token_of(link), now=now) is not None  # still works


def test_the_child_answers_in_its_own_words_once(session, demo, now):
    request_id = make_request(session, demo, now)
    _, link = invite(session, demo, request_id, demo.persons["noah"], now, single_use=False)
    answer = portal.portal_respond(session, token=token_of(link), position="", text=" ", now=now)
    assert [p.code for p in answer] == ["response_text_missing"]  # a child chooses no position
    thanks = portal.portal_respond(session, token=token_of(link), position="", text="  Ik wil rust.  ", now=now)
    assert thanks["child"] is True and thanks["text"] and thanks["contact"]
    [voice] = session.exec(select(ChildVoice).where(ChildVoice.request_id == request_id)).all()
    assert (voice.heard, voice.method, voice.child_words, voice.obtained_at) == (True, "portaal", "Ik wil rust.", now)
    noah = party_of(session, request_id, demo.persons["noah"])
    assert (noah.responded_at, noah.response_channel, noah.response_text) == (now, "portaal", "Ik wil rust.")
    assert portal.portal_page(session, token=token_of(link), now=now) is not None  # a reusable link stays open


def test_a_childs_single_use_link_stops_once_its_voice_is_on_record(session, demo, now):
    request_id = make_request(session, demo, now)
    _, link = invite(session, demo, request_id, demo.persons["noah"], now)
    hearing.record_child_voice(session, actor=indiener(session, demo), request_id=request_id,
                               person_id=demo.persons["noah"], heard=True, method="gesprek", obtained_by="F. el Amrani",
                               obtained_at=now, child_words="Ik wil rust.", professional_summary="",
                               not_heard_reason="", explanation="", now=now)
    assert portal.portal_page(session, token=token_of(link), now=now) is None
    assert portal_log(session)[-1] == ("refused", "link_used", request_id)


def test_revoking_a_partys_links(session, demo, now):
    request_id = make_request(session, demo, now)
    party, link = invite(session, demo, request_id, demo.persons["mother"], now)
    who = indiener(session, demo)
    assert portal.revoke_links(session, actor=who, request_id=request_id, party_id=party.id, now=now) == 1
    assert portal.portal_page(session, token=token_of(link), now=now) is None
    with pytest.raises(InvalidInput) as refused:
        portal.revoke_links(session, actor=who, request_id=request_id, party_id=party.id, now=now)
    assert problems(refused) == {"no_active_link"}
    with pytest.raises(NotFound):
        portal.revoke_links(session, actor=who, request_id=request_id, party_id=10_000, now=now)
    assert actions(session, "portal.revoked")[0].details["links"] == 1


# --- what people are told ----------------------------------------------------------------------------------------


def told(raised) -> list[tuple[str, str, str]]:
    return [(p.code, p.message, p.field) for p in raised.value.problems]


def test_what_the_indiener_is_told_when_an_invitation_or_response_is_not_right(session, demo, now):
    request_id = make_request(session, demo, now)
    father = session.get(Person, demo.persons["father"])
    father.email = ""
    session.commit()
    with pytest.raises(InvalidInput) as refused:
        invite(session, demo, request_id, demo.persons["mother"], now, channel="duif", proof=" ",
               sent_at=now + timedelta(days=1))
    assert told(refused) == [
        ("channel_unknown", "Onbekend kanaal 'duif'; kies uit: brief, email, persoonlijk, via_advocaat, via_curator.",
         "channel"),
        ("invitation_proof_missing", "Leg het bewijs van de uitnodiging vast (verzenddatum, track-and-trace, "
         "handtekening voor ontvangst).", "proof"),
        ("sent_at_in_future", "De datum van verzending ligt in de toekomst.", "sent_at")]
    with pytest.raises(InvalidInput) as refused:
        invite(session, demo, request_id, demo.persons["father"], now, channel="email", proof="")
    assert told(refused) == [("email_missing", "Van Youssef el Amrani is geen e-mailadres bekend.", "channel")]
    with pytest.raises(InvalidInput) as refused:
        invite(session, demo, request_id, demo.persons["mother"], now, sent_at=now - timedelta(days=3))
    assert told(refused) == [("sent_at_before_revision", "De datum van verzending (30 oktober 2026) ligt vóór versie 1 "
                              "van het verzoek (2 november 2026); een uitnodiging kan niet eerder zijn verstuurd dan "
                              "het concept bestond.", "sent_at")]
    noah = party_of(session, request_id, demo.persons["noah"])
    with pytest.raises(InvalidInput) as refused:
        hearing.record_response(session, actor=indiener(session, demo), request_id=request_id, party_id=noah.id,
                                position="x", text=" ", channel="duif", received_at=now + timedelta(days=1),
                                responded_by="", now=now)
    assert told(refused) == [
        ("use_child_voice", "Leg de mening van een kind vast als 'stem van het kind'.", "party"),
        ("position_unknown", "Kies een standpunt: eens, oneens, deels.", "position"),
        ("response_text_missing", "Neem de zienswijze letterlijk op.", "text"),
        ("channel_unknown", "Onbekend kanaal 'duif'.", "channel"),
        ("received_at_in_future", "De datum van ontvangst ligt in de toekomst.", "received_at")]


def test_what_the_indiener_is_told_about_the_childs_voice_and_the_parties(session, demo, now):
    request_id = make_request(session, demo, now)
    who = indiener(session, demo)
    voice = dict(actor=who, request_id=request_id, person_id=demo.persons["noah"], obtained_at=None, child_words="",
                 professional_summary="", now=now)
    with pytest.raises(InvalidInput) as refused:
        hearing.record_child_voice(session, heard=True, method="x", obtained_by=" ", not_heard_reason="",
                                   explanation="", **voice)
    assert told(refused) == [
        ("voice_method_unknown", "Kies hoe de mening is verkregen: gesprek, brief, tekening, via_curator, portaal, "
         "anders.", "method"),
        ("voice_obtained_by_missing", "Vermeld wie met het kind sprak.", "obtained_by"),
        ("voice_date_invalid", "Vermeld wanneer de mening is verkregen (niet in de toekomst).", "obtained_at"),
        ("voice_missing", "Leg de woorden van het kind vast, of een samenvatting.", "child_words")]
    with pytest.raises(InvalidInput) as refused:
        hearing.record_child_voice(session, heard=False, method="", obtained_by="", not_heard_reason="x",
                                   explanation=" ", **voice)
    assert told(refused) == [
        ("not_heard_reason_invalid", "Kies waarom het kind niet is gehoord: het kind wil niet gehoord worden; het kind "
         "is daartoe niet in staat door een ernstige stoornis; horen zou het kind schaden; het kind was niet "
         "bereikbaar.", "not_heard_reason"),
        ("not_heard_explanation_missing", "Licht toe waarom het kind niet is gehoord.", "explanation")]
    with pytest.raises(NotFound) as refused:
        hearing.record_child_voice(session, heard=False, method="", obtained_by="", not_heard_reason="weigert",
                                   explanation="x", **voice | {"person_id": demo.persons["lina"]})
    assert (refused.value.code, str(refused.value)) == ("child_not_in_request", "Dit kind hoort niet bij dit verzoek.")
    with pytest.raises(InvalidInput) as refused:
        hearing.record_capability(session, actor=who, request_id=request_id, person_id=demo.persons["noah"],
                                  capable=True, note=" ", assessed_by=" ", now=now)
    assert told(refused) == [("capability_note_missing", "Beschrijf waarop de inschatting rust.", "note"),
                             ("capability_assessor_missing", "Vermeld wie dit inschatte.", "assessed_by")]
    with pytest.raises(NotFound) as refused:
        hearing.record_capability(session, actor=who, request_id=request_id, person_id=demo.persons["mother"],
                                  capable=True, note="x", assessed_by="y", now=now)
    assert (refused.value.code, str(refused.value)) == ("child_not_in_request", "Dit kind hoort niet bij dit verzoek.")
    with pytest.raises(InvalidInput) as refused:
        hearing.add_party(session, actor=who, request_id=request_id, now=now,
                          person=PersonCreate(kind="child", given_names="a", surname="b"))
    assert told(refused) == [("party_invalid", "Een toegevoegde partij is een ouder of verzorger met voor- en "
                              "achternaam.", "person")]
    mother = party_of(session, request_id, demo.persons["mother"])
    with pytest.raises(GateRefused) as refused:
        hearing.remove_party(session, actor=who, request_id=request_id, party_id=mother.id, reason="", now=now)
    assert told(refused) == [("party_required", "Sanne Jansen is een verplichte partij en kan niet worden verwijderd.",
                              f"parties.{mother.id}")]
    for remove in (lambda: hearing.remove_party(session, actor=who, request_id=request_id, party_id=9999, reason="x",
                                                now=now),
                   lambda: portal.revoke_links(session, actor=who, request_id=request_id, party_id=9999, now=now)):
        with pytest.raises(NotFound) as refused:
            remove()
        assert (refused.value.code, str(refused.value)) == ("party_not_found", "Partij 9999 hoort niet bij dit verzoek.")
    set_state(session, request_id, RequestState.approved)
    with pytest.raises(GateRefused) as refused:
        hearing.add_party(session, actor=who, request_id=request_id, now=now,
                          person=PersonCreate(kind="carer", given_names="Kim", surname="Bos"))
    assert told(refused) == [("hearing_closed", "Hoor en wederhoor is voor dit verzoek afgesloten.", "state")]


def test_what_the_family_is_told_through_the_portal(session, demo, now):
    request_id = make_request(session, demo, now)
    _, parent = invite(session, demo, request_id, demo.persons["mother"], now)
    _, child = invite(session, demo, request_id, demo.persons["noah"], now)
    answer = portal.portal_respond(session, token=token_of(parent), position="x", text=" ", now=now)
    assert [(p.code, p.message, p.field) for p in answer] == [
        ("response_text_missing", "Schrijf uw reactie in het tekstvak.", "text"),
        ("position_unknown", "Kies of u het eens, oneens of deels eens bent.", "position")]
    answer = portal.portal_respond(session, token=token_of(child), position="x", text=" ", now=now)
    assert [(p.code, p.message, p.field) for p in answer] == [
        ("response_text_missing", "Schrijf je bericht in het tekstvak. Wil je niets schrijven? Dan hoef je ook niets "
         "te versturen.", "text")]
    assert portal.portal_respond(session, token=token_of(parent), position="eens", text="Eens.", now=now) == {
        "child": False, "contact": "",
        "text": "Wij hebben uw reactie ontvangen. Die komt letterlijk in het verzoek aan de kinderrechter. Vragen? "
                "Bel of mail Fatima el Amrani: telefoon 030 123 45 10, e-mail teamnoord@utrecht.rvt.example."}
    assert portal.portal_respond(session, token=token_of(child), position="", text="Rust.", now=now) == {
        "child": True,
        "text": "We hebben je bericht ontvangen. Het komt woord voor woord in onze brief aan de rechter. Je ouders "
                "lezen het ook, en de rechter ook.",
        "contact": "Heb je een vraag? Bel Fatima el Amrani: 030 123 45 10. Mailen kan ook: "
                   "teamnoord@utrecht.rvt.example."}


# --- a hearing deferred for spoed ------------------------------------------------------------------------------


def test_a_deferred_hearing_stays_open_after_approval_until_done_and_is_flagged_when_overdue(session, demo, now):
    from models.hearing import FollowUpHearing

    request_id = make_request(session, demo, now)
    invite(session, demo, request_id, demo.persons["mother"], now)
    deferred = hearing.defer_hearing(session, load_dossier(session, request_id), now)
    session.commit()
    # Invited but not yet answered is not heard either: every party gets a follow-up, each once.
    assert sorted(p.person_id for p in deferred) == sorted(demo.persons[k] for k in ("mother", "father", "noah"))
    assert hearing.defer_hearing(session, load_dossier(session, request_id), now) == []
    follow_ups = session.exec(select(FollowUpHearing)).all()
    assert {f.deadline for f in follow_ups} == {now + timedelta(days=14)}
    assert [e.details["reason"] for e in actions(session, "hearing.deferred")] and len(actions(session, "hearing.deferred")) == 3

    set_state(session, request_id, RequestState.approved)
    _, link = invite(session, demo, request_id, demo.persons["mother"], now, single_use=False)  # still open for her
    assert portal.portal_page(session, token=token_of(link), now=now) is not None
    portal.portal_respond(session, token=token_of(link), position="eens", text="Eens.", now=now)
    mother = party_of(session, request_id, demo.persons["mother"])
    assert session.exec(select(FollowUpHearing).where(FollowUpHearing.party_id == mother.id)).one().done_at == now
    assert len(actions(session, "follow_up.done")) == 1
    assert portal.portal_page(session, token=token_of(link), now=now) is None  # done: closed with the hearing
    assert portal_log(session)[-1] == ("refused", "hearing_closed", request_id)
    with pytest.raises(GateRefused):
        invite(session, demo, request_id, demo.persons["mother"], now)

    deadline = now + timedelta(days=14)
    hearing.watch_deadlines(session, now=deadline - timedelta(seconds=1), reminder_days_before=3)
    assert actions(session, "follow_up.overdue") == []
    hearing.watch_deadlines(session, now=deadline, reminder_days_before=3)
    hearing.watch_deadlines(session, now=deadline + timedelta(days=1), reminder_days_before=3)
    overdue = actions(session, "follow_up.overdue")
    assert len(overdue) == 2 and {e.details["deadline"] for e in overdue} == {deadline.isoformat()}
    flagged = session.get(Request, request_id).flagged
    assert flagged == ("Youssef el Amrani is na spoed niet op tijd alsnog gehoord. "
                       "Noah Jansen is na spoed niet op tijd alsnog gehoord.")


# --- the panel on the hearing: urgency and re-invitation --------------------------------------------------------

SPOED = {"measure": "voorlopige_ots", "duration_months": 3,
         "urgency": "Op 1 november sloeg vader moeder in het bijzijn van Noah; vader dreigt Noah mee te nemen.",
         "urgency_details": {"danger": "Vader sloeg moeder op 1 november in het bijzijn van Noah en dreigt Noah mee "
                                       "te nemen.", "fact_keys": ["politie"],
                             "why_hearing_cannot_wait": "Wachten op de gewone zitting laat Noah weken in een onveilig "
                                                        "huis."},
         "grounds": [{"element": "ernstig_vermoeden", "answer": "Ja.", "fact_keys": ["verzuim", "politie"]},
                     {"element": "acute_bedreiging", "answer": "Ja, acuut.", "fact_keys": ["politie"]}]}


def seated(session, request_id, role):
    d = load_dossier(session, request_id)
    return d.user(next(s.user_id for s in d.seats if s.role == role))


def test_the_panels_jurist_judges_the_urgency_and_records_what_it_relies_on(session, demo, now, settings):
    from models.errors import NotAllowed

    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir, **SPOED)
    jurist = seated(session, request_id, "jurist")

    def judge(who=jurist, accepted=True, reasons="Acuut gevaar, met de politiemutatie onderbouwd.", relies_on=None):
        return hearing.accept_urgency(session, actor=who, request_id=request_id, accepted=accepted, reasons=reasons,
                                      now=now, relies_on=relies_on)

    with pytest.raises(NotAllowed) as refused:
        judge(who=seated(session, request_id, "tegenspreker"))
    assert told(refused) == [("urgency_role", "De jurist van het panel beoordeelt de spoed.", "role")]
    with pytest.raises(GateRefused) as refused:
        judge(reasons=" ", relies_on=[])
    assert told(refused) == [
        ("reasons_missing", "Motiveer het oordeel over de spoed.", "reasons"),
        ("urgency_relies_on_missing", "Spoed (urgentie): geef aan op welke onderdelen u de spoed aanvaardt: het gevaar "
         "(danger), de feiten (facts) en/of waarom het horen niet kan wachten (hearing).", "relies_on")]
    with pytest.raises(GateRefused) as refused:
        judge(relies_on=["gevoel"])
    assert told(refused) == [("urgency_part_unknown", "Spoed (urgentie): onbekend onderdeel 'gevoel'; kies danger, "
                              "facts of hearing.", "relies_on")]
    request = judge(relies_on=["danger", "facts", "danger"])
    assert (request.urgency_accepted_at, request.urgency_accepted_by, request.urgency_relies_on) == (
        now, jurist.id, ["danger", "facts"])
    revision = load_dossier(session, request_id).revision.id
    assert recorded(session, "urgency.accepted") == (jurist.id, request_id, revision, {
        "reasons": "Acuut gevaar, met de politiemutatie onderbouwd.", "relies_on": ["danger", "facts"]})
    assert announced(session, request_id)[-1] == "review.updated"
    request = judge(accepted=False, reasons="Geen acuut gevaar meer.", relies_on=["danger"])
    assert (request.urgency_accepted_at, request.urgency_accepted_by, request.urgency_relies_on,
            request.urgency_reasons) == (None, None, [], "Geen acuut gevaar meer.")
    assert actions(session, "urgency.rejected")[-1].details["reasons"] == "Geen acuut gevaar meer."
    set_state(session, request_id, RequestState.approved)
    with pytest.raises(GateRefused) as refused:
        judge(relies_on=["danger"])
    assert told(refused) == [("not_in_review", "Dit verzoek is niet in tegenspraak.", "state")]


def test_urgency_is_judged_only_on_a_spoed_request(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    with pytest.raises(GateRefused) as refused:
        hearing.accept_urgency(session, actor=seated(session, request_id, "jurist"), request_id=request_id,
                               accepted=True, reasons="Spoed.", now=now, relies_on=["danger"])
    assert told(refused) == [("not_spoed", "Dit is geen spoedverzoek.", "spoed")]


def test_the_panel_waives_a_reinvitation_only_with_reasons(session, demo, now, settings):
    from models.hearing import ReinviteWaiver

    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    member = seated(session, request_id, "tegenspreker")
    mother = party_of(session, request_id, demo.persons["mother"])
    with pytest.raises(InvalidInput) as refused:
        hearing.waive_reinvitation(session, actor=member, request_id=request_id, party_id=mother.id, reasons=" ",
                                   now=now)
    assert told(refused) == [("reasons_missing", "Motiveer waarom opnieuw uitnodigen niet nodig is.", "reasons")]
    waiver = hearing.waive_reinvitation(session, actor=member, request_id=request_id, party_id=mother.id,
                                        reasons="Alleen een typefout verbeterd.", now=now)
    stored = session.exec(select(ReinviteWaiver)).one()
    assert (stored.party_id, stored.revision_id, stored.recorded_by, stored.recorded_at, stored.reasons) == (
        mother.id, load_dossier(session, request_id).revision.id, member.id, now, "Alleen een typefout verbeterd.")
    assert waiver.id == stored.id
    assert actions(session, "reinvite.waived")[-1].details["reasons"] == "Alleen een typefout verbeterd."


# --- the record each step leaves: audit trail and the flows' outbox ---------------------------------------------


def recorded(session, action) -> tuple:
    """The last audit event of `action`: who, on which request and revision, with what."""
    e = actions(session, action)[-1]
    return e.actor_id, e.request_id, e.revision_id, e.details


def announced(session, request_id) -> list[str]:
    from models.audit import Event

    return [e.kind for e in session.exec(select(Event).where(Event.request_id == request_id).order_by(Event.id))]


def test_each_hearing_step_by_a_case_team_member_is_audited_and_announced(session, demo, now):
    request_id = make_request(session, demo, now, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    colleague = actor(session, demo, "utrecht/collega")  # on the case team, not its owner
    revision = load_dossier(session, request_id).revision.id
    before = len(announced(session, request_id))
    hearing.record_capability(session, actor=colleague, request_id=request_id, person_id=demo.persons["lina"],
                              capable=True, note="Kan haar mening geven.", assessed_by="dr. A. Visser", now=now)
    assert recorded(session, "child.capability") == (colleague.id, request_id, revision, {
        "person": "Lina Jansen", "capable": True, "note": "Kan haar mening geven.", "assessed_by": "dr. A. Visser"})
    voice = hearing.record_child_voice(session, actor=colleague, request_id=request_id, person_id=demo.persons["noah"],
                                       heard=True, method="gesprek", obtained_by="F. el Amrani", obtained_at=now,
                                       child_words="Ik wil rust.", professional_summary="Noah wil rust thuis.",
                                       not_heard_reason="", explanation="", now=now)
    stored = session.get(ChildVoice, voice.id)
    assert (stored.request_id, stored.person_id, stored.heard, stored.method, stored.obtained_by, stored.obtained_at,
            stored.child_words, stored.professional_summary, stored.not_heard_reason, stored.explanation,
            stored.recorded_by, stored.recorded_at) == (
        request_id, demo.persons["noah"], True, "gesprek", "F. el Amrani", now, "Ik wil rust.", "Noah wil rust thuis.",
        "", "", colleague.id, now)
    assert recorded(session, "child_voice.recorded") == (colleague.id, request_id, revision, {
        "person": "Noah Jansen", "heard": True, "not_heard_reason": None})
    hearing.record_child_voice(session, actor=colleague, request_id=request_id, person_id=demo.persons["lina"],
                               heard=False, method="", obtained_by="", obtained_at=None, child_words="",
                               professional_summary="", not_heard_reason="weigert", explanation="Wil niet.", now=now)
    assert recorded(session, "child_voice.recorded")[3] == {"person": "Lina Jansen", "heard": False,
                                                            "not_heard_reason": "weigert"}
    party, link = invite(session, demo, request_id, demo.persons["mother"], now)
    assert recorded(session, "party.invited")[:3] == (indiener(session, demo).id, request_id, revision)
    portal.revoke_links(session, actor=colleague, request_id=request_id, party_id=party.id, now=now)
    assert recorded(session, "portal.revoked") == (colleague.id, request_id, None, {"party_id": party.id, "links": 1})
    mother = party_of(session, request_id, demo.persons["mother"])
    hearing.record_response(session, actor=colleague, request_id=request_id, party_id=mother.id, position="eens",
                            text="Eens.", received_at=now, channel="brief", responded_by="", now=now)
    assert recorded(session, "party.responded") == (colleague.id, request_id, revision, {
        "party_id": mother.id, "position": "eens", "responded_by": "de partij zelf"})
    assert announced(session, request_id)[before:] == ["hearing.updated"] * 5


def test_a_revoke_touches_only_the_partys_own_links(session, demo, now):
    request_id = make_request(session, demo, now)
    mother, mothers = invite(session, demo, request_id, demo.persons["mother"], now)
    _, fathers = invite(session, demo, request_id, demo.persons["father"], now)
    assert portal.revoke_links(session, actor=indiener(session, demo), request_id=request_id, party_id=mother.id,
                               now=now) == 1
    assert portal.portal_page(session, token=token_of(mothers), now=now) is None
    assert portal.portal_page(session, token=token_of(fathers), now=now) is not None
    with pytest.raises(InvalidInput) as refused:
        portal.revoke_links(session, actor=indiener(session, demo), request_id=request_id, party_id=mother.id, now=now)
    assert told(refused) == [("no_active_link", "Deze partij heeft geen actieve link.", "party")]


def test_the_childs_deferred_hearing_is_done_by_its_voice_after_approval(session, demo, now):
    from models.hearing import FollowUpHearing

    request_id = make_request(session, demo, now)
    hearing.defer_hearing(session, load_dossier(session, request_id), now)
    session.commit()
    set_state(session, request_id, RequestState.approved)
    noah = party_of(session, request_id, demo.persons["noah"])
    hearing.record_child_voice(session, actor=indiener(session, demo), request_id=request_id,
                               person_id=demo.persons["noah"], heard=True, method="gesprek", obtained_by="F. el Amrani",
                               obtained_at=now, child_words="Ik wil rust.", professional_summary="",
                               not_heard_reason="", explanation="", now=now)
    assert session.exec(select(FollowUpHearing).where(FollowUpHearing.party_id == noah.id)).one().done_at == now
    assert recorded(session, "follow_up.done")[:2] == (indiener(session, demo).id, request_id)
    with pytest.raises(GateRefused):  # done: the hearing is closed for Noah too
        hearing.record_child_voice(session, actor=indiener(session, demo), request_id=request_id,
                                   person_id=demo.persons["noah"], heard=True, method="gesprek",
                                   obtained_by="F. el Amrani", obtained_at=now, child_words="Nog iets.",
                                   professional_summary="", not_heard_reason="", explanation="", now=now)


def test_a_waiver_is_audited_and_announced(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    member = seated(session, request_id, "tegenspreker")
    mother = party_of(session, request_id, demo.persons["mother"])
    before = len(announced(session, request_id))
    hearing.waive_reinvitation(session, actor=member, request_id=request_id, party_id=mother.id,
                               reasons="Alleen een typefout verbeterd.", now=now)
    assert recorded(session, "reinvite.waived") == (member.id, request_id, load_dossier(session, request_id).revision.id,
                                                    {"party_id": mother.id, "reasons": "Alleen een typefout verbeterd."})
    assert announced(session, request_id)[before:] == ["hearing.updated"]


def test_adding_removing_and_inviting_a_party_is_audited_in_full(session, demo, now):
    request_id = make_request(session, demo, now)
    colleague = actor(session, demo, "utrecht/collega")
    revision = load_dossier(session, request_id).revision.id
    before = len(announced(session, request_id))
    added = hearing.add_party(session, actor=colleague, request_id=request_id, now=now,
                              person=PersonCreate(kind="parent", given_names="Piet", surname="Bos"))
    assert recorded(session, "party.added") == (colleague.id, request_id, revision, {
        "party_id": added.id, "person": "Piet Bos", "kind": "parent"})
    with pytest.raises(InvalidInput) as refused:
        hearing.remove_party(session, actor=colleague, request_id=request_id, party_id=added.id, reason=" ", now=now)
    assert told(refused) == [("reason_missing", "Geef een reden op.", "reason")]
    hearing.remove_party(session, actor=colleague, request_id=request_id, party_id=added.id, reason="Onbekend.",
                         now=now)
    assert recorded(session, "party.removed") == (colleague.id, request_id, None, {
        "party_id": added.id, "person": "Piet Bos", "reason": "Onbekend."})
    sent = now - timedelta(hours=1)
    mother, _ = invite(session, demo, request_id, demo.persons["mother"], now, sent_at=sent)
    assert recorded(session, "party.invited") == (indiener(session, demo).id, request_id, revision, {
        "party_id": mother.id, "person": "Sanne Jansen", "channel": "brief", "proof": "aangetekend, 3SABC",
        "deadline": (sent + timedelta(days=14)).isoformat(), "mail_id": None})
    father, _ = invite(session, demo, request_id, demo.persons["father"], now, channel="email", proof="")
    mail = session.exec(select(MailMessage).where(MailMessage.party_id == father.id)).one()
    assert recorded(session, "party.invited")[3] == {
        "party_id": father.id, "person": "Youssef el Amrani", "channel": "email", "proof": "volgt bij verzending",
        "deadline": "volgt bij verzending", "mail_id": mail.id}
    assert (father.channel, father.invited_revision_id, father.lapsed_at) == ("email", revision, None)
    assert announced(session, request_id)[before:] == ["hearing.updated"] * 2


def test_a_deferred_parents_response_after_approval_completes_the_follow_up(session, demo, now):
    from models.hearing import FollowUpHearing

    request_id = make_request(session, demo, now)
    hearing.defer_hearing(session, load_dossier(session, request_id), now)
    session.commit()
    [deferred] = [e for e in actions(session, "hearing.deferred")
                  if e.details["person"] == "Sanne Jansen"]
    mother = party_of(session, request_id, demo.persons["mother"])
    revision = load_dossier(session, request_id).revision.id
    assert (deferred.actor_id, deferred.request_id, deferred.revision_id, deferred.details) == (
        None, request_id, revision, {"party_id": mother.id, "person": "Sanne Jansen", "reason": "party_not_invited",
                                     "deadline": (now + timedelta(days=14)).isoformat()})
    set_state(session, request_id, RequestState.approved)
    later = now + timedelta(days=2)
    colleague = actor(session, demo, "utrecht/collega")
    hearing.record_response(session, actor=colleague, request_id=request_id, party_id=mother.id, position="oneens",
                            text="Oneens.", received_at=later, channel="brief", responded_by="", now=later)
    follow_up = session.exec(select(FollowUpHearing).where(FollowUpHearing.party_id == mother.id)).one()
    assert follow_up.done_at == later
    assert recorded(session, "follow_up.done") == (colleague.id, request_id, None, {"party_id": mother.id})


def test_a_later_party_is_deferred_after_one_deferred_before(session, demo, now):
    request_id = make_request(session, demo, now)
    d = load_dossier(session, request_id)
    first = sorted(d.parties, key=lambda p: p.id)[0]
    from models.hearing import FollowUpHearing

    session.add(FollowUpHearing(request_id=request_id, party_id=first.id, created_at=now, deadline=now))
    session.commit()
    deferred = hearing.defer_hearing(session, load_dossier(session, request_id), now)
    assert first.id not in {p.id for p in deferred} and len(deferred) == len(d.parties) - 1
