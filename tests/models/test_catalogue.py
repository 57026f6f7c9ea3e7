"""The legal catalogue: complete for the six measures, validated on load, versioned."""

import shutil

import pytest
import yaml

from models.catalogue import get_catalogue, load_catalogue_file
from models.config import get_settings
from models.errors import CatalogueError

EXPECTED = {
    "ots": ("art. 1:255 BW", 12),
    "voorlopige_ots": ("art. 1:257 BW", 3),
    "verlenging_ots": ("art. 1:260 BW", 12),
    "uithuisplaatsing": ("art. 1:265b BW", 12),
    "gezagsbeeindiging": ("art. 1:266 BW", None),
    "gesloten_jeugdhulp": ("art. 6.1.2 Jeugdwet", 12),
}


def test_the_six_measures_with_their_articles_and_maximum_durations():
    catalogue = get_catalogue(get_settings().catalogue_dir)
    for code, (article, months) in EXPECTED.items():
        measure = catalogue.measure(code)
        assert article in measure.articles
        assert measure.max_duration_months == months
        assert measure.requesters and measure.grounds and measure.panel


def test_panel_composition_is_data():
    catalogue = get_catalogue(get_settings().catalogue_dir)
    assert catalogue.measure("gezagsbeeindiging").panel_seats() == [
        ("tegenspreker", 1), ("tegenspreker", 2), ("jurist", 1), ("gedragswetenschapper", 1)]
    assert catalogue.hearing.child_hearing_age == 12


def test_required_attachments_depend_on_capacity_and_flags():
    uhp = get_catalogue(get_settings().catalogue_dir).measure("uithuisplaatsing")
    [rule] = uhp.required_attachments
    assert rule.applies("raad", {})
    assert not rule.applies("raad", {"plaatsing_bij_andere_ouder_met_gezag": True})
    assert not rule.applies("gi", {})


def _copy(tmp_path, mutate, version="2026.1"):
    source = get_settings().catalogue_dir / "2026.1.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    mutate(data)
    target = tmp_path / f"{version}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


@pytest.mark.parametrize("mutate,fragment", [
    (lambda d: d["measures"]["ots"]["requesters"].append({"capacity": "buurman"}), "buurman"),
    (lambda d: d["measures"]["ots"].update(panel={"voorzitter": 1}), "panel"),
    (lambda d: d["measures"]["ots"].update(max_duration_months=0), "max_duration_months"),
    (lambda d: d["measures"]["ots"].pop("grounds"), "grounds"),
    (lambda d: d.update(extra_key=1), "extra_key"),
])
def test_an_invalid_catalogue_is_refused_on_load(tmp_path, mutate, fragment):
    with pytest.raises(CatalogueError) as refused:
        load_catalogue_file(_copy(tmp_path, mutate))
    assert fragment in refused.value.message


def test_file_name_and_version_must_agree(tmp_path):
    path = _copy(tmp_path, lambda d: None)
    shutil.move(path, tmp_path / "2027.1.yaml")
    with pytest.raises(CatalogueError, match="bestandsnaam"):
        load_catalogue_file(tmp_path / "2027.1.yaml")


def test_newest_version_is_the_default_and_old_versions_stay_available(tmp_path):
    shutil.copy(get_settings().catalogue_dir / "2026.1.yaml", tmp_path / "2026.1.yaml")
    _copy(tmp_path, lambda d: d.update(version="2026.2"), version="2026.2")
    assert get_catalogue(tmp_path).version == "2026.2"
    assert get_catalogue(tmp_path, "2026.1").version == "2026.1"
    with pytest.raises(CatalogueError):
        get_catalogue(tmp_path, "1999.1")


def test_a_catalogue_change_mid_flight_leaves_a_running_request_on_its_version(tmp_path, monkeypatch, session, demo,
                                                                               now, settings):
    """Submitted under 2026.1 (OTS at most 12 months); 2026.2 shortens it to 6: the running request keeps its
    version, is rendered under it, and a new request is judged by 2026.2."""
    from adapters.wiring import use_settings_catalogues
    from models.catalogue import reload_catalogues
    from models.dossier import current_catalogues
    from models.errors import GateRefused
    from models.request import Request
    from models.services import drafting
    from tests.builders import actor, drive_to, make_request, pump

    catalogue_dir = tmp_path / "catalogue"
    catalogue_dir.mkdir()
    shutil.copy(get_settings().catalogue_dir / "2026.1.yaml", catalogue_dir / "2026.1.yaml")
    monkeypatch.setenv("TEGENSPRAAK_CATALOGUE_DIR", str(catalogue_dir))
    get_settings.cache_clear()
    reload_catalogues()
    monkeypatch.setattr("models.dossier._catalogues", current_catalogues())  # restored after the test
    use_settings_catalogues(get_settings())  # as the app and the worker do at start-up
    running = drive_to(session, demo, "ready", now, settings.documents_dir)
    _copy(catalogue_dir, lambda d: (d.update(version="2026.2"), d["measures"]["ots"].update(max_duration_months=6)),
          version="2026.2")
    reload_catalogues()
    pump(session, now, settings.documents_dir)
    request = session.get(Request, running)
    session.refresh(request)
    assert request.catalogue_version == "2026.1" and request.state == "rendered"
    newer = make_request(session, demo, now)
    with pytest.raises(GateRefused) as refused:
        drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=newer, now=now)
    assert {p.code for p in refused.value.problems} == {"duration_exceeds_maximum"}
    assert "6 maanden" in refused.value.problems[0].message
    reload_catalogues()


def test_the_difference_between_two_versions_is_shown(tmp_path):
    from models.catalogue import diff_catalogues

    shutil.copy(get_settings().catalogue_dir / "2026.1.yaml", tmp_path / "2026.1.yaml")
    _copy(tmp_path, lambda d: (d.update(version="2026.2"), d["measures"]["ots"].update(max_duration_months=6),
                               d["hearing"].update(child_hearing_age=8)), version="2026.2")
    changes = diff_catalogues(get_catalogue(tmp_path, "2026.1"), get_catalogue(tmp_path, "2026.2"))
    assert {(c["path"], c["before"], c["after"]) for c in changes} == {
        ("measures.ots.max_duration_months", 12, 6), ("hearing.child_hearing_age", 12, 8)}


def test_the_chair_is_catalogue_data_and_must_be_a_seat_of_every_panel(tmp_path):
    from types import SimpleNamespace

    from models.dossier import Dossier

    catalogue = get_catalogue(get_settings().catalogue_dir, "2026.2")
    assert (catalogue.review.chair.role, catalogue.review.chair.seat_no) == ("tegenspreker", 1)
    seats = [SimpleNamespace(id=10, role="tegenspreker", seat_no=1), SimpleNamespace(id=11, role="jurist", seat_no=1)]
    chair = Dossier.chair_seat_id.fget
    assert chair(SimpleNamespace(catalogue=catalogue, seats=seats)) == 10
    as_jurist = catalogue.model_copy(update={"review": catalogue.review.model_copy(
        update={"chair": catalogue.review.chair.model_copy(update={"role": "jurist"})})})
    assert chair(SimpleNamespace(catalogue=as_jurist, seats=seats)) == 11
    with pytest.raises(CatalogueError) as refused:
        load_catalogue_file(_copy(tmp_path, lambda d: d["review"].update(chair={"role": "jurist", "seat_no": 2})))
    assert "chair" in refused.value.message
