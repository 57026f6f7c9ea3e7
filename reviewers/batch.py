"""Many requests at once (e.g. everything submitted today) as one min-cost-flow problem (OR-Tools).

Nodes: source → one node per seat → one node per (family, reviewer) pair, so nobody takes two seats on
one panel, nor sits on two requests about one family (that would be current involvement with a
sibling) → one node per reviewer, whose arc to the sink carries its remaining capacity. Each seat
is offered its best `batch_top_k` eligible candidates; the arc cost is the negated score. Maximum flow
at minimum cost fills as many seats as capacity allows with the best total score. A request any of
whose seats stays empty gets no seat at all (all or nothing) and the reasons why.

All or nothing leaves capacity unused when one role is short: the seats of partial panels went to requests
that then got none. So the refused requests are then tried once more, one by one and oldest first, as an
immediate assignment (`Pool.choose`) with the capacity that is left. Without that second pass a short role
made the backlog grow day after day while other reviewers had room (benchmarks/assignment_year.py).
"""

import dataclasses
from collections import Counter, defaultdict

import numpy as np
from ortools.graph.python import min_cost_flow

from reviewers.pool import Pool, SeatChoice, SeatRequest

SCALE = 10_000  # scores to integer costs


def assign_batch(pool: Pool, requests: list[SeatRequest], seed: str) -> dict[int, list[SeatChoice]]:
    rng = np.random.default_rng(int.from_bytes(seed.encode()[:8].ljust(8, b"\0"), "little"))
    top_k = pool.policy.batch_top_k
    seats: list[tuple[int, str, int]] = []  # (request index, role, seat_no)
    offers: list[tuple[np.ndarray, np.ndarray]] = []  # per seat: candidate indices, integer costs
    empty: dict[tuple[int, str, int], tuple[Counter, int]] = {}
    kept: dict[tuple[int, str, int], int] = {}
    explained: list[tuple[np.ndarray, dict]] = []  # per seat: the offered candidates' scores, for the record
    for r, req in enumerate(requests):
        keep = dict(req.keep)
        for role, seat_no in req.seats:
            holder = keep.get((role, seat_no))
            if holder is not None and not pool.exclusions(holder, role, req):
                kept[(r, role, seat_no)] = holder
                pool.load[pool.index[holder]] += 1
                continue
            idx, reasons, pool_size = pool.eligible(role, req, exclude=set(keep.values()))
            if not len(idx):
                empty[(r, role, seat_no)] = (reasons, pool_size)
                continue
            total, parts = pool.scores(idx, req)
            # A tiny seeded jitter breaks ties between near-equal candidates by lot, replayably.
            jitter = rng.uniform(0, pool.policy.near_equal, size=len(idx))
            ranked = total + jitter
            if len(idx) > top_k:
                best = np.argpartition(-ranked, top_k)[:top_k]
                idx, ranked, total = idx[best], ranked[best], total[best]
                parts = {k: v[best] for k, v in parts.items()}
            seats.append((r, role, seat_no))
            offers.append((idx, np.round(-ranked * SCALE).astype(np.int64)))
            explained.append((total, parts))

    n_seats, n_reviewers = len(seats), len(pool.reviewers)
    chosen: dict[tuple[int, str, int], int] = {}
    if n_seats:
        # Nodes: 0 source, 1 sink, 2.. seats, then reviewers, then (family, reviewer) pairs.
        reviewer_base = 2 + n_seats
        pair_base = reviewer_base + n_reviewers
        counts = np.array([len(idx) for idx, _ in offers], dtype=np.int64)
        seat_of_offer = np.repeat(np.arange(n_seats, dtype=np.int64), counts)
        cand = np.concatenate([idx for idx, _ in offers])
        cost = np.concatenate([c for _, c in offers])
        family = np.array([requests[r].family_id for r, _, _ in seats], dtype=np.int64)[seat_of_offer]
        pair_keys, pair_of_offer = np.unique(family * n_reviewers + cand, return_inverse=True)
        pair_reviewer = pair_keys % n_reviewers
        room = np.maximum(pool.capacity - pool.load, 0)
        has_room = np.nonzero(room)[0]
        tails = np.concatenate([np.zeros(n_seats, dtype=np.int64), 2 + seat_of_offer,
                                pair_base + np.arange(len(pair_keys)), reviewer_base + has_room])
        heads = np.concatenate([2 + np.arange(n_seats), pair_base + pair_of_offer, reviewer_base + pair_reviewer,
                                np.ones(len(has_room), dtype=np.int64)])
        caps = np.concatenate([np.ones(n_seats + len(cand) + len(pair_keys), dtype=np.int64), room[has_room]])
        costs = np.concatenate([np.zeros(n_seats, dtype=np.int64), cost,
                                np.zeros(len(pair_keys) + len(has_room), dtype=np.int64)])
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_nodes_supplies(np.array([0, 1], dtype=np.int64), np.array([n_seats, -n_seats], dtype=np.int64))
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        offer_arcs = arcs[n_seats:n_seats + len(cand)]
        taken = np.nonzero(flow.flows(offer_arcs))[0]
        offset = np.concatenate([[0], np.cumsum(counts)[:-1]])
        for o in taken:
            s = int(seat_of_offer[o])
            total, parts = explained[s]
            k = int(o - offset[s])
            chosen[seats[s]] = (int(cand[o]), {"total": round(float(total[k]), 4),
                                                **{n: round(float(v[k]), 4) for n, v in parts.items()}})
        for i in cand[taken]:
            pool.load[i] += 1
            pool.recent[i] += 1

    result: dict[int, list[SeatChoice]] = {}
    for r, req in enumerate(requests):
        choices = []
        for role, seat_no in req.seats:
            key = (r, role, seat_no)
            if key in kept:
                uid = kept[key]
                choices.append(SeatChoice(role, seat_no, uid, kept=True,
                                          breakdown=pool.breakdown(pool.index[uid], req) | {"continuity": True}))
            elif key in chosen:
                i, b = chosen[key]
                choices.append(SeatChoice(role, seat_no, int(pool.ids[i]), score=b["total"],
                                          breakdown=b | {"batch": True}))
            elif key in empty:
                reasons, size = empty[key]
                choices.append(SeatChoice(role, seat_no, None, empty_reasons=reasons, pool_size=size))
            else:  # candidates existed, but the batch ran out of their capacity
                choices.append(SeatChoice(role, seat_no, None, empty_reasons=Counter({"at_capacity": 1}),
                                          pool_size=0))
        result[req.request_id] = choices
    for choices in result.values():
        if any(c.user_id is None for c in choices):  # all or nothing: this request takes no capacity
            for c in choices:
                if c.user_id is not None:
                    pool.load[pool.index[c.user_id]] -= 1
    _finish_refused(pool, requests, result, seed)
    return result


def _finish_refused(pool: Pool, requests: list[SeatRequest], result: dict[int, list[SeatChoice]], seed: str) -> None:
    """The second pass: each refused request (in the given order, oldest first) as an immediate assignment with
    the capacity the batch left. Reviewers seated in this batch on a request about the same family count as
    involved, as the batch's (family, reviewer) nodes made them. A request still incomplete keeps the batch's
    reasons and takes no capacity."""
    seated = defaultdict(set)  # family id -> reviewers seated in this batch
    for req in requests:
        if all(c.user_id is not None for c in result[req.request_id]):
            seated[req.family_id] |= {c.user_id for c in result[req.request_id]}
    for req in requests:
        if all(c.user_id is not None for c in result[req.request_id]):
            continue
        retry = dataclasses.replace(req, involved_user_ids=req.involved_user_ids | seated[req.family_id])
        choices = pool.choose(retry, f"{seed}:{req.request_id}")
        if all(c.user_id is not None for c in choices):
            result[req.request_id] = [dataclasses.replace(c, breakdown=c.breakdown | {"batch_second_pass": True})
                                      for c in choices]
            seated[req.family_id] |= {c.user_id for c in choices}
            continue
        for c in choices:  # give back what `choose` took for an incomplete panel
            if c.user_id is not None and not c.kept:
                pool.load[pool.index[c.user_id]] -= 1
                pool.recent[pool.index[c.user_id]] -= 1

