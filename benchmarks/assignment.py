"""Panel assignment at national scale, on a synthetic pool.

42 regions, 5,000 reviewers (60% tegensprekers, 20% juristen, 20% gedragswetenschappers), capacities
3-8, expertise, languages, leave and declared conflicts; 30,000 families; one year of 50,000 requests
(OTS, voorlopige OTS, UHP, gezagsbeëindiging, gesloten jeugdhulp) with siblings and prior cases.

Prints: batch time and peak memory for a day, a month and the year; single-request p50/p99 in a
day-by-day simulation of the year; conflict derivation time; fairness across reviewers and regions.
Each batch runs in its own process so its peak memory is its own. `python -m benchmarks.assignment`.

These are figures of the engine's speed and memory at scale, not of the product's year: see SIMPLIFICATIONS
(printed with the figures) and, for a realistic year, benchmarks.assignment_year.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta

import numpy as np

from models.catalogue import get_catalogue
from models.config import get_settings
from reviewers.batch import assign_batch
from reviewers.policy import get_policy
from reviewers.pool import Conflicts, Pool, Reviewer, SeatRequest

SEED = 20261122
N_REGIONS, N_REVIEWERS, N_FAMILIES, N_REQUESTS = 42, 5_000, 30_000, 50_000
YEAR_START = date(2027, 1, 1)
MEASURES = [("ots", 0.55), ("voorlopige_ots", 0.12), ("uithuisplaatsing", 0.2), ("gezagsbeeindiging", 0.05),
            ("gesloten_jeugdhulp", 0.08)]
LANGUAGES = ["ar", "tr", "pl", "en", "ti", "so"]


SIMPLIFICATIONS = (
    "what these figures are not: the product's year (for that: python -m benchmarks.assignment_year)",
    "batch 'year': all 50,000 requests in ONE optimisation with every capacity multiplied by 37 (a year holds ~37 "
    "ten-day review windows): no review windows, no seats freed over time, leave only as window overlap",
    "batch 'month': 30 days of requests in one optimisation, capacities x3; batch 'day': 200 requests, capacities as is",
    "batches: the earlier involvement is only the family's requester, who is not in the reviewer pool, so it "
    "excludes nobody; declared conflicts are family conflicts only (no organisation, region or person conflicts)",
    "pool: 5,000 reviewers with capacity 3-8, several times the open seats 50,000 requests a year need at once, "
    "so capacity rarely binds (the 'capacity vs demand' line below)",
    "day-by-day year: every request assigned alone with Pool.choose (the product's immediate mode, not the daily "
    "batch), spread over all 365 calendar days including weekends; no requester's colleagues on the case team",
)


def world():
    rng = np.random.default_rng(SEED)
    policy = get_policy()
    catalogue = get_catalogue(get_settings().catalogue_dir)
    size = rng.lognormal(0, 0.5, N_REGIONS)
    size /= size.sum()
    tags = list(policy.expertise)
    reviewers = []
    for i in range(N_REVIEWERS):
        role = rng.choice(["tegenspreker", "jurist", "gedragswetenschapper"], p=[0.6, 0.2, 0.2])
        leave = []
        for _ in range(rng.choice([0, 1, 2], p=[0.6, 0.3, 0.1])):
            start = YEAR_START + timedelta(days=int(rng.integers(0, 350)))
            leave.append((start, start + timedelta(days=int(rng.integers(7, 22)))))
        langs = {"nl"} | ({str(rng.choice(LANGUAGES))} if rng.random() < 0.15 else set())
        reviewers.append(Reviewer(
            id=i + 1, name=f"R{i + 1}", roles=frozenset({str(role)}), region_id=int(rng.choice(N_REGIONS, p=size)) + 1,
            team=f"team{int(rng.integers(0, 6))}", capacity=int(rng.integers(3, 9)),
            expertise=frozenset(str(t) for t in rng.choice(tags, size=int(rng.integers(1, 4)), replace=False)),
            languages=frozenset(langs), unavailable=tuple(leave)))
    family_region = rng.choice(N_REGIONS, size=N_FAMILIES, p=size) + 1
    family_language = np.where(rng.random(N_FAMILIES) < 0.12, rng.choice(LANGUAGES, N_FAMILIES), "nl")
    conflicts = Conflicts()
    for r in reviewers:
        if rng.random() < 0.03:
            conflicts.families.setdefault(int(rng.integers(1, N_FAMILIES + 1)), set()).add(r.id)
    too_close = {region: frozenset({int(rng.integers(1, N_REGIONS + 1))}) - {region} for region in range(1, N_REGIONS + 1)}
    # A quarter of the requests concern a family seen before (a sibling, an extension, a UHP after an OTS).
    families, seen = [], []
    for _ in range(N_REQUESTS):
        if seen and rng.random() < 0.25:
            families.append(seen[int(rng.integers(0, len(seen)))])
        else:
            seen.append(int(rng.integers(1, N_FAMILIES + 1)))
            families.append(seen[-1])
    days = np.sort(rng.integers(0, 365, N_REQUESTS))
    measures = rng.choice([m for m, _ in MEASURES], p=[p for _, p in MEASURES], size=N_REQUESTS)
    requests = []
    for n in range(N_REQUESTS):
        family = int(families[n])
        measure = catalogue.measure(str(measures[n]))
        day = YEAR_START + timedelta(days=int(days[n]))
        region = int(family_region[family - 1])
        spoed = measure.spoed
        window = catalogue.review.spoed_window_days if spoed else catalogue.review.window_days
        requests.append(dict(
            request_id=n + 1, region_id=region, too_close=too_close[region], requester_id=100_000 + region,
            requester_team=(region, "team0"), team_user_ids=frozenset(), declined_user_ids=frozenset(),
            person_ids=frozenset({family * 10 + k for k in range(3)}), family_id=family,
            organisations=frozenset(), window=(day, day + timedelta(days=window)),
            tags=frozenset({str(rng.choice(tags)), policy.age_bands[int(rng.integers(0, 3))].tag}),
            language=str(family_language[family - 1]), seats=tuple(measure.panel_seats())))
    submitted = Counter(r["region_id"] for r in requests)
    return reviewers, conflicts, requests, submitted


def build_requests(raw, involved: dict[int, set[int]]) -> list[SeatRequest]:
    return [SeatRequest(**r, involved_user_ids=frozenset(involved.get(r["family_id"], ()))) for r in raw]


def history_involvement(raw) -> dict[int, set[int]]:
    """Earlier involvement for a batch: requesters of the family's earlier requests (a stand-in for the
    dossier's history, which the day-by-day simulation builds for real)."""
    out: dict[int, set[int]] = defaultdict(set)
    for r in raw:
        out[r["family_id"]].add(r["requester_id"])
    return out


def run_batch(scenario: str) -> dict:
    reviewers, conflicts, raw, submitted = world()
    if scenario == "day":
        subset, scale = raw[20_000:20_200], 1
    elif scenario == "month":
        start = raw[0]["window"][0]
        subset, scale = [r for r in raw if r["window"][0] < start + timedelta(days=30)], 3
    else:
        subset, scale = raw, 37  # a reviewer's capacity is per open review; a year holds ~37 ten-day windows
    total_submitted = sum(submitted.values())
    shares = {region: (submitted[region] / total_submitted, 1 / N_REGIONS) for region in range(1, N_REGIONS + 1)}
    if scale > 1:
        reviewers = [Reviewer(**(r.__dict__ | {"capacity": r.capacity * scale})) for r in reviewers]
    started = time.perf_counter()
    involved = history_involvement(subset)
    requests = build_requests(subset, involved)
    pool = Pool(reviewers, conflicts, {}, shares, get_policy())
    built = time.perf_counter()
    result = assign_batch(pool, requests, f"bench-{scenario}")
    solved = time.perf_counter()
    filled = sum(all(c.user_id for c in choices) for choices in result.values())
    load = Counter(c.user_id for choices in result.values() if all(c.user_id for c in choices) for c in choices)
    return {"scenario": scenario, "requests": len(subset), "filled": filled, "seconds": solved - started,
            "setup_seconds": built - started, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "load_max_over_mean": max(load.values()) / statistics.mean(load.values()) if load else 0}


def simulate_year() -> dict:
    """Day by day: each request assigned alone (as for spoed), seats freed when the review window ends,
    earlier involvement built from the panels seated so far."""
    reviewers, conflicts, raw, submitted = world()
    total_submitted = sum(submitted.values())
    reviewed: Counter = Counter()
    region_of = {r.id: r.region_id for r in reviewers}
    pool = Pool(reviewers, conflicts, {}, {}, get_policy())
    involved: dict[int, set[int]] = defaultdict(set)
    open_until: list[tuple[date, list[int]]] = []
    timings, derive, failed = [], [], 0
    seated = Counter()
    for n, r in enumerate(raw):
        today = r["window"][0]
        while open_until and open_until[0][0] <= today:
            for user_id in open_until.pop(0)[1]:
                pool.load[pool.index[user_id]] -= 1
        if n % 500 == 0:  # reciprocity is refreshed periodically, as a service would cache it
            done = max(sum(reviewed.values()), 1)
            pool.reciprocity = np.array([
                float(np.clip((submitted[rv.region_id] / total_submitted - reviewed[rv.region_id] / done)
                              / max(submitted[rv.region_id] / total_submitted, 1 / N_REGIONS), -1, 1))
                for rv in pool.reviewers])
        t0 = time.perf_counter()
        req = SeatRequest(**r, involved_user_ids=frozenset(involved[r["family_id"]]))
        t1 = time.perf_counter()
        choices = pool.choose(req, f"sim-{n}")
        t2 = time.perf_counter()
        derive.append(t1 - t0)
        timings.append(t2 - t0)
        users = [c.user_id for c in choices if c.user_id]
        if len(users) < len(choices):
            failed += 1
            for u in users:
                pool.load[pool.index[u]] -= 1
            continue
        involved[r["family_id"]].update(users + [r["requester_id"]])
        open_until.append((r["window"][1], users))
        open_until.sort(key=lambda x: x[0])
        for u in users:
            reviewed[region_of[u]] += 1
            seated[u] += 1
    done = sum(reviewed.values())
    deviation = [abs(reviewed[g] / done - submitted[g] / total_submitted) / (submitted[g] / total_submitted)
                 for g in submitted]
    by_role = defaultdict(list)
    for rv in reviewers:
        by_role[next(iter(rv.roles))].append(seated[rv.id] / rv.capacity)
    seat_days = sum(len(r["seats"]) * (r["window"][1] - r["window"][0]).days for r in raw)
    return {"requests": len(raw), "unfilled": failed, "capacity": sum(rv.capacity for rv in reviewers),
            "open_seats_mean": seat_days / 365,
            "p50_ms": statistics.median(timings) * 1000, "p99_ms": statistics.quantiles(timings, n=100)[98] * 1000,
            "derive_p50_us": statistics.median(derive) * 1e6, "derive_p99_us": statistics.quantiles(derive, n=100)[98] * 1e6,
            "load_spread": {role: max(v) / statistics.mean(v) for role, v in by_role.items()},
            "region_share_deviation_median": statistics.median(deviation),
            "region_share_deviation_max": max(deviation)}


def db_derivation(n_requests: int = 25_000) -> dict:
    """The same facts read from a real SQLite database: the pool (5,000 reviewers with load, leave,
    conflicts, history) and a family's earlier involvement, on a dossier of `n_requests` requests."""
    import tempfile
    from datetime import UTC, datetime

    from sqlalchemy import insert
    from sqlmodel import Session

    from models.case import Case
    from models.db import create_schema, make_engine
    from models.family import Family
    from models.organisation import Region, User
    from models.panel import PanelSeat
    from models.request import Request
    from reviewers.facts import involved_users, load_pool

    reviewers, _, raw, _ = world()
    rng = np.random.default_rng(SEED)
    now = datetime(2027, 12, 31, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        create_schema(engine)
        with Session(engine) as session:
            session.execute(insert(Region), [dict(id=g, code=f"r{g}", name=f"RVT {g}", court="Rechtbank", court_location="X",
                                                  capacities=["raad"], too_close=[], team_contacts={})
                                                  for g in range(1, N_REGIONS + 1)])
            session.execute(insert(User), [dict(id=r.id, name=r.name, email=f"{r.id}@x.nl", region_id=r.region_id,
                                                team=r.team, function="", capacity=r.capacity, active=True,
                                                roles=list(r.roles), expertise=list(r.expertise),
                                                languages=list(r.languages)) for r in reviewers]
                            + [dict(id=100_000 + g, name=f"I{g}", email=f"i{g}@x.nl", region_id=g, team="team0",
                                    function="", capacity=0, active=True, roles=["indiener"], expertise=[],
                                    languages=["nl"]) for g in range(1, N_REGIONS + 1)])
            families = sorted({r["family_id"] for r in raw[:n_requests]})
            session.execute(insert(Family), [dict(id=f, name=f"Gezin {f}", language="nl") for f in families])
            session.execute(insert(Case), [dict(id=r["request_id"], family_id=r["family_id"], region_id=r["region_id"],
                                                title="", owner_id=r["requester_id"], created_at=now)
                                           for r in raw[:n_requests]])
            session.execute(insert(Request), [dict(id=r["request_id"], case_id=r["request_id"],
                                                   requester_id=r["requester_id"], measure="ots", state="filed",
                                                   spoed=False, flagged="", closing_reason="", created_at=now,
                                                   state_changed_at=now) for r in raw[:n_requests]])
            peers = [r.id for r in reviewers]
            session.execute(insert(PanelSeat), [dict(request_id=r["request_id"], role="tegenspreker", seat_no=k,
                                                     user_id=int(rng.choice(peers)), assigned_at=now, draw_seed="",
                                                     release_kind="", release_reason="", score=0.0, score_details={})
                                                for r in raw[:n_requests] for k in (1, 2, 3)])
            session.commit()
            t0 = time.perf_counter()
            load_pool(session, now)
            pool_seconds = time.perf_counter() - t0
            cached = []
            for _ in range(200):
                t0 = time.perf_counter()
                load_pool(session, now)
                cached.append(time.perf_counter() - t0)
            times = []
            for family in rng.choice(families, 300):
                t0 = time.perf_counter()
                involved_users(session, int(family), -1)
                times.append(time.perf_counter() - t0)
        engine.dispose()
    return {"requests": n_requests, "pool_seconds": pool_seconds,
            "cached_p50_ms": statistics.median(cached) * 1000,
            "cached_p99_ms": statistics.quantiles(cached, n=100)[98] * 1000,
            "involved_p50_ms": statistics.median(times) * 1000,
            "involved_p99_ms": statistics.quantiles(times, n=100)[98] * 1000}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--batch":
        print(json.dumps(run_batch(sys.argv[2])))
        return
    print(f"Panel assignment, synthetic national pool: {N_REGIONS} regions, {N_REVIEWERS} reviewers, "
          f"{N_REQUESTS} requests in a year")
    print("  simplifications:")
    for line in SIMPLIFICATIONS:
        print(f"    - {line}")
    for scenario in ("day", "month", "year"):
        out = subprocess.run([sys.executable, "-m", "benchmarks.assignment", "--batch", scenario],
                             capture_output=True, text=True, check=True, env=os.environ)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  batch {scenario:<5} {r['requests']:>6} requests: {r['seconds']:6.2f} s "
              f"(facts {r['setup_seconds']:.2f} s), peak RSS {r['peak_rss_mb']:6.0f} MB, filled {r['filled']}, "
              f"reviewer load max/mean {r['load_max_over_mean']:.2f}")
    sim = simulate_year()
    print(f"  capacity vs demand: {sim['capacity']:,} open seats of capacity in the pool against "
          f"{sim['open_seats_mean']:,.0f} seats open on an average day ({sim['capacity'] / sim['open_seats_mean']:.1f}x)")
    print(f"  single-request assignment, day-by-day year: p50 {sim['p50_ms']:.2f} ms, p99 {sim['p99_ms']:.2f} ms, "
          f"unfilled {sim['unfilled']} of {sim['requests']}")
    print(f"  conflict derivation in memory (family involvement -> request facts): p50 {sim['derive_p50_us']:.0f} µs, "
          f"p99 {sim['derive_p99_us']:.0f} µs")
    db = db_derivation()
    print(f"  conflict derivation from SQLite ({db['requests']} requests on file): p50 {db['involved_p50_ms']:.2f} ms, "
          f"p99 {db['involved_p99_ms']:.2f} ms")
    print(f"  the pool of {N_REVIEWERS} from SQLite: first load {db['pool_seconds'] * 1000:.0f} ms; cached, with fresh load: "
          f"p50 {db['cached_p50_ms']:.1f} ms, p99 {db['cached_p99_ms']:.1f} ms")
    print("  fairness: reviewer seats/capacity max/mean per role: "
          + ", ".join(f"{k} {v:.2f}" for k, v in sim["load_spread"].items()))
    print(f"  fairness: |reviewed share - submitted share| / submitted share per region: median "
          f"{sim['region_share_deviation_median']:.1%}, max {sim['region_share_deviation_max']:.1%}")


if __name__ == "__main__":
    main()
