"""Why a reviewer may not sit on a panel: a stable code and a Dutch sentence for each hard constraint."""

from collections import Counter

from models.errors import Problem
from models.organisation import ROLE_LABELS

REASONS = {
    "wrong_role": "heeft niet de rol {role}",
    "inactive": "is niet actief",
    "same_region": "werkt in dezelfde regio als de zaak",
    "too_close_region": "werkt in een regio die te dicht bij die van de zaak staat",
    "is_requester": "is de indiener van het verzoek",
    "on_case_team": "zit in het zaakteam",
    "same_team_as_requester": "zit in hetzelfde team als de indiener",
    "earlier_involvement": "was eerder betrokken bij (een lid van) dit gezin",
    "declared_conflict": "heeft een belangenconflict gemeld",
    "declined_before": "heeft deze toetsing eerder afgewezen",
    "unavailable": "is niet beschikbaar in de toetsingsperiode",
    "at_capacity": "heeft het maximum aantal openstaande toetsingen bereikt",
}


def reason_text(code: str, role: str) -> str:
    return REASONS[code].format(role=ROLE_LABELS.get(role, role))


def empty_pool_problem(role: str, seat_no: int, reasons: Counter, pool_size: int) -> Problem:
    """Which constraints emptied the pool for one seat, in Dutch."""
    if not reasons:
        detail = "er zijn geen kandidaten met deze rol" if not pool_size else "de capaciteit is op"
    else:
        detail = "; ".join(f"{n} {reason_text(code, role)}" for code, n in reasons.most_common())
    return Problem(
        "no_eligible_reviewer",
        f"Geen geschikte {ROLE_LABELS[role]} voor plaats {seat_no}: van {pool_size} kandidaten {detail}.",
        f"panel.{role}.{seat_no}",
    )
