"""The pure assignment engine: hard constraints, ranking, the seeded draw and the batch optimiser."""

from collections import Counter
from datetime import date

from hypothesis import given, settings as hsettings, strategies as st

from reviewers.batch import assign_batch
from reviewers.policy import get_policy
from reviewers.pool import Conflicts, Pool, Reviewer, SeatRequest

OTS = (("tegenspreker", 1), ("jurist", 1), ("gedragswetenschapper", 1))


def request(request_id=1, region=1, seats=OTS, **overrides) -> SeatRequest:
    base = dict(request_id=request_id, region_id=region, too_close=frozenset(), requester_id=900,
                requester_team=(region, "Team A"), team_user_ids=frozenset(), involved_user_ids=frozenset(),
                declined_user_ids=frozenset(), person_ids=frozenset({1, 2, 3}), family_id=request_id,
                organisations=frozenset(), window=(date(2026, 11, 2), date(2026, 11, 12)), tags=frozenset(),
                language="nl", seats=tuple(seats))
    return SeatRequest(**(base | overrides))


def reviewer(id, role, region, **overrides) -> Reviewer:
    return Reviewer(**(dict(id=id, name=f"R{id}", roles=frozenset({role}), region_id=region) | overrides))


def pool(reviewers, conflicts=None, load=None, shares=None) -> Pool:
    return Pool(reviewers, conflicts or Conflicts(), load or {}, shares or {}, get_policy())


def full_pool():
    return [reviewer(i * 10 + j, role, region)
            for i, role in enumerate(("tegenspreker", "jurist", "gedragswetenschapper"), start=1)
            for j, region in enumerate((1, 2, 3, 4))]


def test_hard_constraints_each_exclude_with_their_code():
    reviewers = [reviewer(1, "jurist", 1), reviewer(2, "jurist", 2), reviewer(3, "jurist", 3, capacity=0),
                 reviewer(4, "jurist", 4, unavailable=((date(2026, 11, 10), date(2026, 11, 20)),)),
                 reviewer(5, "jurist", 5), reviewer(6, "jurist", 6), reviewer(7, "jurist", 7, active=False),
                 reviewer(8, "jurist", 8)]
    p = pool(reviewers, Conflicts(persons={2: {5}}))
    req = request(too_close=frozenset({2}), involved_user_ids=frozenset({6}), declined_user_ids=frozenset({8}))
    expected = {1: ["same_region"], 2: ["too_close_region"], 3: ["at_capacity"], 4: ["unavailable"],
                5: ["declared_conflict"], 6: ["earlier_involvement"], 7: ["inactive"], 8: ["declined_before"]}
    for uid, codes in expected.items():
        assert p.exclusions(uid, "jurist", req) == codes
    assert p.exclusions(1, "tegenspreker", req) == ["wrong_role", "same_region"]
    idx, reasons, size = p.eligible("jurist", req)
    assert len(idx) == 0 and size == 8 and sum(reasons.values()) == 8


def test_leave_outside_the_review_window_does_not_exclude():
    p = pool([reviewer(1, "jurist", 2, unavailable=((date(2026, 12, 1), date(2026, 12, 31)),))])
    assert p.exclusions(1, "jurist", request()) == []


def test_the_draw_is_replayable_and_not_predictable():
    p_args = full_pool()
    picks = Counter()
    for seed in range(60):
        first = pool(p_args).choose(request(), str(seed))
        again = pool(p_args).choose(request(), str(seed))
        assert [c.user_id for c in first] == [c.user_id for c in again]
        picks[first[0].user_id] += 1
    assert set(picks) == {11, 12, 13}  # every eligible tegenspreker outside region 1 gets drawn sometimes


def test_expertise_language_and_reciprocity_rank_the_eligible():
    reviewers = [reviewer(1, "jurist", 2), reviewer(2, "jurist", 3, expertise=frozenset({"huiselijk_geweld"}),
                                                            languages=frozenset({"nl", "ar"}))]
    [choice] = pool(reviewers).choose(request(seats=(("jurist", 1),), tags=frozenset({"huiselijk_geweld"}),
                                              language="ar"), "s")
    assert choice.user_id == 2 and choice.breakdown["expertise"] > 0 and choice.breakdown["language"] > 0
    # Region 3 reviews far more than it submits; region 2 the other way round: region 2 is preferred.
    shares = {2: (0.5, 0.1), 3: (0.1, 0.5)}
    [choice] = pool(reviewers[:1] + [reviewer(2, "jurist", 3)], shares=shares).choose(
        request(seats=(("jurist", 1),)), "s")
    assert choice.user_id == 1 and choice.breakdown["reciprocity"] > 0


def test_continuity_keeps_an_eligible_holder_and_replaces_an_ineligible_one():
    reviewers = full_pool()
    req = request(keep=((("tegenspreker", 1), 12), (("jurist", 1), 20)))  # 20 is in the case's own region
    choices = pool(reviewers).choose(req, "s")
    assert choices[0].user_id == 12 and choices[0].kept
    assert choices[1].user_id != 20 and not choices[1].kept


def test_batch_respects_capacity_distinct_seats_and_all_or_nothing():
    reviewers = [reviewer(1, "tegenspreker", 2, capacity=2), reviewer(2, "tegenspreker", 3, capacity=1),
                 reviewer(3, "jurist", 2, capacity=5), reviewer(4, "gedragswetenschapper", 3, capacity=5)]
    two_peers = (("tegenspreker", 1), ("tegenspreker", 2), ("jurist", 1), ("gedragswetenschapper", 1))
    requests = [request(1, seats=two_peers), request(2), request(3)]
    result = assign_batch(pool(reviewers), requests, "seed")
    filled = {rid: all(c.user_id for c in choices) for rid, choices in result.items()}
    # Three peer seats of capacity: the two-peer panel and one OTS, or three OTS panels would need 3 peers.
    assert sum(filled.values()) == 2
    load = Counter(c.user_id for rid, choices in result.items() if filled[rid] for c in choices)
    assert load[1] <= 2 and load[2] <= 1
    for rid, choices in result.items():
        users = [c.user_id for c in choices if c.user_id]
        assert len(users) == len(set(users))


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tegenspreker", "jurist", "gedragswetenschapper"]),
                          st.integers(1, 5), st.integers(0, 3)), min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(1, 5), st.booleans()), min_size=1, max_size=12),
       st.sets(st.integers(0, 29), max_size=8))
def test_property_batch_never_violates_a_hard_constraint(members, cases, involved):
    reviewers = [reviewer(i, role, region, capacity=cap) for i, (role, region, cap) in enumerate(members)]
    requests = [request(n + 1, region=region, involved_user_ids=frozenset(involved),
                        seats=OTS + ((("tegenspreker", 2),) if two else ()))
                for n, (region, two) in enumerate(cases)]
    p = pool(reviewers)
    result = assign_batch(p, requests, "prop")
    load = Counter()
    for req in requests:
        choices = result[req.request_id]
        assert [(c.role, c.seat_no) for c in choices] == list(req.seats)
        if any(c.user_id is None for c in choices):
            assert any(c.empty_reasons is not None for c in choices if c.user_id is None)
            continue
        assert len({c.user_id for c in choices}) == len(choices)
        for c in choices:
            r = reviewers[c.user_id]
            assert c.role in r.roles and r.region_id != req.region_id and r.id not in involved
            load[r.id] += 1
    for uid, n in load.items():
        assert n <= reviewers[uid].capacity


def test_a_short_role_does_not_leave_every_panel_partial():
    """One jurist and one gedragswetenschapper, each best suited to a different request: the optimiser gives
    each request one of them, so both panels are partial and all or nothing would seat neither. The second
    pass seats the older request with the capacity that is left."""
    reviewers = [reviewer(1, "tegenspreker", 2, capacity=2),
                 reviewer(2, "jurist", 3, capacity=1, expertise=frozenset({"huiselijk_geweld"})),
                 reviewer(3, "gedragswetenschapper", 4, capacity=1, expertise=frozenset({"lvb"}))]
    a = request(1, tags=frozenset({"huiselijk_geweld"}))
    b = request(2, tags=frozenset({"lvb"}))
    p = pool(reviewers)
    result = assign_batch(p, [a, b], "short")
    assert [c.user_id for c in result[1]] == [1, 2, 3] and result[1][1].breakdown.get("batch_second_pass")
    assert result[2][1].user_id is None and result[2][1].empty_reasons
    assert [int(x) for x in p.load] == [1, 1, 1]  # the refused request took no capacity


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tegenspreker", "jurist", "gedragswetenschapper"]),
                          st.integers(2, 4), st.integers(0, 2)), min_size=3, max_size=16),
       st.lists(st.integers(1, 3), min_size=1, max_size=10))
def test_property_nobody_sits_on_two_requests_about_one_family_in_a_batch(members, families):
    reviewers = [reviewer(i, role, region, capacity=cap) for i, (role, region, cap) in enumerate(members)]
    requests = [request(n + 1, region=1, family_id=family) for n, family in enumerate(families)]
    result = assign_batch(pool(reviewers), requests, "family")
    per_family: dict[int, list[int]] = {}
    for req in requests:
        choices = result[req.request_id]
        if all(c.user_id is not None for c in choices):
            per_family.setdefault(req.family_id, []).extend(c.user_id for c in choices)
    for users in per_family.values():
        assert len(users) == len(set(users))
