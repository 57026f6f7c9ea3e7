"""A portal link at its deadline (models.portal.link_refusal): valid one second before, refused at and after."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from models.portal import PortalLink, link_refusal

NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def link(**fields) -> PortalLink:
    return PortalLink(**{"id": 1, "party_id": 300, "request_id": 1, "token_hash": "0" * 64,
                         "created_at": NOW - timedelta(days=14), "expires_at": NOW, "single_use": True} | fields)


def test_a_link_works_until_one_second_before_its_deadline():
    assert link_refusal(link(expires_at=NOW + SECOND), responded_at=None, now=NOW) is None


@pytest.mark.parametrize("past", [timedelta(0), SECOND, timedelta(days=400)])
def test_a_link_is_dead_from_its_deadline_on(past):
    assert link_refusal(link(expires_at=NOW), responded_at=None, now=NOW + past) == "link_expired"


@settings(max_examples=60, deadline=None, database=None)
@given(offset=st.integers(min_value=-10**8, max_value=10**8))
def test_a_link_expires_exactly_when_its_deadline_is_not_in_the_future(offset):
    expires = NOW + timedelta(seconds=offset)
    expected = "link_expired" if expires <= NOW else None
    assert link_refusal(link(expires_at=expires), responded_at=None, now=NOW) == expected


def test_a_revoked_link_is_dead_even_before_its_deadline():
    assert link_refusal(link(expires_at=NOW + timedelta(days=1), revoked_at=NOW - SECOND), responded_at=None,
                        now=NOW) == "link_revoked"


def test_revocation_is_named_before_expiry_and_expiry_before_use():
    dead = link(expires_at=NOW - SECOND, revoked_at=NOW - timedelta(days=1), used_at=NOW - timedelta(days=2))
    assert link_refusal(dead, responded_at=NOW - timedelta(days=2), now=NOW) == "link_revoked"
    dead.revoked_at = None
    assert link_refusal(dead, responded_at=NOW - timedelta(days=2), now=NOW) == "link_expired"


@pytest.mark.parametrize("used_at,responded_at", [(NOW - SECOND, None), (None, NOW - SECOND),
                                                  (NOW - SECOND, NOW - SECOND)])
def test_a_single_use_link_is_used_up_by_its_use_or_by_any_response(used_at, responded_at):
    live = link(expires_at=NOW + timedelta(days=1), used_at=used_at)
    assert link_refusal(live, responded_at=responded_at, now=NOW) == "link_used"
    live.single_use = False
    assert link_refusal(live, responded_at=responded_at, now=NOW) is None
