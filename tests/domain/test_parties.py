"""Who is a party to the hearing follows the measure's rules in the catalogue (`parties`): parents with gezag
always; parents without gezag and carers as the measure says."""

from datetime import UTC, datetime

from models.catalogue import PartyRules
from models.family import Person
from models.services.hearing import required_parties

from tests.domain.dossiers import FAMILY, ready_dossier, with_content

NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)
PARENT, CARER = 90, 91


def with_parent_without_gezag_and_carer(d):
    d.persons[PARENT] = Person(id=PARENT, family_id=FAMILY, kind="parent", given_names="Piet", surname="Bos",
                               has_gezag=False)
    d.persons[CARER] = Person(id=CARER, family_id=FAMILY, kind="carer", given_names="Kim", surname="Bos")
    return d


def others(d) -> dict[int, tuple[str, bool]]:
    return {pid: (kind, required) for pid, kind, required in required_parties(d, NOW) if pid in (PARENT, CARER)}


def with_party_rules(d, **rules):
    measure = d.measure.model_copy(update={"parties": PartyRules(**rules)})
    d.catalogue = d.catalogue.model_copy(update={"measures": d.catalogue.measures | {measure.code: measure}})
    return d


def test_for_an_ots_carers_are_parties_and_parents_without_gezag_are_not_required():
    d = with_parent_without_gezag_and_carer(ready_dossier(NOW))
    assert d.measure.parties == PartyRules(parents_without_gezag=False, carers=True)
    assert others(d) == {PARENT: ("parent", False), CARER: ("carer", True)}


def test_ending_gezag_requires_the_parent_without_gezag_too():
    d = with_content(with_parent_without_gezag_and_carer(ready_dossier(NOW)), measure="gezagsbeeindiging")
    assert d.measure.parties.parents_without_gezag is True
    assert others(d) == {PARENT: ("parent", True), CARER: ("carer", True)}


def test_a_measure_whose_rules_leave_carers_out_does_not_require_them():
    d = with_party_rules(with_parent_without_gezag_and_carer(ready_dossier(NOW)), parents_without_gezag=True,
                         carers=False)
    assert others(d) == {PARENT: ("parent", True), CARER: ("carer", False)}
