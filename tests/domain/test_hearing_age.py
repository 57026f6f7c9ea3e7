"""The child's right to be heard from the catalogue's hearing age (art. 809 Rv: 12 or older), at the boundary:
the birthday itself, and the day before."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from models.family import Person
from models.services.hearing import required_parties
from models.services.letters import letter_children

from tests.domain.dossiers import CHILD, FATHER, MOTHER, child_aged, party, ready_dossier, with_child_born

NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)


def child_required(d, now) -> bool:
    return next(required for pid, kind, required in required_parties(d, now) if pid == CHILD)


def test_the_hearing_age_is_catalogue_data():
    assert ready_dossier(NOW).catalogue.hearing.child_hearing_age == 12  # art. 809 lid 1 Rv; a setting, not code


def test_a_child_is_heard_from_the_day_it_reaches_the_hearing_age():
    d = ready_dossier(NOW)
    age = d.catalogue.hearing.child_hearing_age
    child_aged(d, NOW, age)
    assert d.persons[CHILD].age_on(NOW.date()) == age
    assert child_required(d, NOW)
    assert [c.id for c in letter_children(d, NOW)] == [CHILD]


def test_a_child_one_day_short_of_the_hearing_age_is_not_required_to_be_heard():
    d = ready_dossier(NOW)
    age = d.catalogue.hearing.child_hearing_age
    party(d, CHILD).capable = None
    child_aged(d, NOW, age, days_younger=1)
    assert d.persons[CHILD].age_on(NOW.date()) == age - 1
    assert not child_required(d, NOW)
    assert letter_children(d, NOW) == []


def test_a_younger_child_found_capable_is_heard_all_the_same():
    d = child_aged(ready_dossier(NOW), NOW, 6)
    party(d, CHILD).capable = True
    assert child_required(d, NOW)
    assert [c.id for c in letter_children(d, NOW)] == [CHILD]
    party(d, CHILD).capable = False
    assert not child_required(d, NOW)


def test_a_child_without_a_birth_date_is_not_presumed_old_enough():
    d = with_child_born(ready_dossier(NOW), None)
    party(d, CHILD).capable = None
    assert not child_required(d, NOW)


def test_the_parents_with_gezag_are_always_parties():
    d = child_aged(ready_dossier(NOW), NOW, 3)
    assert [(pid, kind, req) for pid, kind, req in required_parties(d, NOW) if pid != CHILD] == [
        (MOTHER, "parent_gezag", True), (FATHER, "parent_gezag", True)]


@settings(max_examples=80, deadline=None, database=None)
@given(born=st.dates(min_value=date(1990, 1, 1), max_value=NOW.date()))
def test_for_any_birth_date_a_child_is_required_to_be_heard_iff_it_has_the_hearing_age(born):
    d = with_child_born(ready_dossier(NOW), born)
    party(d, CHILD).capable = None
    age = d.persons[CHILD].age_on(NOW.date())
    assert child_required(d, NOW) == (age >= d.catalogue.hearing.child_hearing_age)
    assert (letter_children(d, NOW) != []) == (age >= d.catalogue.hearing.child_hearing_age)


@pytest.mark.parametrize("born,on,age", [
    (date(2015, 3, 15), date(2027, 3, 15), 12),   # the birthday itself
    (date(2015, 3, 16), date(2027, 3, 15), 11),   # the day before the birthday
    (date(2015, 2, 28), date(2027, 3, 1), 12),
    (date(2012, 2, 29), date(2024, 2, 28), 11),   # born on 29 February: not yet on 28 February of a leap year
    (date(2012, 2, 29), date(2024, 2, 29), 12),
    (date(2012, 2, 29), date(2025, 3, 1), 13),
])
def test_age_in_whole_years(born, on, age):
    assert Person(kind="child", given_names="K", surname="V", family_id=1, date_of_birth=born).age_on(on) == age


def test_the_age_is_counted_on_the_day_of_now():
    d = child_aged(ready_dossier(NOW), NOW, 12, days_younger=1)
    party(d, CHILD).capable = None
    assert not child_required(d, NOW)
    assert child_required(d, NOW + timedelta(days=1))
