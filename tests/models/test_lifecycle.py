"""The state table, every (action, state) pair: allowed moves land where the table says, others are refused."""

import pytest

from models.errors import GateRefused
from models.lifecycle import TRANSITIONS, target_state
from models.request import STATE_LABELS, RequestState

PAIRS = [(action, state) for action in TRANSITIONS for state in RequestState]


@pytest.mark.parametrize("action,state", PAIRS, ids=[f"{a}-{s}" for a, s in PAIRS])
def test_every_transition_is_allowed_or_refused_by_name(action, state):
    expected = TRANSITIONS[action].get(state)
    if expected is not None:
        assert target_state(action, state) == expected
    else:
        with pytest.raises(GateRefused) as refused:
            target_state(action, state)
        [problem] = refused.value.problems
        assert problem.code == "transition_not_allowed"
        assert STATE_LABELS[state] in problem.message


def test_filed_and_withdrawn_are_final():
    for state in (RequestState.filed, RequestState.withdrawn):
        assert all(state not in table for table in TRANSITIONS.values())


def test_nothing_reaches_rendered_except_from_ready():
    sources = [s for table in TRANSITIONS.values() for s, to in table.items() if to == RequestState.rendered]
    assert sources == [RequestState.ready]


def test_every_state_has_a_dutch_label():
    assert set(STATE_LABELS) == set(RequestState)
