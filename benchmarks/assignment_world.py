"""The synthetic national world of the assignment year (benchmarks.assignment_year): 42 jeugdregio's, a reviewer
pool with teams, capacities, leave and declared conflicts, families with earlier panels, and the requests of
each working day. Every number here is an assumption; `assumptions()` lists them for the printed figures."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from models.catalogue import Catalogue
from reviewers.policy import Policy
from reviewers.pool import Conflicts, Reviewer

N_REGIONS = 42
REGION_SIZE_SIGMA = 0.6  # lognormal spread of the regions' sizes (youth population)
TOO_CLOSE_NEIGHBOURS = 2  # each region lists its nearest neighbours as too close (and is listed back)
ROLE_COUNTS = {"tegenspreker": 800, "jurist": 700, "gedragswetenschapper": 700}  # national, spread by size
MIN_PER_ROLE = 4  # even the smallest region has this many of each role
CAPACITY = (2, 4)  # concurrent open reviews per reviewer, uniform
TEAM_SIZE = 8
INDIENERS_PER_REGION = 30  # requesters (not in the reviewer pool), in teams like the reviewers
SUMMER = (0.85, 10, 21)  # share of reviewers with a summer holiday, its length in days (start 1 Jul - 15 Aug)
SHORT = (0.6, 3, 7)  # share with one short absence (illness, course) anywhere in the year, length in days
LONG = (0.05, 42, 112)  # share with long absence (illness, parental leave): 6-16 weeks
EXTRA_LANGUAGE = 0.15  # reviewers speaking one language besides Dutch
LANGUAGES = ("ar", "tr", "pl", "en", "ti", "so")
LAW_FIRMS = 80  # each with a home region
CONFLICT_SHARES = {"rvt": 0.03, "law_firm": 0.02, "region": 0.02, "family": 0.01}  # reviewers declaring one
PRIOR_FAMILIES = 35_000  # families with earlier cases (and panels) before the year starts
PRIOR_PANELS = ((1, 0.7), (2, 0.25), (3, 0.05))  # earlier panels per such family
# measure: (share of requests, share of them spoed, P(family has a case this year already), P(earlier year))
MEASURES = {
    "ots": (0.22, 0.0, 0.35, 0.15),
    "verlenging_ots": (0.30, 0.0, 0.0, 1.0),
    "voorlopige_ots": (0.09, 1.0, 0.0, 0.15),
    "uithuisplaatsing": (0.24, 0.25, 0.30, 0.30),
    "gezagsbeeindiging": (0.04, 0.0, 0.10, 0.90),
    "gesloten_jeugdhulp": (0.11, 0.0, 0.25, 0.35),
}
FAMILY_LAWYER = 0.35  # families with a lawyer (from a firm of their own region 80% of the time)
NON_DUTCH = 0.12  # families whose language is not Dutch
WEEKDAY = (1.10, 1.05, 1.0, 1.0, 0.85)  # Monday..Friday volume
SEASON = {7: 0.9, 8: 0.85, 12: 0.9}  # months with less volume; the rest is scaled so the mean holds
YEAR_START = date(2027, 1, 4)
HOLIDAYS = {date(2027, 3, 29), date(2027, 4, 27), date(2027, 5, 6), date(2027, 5, 17), date(2027, 12, 27),
            date(2027, 12, 28), date(2028, 1, 3)}


def assumptions(scale: float) -> list[str]:
    roles = ", ".join(f"{role} {round(n * scale)}" for role, n in ROLE_COUNTS.items())
    mix = ", ".join(f"{m} {s:.0%}" + (f" ({sp:.0%} spoed)" if sp else "") for m, (s, sp, _, _) in MEASURES.items())
    return [
        f"{N_REGIONS} regions (jeugdregio's), sizes lognormal (sigma {REGION_SIZE_SIGMA}); requests and reviewers "
        f"spread by size; each region has its {TOO_CLOSE_NEIGHBOURS} nearest regions as too close (both ways)",
        f"pool: {roles} (at least {MIN_PER_ROLE} per role per region), capacity {CAPACITY[0]}-{CAPACITY[1]} "
        f"concurrent open reviews, teams of {TEAM_SIZE}; requesters are {INDIENERS_PER_REGION} indieners per "
        "region outside the pool",
        f"leave: {SUMMER[0]:.0%} a summer holiday of {SUMMER[1]}-{SUMMER[2]} days (July-August), {SHORT[0]:.0%} one "
        f"absence of {SHORT[1]}-{SHORT[2]} days, {LONG[0]:.0%} a long absence of {LONG[1] // 7}-{LONG[2] // 7} "
        "weeks; a reviewer on leave anywhere in a review's window is not eligible (the engine's rule)",
        "declared conflicts: " + ", ".join(f"{s:.0%} {k}" for k, s in CONFLICT_SHARES.items())
        + f" (rvt: another region's RVT as organisation; {LAW_FIRMS} law firms, {FAMILY_LAWYER:.0%} of families "
        "have a lawyer)",
        f"measures: {mix}",
        f"history: {PRIOR_FAMILIES:,} families had 1-3 earlier panels before the year (drawn from this pool, from "
        "other regions); returning families (extensions, OTS after a voorlopige OTS, UHP, siblings) exclude every "
        "reviewer who sat on or requested any earlier request of the family, including the year's own",
        f"volume: Poisson per working day around the mean, weekday factors {WEEKDAY}, lighter July, August, "
        f"December; {NON_DUTCH:.0%} of families not Dutch-speaking; 0-2 problem tags plus an age band per request",
    ]


def working_days(n: int) -> list[date]:
    days, day = [], YEAR_START
    while len(days) < n:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class Incoming:
    request_id: int
    submitted: int  # index of the working day
    region_id: int
    measure: str
    spoed: bool
    family_id: int
    requester_id: int
    requester_team: tuple[int, str]
    team_user_ids: frozenset[int]
    organisations: frozenset[str]
    tags: frozenset[str]
    language: str
    seats: tuple[tuple[str, int], ...]


@dataclass
class World:
    share: np.ndarray  # per region (index region_id - 1)
    too_close: dict[int, frozenset[int]]
    reviewers: list[Reviewer]
    conflicts: Conflicts
    indieners: dict[int, list[tuple[int, str]]]
    firms: dict[int, list[str]]  # region -> its law firms
    involved: dict[int, set[int]]  # family -> everyone involved in its earlier requests
    prior: dict[int, list[int]]  # region -> families with cases before the year
    this_year: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    seen_this_year: set[int] = field(default_factory=set)
    family_region: dict[int, int] = field(default_factory=dict)
    family_facts: dict[int, tuple[str, str | None]] = field(default_factory=dict)  # language, law firm
    next_family: int = 1
    next_request: int = 1


def region_name(region_id: int) -> str:
    return f"RVT jeugdregio {region_id:02d}"


def _leave(rng, start: date, days_total: int) -> tuple[tuple[date, date], ...]:
    spans = []
    if rng.random() < SUMMER[0]:
        s = date(start.year, 7, 1) + timedelta(days=int(rng.integers(0, 46)))
        spans.append((s, s + timedelta(days=int(rng.integers(SUMMER[1], SUMMER[2] + 1)) - 1)))
    if rng.random() < SHORT[0]:
        s = start + timedelta(days=int(rng.integers(0, days_total)))
        spans.append((s, s + timedelta(days=int(rng.integers(SHORT[1], SHORT[2] + 1)) - 1)))
    if rng.random() < LONG[0]:
        s = start + timedelta(days=int(rng.integers(0, days_total)))
        spans.append((s, s + timedelta(days=int(rng.integers(LONG[1], LONG[2] + 1)) - 1)))
    return tuple(spans)


def make_world(rng: np.random.Generator, policy: Policy, scale: float) -> World:
    size = rng.lognormal(0, REGION_SIZE_SIGMA, N_REGIONS)
    share = size / size.sum()
    regions = range(1, N_REGIONS + 1)
    place = rng.random((N_REGIONS, 2))
    distance = np.linalg.norm(place[:, None] - place[None, :], axis=2)
    near = {g: {int(j) + 1 for j in np.argsort(distance[g - 1])[1:TOO_CLOSE_NEIGHBOURS + 1]} for g in regions}
    too_close = {g: frozenset(near[g] | {h for h in regions if g in near[h]}) for g in regions}
    tags = list(policy.expertise)
    reviewers, next_id = [], 1
    for role, national in ROLE_COUNTS.items():
        for g in regions:
            for k in range(max(MIN_PER_ROLE, round(national * scale * share[g - 1]))):
                langs = {"nl"} | ({str(rng.choice(LANGUAGES))} if rng.random() < EXTRA_LANGUAGE else set())
                reviewers.append(Reviewer(
                    id=next_id, name=f"{role[:3]}{next_id}", roles=frozenset({role}), region_id=g,
                    team=f"team{k // TEAM_SIZE}", capacity=int(rng.integers(CAPACITY[0], CAPACITY[1] + 1)),
                    expertise=frozenset(str(t) for t in rng.choice(tags, size=int(rng.integers(1, 4)), replace=False)),
                    languages=frozenset(langs), unavailable=_leave(rng, YEAR_START, 365)))
                next_id += 1
    firms: dict[int, list[str]] = defaultdict(list)
    for f in range(LAW_FIRMS):
        firms[int(rng.choice(N_REGIONS, p=share)) + 1].append(f"advocatenkantoor {f}")
    all_firms = [f for fs in firms.values() for f in fs]
    conflicts = Conflicts()
    prior_family_ids = np.arange(1, PRIOR_FAMILIES + 1)
    for r in reviewers:
        if rng.random() < CONFLICT_SHARES["rvt"]:
            other = int(rng.choice([g for g in regions if g != r.region_id]))
            conflicts.organisations.setdefault(region_name(other), set()).add(r.id)
        if rng.random() < CONFLICT_SHARES["law_firm"]:
            conflicts.organisations.setdefault(str(rng.choice(all_firms)), set()).add(r.id)
        if rng.random() < CONFLICT_SHARES["region"]:
            conflicts.regions.setdefault(int(rng.integers(1, N_REGIONS + 1)), set()).add(r.id)
        if rng.random() < CONFLICT_SHARES["family"]:
            conflicts.families.setdefault(int(rng.choice(prior_family_ids)), set()).add(r.id)
    indieners = {g: [(100_000 + g * 1000 + k, f"team{k // TEAM_SIZE}") for k in range(INDIENERS_PER_REGION)]
                 for g in regions}
    world = World(share=share, too_close=too_close, reviewers=reviewers, conflicts=conflicts, indieners=indieners,
                  firms=firms, involved=defaultdict(set), prior=defaultdict(list))
    # Families with earlier cases, and their earlier panels as if the year before ran on this pool: per panel a
    # requester of the family's region and, per role, a reviewer from another region.
    region_of = rng.choice(N_REGIONS, size=PRIOR_FAMILIES, p=share) + 1
    language = np.where(rng.random(PRIOR_FAMILIES) < NON_DUTCH, rng.choice(LANGUAGES, PRIOR_FAMILIES), "nl")
    lawyer, own, pick = (rng.random(PRIOR_FAMILIES) for _ in range(3))
    for family, region, lang, has, mine, u in zip(prior_family_ids.tolist(), region_of.tolist(), language.tolist(),
                                                  lawyer < FAMILY_LAWYER, own < 0.8, pick.tolist()):
        firms_here = firms.get(region) if mine and firms.get(region) else all_firms
        world.family_region[family] = region
        world.family_facts[family] = (lang, firms_here[int(u * len(firms_here))] if has else None)
        world.prior[region].append(family)
    counts, weights = zip(*PRIOR_PANELS)
    panels = rng.choice(counts, size=PRIOR_FAMILIES, p=weights)
    families, regions_rep = np.repeat(prior_family_ids, panels), np.repeat(region_of, panels)
    earlier = [100_000 + regions_rep * 1000 + rng.integers(0, INDIENERS_PER_REGION, len(families))]
    for role in ROLE_COUNTS:
        ids = np.array([r.id for r in reviewers if role in r.roles])
        where = np.array([r.region_id for r in reviewers if role in r.roles])
        chosen = rng.integers(0, len(ids), len(families))
        while (clash := where[chosen] == regions_rep).any():
            chosen[clash] = rng.integers(0, len(ids), int(clash.sum()))
        earlier.append(ids[chosen])
    for family, *users in zip(families.tolist(), *(e.tolist() for e in earlier)):
        world.involved[family].update(users)
    world.next_family = PRIOR_FAMILIES + 1
    return world


def _new_family(world: World, rng, family: int, region: int | None = None) -> int:
    region = region or int(rng.choice(N_REGIONS, p=world.share)) + 1
    world.family_region[family] = region
    language = str(rng.choice(LANGUAGES)) if rng.random() < NON_DUTCH else "nl"
    firm = None
    if rng.random() < FAMILY_LAWYER:
        own = world.firms.get(region)
        pool = own if own and rng.random() < 0.8 else [f for fs in world.firms.values() for f in fs]
        firm = str(rng.choice(pool))
    world.family_facts[family] = (language, firm)
    return region


def volume_factors(days: list[date]) -> np.ndarray:
    raw = np.array([WEEKDAY[d.weekday()] * SEASON.get(d.month, 1.0) for d in days])
    return raw / raw.mean()


def requests_of_day(world: World, rng, catalogue: Catalogue, policy: Policy, day_index: int, n: int) -> list[Incoming]:
    codes = list(MEASURES)
    p = np.array([MEASURES[m][0] for m in codes])
    problem_tags = [t for t in policy.expertise if t not in {b.tag for b in policy.age_bands}]
    out = []
    for code in rng.choice(codes, size=n, p=p / p.sum()):
        code = str(code)
        _, spoed_share, p_this_year, p_prior = MEASURES[code]
        region = int(rng.choice(N_REGIONS, p=world.share)) + 1
        draw = rng.random()
        if draw < p_this_year and world.this_year[region]:
            family = world.this_year[region][int(rng.integers(len(world.this_year[region])))]
        elif draw < p_this_year + p_prior and world.prior[region]:
            family = world.prior[region][int(rng.integers(len(world.prior[region])))]
        else:
            family = world.next_family
            world.next_family += 1
            _new_family(world, rng, family, region)
        if family not in world.seen_this_year:
            world.seen_this_year.add(family)
            world.this_year[region].append(family)
        language, firm = world.family_facts[family]
        requester, team = world.indieners[region][int(rng.integers(INDIENERS_PER_REGION))]
        colleagues = {u for u, t in world.indieners[region] if t == team}
        picked = rng.choice(sorted(colleagues), size=min(2, len(colleagues)), replace=False)
        team_users = {requester} | set(picked.tolist())
        tags = {policy.age_bands[int(rng.integers(len(policy.age_bands)))].tag}
        tags |= {str(t) for t in rng.choice(problem_tags, size=int(rng.integers(0, 3)), replace=False)}
        measure = catalogue.measure(code)
        out.append(Incoming(
            request_id=world.next_request, submitted=day_index, region_id=region, measure=code,
            spoed=measure.spoed or rng.random() < spoed_share, family_id=family, requester_id=requester,
            requester_team=(region, team), team_user_ids=frozenset(team_users),
            organisations=frozenset({region_name(region)} | ({firm} if firm else set())), tags=frozenset(tags),
            language=language, seats=tuple(measure.panel_seats())))
        world.next_request += 1
    return out
