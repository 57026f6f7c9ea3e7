"""One complete OTS case through the HTTP API, as scripts/demo.py plays it, by one client thread; C threads at once.

Per case: a family of its own (as `make demo` against a running stack does: reviewers who sat on a family's
earlier request are not eligible again), the draft, submit, waiting for the worker's panel, both parents invited
(the mother by e-mail, her answer recorded as in the demo; the father by letter, answering through the family
portal with his personal link), Noah's voice, assessments and verdicts by the three reviewers, waiting for the
worker's approval, the jurist's and gedragswetenschapper's sign-offs, and waiting for the rendered document.
Waiting is polling GET /requests/{id}, as a workspace page would; it is timed as an endpoint like the others.
"""

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from queue import Empty, Queue
from urllib.parse import urlsplit

import httpx

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


class CaseFailed(Exception):
    pass


@dataclass
class Recorder:
    """Every call: (route template, HTTP status, seconds); every unexpected answer as an error."""

    calls: list[tuple[str, int, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    retried: int = 0  # 503s tried again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, client: httpx.Client, method: str, template: str, token: str | None = None, *,
             expect: tuple[int, ...] = (200, 201), **kwargs) -> httpx.Response:
        """One step. A 503 (the API's "even bezet, probeer het opnieuw") is tried again, as a client would, up to
        five times; each 503 still counts as an error, as every answer the scenario did not expect."""
        url = template.format(**kwargs.pop("path", {}))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for attempt in range(1, 7):
            started = time.perf_counter()
            try:
                response = client.request(method, url, headers=headers, **kwargs)
            except httpx.HTTPError as exc:
                elapsed = time.perf_counter() - started
                with self.lock:
                    self.calls.append((f"{method} {template}", 0, elapsed))
                    self.errors.append(f"{method} {template}: {type(exc).__name__}: {exc}")
                raise CaseFailed(str(exc)) from exc
            elapsed = time.perf_counter() - started
            with self.lock:
                self.calls.append((f"{method} {template}", response.status_code, elapsed))
                if response.status_code not in expect:
                    self.errors.append(f"{method} {template}: {response.status_code} {response.text[:300]}")
                    if response.status_code == 503:
                        self.retried += 1
            if response.status_code == 503 and attempt < 6:
                time.sleep(min(float(response.headers.get("Retry-After", "1")), 2.0) * attempt / 2)
                continue
            break
        if response.status_code not in expect:
            raise CaseFailed(f"{method} {url}: {response.status_code}")
        return response


def _persons() -> list[dict]:
    from models.demo import demo_persons

    return [p.model_dump(mode="json", exclude={"id", "family_id"}) for p in demo_persons(0)]


def play_case(client: httpx.Client, rec: Recorder, demo, number: int, wait_timeout: float) -> dict:
    from models.demo import Demo, demo_ots_content

    tok = demo.tokens
    indiener = tok["utrecht/indiener"]
    token_of = {user_id: tok[key] for key, user_id in demo.users.items()}
    timeline: dict[str, float] = {"start": time.time()}

    def get_request(rid: int) -> dict:
        return rec.call(client, "GET", "/requests/{id}", indiener, path={"id": rid}).json()

    def wait_for(rid: int, what: str, done) -> dict:
        """Polls the request until `done(request)`; 0.25 s, doubling to at most 2 s."""
        deadline, pause = time.monotonic() + wait_timeout, 0.25
        while True:
            request = get_request(rid)
            if done(request):
                return request
            if time.monotonic() > deadline:
                with rec.lock:
                    rec.errors.append(f"verzoek {rid}: na {wait_timeout:.0f} s nog niet {what} "
                                      f"(status {request['state']})")
                raise CaseFailed(what)
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    persons = _persons()
    family = rec.call(client, "POST", "/families", indiener,
                      json={"name": f"Gezin Jansen (belasting {number})", "persons": persons}).json()
    ids = {p["given_names"].split()[0].lower(): p["id"] for p in family["persons"]}
    own = Demo(regions=demo.regions, users=demo.users, tokens=demo.tokens, family_id=family["id"],
               persons={"mother": ids["sanne"], "father": ids["youssef"], "noah": ids["noah"], "lina": ids["lina"]})
    now = datetime.now(UTC)
    case = rec.call(client, "POST", "/cases", indiener,
                    json={"family_id": own.family_id, "title": "Zorgen om Noah",
                          "team_user_ids": [demo.users["utrecht/collega"]]}).json()
    request = rec.call(client, "POST", "/requests", indiener,
                       json={"case_id": case["id"], "content": demo_ots_content(own, now)}).json()
    rid = request["id"]
    rec.call(client, "POST", "/requests/{id}/submit", indiener, path={"id": rid})
    timeline["submitted"] = time.time()
    request = wait_for(rid, "met panel", lambda r: r["state"] == "in_tegenspraak" and len(r["panel"]) == 3)
    timeline["panel"] = time.time()

    parents = [p for p in request["parties"] if p["kind"] != "child"]
    sent = datetime.now(UTC).isoformat()
    for party in parents:
        mother = party["name"].startswith("Sanne")
        body = ({"channel": "email", "sent_at": sent, "proof": "e-mail met concept verzonden, ontvangst bevestigd"}
                if mother else {"channel": "brief", "sent_at": sent, "proof": "aangetekend verzonden, track-and-trace"})
        invited = rec.call(client, "POST", "/requests/{id}/parties/{party}/invitation", indiener,
                           path={"id": rid, "party": party["id"]}, json=body).json()
        if mother:
            rec.call(client, "POST", "/requests/{id}/parties/{party}/response", indiener,
                     path={"id": rid, "party": party["id"]},
                     json={"position": "oneens", "channel": "email", "received_at": datetime.now(UTC).isoformat(),
                           "text": "Ik vind een ondertoezichtstelling te zwaar. Ik wil wel hulp, maar op mijn manier.",
                           "responded_by": "mr. E. de Wit, advocaat"})
        else:  # the father answers himself, through the portal link the invitation by letter carries
            path = urlsplit(invited["portal_link"]).path
            token = path.rsplit("/", 1)[1]
            page = rec.call(client, "GET", "/portaal/{token}", path={"token": token})
            csrf = CSRF.search(page.text)
            if csrf is None:
                raise CaseFailed("portaalpagina zonder csrf")
            rec.call(client, "POST", "/portaal/{token}", path={"token": token},
                     data={"position": "deels", "csrf": csrf.group(1),
                           "text": "Ik zie dat Noah niet naar school gaat. Hulp is goed, maar niet via de rechter."})
    rec.call(client, "POST", "/requests/{id}/children/{person}/voice", indiener,
             path={"id": rid, "person": own.persons["noah"]},
             json={"heard": True, "method": "gesprek", "obtained_by": "Fatima el Amrani",
                   "obtained_at": datetime.now(UTC).isoformat(),
                   "child_words": "Ik wil gewoon dat het thuis rustig is. Op school word ik gepest, daarom ga ik "
                                  "niet.",
                   "professional_summary": "Noah wil rust thuis en noemt pesten als reden om niet naar school te "
                                           "gaan."})
    for seat in request["panel"]:
        key = token_of[seat["user_id"]]
        rec.call(client, "POST", "/requests/{id}/assessments", key, path={"id": rid}, json={"items": [
            {"criterion": c["code"], "outcome": "voldoet",
             "reasoning": f"{c['label']}: voldoende en concreet onderbouwd."} for c in request["criteria"]]})
        rec.call(client, "POST", "/requests/{id}/verdict", key, path={"id": rid}, json={
            "decision": "akkoord",
            "reasons": "De grond is met feiten onderbouwd; lichtere middelen zijn geprobeerd; ouders en kind zijn "
                       "gehoord."})
    timeline["verdicts"] = time.time()
    request = wait_for(rid, "goedgekeurd", lambda r: r["state"] == "approved")
    timeline["approved"] = time.time()
    for seat in request["panel"]:
        if seat["role"] in ("jurist", "gedragswetenschapper"):
            rec.call(client, "POST", "/requests/{id}/signoff", token_of[seat["user_id"]], path={"id": rid},
                     json={"revision_hash": request["revision"]["content_hash"],
                           "declaration": f"Als {seat['role_label']} heb ik deze revisie getoetst en akkoord "
                                          "bevonden."})
    timeline["last_human"] = time.time()
    request = wait_for(rid, "opgemaakt", lambda r: r["state"] == "rendered" and r["documents"])
    timeline["rendered_seen"] = time.time()
    return {"request_id": rid, "timeline": timeline}


def drive(api_url: str, demo, cases: int, clients: int, wait_timeout: float, progress=print) -> Recorder:
    """Plays `cases` cases with `clients` threads, each with its own HTTP connection; returns what was recorded."""
    rec = Recorder()
    todo: Queue[int] = Queue()
    for number in range(1, cases + 1):
        todo.put(number)
    done = [0]

    def client_thread():
        with httpx.Client(base_url=api_url, timeout=120) as client:
            while True:
                try:
                    number = todo.get_nowait()
                except Empty:
                    return
                try:
                    result = play_case(client, rec, demo, number, wait_timeout)
                except CaseFailed as failed:
                    result = {"request_id": None, "failed": str(failed)}
                except Exception as exc:  # noqa: BLE001 - a bug in the scenario: counted, the others go on
                    with rec.lock:
                        rec.errors.append(f"zaak {number}: {type(exc).__name__}: {exc}")
                    result = {"request_id": None, "failed": repr(exc)}
                with rec.lock:
                    rec.cases.append(result)
                    done[0] += 1
                    if done[0] % max(1, cases // 10) == 0 or done[0] == cases:
                        progress(f"  {done[0]}/{cases} zaken klaar")

    threads = [threading.Thread(target=client_thread, name=f"client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rec
