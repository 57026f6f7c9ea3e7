"""Many requests at once (e.g. everything submitted today) as one min-cost-flow problem (OR-Tools).

Nodes: source → one node per seat → one node per (family, reviewer) pair, so nobody takes two seats on
one panel, nor sits on two requests about one family (that would be current involvement with a
sibling) → one node per reviewer, whose arc to the sink carries its remaining capacity. Each seat
is offered its best `batch_top_k` eligible candidates; the arc cost is the negated score. Maximum flow
at minimum cost fills as many seats as capacity allows with the best total score. A request any of
whose seats stays empty gets no seat at all (all or nothing) and the reasons why.
"""

from collections import Counter

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
            total, _ = pool.scores(idx, req)
            # A tiny seeded jitter breaks ties between near-equal candidates by lot, replayably.
            jitter = rng.uniform(0, pool.policy.near_equal, size=len(idx))
            ranked = total + jitter
            if len(idx) > top_k:
                best = np.argpartition(-ranked, top_k)[:top_k]
                idx, ranked = idx[best], ranked[best]
            seats.append((r, role, seat_no))
            offers.append((idx, np.round(-ranked * SCALE).astype(np.int64)))

    n_seats = len(seats)
    reviewer_nodes = 2 + n_seats  # reviewer i is node reviewer_nodes + i
    pair_base = reviewer_nodes + len(pool.reviewers)
    pair_node: dict[tuple[int, int], int] = {}
    tails, heads, caps, costs = [], [], [], []
    seat_arcs: list[tuple[int, np.ndarray, list[int]]] = []
    for s, ((r, role, seat_no), (idx, cost)) in enumerate(zip(seats, offers)):
        tails.append(0), heads.append(2 + s), caps.append(1), costs.append(0)
        first = len(tails)
        pairs = []
        for i, c in zip(idx.tolist(), cost.tolist()):
            key = (requests[r].family_id, i)
            if key not in pair_node:
                pair_node[key] = pair_base + len(pair_node)
                tails.append(pair_node[key]), heads.append(reviewer_nodes + i), caps.append(1), costs.append(0)
            tails.append(2 + s), heads.append(pair_node[key]), caps.append(1), costs.append(c)
            pairs.append(i)
        seat_arcs.append((first, idx, pairs))
    for i in range(len(pool.reviewers)):
        room = int(max(pool.capacity[i] - pool.load[i], 0))
        if room:
            tails.append(reviewer_nodes + i), heads.append(1), caps.append(room), costs.append(0)

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64),
                                                     np.array(caps, dtype=np.int64), np.array(costs, dtype=np.int64))
    flow.set_nodes_supplies(np.array([0, 1], dtype=np.int64), np.array([n_seats, -n_seats], dtype=np.int64))
    status = flow.solve_max_flow_with_min_cost() if n_seats else flow.OPTIMAL
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = flow.flows(arcs) if n_seats else np.zeros(0, dtype=np.int64)
    tail_arr = np.array(tails, dtype=np.int64)
    head_arr = np.array(heads, dtype=np.int64)
    chosen: dict[tuple[int, str, int], int] = {}
    pair_owner = {node: i for (_, i), node in pair_node.items()}
    used = np.nonzero(flows)[0]
    for a in used:
        t, h = int(tail_arr[a]), int(head_arr[a])
        if 2 <= t < reviewer_nodes and h >= pair_base:
            chosen[seats[t - 2]] = pair_owner[h]

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
                i = chosen[key]
                b = pool.breakdown(i, req)
                choices.append(SeatChoice(role, seat_no, int(pool.ids[i]), score=b["total"],
                                          breakdown=b | {"batch": True}))
            elif key in empty:
                reasons, size = empty[key]
                choices.append(SeatChoice(role, seat_no, None, empty_reasons=reasons, pool_size=size))
            else:  # candidates existed, but the batch ran out of their capacity
                choices.append(SeatChoice(role, seat_no, None, empty_reasons=Counter({"at_capacity": 1}),
                                          pool_size=0))
        result[req.request_id] = choices
    for a in used:  # the loads now include this batch
        t, h = int(tail_arr[a]), int(head_arr[a])
        if h == 1:
            pool.load[t - reviewer_nodes] += int(flows[a])
    for choices in result.values():
        if any(c.user_id is None for c in choices):  # all or nothing: this request takes no capacity
            for c in choices:
                if c.user_id is not None:
                    pool.load[pool.index[c.user_id]] -= 1
    return result

