"""A realistic year of panel assignment, day by day, on the product's own engine (reviewers.pool, reviewers.batch).

250 working days of ~200 requests; each seat is held for the catalogue's review window and freed when it ends;
reviewers have capacities of 2-4 open reviews, leave, teams and declared conflicts; families return and exclude
everyone who worked on their earlier requests. The world is in benchmarks/assignment_world.py, and every
assumption is printed with the figures.

Modes, as the product runs them (models.services.events, models.services.panel):
- batch (default; Settings.assignment_mode="batch"): each morning one optimisation (assign_batch) over every
  request still waiting (yesterday's non-spoed ones and any refused earlier); spoed requests are assigned at
  submission, one at a time (Pool.choose);
- immediate: every request at submission with Pool.choose; a refused one is retried the next morning (in the
  product a beheerder retries it by hand).

`python -m benchmarks.assignment_year [--days 250] [--per-day 200] [--mode batch|immediate] [--pool-scale 1.0]`
"""

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from benchmarks.assignment_world import (N_REGIONS, ROLE_COUNTS, Incoming, assumptions, make_world, requests_of_day,
                                         volume_factors, working_days)
from models.catalogue import get_catalogue
from models.config import get_settings
from reviewers.batch import assign_batch
from reviewers.policy import get_policy
from reviewers.pool import Pool, SeatChoice, SeatRequest

SEED = 20261130
CATALOGUE_VERSION = "2026.2"


@dataclass
class Year:
    """What the simulation saw; `record` holds every seated panel when asked for (tests check it)."""

    days: list[date]
    reviewers: list
    world: object = None
    per_day: list[dict] = field(default_factory=list)
    single_ms: list[float] = field(default_factory=list)  # each request assigned alone (Pool.choose)
    seats: Counter = field(default_factory=Counter)  # reviewer id -> seats over the year
    submitted_by_region: Counter = field(default_factory=Counter)
    reviewed_by_region: Counter = field(default_factory=Counter)
    waits: list[int] = field(default_factory=list)  # working days from submission to a full panel
    spoed_waits: list[int] = field(default_factory=list)
    refusals: int = 0  # attempts that left a request without a full panel
    refused_requests: set = field(default_factory=set)
    refusal_reasons: Counter = field(default_factory=Counter)  # (role, why) per empty seat
    empty_pool_reasons: Counter = field(default_factory=Counter)  # (role, reason): candidates per first failing rule
    families_with_history: tuple[int, int] = (0, 0)  # at the start and at the end of the year
    excluded_by_quarter: dict = field(default_factory=lambda: defaultdict(list))
    cpu_seconds: float = 0.0
    unseated: list[Incoming] = field(default_factory=list)
    known: Counter = field(default_factory=Counter)  # quarter -> requests whose family had an excluded reviewer
    requests_by_quarter: Counter = field(default_factory=Counter)
    excluded_for_history: list[int] = field(default_factory=list)
    peak: dict = field(default_factory=dict)  # role -> (share of present capacity in use, date, open, present)
    at_capacity_peak: dict = field(default_factory=dict)
    record: list | None = None
    build_seconds: float = 0.0
    facts_seconds: float = 0.0
    total_seconds: float = 0.0


def window_days(catalogue, inc: Incoming) -> int:
    return catalogue.review.spoed_window_days if inc.spoed else catalogue.review.window_days


def seat_request(world, inc: Incoming, today: date, days: int) -> SeatRequest:
    """As reviewers.facts.seat_request builds it from the database; the window runs from the day of assignment."""
    return SeatRequest(
        request_id=inc.request_id, region_id=inc.region_id, too_close=world.too_close[inc.region_id],
        requester_id=inc.requester_id, requester_team=inc.requester_team, team_user_ids=inc.team_user_ids,
        involved_user_ids=frozenset(world.involved.get(inc.family_id, ())), declined_user_ids=frozenset(),
        person_ids=frozenset(inc.family_id * 10 + k for k in range(3)), family_id=inc.family_id,
        organisations=inc.organisations, window=(today, today + timedelta(days=days)), tags=inc.tags,
        language=inc.language, seats=inc.seats)


def region_shares(year: Year) -> dict[int, tuple[float, float]]:
    submitted, reviewed = max(sum(year.submitted_by_region.values()), 1), max(sum(year.reviewed_by_region.values()), 1)
    return {g: (year.submitted_by_region[g] / submitted, year.reviewed_by_region[g] / reviewed)
            for g in range(1, N_REGIONS + 1)}


def simulate(days: int = 250, per_day: float = 200, mode: str = "batch", pool_scale: float = 1.0, seed: int = SEED,
             record: bool = False, top_k: int | None = None, progress: bool = False) -> Year:
    started, cpu_started = time.perf_counter(), time.process_time()
    rng = np.random.default_rng(seed)
    policy = get_policy()
    if top_k is not None:  # an experiment with the policy's batch_top_k; the product reads it from policy.yaml
        policy = policy.model_copy(update={"batch_top_k": top_k})
    catalogue = get_catalogue(get_settings().catalogue_dir, CATALOGUE_VERSION)
    world = make_world(rng, policy, pool_scale)
    calendar = working_days(days)
    factors = volume_factors(calendar)
    year = Year(days=calendar, reviewers=world.reviewers, world=world, record=[] if record else None)
    base = Pool(world.reviewers, world.conflicts, {}, {}, policy)  # only for the arrays; rebuilt daily below
    n = len(base.reviewers)
    load = np.zeros(n, dtype=np.int64)
    releases: dict[date, list[np.ndarray]] = defaultdict(list)
    role_of = {role: base.role_index[role] for role in ROLE_COUNTS}
    region_of = {r.id: r.region_id for r in world.reviewers}
    waiting: list[Incoming] = []
    last_day = calendar[0]
    pool_ids = set(base.index)
    with_history_at_start = sum(1 for users in world.involved.values() if users & pool_ids)

    def seat(inc: Incoming, choices: list[SeatChoice], today: date, day_index: int, req: SeatRequest) -> bool:
        if any(c.user_id is None for c in choices):
            year.refusals += 1
            year.refused_requests.add(inc.request_id)
            for c in choices:
                if c.user_id is None and not c.pool_size:  # reviewers.batch: candidates existed, all taken
                    year.refusal_reasons[(c.role, "offered candidates taken in the batch")] += 1
                elif c.user_id is None:
                    year.refusal_reasons[(c.role, "no eligible candidate")] += 1
                    for reason, count in (c.empty_reasons or Counter()).items():
                        year.empty_pool_reasons[(c.role, reason)] += count
            return False
        users = [c.user_id for c in choices]
        idx = np.array([base.index[u] for u in users], dtype=np.int64)
        load[idx] += 1
        releases[req.window[1]].append(idx)
        world.involved[inc.family_id].update(users, inc.team_user_ids)
        for u in users:
            year.seats[u] += 1
            year.reviewed_by_region[region_of[u]] += 1
        (year.spoed_waits if inc.spoed else year.waits).append(day_index - inc.submitted)
        if year.record is not None:
            year.record.append((inc, req, dict(((c.role, c.seat_no), c.user_id) for c in choices), today))
        return True

    for day_index, today in enumerate(calendar):
        for offset in range((today - last_day).days):  # reviews whose window ended since the last working day
            for idx in releases.pop(last_day + timedelta(days=offset + 1), []):
                load[idx] -= 1
        last_day = today
        new = requests_of_day(world, rng, catalogue, policy, day_index, int(rng.poisson(per_day * factors[day_index])))
        quarter = (today.month - 1) // 3 + 1
        for inc in new:
            year.submitted_by_region[inc.region_id] += 1
            year.requests_by_quarter[quarter] += 1
            excluded = len(world.involved.get(inc.family_id, set()) & pool_ids)
            if excluded:
                year.known[quarter] += 1
                year.excluded_for_history.append(excluded)
                year.excluded_by_quarter[quarter].append(excluded)
        t0 = time.perf_counter()
        # The ranking inputs (reciprocity, seats over the past year) are refreshed daily; the product caches them
        # for at most RANKING_TTL_SECONDS. The open load is always current.
        pool = Pool(world.reviewers, world.conflicts, {}, region_shares(year), policy, dict(year.seats))
        year.build_seconds += time.perf_counter() - t0
        batch_ms = spoed_ms_today = 0.0
        cpu0 = time.process_time()
        if mode == "batch":
            morning, waiting = waiting + [i for i in new if not i.spoed], []
            at_once = [i for i in new if i.spoed]
        else:
            morning, waiting, at_once = [], [], waiting + new
        seated, refused_before = 0, year.refusals
        if morning:
            t0 = time.perf_counter()
            reqs = [seat_request(world, inc, today, window_days(catalogue, inc)) for inc in morning]
            t1 = time.perf_counter()
            pool.load = load.copy()
            result = assign_batch(pool, reqs, f"sim-batch-{day_index}")
            batch_ms = (time.perf_counter() - t1) * 1000
            year.facts_seconds += t1 - t0
            for inc, req in zip(morning, reqs):
                if seat(inc, result[inc.request_id], today, day_index, req):
                    seated += 1
                else:
                    waiting.append(inc)
        for inc in at_once:
            t0 = time.perf_counter()
            req = seat_request(world, inc, today, window_days(catalogue, inc))
            t1 = time.perf_counter()
            pool.load = load.copy()
            choices = pool.choose(req, f"sim-{inc.request_id}-{day_index}")
            ms = (time.perf_counter() - t1) * 1000
            year.facts_seconds += t1 - t0
            spoed_ms_today += ms
            year.single_ms.append(ms)
            if seat(inc, choices, today, day_index, req):
                seated += 1
            else:
                waiting.append(inc)
        refused_today = year.refusals - refused_before
        solve_cpu_ms = (time.process_time() - cpu0) * 1000  # includes building the day's request facts
        _track_capacity(year, pool, load, role_of, today)
        year.per_day.append({"date": today, "new": len(new), "batch": len(morning), "one_by_one": len(at_once),
                             "seated": seated, "waiting": len(waiting), "batch_ms": batch_ms,
                             "one_by_one_ms": spoed_ms_today, "solve_ms": batch_ms + spoed_ms_today,
                             "cpu_ms": solve_cpu_ms, "refused": refused_today})
        if progress and (day_index % 10 == 9 or refused_today):
            print(f"  .. {today}: {len(new)} new, {len(morning)} in the batch ({batch_ms:.0f} ms), {refused_today} "
                  f"refused, {len(waiting)} waiting; open seats left with reviewers free for a whole review window: "
                  + ", ".join(f"{role[:3]} {n}" for role, n in
                              room_left(pool, load, role_of, today, catalogue.review.window_days).items()),
                  file=sys.stderr, flush=True)
    year.unseated = waiting
    with_history_at_end = sum(1 for users in world.involved.values() if users & pool_ids)
    year.families_with_history = (with_history_at_start, with_history_at_end)
    year.total_seconds = time.perf_counter() - started
    year.cpu_seconds = time.process_time() - cpu_started
    return year


def room_left(pool: Pool, load: np.ndarray, role_of: dict, today: date, days: int) -> dict[str, int]:
    """Open seats still free, per role, among reviewers with no leave in [today, today + days] (the engine's rule)."""
    t = today.toordinal()
    away = np.zeros(len(load), dtype=bool)
    away[pool.un_idx[(pool.un_start <= t + days) & (pool.un_end >= t)]] = True
    room = np.maximum(pool.capacity - load, 0) * ~away
    return {role: int(room[idx].sum()) for role, idx in role_of.items()}


def _track_capacity(year: Year, pool: Pool, load: np.ndarray, role_of: dict, today: date) -> None:
    t = today.toordinal()
    away = np.zeros(len(load), dtype=bool)
    away[pool.un_idx[(pool.un_start <= t) & (pool.un_end >= t)]] = True
    for role, idx in role_of.items():
        present = int(pool.capacity[idx][~away[idx]].sum())
        open_seats = int(load[idx].sum())
        share = open_seats / max(present, 1)
        if share > year.peak.get(role, (-1,))[0]:
            year.peak[role] = (share, today, open_seats, present, int(pool.capacity[idx].sum()))
        full = float((load[idx] >= pool.capacity[idx]).mean())
        if full > year.at_capacity_peak.get(role, (-1,))[0]:
            year.at_capacity_peak[role] = (full, today)


def pct(values, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else 0.0


def report(year: Year, args) -> list[str]:
    days = year.per_day
    solve, cpu = [d["solve_ms"] for d in days], [d["cpu_ms"] for d in days]
    largest = max(days, key=lambda d: d["batch"] + d["one_by_one"])
    slowest = max(days, key=lambda d: d["solve_ms"])
    total_requests = sum(d["new"] for d in days)
    seated = len(year.waits) + len(year.spoed_waits)
    top_k = args.top_k or get_policy().batch_top_k
    lines = [
        f"Panel assignment, a realistic year: {len(days)} working days ({year.days[0]} - {year.days[-1]}), "
        f"{total_requests:,} requests (mean {args.per_day:g} a day), mode {args.mode}, pool scale {args.pool_scale:g}, "
        f"batch_top_k {top_k}, seed {args.seed}",
        f"  total run {year.total_seconds:.1f} s wall, {year.cpu_seconds:.1f} s CPU (world and history included); "
        f"daily pool builds {year.build_seconds:.1f} s, request facts {year.facts_seconds:.1f} s, solving "
        f"{sum(solve) / 1000:.1f} s wall",
        f"  solve time per day, wall: p50 {pct(solve, 50):.0f} ms, p95 {pct(solve, 95):.0f} ms, max "
        f"{slowest['solve_ms']:.0f} ms ({slowest['date']}, {slowest['batch']} in the batch + {slowest['one_by_one']} "
        f"one by one); CPU: p50 {pct(cpu, 50):.0f} ms, p95 {pct(cpu, 95):.0f} ms, max {max(cpu):.0f} ms",
        f"  largest day: {largest['date']}, {largest['batch']} requests in the morning batch "
        f"({largest['batch_ms']:.0f} ms) + {largest['one_by_one']} one by one ({largest['one_by_one_ms']:.0f} ms)",
    ]
    if year.single_ms:
        lines.append(f"  one request alone (Pool.choose; spoed, or all in immediate mode), wall: p50 "
                     f"{pct(year.single_ms, 50):.1f} ms, p95 {pct(year.single_ms, 95):.1f} ms, "
                     f"max {max(year.single_ms):.1f} ms")
    waits = year.waits + year.spoed_waits
    refused_days = [d for d in days if d["refused"]]
    lines += [
        f"  seated: {seated:,} of {total_requests:,}; without a full panel at the first attempt: "
        f"{len(year.refused_requests):,} requests ({year.refusals:,} refused attempts; days with refusals "
        f"{len(refused_days)}"
        + (f", worst {max(refused_days, key=lambda d: d['refused'])['date']} with "
           f"{max(d['refused'] for d in refused_days)}" if refused_days else "")
        + f"); still without a panel at the end: {len(year.unseated):,}",
        f"  wait from submission to a full panel (working days): same day {waits.count(0) / max(len(waits), 1):.1%}, "
        f"p95 {pct(waits, 95):.0f}, max {max(waits, default=0)}; spoed not seated the same day: "
        f"{sum(1 for w in year.spoed_waits if w):,} of {len(year.spoed_waits):,}",
    ]
    if year.refusal_reasons:
        lines.append("  empty seats, by why (the engine's reasons; a request with one empty seat takes none): "
                     + "; ".join(f"{role} {why} {n:,}" for (role, why), n in year.refusal_reasons.most_common()))
    if year.empty_pool_reasons:
        lines.append("  seats with no eligible candidate, candidates per first failing rule: "
                     + "; ".join(f"{role} {why} {n:,}" for (role, why), n in year.empty_pool_reasons.most_common(8)))
    lines.append("  peak concurrent load vs the capacity of reviewers present that day (nominal capacity):")
    for role, (share, day, open_seats, present, nominal) in year.peak.items():
        full, full_day = year.at_capacity_peak[role]
        lines.append(f"    {role:<21} {open_seats:,} open of {present:,} present ({share:.0%}) on {day}; "
                     f"nominal {nominal:,}; most reviewers at capacity: {full:.0%} on {full_day}")
    lines.append("  fairness, seats per reviewer over the year: min / p10 / p50 / p90 / max, max/mean; per unit of "
                 "capacity: p10 / p90, max/mean; reviewers with none:")
    for role in ROLE_COUNTS:
        people = [r for r in year.reviewers if role in r.roles]
        counts = np.array([year.seats[r.id] for r in people], dtype=float)
        per_cap = counts / np.array([r.capacity for r in people])
        lines.append(f"    {role:<21} {len(people):>4} reviewers: {counts.min():.0f} / {pct(counts, 10):.0f} / "
                     f"{pct(counts, 50):.0f} / {pct(counts, 90):.0f} / {counts.max():.0f}, "
                     f"{counts.max() / max(counts.mean(), 1e-9):.2f}; {pct(per_cap, 10):.1f} / {pct(per_cap, 90):.1f}, "
                     f"{per_cap.max() / max(per_cap.mean(), 1e-9):.2f}; {int((counts == 0).sum())}")
    submitted, reviewed = sum(year.submitted_by_region.values()), max(sum(year.reviewed_by_region.values()), 1)
    capacity = Counter()
    for r in year.reviewers:
        capacity[r.region_id] += r.capacity
    total_capacity = sum(capacity.values())
    dev = {g: year.reviewed_by_region[g] / reviewed / (year.submitted_by_region[g] / submitted) - 1
           for g in year.submitted_by_region}
    by_cap = {g: year.reviewed_by_region[g] / reviewed / (capacity[g] / total_capacity) - 1 for g in capacity}
    worst = sorted(dev, key=lambda g: dev[g])
    lines += [
        f"  fairness, each region's share of reviews vs its share of requests: median |deviation| "
        f"{statistics.median(abs(v) for v in dev.values()):.1%}, max {max(abs(v) for v in dev.values()):.1%}; "
        "least: " + ", ".join(f"region {g} {dev[g]:+.0%}" for g in worst[:3])
        + "; most: " + ", ".join(f"region {g} {dev[g]:+.0%} (vs capacity share {by_cap[g]:+.0%})"
                                 for g in worst[-3:][::-1]),
        f"  ... vs its share of the pool's capacity: median |deviation| "
        f"{statistics.median(abs(v) for v in by_cap.values()):.1%}, max {max(abs(v) for v in by_cap.values()):.1%}",
    ]
    quarters = sorted(year.requests_by_quarter)
    start, end = year.families_with_history
    lines.append(f"  history: families with earlier panels {start:,} at the start, {end:,} at the end; requests whose "
                 "family excludes reviewers for earlier involvement, per quarter (mean reviewers excluded): "
                 + ", ".join(f"Q{q} {year.known[q] / year.requests_by_quarter[q]:.0%} "
                             f"({statistics.mean(year.excluded_by_quarter[q] or [0]):.1f})" for q in quarters)
                 + f"; max excluded for one request {max(year.excluded_for_history or [0])}")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.assignment_year", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=250, help="working days to simulate (default 250)")
    parser.add_argument("--per-day", type=float, default=200, help="mean requests per working day (default 200)")
    parser.add_argument("--mode", choices=("batch", "immediate"), default="batch")
    parser.add_argument("--pool-scale", type=float, default=1.0, help="multiplies the national pool size")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--top-k", type=int, default=None,
                        help="candidates per seat offered to the batch (default: the policy's, "
                             f"{get_policy().batch_top_k})")
    parser.add_argument("--progress", action="store_true", help="a line on stderr every 10 days and on refusals")
    args = parser.parse_args(argv)
    year = simulate(args.days, args.per_day, args.mode, args.pool_scale, args.seed, top_k=args.top_k,
                    progress=args.progress)
    print("\n".join(report(year, args)))
    catalogue = get_catalogue(get_settings().catalogue_dir, CATALOGUE_VERSION)
    print("  assumptions:")
    for line in assumptions(args.pool_scale) + [
        f"panels and review windows from catalogue {CATALOGUE_VERSION}: window {catalogue.review.window_days} "
        f"calendar days, spoed {catalogue.review.spoed_window_days} (as reviewers.facts counts them); a seat is "
        "freed when the window ends (in the product it counts until the request leaves the open states, which "
        "can be later)",
        "nobody declines a seat and no request is returned for correction or re-reviewed; the pool does not change "
        "during the year; ranking inputs (reciprocity, past seats) start empty and are refreshed daily",
    ]:
        print(f"    - {line}")


if __name__ == "__main__":
    main()
