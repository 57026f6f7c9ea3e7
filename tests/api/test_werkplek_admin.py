"""The beheerder's workspace pages, played in a browser session against the real app (uvicorn, demo OIDC login):
the reviewer pool and its CSV import, leave and conflicts, too-close regions, flagged requests and the
uniformity figures. Requests are driven through the real services (tests/builders.py)."""

import re
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from models.demo import demo_ots_content
from models.dossier import load_dossier
from models.family import PersonCreate
from models.mail import MailMessage
from models.organisation import Region, User
from models.panel import DeclaredConflict, Unavailability
from models.request import Request
from models.services import drafting, hearing, mailing, stats, views
from tests.api.test_login import browser, demo_settings, login, page_csrf, served  # noqa: F401
from tests.builders import actor, assess_all, give_verdicts, make_request, portal_args, pump, sign_all
from tests.conftest import NOW

BEHEERDER = "amsterdam-amstelland/beheerder"
POOL = "/werkplek/beheer/pool"
CSV_HEADER = "name,email,region,roles,team,function,capacity,expertise,languages,unavailable\n"
FAMILY_WORDS = ("Noah", "Jansen", "Sanne", "Youssef", "sanne.jansen@example.nl", "y.elamrani@example.nl",
                "Kanaalweg")


def assert_no_inline_code(text: str) -> None:
    """The pages run under a strict CSP: no style attribute or element, no script but from a file."""
    assert "<style" not in text and " style=" not in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)


def as_beheerder(browser, demo) -> None:
    login(browser, demo.users[BEHEERDER])


def post_form(browser, path: str, data: dict, form_page: str | None = None, **kwargs):
    """Posts like the browser does: with the CSRF token of the page the form is on."""
    return browser.post(path, data={"csrf_token": page_csrf(browser, form_page or path)} | data, **kwargs)


def upload(browser, text: str, name: str = "reviewers.csv"):
    return browser.post(f"{POOL}/import", data={"csrf_token": page_csrf(browser, f"{POOL}/import")},
                        files={"bestand": (name, text.encode(), "text/csv")})


def follow(browser, answer):
    assert answer.status_code == 303, answer.text
    return browser.get(answer.headers["location"])


def fresh(session):
    session.rollback()  # the server wrote in another connection
    session.expire_all()


# --- the pool and its import ------------------------------------------------------------------------

def test_the_pool_lists_reviewers_with_roles_region_capacity_load_and_leave(browser, demo, session):
    as_beheerder(browser, demo)
    page = browser.get(POOL)
    assert page.status_code == 200, page.text
    assert "<caption" in page.text and '<th scope="col">Belasting</th>' in page.text
    assert "mr. Ayşe Kaya" in page.text and "RVT Gelderland-Zuid" in page.text and "0 van 5" in page.text
    assert "Fatima el Amrani" not in page.text  # an indiener is not a reviewer
    assert 'class="table-wrap"' in page.text
    assert_no_inline_code(page.text)


def test_a_good_csv_imports_every_row_and_a_bad_one_nothing_with_an_error_per_row(browser, demo, session):
    as_beheerder(browser, demo)
    bad = CSV_HEADER + (
        "Ans de Boer,ans@example.nl,gelderland-zuid,tegenspreker,Team Oost,,4,huiselijk_geweld,nl;ar,\n"
        "Bert,bert@example,atlantis,rechter,,,veel,,nl,\n"
        "Cor Jansen,cor@example.nl,rotterdam-rijnmond,jurist,,,3,zwemmen,nl,2026-12-20..2026-12-01\n"
        "Ans dubbel,ans@example.nl,utrecht,jurist,,,3,,nl,\n"
        "Dirk,dirk@example,gelderland-zuid,jurist,,,2,,nl,\n")
    refused = upload(browser, bad, "slecht.csv")
    assert refused.status_code == 422
    assert "Niets geïmporteerd" in refused.text and "slecht.csv" in refused.text
    table = refused.text[refused.text.index('<table class="import-errors">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td><td><span class="code">(.*?)</span>',
                      table)
    assert {(where, code) for where, _, _, code in rows} == {
        ("regel 3", "row_invalid"), ("regel 4", "expertise_unknown"), ("regel 4", "period_invalid"),
        ("regel 5", "email_duplicate"), ("regel 6", "email_invalid")}
    assert ("regel 4", "expertise", "onbekende expertise zwemmen; kies uit: jonge_kinderen, schoolgaande_kinderen, "
            "jongeren, huiselijk_geweld, lvb, eergerelateerd_geweld, ggz_ouders, gesloten_jeugdhulp, verslaving_ouders, "
            "scheiding.", "expertise_unknown") in rows
    assert ("regel 6", "email", "&#39;dirk@example&#39; is geen geldig e-mailadres.", "email_invalid") in rows
    assert "4 regels" in refused.text
    fresh(session)
    assert session.exec(select(User).where(User.email.in_(["ans@example.nl", "dirk@example"]))).all() == []
    assert "Ans de Boer" not in browser.get(POOL).text

    good = CSV_HEADER + (
        "Ans de Boer,ans@example.nl,gelderland-zuid,tegenspreker;jurist,Team Oost,,4,huiselijk_geweld,nl;ar,"
        "2026-12-20..2027-01-03\n"
        "Noor Dekker,noor.dekker@amsterdam-amstelland.rvt.example,amsterdam-amstelland,tegenspreker,Team West,,7,"
        "lvb,nl,\n")
    pool = follow(browser, upload(browser, good, "goed.csv"))
    assert pool.status_code == 200
    assert "Import van goed.csv gelukt: 1 nieuw, 1 bijgewerkt." in pool.text
    assert "Ans de Boer" in pool.text and "ans@example.nl" in pool.text and "0 van 4" in pool.text
    assert "20-12-2026 t/m 03-01-2027" in pool.text
    fresh(session)
    ans = session.exec(select(User).where(User.email == "ans@example.nl")).one()
    assert ans.roles == ["tegenspreker", "jurist"] and ans.languages == ["nl", "ar"] and ans.active
    assert session.get(User, demo.users["amsterdam-amstelland/tegenspreker"]).capacity == 7


def test_an_upload_that_is_no_utf8_or_missing_is_refused_on_the_page(browser, demo):
    as_beheerder(browser, demo)
    refused = browser.post(f"{POOL}/import", data={"csrf_token": page_csrf(browser, f"{POOL}/import")},
                           files={"bestand": ("latin.csv", (CSV_HEADER + "Zoë,zoe@example.nl\n").encode("latin-1"),
                                              "text/csv")})
    assert refused.status_code == 422 and "geen UTF-8-tekst" in refused.text and "csv_encoding" in refused.text
    empty = browser.post(f"{POOL}/import", data={"csrf_token": page_csrf(browser, f"{POOL}/import")},
                         files={"bestand": ("leeg.csv", b"", "text/csv")})
    assert empty.status_code == 422 and "csv_missing" in empty.text


def test_add_and_edit_a_reviewer_keeps_what_was_typed_on_a_refusal(browser, demo, session):
    as_beheerder(browser, demo)
    form = {"name": "Els Vermeer", "email": "els@example.nl", "region": "utrecht", "roles": ["jurist"],
            "team": "Juristen", "function": "jurist", "capacity": "veel", "expertise": ["lvb", "jongeren"],
            "languages": "nl, xyz1", "active": "ja"}
    refused = post_form(browser, POOL, form, f"{POOL}/nieuw")
    assert refused.status_code == 422
    text = refused.text
    assert 'value="Els Vermeer"' in text and 'value="els@example.nl"' in text and 'value="veel"' in text
    assert 'value="nl, xyz1"' in text and 'id="expertise-lvb" name="expertise" value="lvb" checked' in text
    capacity = text[text.index('<label for="capacity">'):text.index('id="capacity"')]
    assert "Vul de capaciteit in als een heel getal" in capacity and "capacity_not_a_number" in capacity
    languages = text[text.index('<label for="languages">'):text.index('id="languages"')]
    assert "language_invalid" in languages
    assert 'aria-invalid="true"' in text and 'href="#capacity"' in text
    fresh(session)
    assert session.exec(select(User).where(User.email == "els@example.nl")).first() is None

    created = follow(browser, post_form(browser, POOL, form | {"capacity": "3", "languages": "nl, tr"},
                                        f"{POOL}/nieuw"))
    assert "Els Vermeer is toegevoegd." in created.text
    fresh(session)
    els = session.exec(select(User).where(User.email == "els@example.nl")).one()
    assert (els.capacity, els.languages, els.expertise, els.active) == (3, ["nl", "tr"], ["lvb", "jongeren"], True)

    taken = post_form(browser, POOL, form | {"capacity": "3", "languages": "nl", "email": els.email},
                      f"{POOL}/nieuw")
    assert taken.status_code == 422 and "email_taken" in taken.text

    # Edit: deactivate and raise the capacity; the leave recorded before stays.
    post_form(browser, f"{POOL}/{els.id}/afwezigheid", {"start": "2026-12-01", "end": "2026-12-24",
                                                         "reason": "verlof"}, f"{POOL}/{els.id}")
    edited = follow(browser, post_form(browser, f"{POOL}/{els.id}", {
        "name": "Els Vermeer", "region": "gelderland-zuid", "roles": ["jurist", "tegenspreker"], "team": "",
        "function": "", "capacity": "8", "languages": "nl"}))
    assert "Els Vermeer is opgeslagen." in edited.text and "niet actief" in edited.text
    fresh(session)
    els = session.get(User, els.id)
    assert (els.active, els.capacity, els.roles) == (False, 8, ["jurist", "tegenspreker"])
    assert [(u.start.isoformat(), u.reason) for u in session.exec(
        select(Unavailability).where(Unavailability.user_id == els.id))] == [("2026-12-01", "verlof")]


def test_the_beheerder_records_leave_and_a_conflict(browser, demo, session):
    as_beheerder(browser, demo)
    jurist = demo.users["gelderland-zuid/jurist"]
    page = f"{POOL}/{jurist}"
    assert browser.get(page).status_code == 200
    refused = post_form(browser, f"{page}/afwezigheid", {"start": "24-12-2026", "end": "2026-12-01",
                                                         "reason": "kerstverlof"}, page)
    assert refused.status_code == 422
    end = refused.text[refused.text.index('<label for="leave-end">'):refused.text.index('id="leave-end"')]
    assert "De afwezigheid eindigt voor het begin." in end and "period_invalid" in end
    assert 'value="24-12-2026"' in refused.text and 'value="kerstverlof"' in refused.text
    garbled = post_form(browser, f"{page}/afwezigheid", {"start": "morgen", "end": ""}, page)
    assert garbled.status_code == 422 and "date_invalid" in garbled.text and "date_missing" in garbled.text

    done = follow(browser, post_form(browser, f"{page}/afwezigheid", {"start": "20-12-2026", "end": "2027-01-03",
                                                                      "reason": "kerstverlof"}, page))
    assert "Afwezigheid van mr. Ayşe Kaya vastgelegd." in done.text
    assert "<td>20-12-2026</td><td>03-01-2027</td><td>kerstverlof</td>" in done.text

    nothing = post_form(browser, f"{page}/conflict", {"reason": "ken iemand"}, page)
    assert nothing.status_code == 422 and "conflict_target_missing" in nothing.text
    assert 'value="ken iemand"' in nothing.text
    unknown = post_form(browser, f"{page}/conflict", {"person_id": "999999", "family_id": "999998"}, page)
    assert unknown.status_code == 422 and "person_not_found" in unknown.text and "family_not_found" in unknown.text
    garbled = post_form(browser, f"{page}/conflict", {"family_id": "abc"}, page)
    assert garbled.status_code == 422 and "number_invalid" in garbled.text and 'value="abc"' in garbled.text

    declared = follow(browser, post_form(browser, f"{page}/conflict", {
        "organisation": "Stichting Jeugdzorg Oost", "region_id": str(demo.regions["utrecht"]),
        "reason": "Was tot vorig jaar in dienst."}, page))
    assert "Belangenconflict van mr. Ayşe Kaya vastgelegd." in declared.text
    assert "organisatie Stichting Jeugdzorg Oost, regio RVT Utrecht" in declared.text
    fresh(session)
    [period] = session.exec(select(Unavailability).where(Unavailability.user_id == jurist)).all()
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-12-20", "2027-01-03")
    [conflict] = session.exec(select(DeclaredConflict).where(DeclaredConflict.user_id == jurist)).all()
    assert conflict.region_id == demo.regions["utrecht"] and conflict.organisation == "Stichting Jeugdzorg Oost"
    assert browser.get(f"{POOL}/abc").status_code == 404
    assert post_form(browser, f"{POOL}/999999/conflict", {"organisation": "X"}, page).status_code == 404
    assert browser.get(f"{POOL}/{demo.users['utrecht/indiener']}").status_code == 404


# --- flagged requests -------------------------------------------------------------------------------

def submit_and_assign(session, demo, settings, now) -> int:
    request_id = make_request(session, demo, now)
    drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id, now=now)
    pump(session, now, settings.documents_dir)
    return request_id


def test_a_request_without_eligible_reviewers_is_shown_with_the_reasons_and_can_be_assigned_again(
        browser, demo, session, settings):
    as_beheerder(browser, demo)
    utrecht = demo.regions["utrecht"]
    others = [code for code in demo.regions if code != "utrecht"]
    done = post_form(browser, f"/werkplek/beheer/regios/{utrecht}", {"too_close": others}, "/werkplek/beheer/regios")
    page = follow(browser, done)
    assert "Te dichtbij gelegen regio&#39;s van RVT Utrecht opgeslagen." in page.text
    request_id = submit_and_assign(session, demo, settings, NOW)
    fresh(session)
    assert session.get(Request, request_id).state == "submitted" and session.get(Request, request_id).flagged

    flagged = browser.get("/werkplek/beheer/gemarkeerd")
    assert flagged.status_code == 200
    text = flagged.text
    assert f"Verzoek #{request_id}: ondertoezichtstelling" in text.lower() or f"Verzoek #{request_id}:" in text
    assert "Geen geschikte reviewer" in text
    assert "werkt in een regio die te dicht bij die van de zaak staat" in text and "too_close_region" in text
    assert "werkt in dezelfde regio als de zaak" in text and "same_region" in text
    assert "Geen geschikte jurist voor plaats 1" in text  # what was recorded at the refusal
    assert "/werkplek/beheer/regios" in text and "Fatima el Amrani" in text
    for word in FAMILY_WORDS:
        assert word not in text, word

    still = post_form(browser, f"/werkplek/beheer/gemarkeerd/{request_id}/toewijzen", {}, "/werkplek/beheer/gemarkeerd")
    assert "kon (nog) niet worden samengesteld" in follow(browser, still).text

    follow(browser, post_form(browser, f"/werkplek/beheer/regios/{utrecht}", {}, "/werkplek/beheer/regios"))
    assert "Nu is er voor elke plaats weer een geschikte kandidaat." in browser.get("/werkplek/beheer/gemarkeerd").text
    assigned = follow(browser, post_form(browser, f"/werkplek/beheer/gemarkeerd/{request_id}/toewijzen", {},
                                         "/werkplek/beheer/gemarkeerd"))
    assert f"Verzoek #{request_id} heeft nu een panel (3 plaatsen)." in assigned.text
    assert "Er zijn geen gemarkeerde verzoeken." in assigned.text
    fresh(session)
    assert session.get(Request, request_id).state == "in_tegenspraak"


def test_an_automatic_step_given_up_is_shown_and_the_beheerder_has_it_retried(browser, demo, session, settings):
    from datetime import UTC

    from models.audit import Event
    from models.services.events import claim_events, fail_event

    request_id = make_request(session, demo, NOW)
    drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id, now=NOW)
    [(event_id, _, _)] = claim_events(session, worker="w", now=datetime.now(UTC), lease=timedelta(seconds=30))
    assert fail_event(session, event_id=event_id, worker="w", error="OperationalError: server closed the connection",
                      retry_at=datetime.now(UTC), now=NOW, give_up_after=1) == "given_up"
    as_beheerder(browser, demo)
    text = browser.get("/werkplek/beheer/gemarkeerd").text
    assert "Automatische stap stilgezet" in text and "<q>het panel toewijzen</q>" in text
    assert f"(gebeurtenis {event_id}) mislukte in 1\n    ronde achter elkaar" in text
    assert "Laatste fout: <q>OperationalError: server closed the connection</q>" in text
    assert_no_inline_code(text)
    retried = follow(browser, post_form(browser, f"/werkplek/beheer/gemarkeerd/{request_id}/opnieuw", {},
                                        "/werkplek/beheer/gemarkeerd"))
    assert f"Verzoek #{request_id}: 1 automatische stap wordt opnieuw geprobeerd." in retried.text
    assert "Er zijn geen gemarkeerde verzoeken." in retried.text
    again = post_form(browser, f"/werkplek/beheer/gemarkeerd/{request_id}/opnieuw", {}, "/werkplek/beheer/gemarkeerd")
    assert again.status_code == 404 and "geen stilgezette automatische stap" in again.text
    fresh(session)
    event = session.get(Event, event_id)
    assert (event.given_up_at, event.failures, event.claimed_by, event.processed_at) == (None, 0, None, None)


def test_a_failed_invitation_mail_is_shown_without_the_familys_address(browser, demo, session, settings):
    now = NOW
    request_id = submit_and_assign(session, demo, settings, now)
    party = next(p for p in load_dossier(session, request_id).parties if p.kind != "child")
    hearing.invite_party(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                         party_id=party.id, channel="email", sent_at=now, proof="", now=now, **portal_args())
    mail = session.exec(select(MailMessage).where(MailMessage.party_id == party.id)).one()
    mailing.record_mail_result(session, mail_id=mail.id, ok=False, message_id="", now=now, max_attempts=3,
                               error=f"(550, '5.1.1 <{mail.to_address}>: Recipient address rejected')",
                               permanent=True)
    as_beheerder(browser, demo)
    text = browser.get("/werkplek/beheer/gemarkeerd").text
    assert f"Verzoek #{request_id}" in text and "E-mail mislukt" in text
    assert "De uitnodiging aan een partij (ouder met gezag) kon niet worden verzonden" in text
    assert "5.1.1 &lt;[e-mailadres]&gt;: Recipient address rejected" in text
    assert "opnieuw uit te nodigen, zo nodig per brief" in text
    for word in FAMILY_WORDS:
        assert word not in text, word


# --- uniformity figures ------------------------------------------------------------------------------

def hear(session, indiener: User, request_id: int, now: datetime) -> None:
    """Every party invited and heard, every child's view recorded (as tests/builders.hear_everyone, any region)."""
    d = load_dossier(session, request_id)
    for party in d.parties:
        if party.kind != "child":
            hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=party.id, channel="brief",
                                 sent_at=now, proof="aangetekend verzonden", now=now, **portal_args())
            hearing.record_response(session, actor=indiener, request_id=request_id, party_id=party.id,
                                    position="oneens", text="Zienswijze.", received_at=now, channel="brief",
                                    responded_by="", now=now)
    for child_id in d.content.child_ids:
        hearing.record_child_voice(session, actor=indiener, request_id=request_id, person_id=child_id, heard=True,
                                   method="gesprek", obtained_by="RVT", obtained_at=now, child_words="Rust thuis.",
                                   professional_summary="Het kind wil rust.", not_heard_reason="", explanation="",
                                   now=now)


def rotterdam_request(session, demo, now: datetime) -> int:
    indiener = actor(session, demo, "rotterdam-rijnmond/indiener")
    family = drafting.create_family(session, actor=indiener, name="Gezin R", language="nl", now=now, persons=[
        PersonCreate(kind="parent", given_names="Petra", surname="Rijn", relation="moeder", has_gezag=True),
        PersonCreate(kind="child", given_names="Tim", surname="Rijn", relation="zoon",
                     date_of_birth=(now - timedelta(days=365 * 13)).date())])
    child = next(p["id"] for p in views.family_view(session, actor=indiener, family_id=family.id, now=now)["persons"]
                 if p["kind"] == "child")
    case = drafting.create_case(session, actor=indiener, family_id=family.id, title="R", team_user_ids=[], now=now)
    content = demo_ots_content(demo, now) | {"child_ids": [child]}
    return drafting.create_request(session, actor=indiener, case_id=case.id, content=drafting.parse_content(content),
                                   spoed=False, now=now).id


def review(session, demo, settings, request_id: int, indiener: User, t0: datetime, *, verdict_days: float,
           decisions: dict | None = None, render_days: float | None = None) -> None:
    drafting.submit_request(session, actor=indiener, request_id=request_id, now=t0)
    pump(session, t0, settings.documents_dir)
    hear(session, indiener, request_id, t0 + timedelta(hours=1))
    assess_all(session, request_id, t0 + timedelta(hours=2))
    at = t0 + timedelta(days=verdict_days)
    give_verdicts(session, request_id, at, decisions)
    pump(session, at, settings.documents_dir)
    if render_days is not None:
        at = t0 + timedelta(days=render_days)
        sign_all(session, request_id, at)
        pump(session, at, settings.documents_dir)
        pump(session, at, settings.documents_dir)


@pytest.fixture
def seeded(session, demo, settings):
    """Utrecht: one approved after 2 days and rendered after 3, one returned; Rotterdam: one advised against."""
    t0 = NOW - timedelta(days=20)
    utrecht = actor(session, demo, "utrecht/indiener")
    first = make_request(session, demo, t0)
    review(session, demo, settings, first, utrecht, t0, verdict_days=2, render_days=3)
    second = make_request(session, demo, t0)
    review(session, demo, settings, second, utrecht, t0, verdict_days=1, decisions={"jurist": "terug_ter_correctie"})
    third = rotterdam_request(session, demo, t0)
    review(session, demo, settings, third, actor(session, demo, "rotterdam-rijnmond/indiener"), t0, verdict_days=5,
           decisions={"jurist": "advies_niet_indienen"})
    fresh(session)
    assert [session.get(Request, i).state for i in (first, second, third)] == ["rendered", "returned",
                                                                               "advised_against"]
    return t0


def test_uniformity_counts_each_submitted_request_once_per_region(session, demo, seeded):
    beheerder = actor(session, demo, BEHEERDER)
    figures = stats.uniformity(session, actor=beheerder, now=seeded + timedelta(days=30), days=None)
    regions = {r["code"]: r for r in figures["regions"]}
    utrecht, rotterdam = regions["utrecht"], regions["rotterdam-rijnmond"]
    assert (utrecht["submitted"], utrecht["returned"], utrecht["advised_against"]) == (2, 1, 0)
    assert (utrecht["share_returned"], utrecht["share_advised_against"]) == (0.5, 0.0)
    assert utrecht["to_approved"] == {"count": 1, "median_days": 2.0, "p90_days": 2.0}
    assert utrecht["to_rendered"] == {"count": 1, "median_days": 3.0, "p90_days": 3.0}
    assert (rotterdam["submitted"], rotterdam["share_advised_against"], rotterdam["to_approved"]["count"]) == (1, 1.0, 0)
    assert regions["gelderland-zuid"]["submitted"] == 0 and regions["gelderland-zuid"]["share_returned"] is None
    assert figures["total"]["submitted"] == 3
    # Only what happened up to `now`: a day after submission nothing was approved or rendered yet.
    early = stats.uniformity(session, actor=beheerder, now=seeded + timedelta(days=1, hours=12), days=None)
    assert {r["code"]: r["to_approved"]["count"] for r in early["regions"]}["utrecht"] == 0
    # The period counts requests first submitted in it.
    assert stats.uniformity(session, actor=beheerder, now=seeded + timedelta(days=400), days=365)["total"][
        "submitted"] == 0
    assert stats.p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == 9 and stats.p90([4.0]) == 4.0 and stats.p90([]) is None


def test_the_figures_page_shows_a_chart_and_a_table_per_figure(browser, demo, session, seeded):
    as_beheerder(browser, demo)
    page = browser.get("/werkplek/beheer/cijfers", params={"periode": "alles"})
    assert page.status_code == 200, page.text
    text = page.text
    svgs = re.findall(r"<svg .*?</svg>", text, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "style=" not in svg
        assert "Regio" in svg and "RVT Utrecht" in svg and "RVT Rotterdam-Rijnmond" in svg
    assert "Percentage van de ingediende verzoeken" in svgs[0] and ">50,0 %<" in svgs[0] and ">100,0 %<" in svgs[0]
    assert "Dagen na de eerste indiening" in svgs[1] and ">2,0 d<" in svgs[1] and "geen gegevens" in svgs[1]
    assert ">3,0 d<" in svgs[2]
    assert len(re.findall(r"<table class=\"figures\">", text)) == 3 and text.count("<caption") >= 3
    assert ('<tr><th scope="row">RVT Utrecht</th><td>2</td>\n    <td>1 (50,0 %)</td>\n    <td>0 (0,0 %)</td></tr>'
            in text)
    assert '<tr><th scope="row">RVT Utrecht</th><td>1</td>\n    <td>2,0</td><td>2,0</td></tr>' in text
    assert '<tr><th scope="row">RVT Rotterdam-Rijnmond</th><td>1</td>\n    <td>0 (0,0 %)</td>\n    <td>1 (100,0 %)</td>' \
        in text
    assert_no_inline_code(text)
    for word in FAMILY_WORDS + ("Petra", "Tim Rijn"):
        assert word not in text, word
    assert browser.get("/werkplek/beheer/cijfers", params={"periode": "onzin"}).status_code == 200


# --- nobody else ---------------------------------------------------------------------------------------

ADMIN_GETS = ["/werkplek/beheer/pool", "/werkplek/beheer/pool/nieuw", "/werkplek/beheer/pool/import",
              "/werkplek/beheer/pool/{jurist}", "/werkplek/beheer/pool/abc", "/werkplek/beheer/regios",
              "/werkplek/beheer/gemarkeerd", "/werkplek/beheer/cijfers"]
ADMIN_POSTS = ["/werkplek/beheer/pool", "/werkplek/beheer/pool/import", "/werkplek/beheer/pool/{jurist}",
               "/werkplek/beheer/pool/{jurist}/afwezigheid", "/werkplek/beheer/pool/{jurist}/conflict",
               "/werkplek/beheer/regios/{utrecht}", "/werkplek/beheer/gemarkeerd/1/toewijzen",
               "/werkplek/beheer/gemarkeerd/1/opnieuw"]


@pytest.mark.parametrize("who", ["utrecht/indiener", "gelderland-zuid/tegenspreker"])
def test_anyone_but_the_beheerder_gets_403_on_every_beheer_page(browser, demo, session, who):
    from models.access_log import AccessLogEntry

    login(browser, demo.users[who])
    ids = {"jurist": demo.users["gelderland-zuid/jurist"], "utrecht": demo.regions["utrecht"]}
    for path in ADMIN_GETS:
        answer = browser.get(path.format(**ids))
        assert answer.status_code == 403, path
        assert "Geen toegang" in answer.text and "<table" not in answer.text, path
    csrf = page_csrf(browser)
    for path in ADMIN_POSTS:
        answer = browser.post(path.format(**ids), data={"csrf_token": csrf, "too_close": "gelderland-zuid",
                                                        "start": "2026-12-01", "end": "2026-12-02",
                                                        "organisation": "X", "name": "X", "capacity": "1"},
                              files={"bestand": ("x.csv", CSV_HEADER.encode(), "text/csv")}
                              if path.endswith("import") else None)
        assert answer.status_code == 403, path
    fresh(session)
    assert session.get(Region, demo.regions["utrecht"]).too_close == []
    assert session.exec(select(Unavailability)).all() == [] and session.exec(select(DeclaredConflict)).all() == []
    refusals = session.exec(select(AccessLogEntry).where(AccessLogEntry.object_type == "beheer",
                                                         AccessLogEntry.user_id == demo.users[who])).all()
    assert len(refusals) == len(ADMIN_GETS) + len(ADMIN_POSTS)
    assert browser.get("/werkplek/beheer").headers["location"] == "/werkplek/beheer/pool"
