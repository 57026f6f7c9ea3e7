"""The assignment-year benchmark's own bookkeeping, at tiny scale: every seated panel obeys the hard constraints,
nobody holds more open reviews than their capacity, every request is seated once or reported, and a seed replays."""

from collections import defaultdict

import pytest

from benchmarks.assignment_year import simulate
from reviewers.policy import get_policy
from reviewers.pool import Pool


def small_year():
    return simulate(days=15, per_day=40, pool_scale=0.15, seed=7, record=True)


@pytest.fixture(scope="module")
def year():
    return small_year()


def test_seated_panels_obey_the_hard_constraints_and_capacity(year):
    pool = Pool(year.reviewers, year.world.conflicts, {}, {}, get_policy())  # no load: capacity is checked below
    open_at = defaultdict(list)  # reviewer -> (start, end) of each seat
    assert year.record
    for inc, req, panel, today in year.record:
        assert sorted(panel) == sorted(inc.seats)
        assert len(set(panel.values())) == len(panel)
        for (role, _), user_id in panel.items():
            assert pool.exclusions(user_id, role, req) == []
            open_at[user_id].append(req.window)
    capacity = {r.id: r.capacity for r in year.reviewers}
    for user_id, windows in open_at.items():
        for start, _ in windows:
            assert sum(1 for s, e in windows if s <= start < e) <= capacity[user_id]


def test_every_request_is_seated_once_or_reported_and_the_seed_replays(year):
    seated = [inc.request_id for inc, *_ in year.record]
    assert len(seated) == len(set(seated))
    assert len(seated) + len(year.unseated) == sum(d["new"] for d in year.per_day)
    again = small_year()
    assert [panel for _, _, panel, _ in again.record] == [panel for _, _, panel, _ in year.record]
