"""Mijn werk (GET /werkplek) with 1,000 open requests: server time per call for an indiener, a tegenspreker and a
beheerder, logged in through the demo OpenID Connect provider of the served app.

Assumptions (printed with the figures):
- SQLite in WAL mode on the local disk (the embedded default), one user at a time; PostgreSQL is not measured.
- 1,000 open requests at mixed stages, one family each (two parents with gezag, one or two children), spread over
  the three demo regions that request; stages: concept 20%, ingediend 4%, in tegenspraak 40% (half of them with
  the hearing done, some with verdicts), teruggestuurd 5%, goedgekeurd 10%, gereed 3%, opgemaakt 15%, advies niet
  indienen 3%; 2% flagged for the beheerder; review windows started up to 20 days ago (some overdue).
- Two indieners: Pieter de Graaf on the case team of BENCH_TASKLIST_CASELOAD Utrecht cases (default 25, a real
  caseload), and, as the worst case, Fatima el Amrani, owner of every Utrecht case (a third of all). The measured
  tegenspreker (Joris Hendriks) sits on BENCH_TASKLIST_SEATS panels (default 25, five times a reviewer's
  capacity); the other seats go to 60 synthetic reviewers.
- Seeded in bulk (rows as the services write them, from one request the services made), not through the
  services one by one: the page only reads.
- Server time: from the request entering the app to the response leaving it (an ASGI wrapper around the app),
  after 5 warm-up calls; N calls per user (BENCH_TASKLIST_CALLS, default 50). Target: p95 < 200 ms.
"""

import os
import random
import re
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path

N_REQUESTS = int(os.environ.get("BENCH_TASKLIST_REQUESTS", "1000"))
N_CALLS = int(os.environ.get("BENCH_TASKLIST_CALLS", "50"))
N_SEATS = int(os.environ.get("BENCH_TASKLIST_SEATS", "25"))
CASELOAD = int(os.environ.get("BENCH_TASKLIST_CASELOAD", "25"))
SEED = 20261130
STAGES = [("draft", 20), ("submitted", 4), ("in_tegenspraak", 20), ("heard", 20), ("returned", 5), ("approved", 10),
          ("ready", 3), ("rendered", 15), ("advised_against", 3)]
TARGET_MS = 200


class ServerTimer:
    """ASGI wrapper: the time the app spends on each GET /werkplek, from the first byte in to the last byte out."""

    def __init__(self, app):
        self.app, self.samples = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != "/werkplek":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        try:
            return await self.app(scope, receive, send)
        finally:
            self.samples.append(time.perf_counter() - start)


def seed(session, demo, now: datetime) -> dict:
    """Bulk rows for N_REQUESTS open requests; returns counts for the printout."""
    from models.case import Case, CaseTeamMember
    from models.demo import demo_ots_content
    from models.family import Family, Person
    from models.hearing import ChildVoice, HearingParty
    from models.organisation import Region, User
    from models.panel import PanelSeat
    from models.request import Request, RequestContent, RequestRevision
    from models.review import Assessment, SignOff, Verdict
    from models.services import drafting
    from sqlmodel import select

    rng = random.Random(SEED)
    indiener = session.get(User, demo.users["utrecht/indiener"])
    template = drafting.parse_content(demo_ots_content(demo, now))  # validated as the API would
    regions = {code: demo.regions[code] for code in ("utrecht", "gelderland-zuid", "rotterdam-rijnmond")}
    owners = {"utrecht": demo.users["utrecht/indiener"], "gelderland-zuid": demo.users["gelderland-zuid/indiener"],
              "rotterdam-rijnmond": demo.users["rotterdam-rijnmond/indiener"]}
    all_regions = list(session.exec(select(Region.id)))
    synthetic = {}
    for role in ("tegenspreker", "jurist", "gedragswetenschapper"):
        synthetic[role] = []
        for i in range(20):
            user = User(name=f"Synthetische {role} {i}", email=f"bench.{role}.{i}@rvt.example",
                        region_id=all_regions[i % len(all_regions)], roles=[role], capacity=5)
            session.add(user)
            synthetic[role].append(user)
    session.flush()
    joris = demo.users["gelderland-zuid/tegenspreker"]
    criteria = [c.code for c in catalogue().criteria]
    kinds = [k for k, weight in STAGES for _ in range(weight)]
    counts: dict[str, int] = {}
    joris_seats = flagged = 0
    for n in range(N_REQUESTS):
        stage = kinds[n % len(kinds)]
        counts[stage] = counts.get(stage, 0) + 1
        region_code = list(regions)[n % 3]
        family = Family(name=f"Gezin Bench-{n}", region_id=regions[region_code])
        session.add(family)
        session.flush()
        people = [Person(family_id=family.id, kind="parent", given_names=g, surname=f"Bench{n}", has_gezag=True,
                         email=f"{g.lower()}.{n}@example.nl") for g in ("Anna", "Bas")]
        children = [Person(family_id=family.id, kind="child", given_names=g, surname=f"Bench{n}",
                           date_of_birth=date(2012 + i * 5, 5, 1)) for i, g in enumerate(("Cas", "Dewi")[:1 + n % 2])]
        session.add_all(people + children)
        session.flush()
        content = template.model_copy(update={"child_ids": [c.id for c in children]})
        started = now - timedelta(days=rng.uniform(0, 20))
        case = Case(family_id=family.id, region_id=regions[region_code], owner_id=owners[region_code],
                    title=f"Bench {n}", created_at=started)
        session.add(case)
        session.flush()
        if region_code == "utrecht" and n // 3 < CASELOAD:
            session.add(CaseTeamMember(case_id=case.id, user_id=demo.users["utrecht/collega"]))
        state = {"heard": "in_tegenspraak"}.get(stage, stage)
        request = Request(case_id=case.id, requester_id=owners[region_code], measure=content.measure, state=state,
                          spoed=n % 17 == 0, catalogue_version=None if stage == "draft" else template_version(),
                          created_at=started, state_changed_at=started,
                          flagged="Geen geschikte jurist voor plaats 1." if n % 50 == 7 else "")
        flagged += bool(request.flagged)
        session.add(request)
        session.flush()
        revision = RequestRevision(request_id=request.id, number=1, content=content.canonical(),
                                   content_hash=RequestContent.model_validate(content.canonical()).content_hash(),
                                   created_at=started, created_by=owners[region_code])
        session.add(revision)
        session.flush()
        request.current_revision_id = revision.id
        heard = stage not in ("draft", "submitted", "in_tegenspraak")
        for person in people:
            invited = stage != "draft"
            session.add(HearingParty(
                request_id=request.id, person_id=person.id, kind="parent_gezag", required=True,
                invited_at=started if invited else None, invited_revision_id=revision.id if invited else None,
                channel="brief" if invited else "", proof="aangetekend" if invited else "",
                deadline=started + timedelta(days=14) if invited else None,
                responded_at=started + timedelta(days=2) if heard else None, position="oneens" if heard else "",
                response_text="Bench." if heard else ""))
        for child in children:
            session.add(HearingParty(request_id=request.id, person_id=child.id, kind="child",
                                     required=child.age_on(now.date()) >= 12))
            if heard:
                session.add(ChildVoice(request_id=request.id, person_id=child.id, heard=True, method="gesprek",
                                       obtained_by="Bench", obtained_at=started, child_words="Bench.",
                                       recorded_by=owners[region_code], recorded_at=started))
        if stage in ("draft", "submitted"):
            continue
        seated = []
        for role in ("tegenspreker", "jurist", "gedragswetenschapper"):
            if role == "tegenspreker" and region_code != "gelderland-zuid" and joris_seats < N_SEATS \
                    and stage in ("in_tegenspraak", "heard", "approved"):
                user_id = joris
                joris_seats += 1
            else:
                user_id = rng.choice(synthetic[role]).id
            seat = PanelSeat(request_id=request.id, role=role, seat_no=1, user_id=user_id, assigned_at=started)
            session.add(seat)
            seated.append(seat)
        session.flush()
        decided = stage in ("returned", "approved", "ready", "rendered", "advised_against") or (
            stage == "heard" and n % 3 == 0)
        for seat in seated:
            if stage == "heard" and n % 3 == 0 and seat.role == "tegenspreker":
                continue  # partly decided: the others gave their verdict
            if decided or (stage == "heard" and n % 2 == 0):
                session.add_all([Assessment(request_id=request.id, revision_id=revision.id,
                                            reviewer_id=seat.user_id, criterion=c, outcome="voldoet",
                                            reasoning="Bench.", recorded_at=started) for c in criteria])
            if decided:
                decision = {"returned": "terug_ter_correctie", "advised_against": "advies_niet_indienen"}.get(
                    stage, "akkoord")
                session.add(Verdict(request_id=request.id, revision_id=revision.id, seat_id=seat.id,
                                    reviewer_id=seat.user_id, decision=decision, reasons="Bench.",
                                    recorded_at=started))
        if stage == "returned":
            request.returned_revision_id = revision.id
        if stage in ("approved", "ready", "rendered"):
            request.approved_revision_id = revision.id
            for seat in seated[1:] if stage != "approved" else []:
                session.add(SignOff(request_id=request.id, revision_id=revision.id,
                                    revision_hash=revision.content_hash, user_id=seat.user_id, role=seat.role,
                                    declaration="Bench.", signed_at=started))
    session.commit()
    return {"stages": counts, "joris_seats": joris_seats, "flagged": flagged,
            "utrecht": sum(1 for n in range(N_REQUESTS) if n % 3 == 0)}


def catalogue():
    from models.catalogue import get_catalogue
    from models.config import get_settings

    settings = get_settings()
    return get_catalogue(settings.catalogue_dir, settings.catalogue_version)


def template_version() -> str:
    return catalogue().version


def hidden(page: str) -> dict[str, str]:
    return {m.group(1): unescape(m.group(2))
            for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}


def login(base: str, user_id: int):
    """A browser logged in through the demo OIDC provider, as a person would."""
    import httpx

    browser = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
    page = browser.get("/login")
    authorize = browser.post("/login", data={"csrf_token": hidden(page.text)["csrf_token"]}).headers["location"]
    page = browser.get(authorize)
    chosen = browser.post("/dev-oidc/authorize", data=hidden(page.text) | {"user_id": str(user_id),
                                                                          "decision": "allow"})
    done = browser.get(chosen.headers["location"])
    assert done.status_code == 303 and done.headers["location"] == "/werkplek", done.text
    return browser


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000, ordered[max(0, int(round(len(ordered) * 0.95)) - 1)] * 1000,
            ordered[-1] * 1000)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tegenspraak-bench-tasks-") as tmp:
        port = free_port()
        os.environ.update({"TEGENSPRAAK_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}",
                           "TEGENSPRAAK_DOCUMENTS_DIR": str(Path(tmp) / "documents"), "TEGENSPRAAK_DEMO": "1",
                           "TEGENSPRAAK_SECRET_KEY": "benchmark-key-" + "x" * 32,
                           "TEGENSPRAAK_SESSION_COOKIE_SECURE": "0",
                           "TEGENSPRAAK_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"})
        import uvicorn
        from sqlmodel import Session

        from api.app import create_app
        from models.config import get_settings
        from models.db import get_engine
        from models.demo import seed_demo
        from models.organisation import User
        from models.services.tasks import my_tasks

        get_settings.cache_clear()
        settings = get_settings()
        engine = get_engine(settings.database_url)
        now = datetime.now(UTC)
        with Session(engine, expire_on_commit=False) as session:
            demo = seed_demo(session)
            started = time.perf_counter()
            seeded = seed(session, demo, now)
            seed_seconds = time.perf_counter() - started
        timer = ServerTimer(create_app(settings))
        server = uvicorn.Server(uvicorn.Config(timer, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        who = [(f"indiener ({CASELOAD} zaken)", "utrecht/collega"),
               (f"indiener ({seeded['utrecht']} zaken)", "utrecht/indiener"),
               (f"tegenspreker ({seeded['joris_seats']} panels)", "gelderland-zuid/tegenspreker"),
               ("beheerder", "amsterdam-amstelland/beheerder")]
        results = {}
        try:
            for label, key in who:
                browser = login(f"http://127.0.0.1:{port}", demo.users[key])
                for _ in range(5):
                    assert browser.get("/werkplek").status_code == 200
                timer.samples.clear()
                for _ in range(N_CALLS):
                    page = browser.get("/werkplek")
                    assert page.status_code == 200
                browser.close()
                with Session(engine) as session:
                    user = session.get(User, demo.users[key])
                    service = []
                    for _ in range(10):
                        t0 = time.perf_counter()
                        tasks = my_tasks(session, actor=user, now=now)
                        service.append(time.perf_counter() - t0)
                        session.rollback()
                results[label] = (_percentiles(list(timer.samples)), len(tasks), statistics.median(service) * 1000,
                                  len(page.content))
        finally:
            server.should_exit = True
            thread.join(10)
            engine.dispose()
    stages = ", ".join(f"{k} {v}" for k, v in seeded["stages"].items())
    print(f"Mijn werk (GET /werkplek), {N_REQUESTS:,} open requests, SQLite WAL, server time over {N_CALLS} calls "
          f"after 5 warm-up calls (seeded in {seed_seconds:.1f} s)")
    print(f"  stages: {stages}; flagged {seeded['flagged']}")
    print("  the rest of the seats on 60 synthetic reviewers; 1 CPU-bound Python process; p95 target "
          f"{TARGET_MS} ms")
    for label, ((p50, p95, worst), n_tasks, service_ms, size) in results.items():
        verdict = "ok" if p95 < TARGET_MS else "OVER target"
        print(f"  {label:<26} {n_tasks:4d} tasks, {size / 1024:4.0f} KiB  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
              f"max {worst:6.1f} ms  {verdict:<11} (my_tasks alone p50 {service_ms:.1f} ms)")


if __name__ == "__main__":
    main()
