"""The family response portal: personal links and what a party sees and sends through one.

A link opens only its own party's invitation. Whatever is wrong with a link (unknown, expired,
revoked, used, hearing closed) gives the same answer (None), so a link reveals nothing about a case.
"""

from datetime import datetime

from sqlmodel import Session, select

from models.db import begin_write
from models.documents import format_date_nl
from models.dossier import Dossier, load_dossier
from models.errors import NotFound, Problem
from models.hearing import HEARING_OPEN, ChildVoice, HearingParty
from models.organisation import User, hash_token
from models.portal import PortalLink, link_refusal
from models.services.access import log_portal_use
from models.services.common import audit, complete_follow_up, emit, invalid, require_case_team
from models.services.links import issue_link  # noqa: F401  (known from here too)
from models.services.letters import child_texts, contact, parent_measure_text, parent_rights, text_values
from models.texts import fill, get_texts

def _resolve_why(session: Session, token: str, now: datetime):
    """(link, party, dossier) for a working link, else (None, (why, request id or None)) for the access log."""
    link = session.exec(select(PortalLink).where(PortalLink.token_hash == hash_token(token))).first()
    if link is None:
        return None, ("link_unknown", None)
    party = session.get(HearingParty, link.party_id)
    why = link_refusal(link, responded_at=party.responded_at, now=now)
    if why is not None:
        return None, (why, link.request_id)
    dossier = load_dossier(session, link.request_id)
    follow_up = dossier.follow_ups.get(party.id)
    if dossier.request.state not in HEARING_OPEN and (follow_up is None or follow_up.done_at is not None):
        return None, ("hearing_closed", link.request_id)
    if party.kind == "child" and link.single_use and party.person_id in dossier.voices:
        return None, ("link_used", link.request_id)
    return (link, party, dossier), None


def _log_bad_link(session: Session, why: tuple[str, int | None], now: datetime) -> None:
    reason, request_id = why
    family_id = None
    if request_id is not None:
        from models.case import Case
        from models.request import Request

        family_id = session.exec(select(Case.family_id).join(Request, Request.case_id == Case.id)
                                 .where(Request.id == request_id)).first()
    log_portal_use(session, request_id=request_id, party_id=None, family_id=family_id, outcome="refused",
                   reason=reason, now=now)
    session.commit()


def portal_page(session: Session, *, token: str, now: datetime) -> dict | None:
    """What a party sees through its link; every use, good or bad, is in the access log (and a good one in the
    audit trail). None for a link that does not work."""
    begin_write(session)
    found, why = _resolve_why(session, token, now)
    if found is None:
        _log_bad_link(session, why, now)
        return None
    link, party, d = found
    person = d.person(party.person_id)
    children = [c.given_names for c in d.children()]
    audit(session, now=now, actor=None, action="portal.viewed", request=d.request, revision=d.revision,
          party_id=party.id)
    log_portal_use(session, request_id=d.request.id, party_id=party.id, family_id=d.case.family_id,
                   outcome="granted", reason="", now=now)
    session.commit()
    child = party.kind == "child"
    # Every text for the family comes from the texts data, per reader: the child reads its own.
    for_child = child_texts(d) if child else None
    return {
        "name": person.given_names if child else person.full_name,
        "child": child,
        "children": " en ".join([", ".join(children[:-1]), children[-1]] if len(children) > 1 else children),
        "measure": d.measure.name,
        "plain": for_child["plain"] if child else parent_measure_text(d),
        "deadline_text": format_date_nl(link.expires_at),
        "summary": d.content.summary,
        "goals": [g for g in d.content.goals if g.strip()],
        "deadline": link.expires_at,
        "organisation": d.region.legal_name or d.region.name,
        "rights": [] if child else parent_rights(d, person),
        "texts": for_child,
        "contact": contact(d) | {"text": for_child["contact"] if child
                                 else fill(get_texts().parents.contact, text_values(d, person))},
        # The draft itself, as the party was invited with it (parents and carers; a child gets its own text).
        "draft": None if child else {
            "revision": d.revision.number,
            "facts": [{"text": f.text, "source": f.source, "date": format_date_nl(f.date) if f.date else ""}
                      for f in d.content.facts if f.kind == "fact"],
            # Opinions are part of the draft too, apart from the facts and with whose opinion each is.
            "opinions": [{"text": f.text, "held_by": f.held_by or "niet vermeld"}
                         for f in d.content.facts if f.kind == "opinion"],
            "grounds": [{"question": e.question, "answer": d.content.answer(e.code).answer}
                        for o in (d.measure.grounds if d.measure else []) for e in o.elements
                        if d.content.answer(e.code) and d.content.answer(e.code).answer.strip()],
            "alternatives": [{"description": a.description, "why": a.why_insufficient} for a in d.content.alternatives],
            "duration": f"{d.content.duration_months} maanden" if d.content.duration_months else "",
        },
    }


def portal_respond(session: Session, *, token: str, position: str, text: str,
                   now: datetime) -> dict | bool | list[Problem]:
    """Record what a party sends through its link. On success the thank-you page's content (for a child, in its
    own words); False for a link that does not work (nothing said why); a list of problems for a form that is
    not filled in right."""
    begin_write(session)
    found, why = _resolve_why(session, token, now)
    if found is None:
        _log_bad_link(session, why, now)
        return False
    link, party, d = found
    from models.hearing import POSITIONS
    problems = []
    if not text.strip():
        problems.append(Problem("response_text_missing", get_texts().child.empty if party.kind == "child"
                                else "Schrijf uw reactie in het tekstvak.", "text"))
    if party.kind != "child" and position not in POSITIONS:
        problems.append(Problem("position_unknown", "Kies of u het eens, oneens of deels eens bent.", "position"))
    if problems:
        session.rollback()
        return problems
    if party.kind == "child":
        session.add(ChildVoice(request_id=d.request.id, person_id=party.person_id, heard=True, method="portaal",
                               obtained_by="het kind zelf, via het reactieportaal", obtained_at=now,
                               child_words=text.strip(), recorded_by=d.request.requester_id, recorded_at=now))
        party.responded_at, party.response_channel, party.response_text = now, "portaal", text.strip()
    else:
        party.responded_at, party.response_channel = now, "portaal"
        party.position, party.response_text, party.responded_by = position, text.strip(), ""
    link.used_at = now

    complete_follow_up(session, d, party, now, None)
    audit(session, now=now, actor=None, action="portal.responded", request=d.request, revision=d.revision,
          party_id=party.id, position=position or None)
    log_portal_use(session, request_id=d.request.id, party_id=party.id, family_id=d.case.family_id,
                   outcome="granted", reason="responded", now=now)
    emit(session, kind="hearing.updated", request_id=d.request.id, now=now)
    thanks = _thanks(d, party)
    session.commit()
    return thanks


def _thanks(d: Dossier, party: HearingParty) -> dict:
    if party.kind == "child":
        texts = child_texts(d)
        return {"child": True, "text": texts["thanks"], "contact": texts["contact"]}
    person = d.person(party.person_id)
    return {"child": False, "text": fill(get_texts().parents.thanks, text_values(d, person)), "contact": ""}


def revoke_links(session: Session, *, actor: User, request_id: int, party_id: int, now: datetime) -> int:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    if not any(p.id == party_id for p in dossier.parties):
        raise NotFound(f"Partij {party_id} hoort niet bij dit verzoek.", code="party_not_found")
    links = session.exec(select(PortalLink).where(PortalLink.party_id == party_id,
                                                  PortalLink.revoked_at.is_(None))).all()
    for link in links:
        link.revoked_at = now
    invalid([] if links else [Problem("no_active_link", "Deze partij heeft geen actieve link.", "party")])
    audit(session, now=now, actor=actor, action="portal.revoked", request=dossier.request, party_id=party_id,
          links=len(links))
    session.commit()
    return len(links)
