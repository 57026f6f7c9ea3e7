"""Mijn werk: the task list per role, in the served app behind the demo login, and the service under it."""

import re
from datetime import datetime, timedelta

import pytest

from models.catalogue import get_catalogue
from models.dossier import load_dossier
from models.panel import PanelSeat
from models.request import Request
from models.services import review
from models.services.tasks import Task, my_tasks, review_deadline, risk_order
from tests.api.test_login import browser, demo_settings, login, served  # noqa: F401 - fixtures
from tests.builders import actor, drive_to, give_verdicts, make_request, pump
from tests.conftest import NOW


def rows(page: str) -> list[str]:
    """The task rows of the page, in order, as text without tags."""
    body = page.split('<table class="task-table">', 1)[1].split("</table>", 1)[0] if "task-table" in page else ""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in re.findall(r"<tr class=\"task.*?</tr>",
                                                                                          body, re.S)]


def kinds(session, demo, key: str, now: datetime) -> list[tuple[str, int]]:
    return [(t.kind, t.request_id) for t in my_tasks(session, actor=actor(session, demo, key), now=now)]


def seat_holder(session, request_id: int, role: str) -> int:
    return next(s.user_id for s in load_dossier(session, request_id).seats if s.role == role)


# --- the page ------------------------------------------------------------------------------------

def test_the_indiener_lands_on_mijn_werk_with_what_to_do_for_which_family(browser, demo, session,  # noqa: F811
                                                                         settings):
    waiting = drive_to(session, demo, "heard", NOW, settings.documents_dir)  # the panel's turn, not hers
    draft = make_request(session, demo, NOW)
    login(browser, demo.users["utrecht/indiener"])
    page = browser.get("/werkplek")
    assert page.status_code == 200
    assert "<h1>Mijn werk</h1>" in page.text and '<html lang="nl"' in page.text
    # Nothing inline (the CSP forbids it): scripts only from files.
    assert "<style" not in page.text and " style=" not in page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    tasks = rows(page.text)
    assert any(t.startswith("Concept afmaken en indienen") and f"#{draft} ondertoezichtstelling" in t
               and "Gezin Jansen: Noah" in t and "geen termijn" in t for t in tasks)
    assert any("Partijen uitnodigen" in t and "Sanne Jansen, Youssef el Amrani" in t for t in tasks)
    assert any("Mening van het kind vastleggen" in t and "Noah Jansen" in t for t in tasks)
    assert f'href="/werkplek/verzoeken/{draft}"' in page.text
    assert not [t for t in tasks if f"#{waiting} " in t]
    overview = page.text.split('id="open-verzoeken"', 1)[1]  # below: what waits for others
    assert f'<a href="/werkplek/verzoeken/{waiting}">Verzoek #{waiting}</a>' in overview and "in tegenspraak" in overview
    assert f"Verzoek #{draft}<" not in overview


def test_a_reviewer_sees_the_deadline_from_the_catalogue_and_overdue_in_red_with_words(browser, demo, session,  # noqa: F811
                                                                                      settings):
    now = NOW
    late = drive_to(session, demo, "in_tegenspraak", now - timedelta(days=30), settings.documents_dir)
    reviewer = seat_holder(session, late, "tegenspreker")
    soon = drive_to(session, demo, "in_tegenspraak", now - timedelta(days=2), settings.documents_dir)
    login(browser, reviewer)
    page = browser.get("/werkplek")
    tasks = rows(page.text)
    window = get_catalogue(settings.catalogue_dir).review.window_days
    assert tasks[0].startswith("Beoordelen en oordeel geven") and f"#{late}" in tasks[0]
    assert "Te laat: 20 dagen" in tasks[0] or "Te laat: 19 dagen" in tasks[0]  # 30 days ago, a 10-day window
    assert '<tr class="task is-overdue">' in page.text and '<strong class="overdue">Te laat' in page.text
    assert f'href="/werkplek/toetsing/{late}"' in page.text
    if seat_holder(session, soon, "tegenspreker") == reviewer:
        assert f"#{soon}" in tasks[1] and f"nog {window - 2} dagen" in tasks[1]
    assert "1 te laat" in page.text


def test_a_reviewer_sees_no_task_and_no_name_of_a_request_they_do_not_sit_on(browser, demo, session, settings):  # noqa: F811
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    seated = {s.user_id for s in load_dossier(session, request_id).seats}
    outsider = next(uid for key, uid in demo.users.items() if key.endswith("/tegenspreker") and uid not in seated)
    login(browser, outsider)
    page = browser.get("/werkplek")
    assert f"#{request_id}" not in page.text and "Jansen" not in page.text and "Noah" not in page.text
    assert "Er staat niets voor u klaar." in page.text


def test_the_beheerder_sees_flagged_requests_without_the_familys_names(browser, demo, session, settings):  # noqa: F811
    request_id = make_request(session, demo, NOW)
    request = session.get(Request, request_id)
    request.flagged = "Geen geschikte jurist voor plaats 1."
    session.add(request)
    session.commit()
    login(browser, demo.users["amsterdam-amstelland/beheerder"])
    page = browser.get("/werkplek")
    [task] = rows(page.text)
    assert task.startswith("Gemarkeerd verzoek afhandelen") and "Geen geschikte jurist" in task
    assert f'href="/werkplek/beheer/gemarkeerd#verzoek-{request_id}"' in page.text
    assert "Jansen" not in page.text and "Noah" not in page.text


def test_the_task_list_logs_a_read_of_each_request_whose_family_it_names_and_no_other(  # noqa: F811
        browser, demo, session, settings):
    """The list names families and children: like opening the request, that is a read for the access log (NEN
    7513), one record per request shown, with the ground of the user's task. The beheerder's list names nobody."""
    from sqlmodel import select

    from models.access_log import AccessLogEntry
    from models.case import Case

    reviewed = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    other = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    flagged = session.get(Request, make_request(session, demo, NOW))
    flagged.flagged = "Geen geschikte jurist voor plaats 1."
    session.commit()
    reviewer = seat_holder(session, reviewed, "tegenspreker")
    login(browser, reviewer)
    page = browser.get("/werkplek")
    assert page.status_code == 200
    session.rollback()
    shown = {r for r in (reviewed, other) if seat_holder(session, r, "tegenspreker") == reviewer}
    families = {session.get(Case, session.get(Request, r).case_id).family_id for r in shown}
    entries = session.exec(select(AccessLogEntry).where(AccessLogEntry.user_id == reviewer,
                                                        AccessLogEntry.route == "GET /werkplek")).all()
    assert sorted((e.object_type, e.object_id, e.request_id, e.purpose, e.outcome, e.channel) for e in entries) == \
        sorted(("request", r, r, "tegenspraak", "granted", "werkplek") for r in shown)
    assert reviewed in shown and {e.family_id for e in entries} == families
    browser.get("/werkplek")  # every showing is a read
    session.rollback()
    assert len(session.exec(select(AccessLogEntry).where(AccessLogEntry.user_id == reviewer,
                                                         AccessLogEntry.route == "GET /werkplek")).all()) == \
        2 * len(shown)

    beheerder = demo.users["amsterdam-amstelland/beheerder"]
    login(browser, beheerder)
    assert "Gemarkeerd verzoek afhandelen" in browser.get("/werkplek").text
    session.rollback()
    assert session.exec(select(AccessLogEntry).where(AccessLogEntry.user_id == beheerder,
                                                     AccessLogEntry.route == "GET /werkplek")).all() == []


# --- the service -----------------------------------------------------------------------------------

def test_each_stage_gives_the_right_person_the_right_task(session, demo, settings):
    docs = settings.documents_dir
    heard = drive_to(session, demo, "heard", NOW, docs)
    approved = drive_to(session, demo, "approved", NOW, docs)
    later = NOW + timedelta(days=1)
    indiener = kinds(session, demo, "utrecht/indiener", later)
    assert ("concept_afmaken", heard) not in indiener and not [k for k in indiener if k[1] in (heard, approved)]
    for seat in load_dossier(session, heard).seats:
        assert [(k, r) for k, r in kinds_of(session, seat.user_id, later) if r == heard] == [("beoordelen", heard)]
    signers = {s.user_id for s in load_dossier(session, approved).seats if s.role in ("jurist",
                                                                                       "gedragswetenschapper")}
    for seat in load_dossier(session, approved).seats:
        expected = [("ondertekenen", approved)] if seat.user_id in signers else []
        assert [(k, r) for k, r in kinds_of(session, seat.user_id, later) if r == approved] == expected
    # Rendered: the indiener files it.
    rendered = drive_to(session, demo, "rendered", NOW, docs)
    if session.get(Request, rendered).state == "rendered":
        assert ("indienen_rechtbank", rendered) in kinds(session, demo, "utrecht/indiener", later)


def kinds_of(session, user_id: int, now: datetime) -> list[tuple[str, int]]:
    from models.organisation import User

    return [(t.kind, t.request_id) for t in my_tasks(session, actor=session.get(User, user_id), now=now)]


def test_a_verdict_given_ends_the_task_a_returned_request_goes_back_to_the_indiener(session, demo, settings):
    request_id = drive_to(session, demo, "assessed", NOW, settings.documents_dir)
    d = load_dossier(session, request_id)
    first = d.seats[0]
    review.record_verdict(session, actor=d.user(first.user_id), request_id=request_id, decision="terug_ter_correctie",
                          reasons="De feiten zijn niet gedateerd.", now=NOW)
    assert not [k for k in kinds_of(session, first.user_id, NOW) if k[1] == request_id]
    others = d.seats[1:]
    assert [k for k in kinds_of(session, others[0].user_id, NOW) if k[1] == request_id] == [("beoordelen",
                                                                                               request_id)]
    for seat in others:
        review.record_verdict(session, actor=d.user(seat.user_id), request_id=request_id, decision="akkoord",
                              reasons="Akkoord.", now=NOW)
    pump(session, NOW, settings.documents_dir)
    assert ("herzien", request_id) in kinds(session, demo, "utrecht/indiener", NOW)


def test_the_regiomanager_decides_after_advies_niet_indienen(session, demo, settings):
    request_id = drive_to(session, demo, "assessed", NOW, settings.documents_dir)
    give_verdicts(session, request_id, NOW, {"tegenspreker": "advies_niet_indienen"})
    pump(session, NOW, settings.documents_dir)
    assert kinds(session, demo, "utrecht/manager", NOW) == [("escaleren", request_id)]
    review.escalate(session, actor=actor(session, demo, "utrecht/manager"), request_id=request_id, proceed=False,
                    reasons="Het panel heeft gelijk.", now=NOW)
    assert kinds(session, demo, "utrecht/manager", NOW) == []


def test_the_review_window_and_its_spoed_variant_come_from_the_catalogue(session, demo, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    d = load_dossier(session, request_id)
    seat = d.seats[0]
    assert review_deadline(d.request, seat, d.catalogue) == NOW + timedelta(days=d.catalogue.review.window_days)
    d.request.spoed = True
    assert review_deadline(d.request, seat, d.catalogue) == NOW + timedelta(days=d.catalogue.review.spoed_window_days)
    session.rollback()


def test_a_released_seat_gives_no_task(session, demo, settings):
    from models.services.panel import decline_seat

    request_id = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    seat = load_dossier(session, request_id).seats[0]
    decline_seat(session, actor=load_dossier(session, request_id).user(seat.user_id), request_id=request_id,
                 reason="Te veel werk.", conflict=False, now=NOW)
    assert session.get(PanelSeat, seat.id).released_at is not None
    assert not [k for k in kinds_of(session, seat.user_id, NOW) if k[1] == request_id]


@pytest.mark.parametrize("now_offset", [0, 5])
def test_newest_risk_first_overdue_then_nearest_deadline_spoed_first_among_equals(now_offset):
    now = NOW + timedelta(days=now_offset)
    base = dict(title="t", url="/werkplek", role="tegenspreker", measure="OTS")
    tasks = [
        Task("a", request_id=1, spoed=False, deadline=None, **base),
        Task("b", request_id=2, spoed=True, deadline=None, **base),
        Task("c", request_id=3, spoed=False, deadline=NOW + timedelta(days=9), **base),
        Task("d", request_id=4, spoed=True, deadline=NOW + timedelta(days=9), **base),
        Task("e", request_id=5, spoed=False, deadline=NOW - timedelta(days=1), **base),
        Task("f", request_id=6, spoed=False, deadline=NOW + timedelta(days=2), **base),
    ]
    order = [t.kind for t in sorted(tasks, key=lambda t: risk_order(t, now))]
    # At NOW+5 'f' is overdue too, but 'e' has been overdue longer.
    assert order == (["e", "f", "d", "c", "b", "a"])
    assert tasks[4].overdue(now) and tasks[4].days_left(now) == -1 - now_offset
    assert not tasks[0].overdue(now) and tasks[0].days_left(now) is None


def test_the_task_list_loads_in_a_fixed_number_of_queries(session, demo, settings):
    """No N+1: ten more requests in review cost the reviewer's task list no more queries."""
    from sqlalchemy import event

    def count_queries(user_id: int) -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(session.get_bind(), "before_cursor_execute", listener)
        try:
            kinds_of(session, user_id, NOW)
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", listener)
        return len(statements)

    first = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    user_id = seat_holder(session, first, "tegenspreker")
    session.commit()  # both counts start outside a transaction (the list commits its access log)
    before = count_queries(user_id)
    for _ in range(10):  # bulk: ten more requests in review with this reviewer on the panel
        request = session.get(Request, make_request(session, demo, NOW))
        request.state, request.state_changed_at = "in_tegenspraak", NOW
        session.add(PanelSeat(request_id=request.id, role="tegenspreker", seat_no=1, user_id=user_id,
                              assigned_at=NOW))
    session.commit()
    assert len(kinds_of(session, user_id, NOW)) == 11
    assert count_queries(user_id) == before
