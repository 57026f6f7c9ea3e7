"""Every lifecycle action in every state, through the real services: allowed moves succeed and land in the
state the table names; forbidden ones are refused by name and change nothing."""

import pytest
from sqlmodel import select

from models.court_document import CourtDocument
from models.demo import demo_ots_content
from models.errors import GateRefused
from models.lifecycle import TRANSITIONS
from models.request import Request, RequestState
from models.review import Decision
from models.services import drafting, rendering
from tests.builders import actor, drive_to, give_verdicts, pump, store

SETUPS = ["draft", "submitted", "in_tegenspraak", "approved", "ready", "rendered", "filed", "returned",
          "advised_against", "withdrawn"]
ACTIONS = ["submit", "revise", "render", "file", "withdraw"]


def bring_to(session, demo, state, now, documents_dir) -> int:
    if state in ("filed",):
        request_id = drive_to(session, demo, "rendered", now, documents_dir)
        drafting.file_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                              court_reference="C/16/123456", now=now)
    elif state in ("returned", "advised_against"):
        request_id = drive_to(session, demo, "assessed", now, documents_dir)
        decision = Decision.terug if state == "returned" else Decision.niet_indienen
        give_verdicts(session, request_id, now, {"jurist": decision})
        pump(session, now, documents_dir)
    elif state == "withdrawn":
        request_id = drive_to(session, demo, "draft", now, documents_dir)
        drafting.withdraw_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                  reason="gezin verhuisd naar het buitenland", now=now)
    else:
        request_id = drive_to(session, demo, state, now, documents_dir)
    assert session.get(Request, request_id).state == state
    return request_id


def act(session, demo, action, request_id, now, documents_dir):
    indiener = actor(session, demo, "utrecht/indiener")
    if action == "submit":
        drafting.submit_request(session, actor=indiener, request_id=request_id, now=now)
    elif action == "revise":
        content = demo_ots_content(demo, now) | {"duration_months": 10}
        drafting.revise_request(session, actor=indiener, request_id=request_id,
                                content=drafting.parse_content(content), note="wijziging", now=now)
    elif action == "render":
        rendering.render_request(session, actor=indiener, request_id=request_id, now=now, documents=store(documents_dir))
    elif action == "file":
        drafting.file_request(session, actor=indiener, request_id=request_id, court_reference="C/16/1", now=now)
    elif action == "withdraw":
        drafting.withdraw_request(session, actor=indiener, request_id=request_id, reason="niet meer nodig", now=now)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", SETUPS)
def test_action_in_state(session, demo, now, settings, state, action):
    request_id = bring_to(session, demo, state, now, settings.documents_dir)
    expected = TRANSITIONS[action].get(RequestState(state))
    if action == "render" and state in ("rendered", "filed"):
        # Rendering is idempotent per revision: the existing document comes back, nothing changes.
        before = session.exec(select(CourtDocument)).all()
        act(session, demo, action, request_id, now, settings.documents_dir)
        assert session.exec(select(CourtDocument)).all() == before
        assert [d.kind for d in before].count("verzoekschrift") == 1
        assert session.get(Request, request_id).state == state
    elif expected is None:
        with pytest.raises(GateRefused) as refused:
            act(session, demo, action, request_id, now, settings.documents_dir)
        assert "transition_not_allowed" in {p.code for p in refused.value.problems}
        session.rollback()
        assert session.get(Request, request_id).state == state
    else:
        act(session, demo, action, request_id, now, settings.documents_dir)
        request = session.get(Request, request_id)
        session.refresh(request)
        assert request.state == expected
