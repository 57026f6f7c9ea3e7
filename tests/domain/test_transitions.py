"""The state machine against a table written out by hand: every action in every state, allowed or refused.

The expected table below is NOT derived from models.lifecycle.TRANSITIONS: a row changed there (say `ready → filed`,
filing a request that was never rendered) fails here. domain.md §3 is the source.
"""

from datetime import UTC, datetime

import pytest

from models.errors import GateRefused, Problem
from models.lifecycle import ACTION_LABELS, TRANSITIONS, check, target_state
from models.request import STATE_LABELS, RequestState as S

from tests.domain.dossiers import ready_dossier, with_state

NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)

COLUMNS = {"dr": S.draft, "su": S.submitted, "it": S.in_tegenspraak, "ap": S.approved, "re": S.ready,
           "rn": S.rendered, "fi": S.filed, "rt": S.returned, "aa": S.advised_against, "wd": S.withdrawn}
# Rows: the action; columns: the state it is taken in; a cell: the state it leads to, or -- (refused).
#                      dr  su  it  ap  re  rn  fi  rt  aa  wd
EXPECTED_TABLE = {
    "submit":         "su  --  --  --  --  --  --  --  --  --",
    "assign":         "--  it  --  --  --  --  --  --  --  --",
    "approve":        "--  --  ap  --  --  --  --  --  --  --",
    "return":         "--  --  rt  --  --  --  --  --  --  --",
    "advise_against": "--  --  aa  --  --  --  --  --  --  --",
    "make_ready":     "--  --  --  re  --  --  --  --  --  --",
    "escalate":       "--  --  --  --  --  --  --  --  ap  --",
    "render":         "--  --  --  --  rn  --  --  --  --  --",
    "file":           "--  --  --  --  --  fi  --  --  --  --",
    "withdraw":       "wd  wd  wd  wd  wd  wd  --  wd  wd  --",
    "revise":         "dr  --  it  it  it  it  --  dr  --  --",
}


def _expected() -> dict[tuple[str, S], S | None]:
    table = {}
    for action, row in EXPECTED_TABLE.items():
        cells = row.split()
        assert len(cells) == len(COLUMNS), action
        for column, cell in zip(COLUMNS.values(), cells):
            table[(action, column)] = None if cell == "--" else COLUMNS[cell]
    return table


EXPECTED = _expected()
ALLOWED = [(a, s, to) for (a, s), to in EXPECTED.items() if to is not None]
REFUSED = [(a, s) for (a, s), to in EXPECTED.items() if to is None]


def test_the_table_covers_every_state_and_every_action_of_the_code():
    assert set(COLUMNS.values()) == set(S)
    assert set(EXPECTED_TABLE) == set(TRANSITIONS)
    assert set(ACTION_LABELS) == set(TRANSITIONS)


def test_the_hand_written_table_has_the_size_the_domain_describes():
    # 10 states x 11 actions; 23 moves allowed (withdraw from 8 states, revise from 6, one each for the other 9).
    assert len(EXPECTED) == 110
    assert len(ALLOWED) == 23


@pytest.mark.parametrize("action,state,to", ALLOWED, ids=[f"{a}-{s}" for a, s, _ in ALLOWED])
def test_allowed_move_lands_where_the_table_says(action, state, to):
    assert target_state(action, state) == to
    assert target_state(action, str(state)) == to  # the request stores its state as a plain string


@pytest.mark.parametrize("action,state", REFUSED, ids=[f"{a}-{s}" for a, s in REFUSED])
def test_refused_move_names_the_action_and_the_state(action, state):
    with pytest.raises(GateRefused) as refused:
        target_state(action, state)
    [problem] = refused.value.problems
    assert problem.code == "transition_not_allowed"
    assert problem.field == "state"
    assert f"'{ACTION_LABELS[action]}'" in problem.message
    assert f"'{STATE_LABELS[state]}'" in problem.message
    allowed_from = {STATE_LABELS[s] for (a, s), to in EXPECTED.items() if a == action and to is not None}
    named = problem.message.split("(wel in: ", 1)[1].removesuffix(").")
    assert set(named.split(", ")) == allowed_from


def test_a_request_is_filed_only_after_rendering():
    assert [s for s in S if s != S.rendered and EXPECTED[("file", s)] is not None] == []
    for state in S:
        if state == S.rendered:
            assert target_state("file", state) == S.filed
        else:
            with pytest.raises(GateRefused):
                target_state("file", state)


def test_an_unknown_state_is_no_state():
    with pytest.raises(ValueError):
        target_state("submit", "verzonnen")


# --- check(): the transition and every guard, all refusals at once ------------------------------

def _guard(code: str):
    seen = []

    def guard(d, now):
        seen.append((d, now))
        return [Problem(code, f"Voorwaarde {code} niet vervuld.", code)]

    guard.seen = seen
    return guard


def _passing(d, now):
    return []


def test_check_returns_the_target_when_the_move_and_every_guard_allow_it():
    d = with_state(ready_dossier(NOW), S.ready)
    assert check("render", d, NOW, [_passing, _passing]) == S.rendered
    assert check("render", d, NOW, []) == S.rendered


def test_check_names_every_unmet_condition_with_the_refused_move_first():
    d = with_state(ready_dossier(NOW), S.draft)
    first, second = _guard("eerste"), _guard("tweede")
    with pytest.raises(GateRefused) as refused:
        check("render", d, NOW, [first, _passing, second])
    assert [p.code for p in refused.value.problems] == ["transition_not_allowed", "eerste", "tweede"]
    assert first.seen == [(d, NOW)] and second.seen == [(d, NOW)]


def test_check_refuses_on_a_guard_alone_when_the_move_is_allowed():
    d = with_state(ready_dossier(NOW), S.ready)
    with pytest.raises(GateRefused) as refused:
        check("render", d, NOW, [_passing, _guard("enige")])
    assert [p.code for p in refused.value.problems] == ["enige"]


def test_check_refuses_a_forbidden_move_even_when_every_guard_holds():
    d = with_state(ready_dossier(NOW), S.rendered)
    with pytest.raises(GateRefused) as refused:
        check("render", d, NOW, [_passing])
    assert [p.code for p in refused.value.problems] == ["transition_not_allowed"]
