"""The reviewer pool as arrays, and the pure assignment engine on it (no database, no framework).

Hard constraints (`exclusions`, `eligible`) are never relaxed. Among the eligible, a score ranks
(`scores`); a seeded draw picks among near-equal candidates (`choose`); many requests at once are
assigned as one min-cost-flow problem (`assign_batch`).
"""

import copy
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from reviewers.policy import Policy

# The order in which constraints are reported when they empty a pool (first failing constraint counts).
REASON_ORDER = ("wrong_role", "inactive", "same_region", "too_close_region", "is_requester", "on_case_team",
                "same_team_as_requester", "earlier_involvement", "declared_conflict", "declined_before",
                "unavailable", "at_capacity")


@dataclass(frozen=True)
class Reviewer:
    id: int
    name: str
    roles: frozenset[str]
    region_id: int
    team: str = ""
    active: bool = True
    capacity: int = 5
    expertise: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"nl"})
    unavailable: tuple[tuple[date, date], ...] = ()


@dataclass
class Conflicts:
    """Declared conflicts, indexed by what they are declared against: target -> reviewer ids."""

    persons: dict[int, set[int]] = field(default_factory=dict)
    families: dict[int, set[int]] = field(default_factory=dict)
    organisations: dict[str, set[int]] = field(default_factory=dict)
    regions: dict[int, set[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class SeatRequest:
    """What assignment needs to know about one request."""

    request_id: int
    region_id: int
    too_close: frozenset[int]
    requester_id: int
    requester_team: tuple[int, str]
    team_user_ids: frozenset[int]
    involved_user_ids: frozenset[int]
    declined_user_ids: frozenset[int]
    person_ids: frozenset[int]
    family_id: int
    organisations: frozenset[str]
    window: tuple[date, date]
    tags: frozenset[str]
    language: str
    seats: tuple[tuple[str, int], ...]
    keep: tuple[tuple[tuple[str, int], int], ...] = ()


@dataclass
class SeatChoice:
    role: str
    seat_no: int
    user_id: int | None
    score: float = 0.0
    breakdown: dict = field(default_factory=dict)
    kept: bool = False
    empty_reasons: Counter | None = None
    pool_size: int = 0


class Pool:
    def __init__(self, reviewers: list[Reviewer], conflicts: Conflicts, load: dict[int, int],
                 region_shares: dict[int, tuple[float, float]], policy: Policy, recent: dict[int, int] | None = None):
        self.policy = policy
        self.reviewers = sorted(reviewers, key=lambda r: r.id)
        self.index = {r.id: i for i, r in enumerate(self.reviewers)}
        n = len(self.reviewers)
        self.ids = np.array([r.id for r in self.reviewers], dtype=np.int64)
        self.region = np.array([r.region_id for r in self.reviewers], dtype=np.int64)
        self.active = np.array([r.active for r in self.reviewers], dtype=bool)
        self.capacity = np.array([r.capacity for r in self.reviewers], dtype=np.int64)
        self.load = np.array([load.get(r.id, 0) for r in self.reviewers], dtype=np.int64)
        # Seats taken over the past year, so the work spreads over people and not only over open reviews.
        self.recent = np.array([(recent or {}).get(r.id, 0) for r in self.reviewers], dtype=np.float64)
        self.team_code = {key: n for n, key in enumerate(sorted({(r.region_id, r.team) for r in self.reviewers if r.team}))}
        self.team = np.array([self.team_code.get((r.region_id, r.team), -1) for r in self.reviewers], dtype=np.int64)
        self.role_index = {role: np.array([i for i, r in enumerate(self.reviewers) if role in r.roles], dtype=np.int64)
                           for role in {role for r in self.reviewers for role in r.roles}}
        self.tag_bit = {tag: 1 << i for i, tag in enumerate(policy.expertise)}
        self.expertise = np.array([self.bits(r.expertise) for r in self.reviewers], dtype=np.uint64)
        self.language_bit = {lang: 1 << i for i, lang in enumerate(sorted({x for r in self.reviewers for x in r.languages}))}
        self.languages = np.array([sum(self.language_bit[x] for x in r.languages) for r in self.reviewers],
                                  dtype=np.uint64)
        spans = [(i, s.toordinal(), e.toordinal()) for i, r in enumerate(self.reviewers) for s, e in r.unavailable]
        self.un_idx = np.array([s[0] for s in spans], dtype=np.int64)
        self.un_start = np.array([s[1] for s in spans], dtype=np.int64)
        self.un_end = np.array([s[2] for s in spans], dtype=np.int64)
        self.conflicts = conflicts
        self._cached: tuple[SeatRequest, list] | None = None
        self.region_shares = region_shares
        n_regions = max(len(region_shares), 1)
        bonus = {}
        for region_id, (submitted, reviewed) in region_shares.items():
            bonus[region_id] = float(np.clip((submitted - reviewed) / max(submitted, 1 / n_regions), -1, 1))
        self.reciprocity = np.array([bonus.get(r.region_id, 0.0) for r in self.reviewers], dtype=np.float64)
        assert len(self.ids) == n

    def with_load(self, load: dict[int, int]) -> "Pool":
        """A copy to assign with: its own open load (and recent seats), so the cached pool stays untouched."""
        pool = copy.copy(self)
        pool.load = np.array([load.get(r.id, 0) for r in self.reviewers], dtype=np.int64)
        pool.recent = self.recent.copy()
        pool._cached = None
        return pool

    def bits(self, tags) -> int:
        return sum(self.tag_bit.get(t, 0) for t in tags)

    # --- hard constraints -----------------------------------------------------------------

    def _idx(self, user_ids) -> np.ndarray:
        return np.array([self.index[u] for u in user_ids if u in self.index], dtype=np.int64)

    def _conflicted(self, req: SeatRequest) -> set[int]:
        c = self.conflicts
        users: set[int] = set()
        for p in req.person_ids:
            users |= c.persons.get(p, set())
        users |= c.families.get(req.family_id, set())
        for org in req.organisations:
            users |= c.organisations.get(org, set())
        users |= c.regions.get(req.region_id, set())
        return users

    def _unavailable(self, req: SeatRequest) -> np.ndarray:
        if not len(self.un_idx):
            return np.zeros(0, dtype=np.int64)
        start, end = req.window[0].toordinal(), req.window[1].toordinal()
        return self.un_idx[(self.un_start <= end) & (self.un_end >= start)]

    def _request_masks(self, req: SeatRequest) -> list[tuple[str, np.ndarray]]:
        """(reason, True where a reviewer fails it) over the whole pool, for one request; cached for its seats."""
        if self._cached is not None and self._cached[0] is req:
            return self._cached[1]
        n = len(self.reviewers)

        def member(user_ids) -> np.ndarray:
            flags = np.zeros(n, dtype=bool)
            flags[self._idx(user_ids)] = True
            return flags

        blocked = np.zeros(int(self.region.max(initial=0)) + 1, dtype=bool)
        blocked[[r for r in req.too_close if r < len(blocked)]] = True
        unavailable = np.zeros(n, dtype=bool)
        unavailable[self._unavailable(req)] = True
        masks = [
            ("inactive", ~self.active),
            ("same_region", self.region == req.region_id),
            ("too_close_region", blocked[self.region]),
            ("is_requester", self.ids == req.requester_id),
            ("on_case_team", member(req.team_user_ids)),
            ("same_team_as_requester", self.team == self.team_code.get(req.requester_team, -2)),
            ("earlier_involvement", member(req.involved_user_ids)),
            ("declared_conflict", member(self._conflicted(req))),
            ("declined_before", member(req.declined_user_ids)),
            ("unavailable", unavailable),
        ]
        self._cached = (req, masks)
        return masks

    def _masks(self, idx: np.ndarray, role: str, req: SeatRequest) -> list[tuple[str, np.ndarray]]:
        """(reason, True where the candidate fails it), in REASON_ORDER, for the candidates `idx`."""
        masks = [(reason, fails[idx]) for reason, fails in self._request_masks(req)]
        return masks + [("at_capacity", self.load[idx] >= self.capacity[idx])]

    def eligible(self, role: str, req: SeatRequest, exclude: set[int] = frozenset()) -> tuple[np.ndarray, Counter, int]:
        """Indices of eligible candidates for a `role` seat, the first failing reason per excluded
        candidate, and the size of the role's pool."""
        idx = self.role_index.get(role, np.zeros(0, dtype=np.int64))
        ok = np.ones(len(idx), dtype=bool)
        reasons: Counter = Counter()
        for reason, fails in self._masks(idx, role, req):
            newly = ok & fails
            if newly.any():
                reasons[reason] += int(newly.sum())
            ok &= ~fails
        if exclude:
            ok &= ~np.isin(self.ids[idx], np.fromiter(exclude, dtype=np.int64))
        return idx[ok], reasons, len(idx)

    def exclusions(self, user_id: int, role: str, req: SeatRequest) -> list[str]:
        """Every reason one named candidate may not take a `role` seat (empty: eligible)."""
        i = self.index.get(user_id)
        if i is None:
            return ["wrong_role"]
        found = [] if role in self.reviewers[i].roles else ["wrong_role"]
        idx = np.array([i], dtype=np.int64)
        found += [reason for reason, fails in self._masks(idx, role, req) if fails[0]]
        return found

    # --- ranking ----------------------------------------------------------------------------

    def scores(self, idx: np.ndarray, req: SeatRequest) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        w = self.policy.weights
        wanted = self.bits(req.tags)
        n_wanted = max(bin(wanted).count("1"), 1)
        expertise = np.bitwise_count(self.expertise[idx] & np.uint64(wanted)).astype(np.float64) / n_wanted
        bit = self.language_bit.get(req.language, 0) if req.language != "nl" else 0
        language = ((self.languages[idx] & np.uint64(bit)) != 0).astype(np.float64)
        load = self.load[idx] / np.maximum(self.capacity[idx], 1)
        reciprocity = self.reciprocity[idx]
        per_capacity = self.recent / np.maximum(self.capacity, 1)
        history = per_capacity[idx] / max(float(per_capacity.mean()), 1.0)
        parts = {"expertise": w.expertise * expertise, "language": w.language * language,
                 "load": -w.load * load, "history": -w.history * history, "reciprocity": w.reciprocity * reciprocity}
        return sum(parts.values()), parts

    def breakdown(self, i: int, req: SeatRequest) -> dict:
        total, parts = self.scores(np.array([i], dtype=np.int64), req)
        return {"total": round(float(total[0]), 4), **{k: round(float(v[0]), 4) for k, v in parts.items()}}

    # --- one request --------------------------------------------------------------------------

    def choose(self, req: SeatRequest, seed: str) -> list[SeatChoice]:
        """A choice per seat. A seat nobody can take carries the reasons that emptied its pool.

        Continuity first: a holder of the seat stays while eligible. Otherwise the best score wins,
        and among candidates within `near_equal` of the best a seeded draw decides.
        """
        rng = random.Random(seed)
        keep = dict(req.keep)
        taken: set[int] = set()
        choices = []
        for role, seat_no in req.seats:
            holder = keep.get((role, seat_no))
            if holder is not None and holder not in taken and not self.exclusions(holder, role, req):
                i = self.index[holder]
                taken.add(holder)
                choices.append(SeatChoice(role, seat_no, holder, score=self.breakdown(i, req)["total"],
                                          breakdown=self.breakdown(i, req) | {"continuity": True}, kept=True))
                continue
            idx, reasons, pool_size = self.eligible(role, req, exclude=taken)
            if not len(idx):
                choices.append(SeatChoice(role, seat_no, None, empty_reasons=reasons, pool_size=pool_size))
                continue
            total, _ = self.scores(idx, req)
            best = float(total.max())
            near = sorted(int(self.ids[i]) for i in idx[total >= best - self.policy.near_equal])
            user_id = near[rng.randrange(len(near))]
            i = self.index[user_id]
            taken.add(user_id)
            self.load[i] += 1
            self.recent[i] += 1
            breakdown = self.breakdown(i, req)
            choices.append(SeatChoice(role, seat_no, user_id, score=breakdown["total"],
                                      breakdown=breakdown | {"drawn_among": near, "eligible": int(len(idx))}))
        return choices
