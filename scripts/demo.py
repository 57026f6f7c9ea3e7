"""`make demo`: one complete OTS case, headless, through the API and the Prefect flows.

draft → submitted → panel from other regions → both parents and Noah (13) heard → panel approves →
jurist and gedragswetenschapper sign off → rendered. Prints the path of the .docx court request.
"""

import shutil
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime

from models.config import REPO_ROOT

DEMO_DIR = REPO_ROOT / "var" / "demo"


def play(client, run_flows: Callable[[], None], demo, say: Callable[[str], None] = print) -> dict:
    """The demo case. `client` is an HTTP client on the API; `run_flows` lets the flows catch up."""

    def call(method: str, url: str, token_key: str, **kwargs) -> dict:
        response = client.request(method, url, headers={"Authorization": f"Bearer {demo.tokens[token_key]}"}, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {response.status_code} {response.text}")
        return response.json()

    token_of = {user_id: key for key, user_id in demo.users.items()}
    now = datetime.now(UTC)
    from models.demo import demo_ots_content

    case = call("POST", "/cases", "utrecht/indiener",
                json={"family_id": demo.family_id, "title": "Zorgen om Noah", "team_user_ids": [demo.users["utrecht/collega"]]})
    request = call("POST", "/requests", "utrecht/indiener", json={"case_id": case["id"], "content": demo_ots_content(demo, now)})
    rid = request["id"]
    say(f"1. concept-verzoek {rid} (OTS voor Noah) opgesteld door Fatima el Amrani, RVT Utrecht")
    call("POST", f"/requests/{rid}/submit", "utrecht/indiener")
    say("2. ingediend voor tegenspraak")
    run_flows()
    request = call("GET", f"/requests/{rid}", "utrecht/indiener")
    say(f"3. panel toegewezen ({request['state_label']}):")
    for seat in request["panel"]:
        say(f"     {seat['role_label']:<22} {seat['name']:<22} {seat['region']}")
    for party in request["parties"]:
        if party["kind"] == "child":
            continue
        call("POST", f"/requests/{rid}/parties/{party['id']}/invitation", "utrecht/indiener",
             json={"channel": "email", "sent_at": now.isoformat(), "proof": "e-mail met concept verzonden, ontvangst bevestigd"})
    positions = {"Sanne": ("oneens", "Ik vind een ondertoezichtstelling te zwaar. Ik wil wel hulp, maar op mijn manier."),
                 "Youssef": ("deels", "Ik zie dat Noah niet naar school gaat. Hulp is goed, maar niet via de rechter.")}
    for party in request["parties"]:
        if party["kind"] == "child":
            continue
        position, text = positions[party["name"].split()[0]]
        call("POST", f"/requests/{rid}/parties/{party['id']}/response", "utrecht/indiener",
             json={"position": position, "text": text, "received_at": now.isoformat(), "channel": "email",
                   "responded_by": "mr. E. de Wit, advocaat" if party["name"].startswith("Sanne") else ""})
    call("POST", f"/requests/{rid}/children/{demo.persons['noah']}/voice", "utrecht/indiener",
         json={"heard": True, "method": "gesprek", "obtained_by": "Fatima el Amrani", "obtained_at": now.isoformat(),
               "child_words": "Ik wil gewoon dat het thuis rustig is. Op school word ik gepest, daarom ga ik niet.",
               "professional_summary": "Noah wil rust thuis en noemt pesten als reden om niet naar school te gaan."})
    run_flows()
    say("4. beide ouders en Noah (13) gehoord")
    request = call("GET", f"/requests/{rid}", "utrecht/indiener")
    for seat in request["panel"]:
        key = token_of[seat["user_id"]]
        call("POST", f"/requests/{rid}/assessments", key, json={"items": [
            {"criterion": c["code"], "outcome": "voldoet", "reasoning": f"{c['label']}: voldoende en concreet onderbouwd."}
            for c in request["criteria"]]})
        call("POST", f"/requests/{rid}/verdict", key, json={"decision": "akkoord", "reasons":
             "De grond is met feiten onderbouwd; lichtere middelen zijn geprobeerd; ouders en kind zijn gehoord."})
    run_flows()
    request = call("GET", f"/requests/{rid}", "utrecht/indiener")
    say(f"5. panel: {request['state_label']} (revisie {request['revision']['number']})")
    for seat in request["panel"]:
        if seat["role"] in ("jurist", "gedragswetenschapper"):
            call("POST", f"/requests/{rid}/signoff", token_of[seat["user_id"]],
                 json={"revision_hash": request["revision"]["content_hash"],
                       "declaration": f"Als {seat['role_label']} heb ik deze revisie getoetst en akkoord bevonden."})
    run_flows()
    run_flows()  # ready -> rendered
    request = call("GET", f"/requests/{rid}", "utrecht/indiener")
    say(f"6. ondertekend door jurist en gedragswetenschapper; status: {request['state_label']}")
    if not request["documents"]:
        raise RuntimeError(f"geen document opgemaakt; checklist: {request['checklist']}")
    return request


def prefect_server_running(url: str = "http://127.0.0.1:4200/api/health") -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> None:
    started = time.monotonic()
    import os

    from scripts.prefect_env import configure

    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{DEMO_DIR / 'tegenspraak.db'}"
    os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = str(DEMO_DIR / "documents")
    shared = prefect_server_running()
    configure(api_url="http://127.0.0.1:4200/api" if shared else None)
    print("Prefect: " + ("de server van `make run` (runs zichtbaar in de UI)" if shared
                         else "tijdelijke server in dit proces (start ~15 s)"), flush=True)

    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api.app import create_app
    from flows.worker import no_heartbeats, run_pending
    from models.config import get_settings
    from models.db import get_engine
    from models.demo import seed_demo

    settings = get_settings()
    with Session(get_engine(settings.database_url)) as session:
        demo = seed_demo(session)
    with no_heartbeats(), TestClient(create_app(settings)) as client:
        request = play(client, run_pending, demo, say=lambda s: print(s, flush=True))
    from models.court_document import CourtDocument

    with Session(get_engine(settings.database_url)) as session:
        document = session.get(CourtDocument, request["documents"][0]["id"])
    print(f"\nVerzoekschrift: {document.path}")
    print(f"Verificatiecode: {document.verification_code}  (sha256 {document.sha256[:16]}…)")
    print(f"Duur van de demo: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
