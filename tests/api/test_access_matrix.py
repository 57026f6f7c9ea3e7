"""Who may call what: every route of the API against every kind of user, as a table written out by hand.

The table is the specification (it is not derived from the code). A new route fails
`test_the_table_covers_every_route` until it has a row here.

Columns (who calls):
  Z  indiener on the case team (the case's owner)       C  indiener of the same region, not on the case team
  A  indiener of another region                         T  the seated tegenspreker
  J  the seated jurist                                  G  the seated gedragswetenschapper
  X  a tegenspreker not on this panel                   B  the beheerder
  M  the regiomanager of the case's region
Cells: '+' the call is let through (any answer but 401/403: done, or refused by a gate with 409/422);
       '-' refused with 403.
The last field: what an anonymous caller gets (401, or '+' for public routes).
"""

from datetime import timedelta

import pytest
from sqlmodel import select

from models.court_document import CourtDocument
from models.demo import demo_ots_content
from models.dossier import load_dossier
from models.organisation import User
from models.services import drafting
from tests.api.conftest import auth
from tests.builders import assess_all, give_verdicts, hear_everyone, pump, sign_all

COLUMNS = "ZCATJGXBM"

ROUTES = [
    # method, path, stage the request is in, who may  Z C A T J G X B M, anonymous
    ("GET", "/health", "draft", "+ + + + + + + + +", "+"),
    ("GET", "/me", "draft", "+ + + + + + + + +", "401"),
    ("GET", "/catalogue", "draft", "+ + + + + + + + +", "401"),
    ("GET", "/catalogue/diff", "draft", "+ + + + + + + + +", "401"),
    ("POST", "/families", "draft", "+ + + - - - - - -", "401"),
    ("GET", "/families/{family_id}", "review", "+ + - + + + - - +", "401"),
    ("POST", "/cases", "draft", "+ + - - - - - - -", "401"),
    ("GET", "/cases/{case_id}", "draft", "+ - - - - - - + +", "401"),
    ("GET", "/requests", "draft", "+ + + + + + + + +", "401"),
    ("POST", "/requests", "draft", "+ - - - - - - - -", "401"),
    ("GET", "/requests/{request_id}", "review", "+ - - + + + - - +", "401"),
    ("GET", "/requests/{request_id}/checklist", "review", "+ - - + + + - - +", "401"),
    ("PUT", "/requests/{request_id}/content", "draft", "+ - - - - - - - -", "401"),
    ("GET", "/requests/{request_id}/revisions", "review", "+ - - + + + - - +", "401"),
    ("GET", "/requests/{request_id}/audit", "review", "+ - - + + + - - +", "401"),
    ("GET", "/requests/{request_id}/revisions/{before}/diff/{after}", "review", "+ - - + + + - - +", "401"),
    ("POST", "/requests/{request_id}/submit", "draft", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/assign", "review", "- - - - - - - + -", "401"),
    ("POST", "/requests/{request_id}/parties", "draft", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/parties/{party_id}/invitation", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/parties/{party_id}/response", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/parties/{party_id}/remove", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/parties/{party_id}/revoke-links", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/parties/{party_id}/no-reinvitation", "review", "- - - + + + - - -", "401"),
    ("POST", "/requests/{request_id}/children/{person_id}/voice", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/children/{person_id}/capability", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/assessments", "review", "- - - + + + - - -", "401"),
    ("POST", "/requests/{request_id}/verdict", "review", "- - - + + + - - -", "401"),
    ("POST", "/requests/{request_id}/urgency", "review", "- - - - + - - - -", "401"),
    ("POST", "/requests/{request_id}/warnings/accept", "review", "- - - + + + - - -", "401"),
    ("POST", "/requests/{request_id}/decline", "review", "- - - + + + - - -", "401"),
    ("POST", "/requests/{request_id}/escalation", "review", "- - - - - - - - +", "401"),
    ("POST", "/requests/{request_id}/signoff", "review", "- - - - + + - - -", "401"),
    ("POST", "/requests/{request_id}/render", "review", "+ - - - - - - + -", "401"),
    ("POST", "/requests/{request_id}/file", "review", "+ - - - - - - - -", "401"),
    ("POST", "/requests/{request_id}/withdraw", "review", "+ - - - - - - + -", "401"),
    ("GET", "/requests/{request_id}/panel/why", "review", "+ - - + + + - + +", "401"),
    ("GET", "/requests/{request_id}/panel/why-not/{user_id}", "review", "+ - - + + + - + +", "401"),
    ("GET", "/documents/{document_id}/download", "rendered", "+ - - + + + - - +", "401"),
    ("GET", "/verify/{code}", "rendered", "+ + + + + + + + +", "+"),
    ("POST", "/verify/{code}", "rendered", "+ + + + + + + + +", "+"),
    ("GET", "/stats/learning", "draft", "+ + + - - - - + +", "401"),
    ("GET", "/reviewers", "draft", "- - - - - - - + -", "401"),
    ("POST", "/reviewers", "draft", "- - - - - - - + -", "401"),
    ("GET", "/reviewers/{user_id}", "draft", "- - - - - - - + -", "401"),
    ("PUT", "/reviewers/{user_id}", "draft", "- - - - - - - + -", "401"),
    ("POST", "/reviewers/import", "draft", "- - - - - - - + -", "401"),
    ("POST", "/reviewers/{user_id}/unavailability", "draft", "- - - - - - - + -", "401"),
    ("POST", "/reviewers/{user_id}/conflicts", "draft", "- - - - - - - + -", "401"),
    ("PUT", "/regions/{region_id}/too-close", "draft", "- - - - - - - + -", "401"),
    ("POST", "/assignments/batch", "draft", "- - - - - - - + -", "401"),
    ("GET", "/access-log", "draft", "- - - - - - - + -", "401"),
    ("GET", "/audit/verify", "draft", "- - - - - - - + -", "401"),
]


def prepare(session, demo, now, documents_dir, stage: str) -> dict:
    """A request of the Utrecht indiener (no case team besides the owner) at `stage`; the ids the routes need."""
    indiener = session.get(User, demo.users["utrecht/indiener"])
    case = drafting.create_case(session, actor=indiener, family_id=demo.family_id, title="Noah", team_user_ids=[],
                                now=now)
    request = drafting.create_request(session, actor=indiener, case_id=case.id, spoed=False, now=now,
                                      content=drafting.parse_content(demo_ots_content(demo, now)))
    rid = request.id
    if stage != "draft":
        drafting.submit_request(session, actor=indiener, request_id=rid, now=now)
        pump(session, now, documents_dir)
    if stage == "rendered":
        hear_everyone(session, demo, rid, now + timedelta(hours=1))
        assess_all(session, rid, now + timedelta(hours=2))
        give_verdicts(session, rid, now + timedelta(hours=3))
        pump(session, now + timedelta(hours=3), documents_dir)
        sign_all(session, rid, now + timedelta(hours=4))
        pump(session, now + timedelta(hours=4), documents_dir)
        pump(session, now + timedelta(hours=5), documents_dir)
    d = load_dossier(session, rid)
    seated = {s.role: s.user_id for s in d.seats}
    key_of = {uid: key for key, uid in demo.users.items()}
    outsider = next(key for key, uid in demo.users.items() if key.endswith("tegenspreker")
                    and not key.startswith("utrecht/") and uid not in seated.values())
    document = session.exec(select(CourtDocument).where(CourtDocument.request_id == rid)).first()
    parent = next(p for p in d.parties if p.kind != "child")
    callers = {"Z": "utrecht/indiener", "C": "utrecht/collega", "A": "rotterdam-rijnmond/indiener",
               "X": outsider, "B": "amsterdam-amstelland/beheerder", "M": "utrecht/manager"}
    if seated:
        callers |= {"T": key_of[seated["tegenspreker"]], "J": key_of[seated["jurist"]],
                    "G": key_of[seated["gedragswetenschapper"]]}
    return {"request_id": rid, "case_id": case.id, "family_id": demo.family_id, "party_id": parent.id,
            "person_id": demo.persons["noah"], "document_id": document.id if document else 1,
            "code": document.verification_code if document else "TS-AAAA-BBBB-CCCC",
            # a reviewer who is none of the callers (a reviewer may record their own leave and conflicts)
            "user_id": next(uid for key, uid in demo.users.items() if key not in callers.values()
                            and key.endswith(("tegenspreker", "tegenspreker2", "jurist", "gw"))),
            "region_id": demo.regions["utrecht"],
            "before": 1, "after": 1, "callers": callers, "hash": d.revision.content_hash}


def body_for(method: str, path: str, ids: dict, demo, now) -> dict:
    """A well-formed body, so that what is tested is access, not validation."""
    at = (now + timedelta(minutes=30)).isoformat()
    bodies = {
        "/families": {"json": {"name": "Gezin de Vries", "persons": []}},
        "/cases": {"json": {"family_id": ids["family_id"], "title": "Zaak"}},
        "/requests": {"json": {"case_id": ids["case_id"], "content": demo_ots_content(demo, now)}},
        "/requests/{request_id}/content": {"json": {"content": demo_ots_content(demo, now) | {"duration_months": 6},
                                                    "note": "korter"}},
        "/requests/{request_id}/parties": {"json": {"kind": "carer", "given_names": "Kees", "surname": "Bakker"}},
        "/requests/{request_id}/parties/{party_id}/invitation": {"json": {"channel": "brief", "sent_at": at,
                                                                          "proof": "aangetekend"}},
        "/requests/{request_id}/parties/{party_id}/response": {"json": {"position": "eens", "text": "Ja.",
                                                                        "received_at": at, "channel": "brief"}},
        "/requests/{request_id}/parties/{party_id}/remove": {"json": {"reason": "geen partij"}},
        "/requests/{request_id}/parties/{party_id}/no-reinvitation": {"json": {"reasons": "geen wezenlijke wijziging"}},
        "/requests/{request_id}/children/{person_id}/voice": {"json": {"heard": False, "not_heard_reason": "weigert",
                                                                       "explanation": "Wil niet praten."}},
        "/requests/{request_id}/children/{person_id}/capability": {"json": {"capable": True, "note": "kan het",
                                                                            "assessed_by": "gw"}},
        "/requests/{request_id}/assessments": {"json": {"items": [{"criterion": "taal", "outcome": "voldoet",
                                                                   "reasoning": "Helder."}]}},
        "/requests/{request_id}/verdict": {"json": {"decision": "terug_ter_correctie", "reasons": "Feiten ontbreken."}},
        "/requests/{request_id}/urgency": {"json": {"accepted": True, "reasons": "Acuut gevaar."}},
        "/requests/{request_id}/warnings/accept": {"json": {"code": "duration_reason_missing", "field":
                                                            "duration_reason", "reasons": "De duur volgt uit het plan."}},
        "/requests/{request_id}/decline": {"json": {"reason": "Ken het gezin.", "conflict": True}},
        "/requests/{request_id}/escalation": {"json": {"proceed": True, "reasons": "Toch indienen."}},
        "/requests/{request_id}/signoff": {"json": {"revision_hash": ids["hash"], "declaration": "Getoetst."}},
        "/requests/{request_id}/file": {"json": {"court_reference": "C/16/1"}},
        "/requests/{request_id}/withdraw": {"json": {"reason": "Niet meer nodig."}},
        "/verify/{code}": {"files": {"file": ("x.docx", b"nothing", "application/octet-stream")}},
        "/reviewers": {"json": {"name": "Nieuwe Toetser", "email": "nieuw@rvt.example", "region": "utrecht",
                                "roles": ["tegenspreker"]}},
        "/reviewers/{user_id}": {"json": {"name": "Joris Hendriks", "email": "joris@rvt.example",
                                          "region": "gelderland-zuid", "roles": ["tegenspreker"]}},
        "/reviewers/import": {"content": "name,email,region,roles,team,function,capacity,expertise,languages,"
                                         "unavailable\n".encode()},
        "/reviewers/{user_id}/unavailability": {"json": {"start": "2026-12-20", "end": "2027-01-03"}},
        "/reviewers/{user_id}/conflicts": {"json": {"family_id": ids["family_id"], "reason": "buurman"}},
        "/regions/{region_id}/too-close": {"json": {"too_close": []}},
    }
    return bodies.get(path, {}) if method in ("POST", "PUT") else {}


def call(client, method: str, path: str, ids: dict, headers: dict, demo, now):
    url = path.format(**{k: v for k, v in ids.items() if isinstance(v, (int, str))})
    params = {"before": "2026.1", "after": "2026.1"} if path == "/catalogue/diff" else None
    return client.request(method, url, headers=headers, params=params, **body_for(method, path, ids, demo, now))


def test_the_table_covers_every_route(client):
    spec = client.get("/openapi.json").json()
    routes = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert routes == {(m, p) for m, p, *_ in ROUTES}


@pytest.mark.parametrize("method,path,stage,allowed,anonymous", ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES])
def test_who_may_call_what(client, demo, session, settings, now, method, path, stage, allowed, anonymous):
    ids = prepare(session, demo, now, settings.documents_dir, stage)
    expected = dict(zip(COLUMNS, allowed.split()))
    seen = {}
    for column in COLUMNS:
        key = ids["callers"].get(column)
        if key is None:
            continue  # no panel yet at this stage
        response = call(client, method, path, ids, auth(demo, key), demo, now)
        assert response.status_code != 401, (column, response.text)
        seen[column] = "-" if response.status_code == 403 else "+"
        if response.status_code >= 500:
            pytest.fail(f"{column}: {response.status_code} {response.text}")
    assert seen == {c: v for c, v in expected.items() if c in seen}
    response = call(client, method, path, ids, {}, demo, now)
    assert (str(response.status_code) == "401") == (anonymous == "401"), response.text
