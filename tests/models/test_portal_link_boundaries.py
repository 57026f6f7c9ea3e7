"""The portal at a link's deadline, through the database: the service refuses exactly what
models.portal.link_refusal refuses (its pure tests are in tests/domain/test_portal_link.py), and logs why."""

from datetime import timedelta

from sqlmodel import select

from models.access_log import AccessLogEntry
from models.dossier import load_dossier
from models.services.portal import issue_link, portal_page, portal_respond

from tests.builders import make_request

SECOND = timedelta(seconds=1)


def _link(session, demo, now, *, single_use=True):
    request_id = make_request(session, demo, now)
    party = next(p for p in load_dossier(session, request_id).parties if p.kind == "parent_gezag")
    expires = now + timedelta(days=14)
    token = issue_link(session, party=party, expires_at=expires, single_use=single_use, now=now)
    session.commit()
    return token, expires


def _refusals(session) -> list[str]:
    return [e.reason for e in session.exec(select(AccessLogEntry).where(AccessLogEntry.object_type == "portal",
                                                                       AccessLogEntry.outcome == "refused")
                                           .order_by(AccessLogEntry.id))]


def test_the_portal_opens_one_second_before_the_deadline_and_not_at_it(session, demo, now):
    token, expires = _link(session, demo, now)
    assert portal_page(session, token=token, now=expires - SECOND) is not None
    assert portal_page(session, token=token, now=expires) is None
    assert portal_page(session, token=token, now=expires + SECOND) is None
    assert _refusals(session) == ["link_expired", "link_expired"]


def test_a_response_one_second_late_is_refused_and_not_recorded(session, demo, now):
    token, expires = _link(session, demo, now)
    assert portal_respond(session, token=token, position="oneens", text="Te laat.", now=expires) is False
    assert portal_respond(session, token=token, position="oneens", text="Op tijd.", now=expires - SECOND)
    assert portal_page(session, token=token, now=expires - SECOND) is None  # single use: used up now
    assert _refusals(session) == ["link_expired", "link_used"]
