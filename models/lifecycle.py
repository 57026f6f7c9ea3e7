"""The request's state machine: the allowed transitions, and a guard per transition.

Guards are small pure functions over a `Dossier` (everything known about one request) and
`now`; each returns the list of unmet conditions, so a refusal names every one of them.
"""

from collections.abc import Callable
from datetime import datetime

from models.errors import GateRefused, Problem
from models.request import STATE_LABELS, RequestState as S

# action -> {from state: to state}
TRANSITIONS: dict[str, dict[S, S]] = {
    "submit": {S.draft: S.submitted},
    "assign": {S.submitted: S.in_tegenspraak},
    "approve": {S.in_tegenspraak: S.approved},
    "return": {S.in_tegenspraak: S.returned},
    "advise_against": {S.in_tegenspraak: S.advised_against},
    "make_ready": {S.approved: S.ready},
    # After 'advies niet indienen' the escalation decides: file anyway (with the dissent stated) or not.
    "escalate": {S.advised_against: S.approved},
    "render": {S.ready: S.rendered},
    "file": {S.rendered: S.filed},
    "withdraw": {
        s: S.withdrawn
        for s in (S.draft, S.returned, S.submitted, S.in_tegenspraak, S.approved, S.ready, S.rendered, S.advised_against)
    },
    # A new revision: a returned request becomes a draft again; a change during or after review
    # sends it back into tegenspraak, which voids every approval and sign-off of the old revision.
    "revise": {
        S.draft: S.draft,
        S.returned: S.draft,
        S.in_tegenspraak: S.in_tegenspraak,
        S.approved: S.in_tegenspraak,
        S.ready: S.in_tegenspraak,
        S.rendered: S.in_tegenspraak,
    },
}

ACTION_LABELS = {
    "submit": "indienen voor tegenspraak",
    "assign": "panel toewijzen",
    "approve": "goedkeuren",
    "return": "terugsturen ter correctie",
    "advise_against": "advies niet indienen",
    "make_ready": "gereedmelden na ondertekening",
    "escalate": "na escalatie toch indienen",
    "render": "verzoekschrift opmaken",
    "file": "indienen bij de rechtbank",
    "withdraw": "intrekken",
    "revise": "wijzigen",
}


def target_state(action: str, state: str) -> S:
    """The state `action` leads to from `state`, or a refusal naming both."""
    current = S(state)
    to = TRANSITIONS[action].get(current)
    if to is None:
        allowed = ", ".join(STATE_LABELS[s] for s in TRANSITIONS[action]) or "geen"
        raise GateRefused(
            problems=[
                Problem(
                    "transition_not_allowed",
                    f"'{ACTION_LABELS[action]}' kan niet in de status '{STATE_LABELS[current]}' "
                    f"(wel in: {allowed}).",
                    field="state",
                )
            ]
        )
    return to


Guard = Callable[["Dossier", datetime], list[Problem]]  # noqa: F821


def check(action: str, dossier, now: datetime, guards: list[Guard]) -> S:
    """Every unmet condition of `action`: the transition itself and each guard, all at once."""
    problems: list[Problem] = []
    to: S | None = None
    try:
        to = target_state(action, dossier.request.state)
    except GateRefused as refused:
        problems.extend(refused.problems)
    for guard in guards:
        problems.extend(guard(dossier, now))
    if problems:
        raise GateRefused(problems=problems)
    assert to is not None
    return to
