"""`make demo`: one complete OTS case, headless, through the API and the Prefect flows.

draft → submitted → panel from other regions → both parents and Noah (13) heard → panel approves →
jurist and gedragswetenschapper sign off → rendered. Prints the path of the .docx court request.

When `make run` runs (its var/run.json names a live process whose API answers), the case is played against that
stack: its API over HTTP, its database, its worker doing the flows, so the case shows up in its workspace, its
Prefect UI and its mail. Otherwise (or with --standalone) as before: its own database in var/demo, the API
in-process and the flows run here.
"""

import json
import os
import shutil
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import datetime

from adapters.clock import clock_from_settings
from models.config import REPO_ROOT, get_settings

DEMO_DIR = REPO_ROOT / "var" / "demo"


def state_file():
    """Where `make run` says what it runs (scripts/run.py); TEGENSPRAAK_RUN_STATE_FILE moves it (tests, a second
    checkout)."""
    from pathlib import Path

    return Path(os.environ.get("TEGENSPRAAK_RUN_STATE_FILE") or REPO_ROOT / "var" / "run.json")


def play(client, run_flows: Callable[[], None], demo, say: Callable[[str], None] = print,
         now: datetime | None = None) -> dict:
    """The demo case. `client` is an HTTP client on the API; `run_flows` lets the flows catch up; `now` dates the
    facts (by default the clock the settings choose: TEGENSPRAAK_CLOCK_START runs the demo at another moment)."""

    def call(method: str, url: str, token_key: str, **kwargs) -> dict:
        response = client.request(method, url, headers={"Authorization": f"Bearer {demo.tokens[token_key]}"}, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {response.status_code} {response.text}")
        return response.json()

    token_of = {user_id: key for key, user_id in demo.users.items()}
    now = now or clock_from_settings(get_settings()).now()
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


def healthy(url: str, timeout: float = 1) -> bool:
    """Whether `url` answers 200 within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def prefect_server_running(port: int) -> bool:
    return healthy(f"http://127.0.0.1:{port}/api/health")


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_stack() -> dict | None:
    """The `make run` stack's state, if its process lives and its API answers; None otherwise (no file, a file
    left by a stack that died, or a stack without demo data to play with)."""
    try:
        state = json.loads(state_file().read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get("pid"), int) or not process_alive(state["pid"]):
        return None
    if not state.get("demo") or not healthy(f"{state['api_url']}/health"):
        return None
    return state


def wait_for_worker(session_factory, timeout: float = 180.0) -> None:
    """The stack's own worker runs the flows: wait until it has processed every event (twice empty in a row, as a
    flow may add the next event)."""
    from models.services.events import pending_event_ids

    deadline, empty = time.monotonic() + timeout, 0
    while empty < 2:
        if time.monotonic() > deadline:
            raise RuntimeError(f"de worker van `make run` verwerkte de gebeurtenissen niet binnen {timeout:.0f} s")
        with session_factory() as session:
            empty = empty + 1 if not pending_event_ids(session, 1) else 0
        time.sleep(0.5)


def own_family(client, demo):
    """A family of its own for every play: a reviewer who sat on an earlier request about a family is not eligible
    for the next one, so replaying on the demo family would empty the pool after three runs."""
    import dataclasses

    from models.demo import demo_persons

    persons = [p.model_dump(mode="json", exclude={"id", "family_id"}) for p in demo_persons(0)]
    name = f"Gezin Jansen (demo {clock_from_settings(get_settings()).now():%Y-%m-%d %H:%M:%S})"
    response = client.post("/families", headers={"Authorization": f"Bearer {demo.tokens['utrecht/indiener']}"},
                           json={"name": name, "persons": persons})
    if response.status_code >= 400:
        raise RuntimeError(f"POST /families: {response.status_code} {response.text}")
    ids = {p["given_names"].split()[0].lower(): p["id"] for p in response.json()["persons"]}
    print(f"0. nieuw demogezin: {name}", flush=True)
    return dataclasses.replace(demo, family_id=response.json()["id"],
                               persons={"mother": ids["sanne"], "father": ids["youssef"], "noah": ids["noah"],
                                        "lina": ids["lina"]})


def play_against(stack: dict) -> dict:
    import httpx
    from sqlmodel import Session

    from models.db import make_engine
    from models.demo import Demo

    print(f"`make run` draait: de demo speelt tegen {stack['api_url']} en zijn database ({stack['database_url']}); "
          "de worker daar doet de flows.", flush=True)
    engine = make_engine(stack["database_url"])
    try:
        with httpx.Client(base_url=stack["api_url"], timeout=60) as client:
            demo = own_family(client, Demo(**stack["demo"]))
            request = play(client, lambda: wait_for_worker(lambda: Session(engine)), demo,
                           say=lambda s: print(s, flush=True))
        from models.court_document import CourtDocument

        with Session(engine) as session:
            document = session.get(CourtDocument, request["documents"][0]["id"])
    finally:
        engine.dispose()
    print(f"\nIn de werkplek: {stack['public_base_url'].rstrip('/')}/werkplek/verzoeken/{request['id']} "
          "(inloggen als Fatima el Amrani)")
    return {"document": document}


def main() -> None:
    started = time.monotonic()
    stack = None if "--standalone" in sys.argv[1:] else running_stack()
    if stack is not None:
        document = play_against(stack)["document"]
        print(f"Verzoekschrift: {document.path}")
        print(f"Verificatiecode: {document.verification_code}  (sha256 {document.sha256[:16]}…)")
        print(f"Duur van de demo: {time.monotonic() - started:.1f} s")
        return

    from scripts.prefect_env import configure

    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{DEMO_DIR / 'tegenspraak.db'}"
    os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = str(DEMO_DIR / "documents")
    prefect_port = get_settings().prefect_port  # read after the two lines above: settings are cached
    shared = prefect_server_running(prefect_port)
    configure(api_url=f"http://127.0.0.1:{prefect_port}/api" if shared else None)
    print("Prefect: " + ("de server van `make run` (runs zichtbaar in de UI)" if shared
                         else "tijdelijke server in dit proces (start ~15 s)"), flush=True)

    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api.app import create_app
    from flows import clock as flow_clock
    from flows.lifecycle import run_pending
    from flows.worker import no_heartbeats
    from models.db import get_engine
    from adapters.secret_key import ensure_demo_key
    from models.demo import seed_demo

    settings = get_settings()
    clock = clock_from_settings(settings)  # one clock for the API and the flows of this process
    flow_clock.set_clock(clock)
    ensure_demo_key(settings)  # demo mode without a configured key: the key file, made once
    with Session(get_engine(settings.database_url)) as session:
        demo = seed_demo(session)
    with no_heartbeats(), TestClient(create_app(settings, clock=clock)) as client:
        request = play(client, run_pending, demo, say=lambda s: print(s, flush=True), now=clock.now())
    from models.court_document import CourtDocument

    with Session(get_engine(settings.database_url)) as session:
        document = session.get(CourtDocument, request["documents"][0]["id"])
    print(f"\nVerzoekschrift: {document.path}")
    print(f"Verificatiecode: {document.verification_code}  (sha256 {document.sha256[:16]}…)")
    print(f"Duur van de demo: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
