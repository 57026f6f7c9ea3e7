"""The pool's rules one by one, at their edges: every hard constraint, every term of the score, the draw.

Pure: a Pool built from a handful of reviewers and a policy with weights chosen so that each term of the score
has its own, exactly representable value.
"""

from collections import Counter
from datetime import date

import pytest

from reviewers.policy import Weights, get_policy
from reviewers.pool import REASON_ORDER, Conflicts, Pool, Reviewer, SeatRequest

WINDOW = (date(2026, 11, 2), date(2026, 11, 12))
TAGS = list(get_policy().expertise)  # the policy's expertise vocabulary, in its order


def policy(**overrides):
    weights = Weights(expertise=3.0, language=1.5, load=2.0, history=0.5, reciprocity=4.0)
    return get_policy().model_copy(update={"weights": weights, "near_equal": 0.25} | overrides)


def reviewer(id, region=2, role="jurist", **overrides) -> Reviewer:
    return Reviewer(**(dict(id=id, name=f"R{id}", roles=frozenset({role}), region_id=region) | overrides))


def request(**overrides) -> SeatRequest:
    base = dict(request_id=1, region_id=1, too_close=frozenset(), requester_id=900, requester_team=(1, "Team A"),
                team_user_ids=frozenset(), involved_user_ids=frozenset(), declined_user_ids=frozenset(),
                person_ids=frozenset({1, 2}), family_id=7, organisations=frozenset(), window=WINDOW,
                tags=frozenset(), language="nl", seats=(("jurist", 1),))
    return SeatRequest(**(base | overrides))


def pool(reviewers, conflicts=None, load=None, shares=None, recent=None, **policy_overrides) -> Pool:
    return Pool(reviewers, conflicts or Conflicts(), load or {}, shares or {}, policy(**policy_overrides), recent)


def eligible_ids(p: Pool, req: SeatRequest, role="jurist", exclude=frozenset()) -> list[int]:
    idx, _, _ = p.eligible(role, req, exclude=set(exclude))
    return sorted(int(p.ids[i]) for i in idx)


def part(p: Pool, user_id: int, req: SeatRequest, name: str) -> float:
    return p.breakdown(p.index[user_id], req)[name]


# --- hard constraints -------------------------------------------------------------------------------------


def test_each_constraint_alone_excludes_with_its_own_reason():
    cases = {
        "inactive": (reviewer(1, active=False), request()),
        "same_region": (reviewer(1, region=1), request()),
        "too_close_region": (reviewer(1, region=3), request(too_close=frozenset({3}))),
        "is_requester": (reviewer(1), request(requester_id=1)),
        "on_case_team": (reviewer(1), request(team_user_ids=frozenset({1}))),
        "same_team_as_requester": (reviewer(1, region=1, team="Team A"), request(region_id=4, requester_team=(1, "Team A"))),
        "earlier_involvement": (reviewer(1), request(involved_user_ids=frozenset({1}))),
        "declined_before": (reviewer(1), request(declined_user_ids=frozenset({1}))),
        "unavailable": (reviewer(1, unavailable=((WINDOW[0], WINDOW[0]),)), request()),
        "at_capacity": (reviewer(1, capacity=0), request()),
    }
    for reason, (who, req) in cases.items():
        p = pool([who, reviewer(2, region=5)])
        assert p.exclusions(1, "jurist", req) == [reason], reason
        idx, reasons, size = p.eligible("jurist", req)
        assert eligible_ids(p, req) == [2] and dict(reasons) == {reason: 1} and size == 2, reason


def test_an_eligible_reviewer_has_no_exclusions_and_the_reasons_count_nothing():
    p = pool([reviewer(1), reviewer(2, region=3)])
    assert p.exclusions(1, "jurist", request()) == []
    idx, reasons, size = p.eligible("jurist", request())
    assert eligible_ids(p, request()) == [1, 2] and dict(reasons) == {} and size == 2


def test_every_failing_rule_of_one_candidate_is_named_in_order_but_counted_once_when_the_pool_empties():
    who = reviewer(1, region=1, active=False, capacity=0)
    p = pool([who])
    req = request(requester_id=1, involved_user_ids=frozenset({1}))
    assert p.exclusions(1, "jurist", req) == ["inactive", "same_region", "is_requester", "earlier_involvement",
                                              "at_capacity"]
    assert p.exclusions(1, "tegenspreker", req)[0] == "wrong_role"
    _, reasons, size = p.eligible("jurist", req)
    assert dict(reasons) == {"inactive": 1} and size == 1
    assert list(REASON_ORDER[1:]) == [r for r, _ in p._masks(p.role_index["jurist"], "jurist", req)]


def test_an_unknown_reviewer_or_role_is_the_wrong_role_and_an_empty_pool():
    p = pool([reviewer(1)])
    assert p.exclusions(99, "jurist", request()) == ["wrong_role"]
    assert p.exclusions(1, "gedragswetenschapper", request()) == ["wrong_role"]
    idx, reasons, size = p.eligible("gedragswetenschapper", request())
    assert len(idx) == 0 and dict(reasons) == {} and size == 0


def test_the_pool_size_counts_the_role_only():
    p = pool([reviewer(1), reviewer(2, region=3), reviewer(3, role="tegenspreker")])
    assert p.eligible("jurist", request())[2] == 2
    assert p.eligible("tegenspreker", request())[2] == 1


def test_exclude_takes_out_only_the_named_reviewers():
    p = pool([reviewer(1), reviewer(2, region=3), reviewer(3, region=4), reviewer(4, region=1)])
    assert eligible_ids(p, request(), exclude={2}) == [1, 3]  # 4 stays out: same region
    assert eligible_ids(p, request(), exclude={2, 3}) == [1]
    assert eligible_ids(p, request(), exclude=set()) == [1, 2, 3]


def test_too_close_regions_block_only_themselves_and_regions_outside_the_pool_are_ignored():
    p = pool([reviewer(1, region=2), reviewer(2, region=3), reviewer(3, region=4)])
    # Region 5 is one past the highest region in the pool, 40 far beyond it: no reviewer there, nothing breaks.
    assert eligible_ids(p, request(too_close=frozenset({3, 5, 40}))) == [1, 3]
    assert eligible_ids(p, request(too_close=frozenset({4}))) == [1, 2]


def test_team_membership_counts_only_within_the_requesters_own_region():
    reviewers = [reviewer(1, region=2, team="Team A"), reviewer(2, region=3, team="Team A"),
                 reviewer(3, region=2, team="Team B"), reviewer(4, region=3)]
    p = pool(reviewers)
    assert eligible_ids(p, request(region_id=1, requester_team=(2, "Team A"))) == [2, 3, 4]
    assert eligible_ids(p, request(region_id=1, requester_team=(3, "Team A"))) == [1, 3, 4]
    assert eligible_ids(p, request(region_id=1, requester_team=(2, "Team B"))) == [1, 2, 4]  # 4 has no team


def test_a_requester_team_unknown_to_the_pool_excludes_nobody_not_even_those_without_a_team():
    reviewers = [reviewer(1, region=2, team="Team A"), reviewer(2, region=3, team="Team B"),
                 reviewer(3, region=4, team="Team C"), reviewer(4, region=5), reviewer(5, region=6)]
    p = pool(reviewers)
    assert eligible_ids(p, request(requester_team=(9, "Team Z"))) == [1, 2, 3, 4, 5]
    assert eligible_ids(p, request(requester_team=(9, ""))) == [1, 2, 3, 4, 5]


def test_declared_conflicts_against_a_person_the_family_an_organisation_or_the_region():
    reviewers = [reviewer(i, region=i + 1) for i in range(1, 7)]
    conflicts = Conflicts(persons={2: {1}, 3: {2}, 8: {6}}, families={7: {3}, 8: {6}},
                          organisations={"Jeugdzorg Utrecht": {4}, "Elders": {6}}, regions={1: {5}, 9: {6}})
    p = pool(reviewers, conflicts)
    req = request(person_ids=frozenset({2, 3}), family_id=7, organisations=frozenset({"Jeugdzorg Utrecht"}))
    assert eligible_ids(p, req) == [6]
    for uid in (1, 2, 3, 4, 5):
        assert p.exclusions(uid, "jurist", req) == ["declared_conflict"]
    assert eligible_ids(p, request(person_ids=frozenset(), family_id=1)) == [1, 2, 3, 4, 6]


def test_unknown_user_ids_on_the_case_are_ignored():
    p = pool([reviewer(1), reviewer(2, region=3)])
    req = request(team_user_ids=frozenset({2, 404}), involved_user_ids=frozenset({505}),
                  declined_user_ids=frozenset({606}))
    assert eligible_ids(p, req) == [1]


@pytest.mark.parametrize("leave, excluded", [
    ((date(2026, 10, 20), date(2026, 11, 1)), False),  # ends the day before the window
    ((date(2026, 10, 20), date(2026, 11, 2)), True),  # ends on its first day
    ((date(2026, 11, 12), date(2026, 11, 30)), True),  # starts on its last day
    ((date(2026, 11, 13), date(2026, 11, 30)), False),  # starts the day after
    ((date(2026, 11, 5), date(2026, 11, 6)), True),  # inside it
    ((date(2026, 10, 1), date(2026, 12, 31)), True),  # around it
])
def test_leave_excludes_when_it_overlaps_the_review_window_by_a_day(leave, excluded):
    p = pool([reviewer(1, unavailable=((date(2026, 1, 1), date(2026, 1, 2)), leave)), reviewer(2, region=3)])
    assert p.exclusions(1, "jurist", request()) == (["unavailable"] if excluded else [])
    assert p.exclusions(2, "jurist", request()) == []


def test_capacity_is_reached_at_equal_load():
    p = pool([reviewer(1, capacity=2), reviewer(2, region=3, capacity=2)], load={1: 2, 2: 1})
    assert p.exclusions(1, "jurist", request()) == ["at_capacity"]
    assert p.exclusions(2, "jurist", request()) == []


def test_the_masks_of_one_request_do_not_leak_into_the_next():
    p = pool([reviewer(1, region=2), reviewer(2, region=3)])
    assert eligible_ids(p, request(region_id=2)) == [2]
    assert eligible_ids(p, request(region_id=3)) == [1]
    again = request(region_id=2)
    assert eligible_ids(p, again) == [2] and eligible_ids(p, again) == [2]


def test_with_load_assigns_on_a_copy_with_its_own_load_and_history():
    p = pool([reviewer(1, capacity=1), reviewer(2, region=3, capacity=1)], load={1: 1}, recent={2: 3})
    req = request()
    assert eligible_ids(p, req) == [2]
    copy = p.with_load({2: 1})
    assert eligible_ids(copy, req) == [1]
    history = part(copy, 1, req, "history")
    [choice] = copy.choose(req, "s")
    assert choice.user_id == 1
    assert part(copy, 1, req, "history") < history  # the copy counts the new seat
    assert eligible_ids(p, req) == [2] and part(p, 1, req, "history") == history  # the original does not


# --- ranking -------------------------------------------------------------------------------------------------


def test_expertise_is_the_share_of_the_requests_tags_the_reviewer_has():
    reviewers = [reviewer(1, expertise=frozenset(TAGS[:1])), reviewer(2, expertise=frozenset(TAGS[:3])),
                 reviewer(3, expertise=frozenset(TAGS[2:4])), reviewer(4)]
    p = pool(reviewers)
    req = request(tags=frozenset(TAGS[:2]))
    assert [part(p, uid, req, "expertise") for uid in (1, 2, 3, 4)] == [1.5, 3.0, 0.0, 0.0]
    req = request(tags=frozenset({TAGS[1]}))
    assert [part(p, uid, req, "expertise") for uid in (1, 2, 3, 4)] == [0.0, 3.0, 0.0, 0.0]


def test_no_tags_or_unknown_tags_give_no_expertise():
    p = pool([reviewer(1, expertise=frozenset(TAGS))])
    assert part(p, 1, request(), "expertise") == 0.0
    assert part(p, 1, request(tags=frozenset({"onbekend_vakgebied"})), "expertise") == 0.0


def test_language_counts_only_for_a_language_other_than_dutch_that_the_reviewer_speaks():
    reviewers = [reviewer(1, languages=frozenset({"nl", "ar"})), reviewer(2, languages=frozenset({"nl", "tr"})),
                 reviewer(3, languages=frozenset({"en", "nl", "pl", "tr"}))]
    p = pool(reviewers)
    assert [part(p, uid, request(language="ar"), "language") for uid in (1, 2, 3)] == [1.5, 0.0, 0.0]
    assert [part(p, uid, request(language="tr"), "language") for uid in (1, 2, 3)] == [0.0, 1.5, 1.5]
    assert [part(p, uid, request(language="pl"), "language") for uid in (1, 2, 3)] == [0.0, 0.0, 1.5]
    assert [part(p, uid, request(language="nl"), "language") for uid in (1, 2, 3)] == [0.0, 0.0, 0.0]
    assert [part(p, uid, request(language="so"), "language") for uid in (1, 2, 3)] == [0.0, 0.0, 0.0]


def test_load_is_a_penalty_per_unit_of_capacity():
    p = pool([reviewer(1, capacity=4), reviewer(2, capacity=3), reviewer(3, capacity=0), reviewer(4)],
             load={1: 2, 2: 1, 3: 2})
    req = request()
    assert part(p, 1, req, "load") == -1.0
    assert part(p, 2, req, "load") == -0.6667  # 2 × 1/3, to four decimals
    assert part(p, 3, req, "load") == -4.0  # no capacity: the load counts whole
    assert part(p, 4, req, "load") == 0.0


def test_history_is_recent_seats_per_capacity_against_the_pools_mean_of_at_least_one():
    # Mean seats per capacity 4.0: a reviewer at 6 gets 1.5, one at 2 gets 0.5 (× weight 0.5).
    p = pool([reviewer(1, capacity=2), reviewer(2, capacity=2)], recent={1: 12, 2: 4})
    assert (part(p, 1, request(), "history"), part(p, 2, request(), "history")) == (-0.75, -0.25)
    # Mean 0.1 is below one: divided by one, a lightly used pool is not blown up.
    p = pool([reviewer(1, capacity=5), reviewer(2, capacity=5)], recent={1: 1})
    assert (part(p, 1, request(), "history"), part(p, 2, request(), "history")) == (-0.1, 0.0)
    # No capacity: the seats count whole.
    p = pool([reviewer(1, capacity=0), reviewer(2, capacity=1)], recent={1: 1})
    assert part(p, 1, request(), "history") == -0.5
    assert part(pool([reviewer(1)]), 1, request(), "history") == 0.0


def test_reciprocity_favours_regions_that_submit_more_than_they_review():
    reviewers = [reviewer(1, region=2), reviewer(2, region=3), reviewer(3, region=4), reviewer(4, region=5),
                 reviewer(5, region=6)]
    shares = {2: (0.5, 0.1), 3: (0.1, 0.5), 4: (0.0, 0.2), 5: (0.2, 0.2)}
    p = pool(reviewers, shares=shares)
    req = request()
    assert part(p, 1, req, "reciprocity") == 3.2  # (0.5 - 0.1) / 0.5 = 0.8, × 4
    assert part(p, 2, req, "reciprocity") == -4.0  # -4, held at -1
    assert part(p, 3, req, "reciprocity") == -3.2  # nothing submitted: -0.2 over a quarter (four regions), × 4
    assert part(p, 4, req, "reciprocity") == 0.0
    assert part(p, 5, req, "reciprocity") == 0.0  # a region without figures
    # One region only: the floor is the whole share.
    assert part(pool(reviewers[2:3], shares={4: (0.0, 0.5)}), 3, req, "reciprocity") == -2.0


def test_the_total_is_the_sum_of_the_parts_rounded_to_four_decimals():
    p = pool([reviewer(1, capacity=3, expertise=frozenset(TAGS[:1]), languages=frozenset({"nl", "ar"})),
              reviewer(2, region=3, capacity=3)], load={1: 1}, shares={2: (0.5, 0.1)}, recent={1: 1})
    req = request(tags=frozenset(TAGS[:1]), language="ar")
    b = p.breakdown(p.index[1], req)
    # Reciprocity: one region with figures, so over a whole share: 0.4 / 1, × 4. History: 1/3 against a mean
    # below one, × 0.5.
    assert b == {"total": 5.2667, "expertise": 3.0, "language": 1.5, "load": -0.6667, "history": -0.1667,
                 "reciprocity": 1.6}
    total, parts = p.scores(p.role_index["jurist"], req)
    assert [round(float(t), 4) for t in total] == [5.2667, 0.0] and set(parts) == set(b) - {"total"}


# --- choosing ------------------------------------------------------------------------------------------------


def test_the_best_score_wins_when_nobody_is_near_it():
    p = pool([reviewer(1, capacity=2), reviewer(2, region=3, capacity=2)], load={1: 1})
    for seed in map(str, range(10)):
        [choice] = p.with_load({1: 1}).choose(request(), seed)
        assert choice.user_id == 2 and choice.breakdown["drawn_among"] == [2] and choice.breakdown["eligible"] == 2
        assert choice.score == choice.breakdown["total"] == -1.25 and not choice.kept  # load -1, history -0.25
    [choice] = pool([reviewer(1, capacity=4)]).choose(request(), "s")
    assert choice.score == choice.breakdown["total"] == -0.625  # scored with the seat it just took


def test_a_candidate_exactly_near_equal_below_the_best_is_in_the_draw():
    # Load 1 of 8 costs 2 × 1/8 = 0.25: exactly the near-equal margin.
    p = pool([reviewer(1, capacity=8), reviewer(2, region=3, capacity=8), reviewer(3, region=4, capacity=4)],
             load={2: 1, 3: 1})
    picks = Counter()
    for seed in map(str, range(30)):
        [choice] = p.with_load({2: 1, 3: 1}).choose(request(), seed)
        assert choice.breakdown["drawn_among"] == [1, 2] and choice.breakdown["eligible"] == 3
        picks[choice.user_id] += 1
    assert set(picks) == {1, 2}


def test_the_draw_is_replayed_by_its_seed():
    reviewers = [reviewer(i, region=i) for i in range(2, 9)]
    seeds = {s: pool(reviewers).choose(request(), s)[0].user_id for s in map(str, range(40))}
    assert seeds == {s: pool(reviewers).choose(request(), s)[0].user_id for s in map(str, range(40))}
    assert len(set(seeds.values())) > 3


def test_each_choice_raises_the_load_and_history_the_next_choice_sees():
    p = pool([reviewer(1, capacity=2)])
    first = p.choose(request(request_id=1), "s")[0]
    second = p.choose(request(request_id=2), "s")[0]
    third = p.choose(request(request_id=3), "s")[0]
    assert (first.user_id, second.user_id) == (1, 1)
    assert (first.breakdown["load"], second.breakdown["load"]) == (-1.0, -2.0)  # scored after taking the seat
    assert (first.breakdown["history"], second.breakdown["history"]) == (-0.25, -0.5)
    assert third.user_id is None and dict(third.empty_reasons) == {"at_capacity": 1} and third.pool_size == 1


def test_one_reviewer_takes_one_seat_per_panel():
    p = pool([reviewer(1, capacity=5), reviewer(2, region=3, capacity=5)])
    choices = p.choose(request(seats=(("jurist", 1), ("jurist", 2), ("jurist", 3))), "s")
    assert sorted(c.user_id for c in choices[:2]) == [1, 2]
    assert choices[2].user_id is None and choices[2].pool_size == 2 and dict(choices[2].empty_reasons) == {}
    assert [(c.role, c.seat_no) for c in choices] == [("jurist", 1), ("jurist", 2), ("jurist", 3)]


def test_an_empty_seat_carries_the_reasons_that_emptied_its_pool():
    p = pool([reviewer(1, region=1), reviewer(2, active=False), reviewer(3, region=1, active=False)])
    [choice] = p.choose(request(), "s")
    assert choice.user_id is None and dict(choice.empty_reasons) == {"inactive": 2, "same_region": 1}
    assert choice.pool_size == 3 and choice.score == 0.0 and not choice.kept


def test_continuity_keeps_an_eligible_holder_with_its_score():
    p = pool([reviewer(1, capacity=3), reviewer(2, region=3, capacity=3)], load={1: 2})
    [choice] = p.choose(request(keep=((("jurist", 1), 1),)), "s")
    assert choice.user_id == 1 and choice.kept
    assert choice.breakdown == p.breakdown(p.index[1], request()) | {"continuity": True}
    assert choice.score == choice.breakdown["total"] == -1.3333
    assert "drawn_among" not in choice.breakdown


def test_continuity_gives_way_when_the_holder_is_no_longer_eligible_or_already_seated():
    p = pool([reviewer(1), reviewer(2, region=3), reviewer(3, region=4, role="tegenspreker")])
    [choice] = p.choose(request(keep=((("jurist", 1), 1),), involved_user_ids=frozenset({1})), "s")
    assert choice.user_id == 2 and not choice.kept
    [choice] = p.choose(request(keep=((("jurist", 1), 3),)), "s")  # holds the seat, but has not the role
    assert choice.user_id in (1, 2) and not choice.kept
    # One holder named for two seats keeps the first only.
    choices = p.choose(request(seats=(("jurist", 1), ("jurist", 2)), keep=((("jurist", 1), 2), (("jurist", 2), 2))),
                       "s")
    assert [(c.user_id, c.kept) for c in choices] == [(2, True), (1, False)]


def test_a_kept_holder_is_not_drawn_again_for_a_later_seat():
    p = pool([reviewer(1, capacity=5), reviewer(2, region=3, capacity=5)])
    for seed in map(str, range(10)):
        choices = p.with_load({}).choose(request(seats=(("jurist", 1), ("jurist", 2)), keep=((("jurist", 1), 1),)),
                                         seed)
        assert [(c.user_id, c.kept) for c in choices] == [(1, True), (2, False)]


def test_an_empty_pool_leaves_every_seat_empty():
    p = pool([])
    idx, reasons, size = p.eligible("jurist", request(too_close=frozenset({1})))
    assert len(idx) == 0 and dict(reasons) == {} and size == 0
    [choice] = p.choose(request(), "s")
    assert (choice.role, choice.seat_no, choice.user_id, choice.pool_size) == ("jurist", 1, None, 0)


def test_an_empty_seat_does_not_stop_the_seats_after_it():
    p = pool([reviewer(1)])
    choices = p.choose(request(seats=(("tegenspreker", 1), ("jurist", 1))), "s")
    assert [(c.role, c.seat_no, c.user_id) for c in choices] == [("tegenspreker", 1, None), ("jurist", 1, 1)]
    assert choices[0].empty_reasons == Counter() and choices[0].pool_size == 0


def test_a_kept_seat_names_its_role_and_number():
    p = pool([reviewer(1, capacity=3), reviewer(2, region=3, capacity=3, role="tegenspreker")])
    choices = p.choose(request(seats=(("tegenspreker", 2), ("jurist", 1)),
                               keep=((("tegenspreker", 2), 2), (("jurist", 1), 1))), "s")
    assert [(c.role, c.seat_no, c.user_id, c.kept) for c in choices] == [("tegenspreker", 2, 2, True),
                                                                         ("jurist", 1, 1, True)]
