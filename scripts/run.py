"""`make run`: the engine on one machine — API, a local Prefect server (SQLite), the flow worker and the planner
that serves the deadline watcher (`python -m flows.scheduler`; the worker leaves the watcher to it).

Seeds the demo data, prints where to go, restarts the worker or the planner if it dies, stops everything on Ctrl-C.
While it runs, var/run.json says where (ports, database, documents; in demo mode the demo's ids and tokens), so
`make demo` can play against this stack instead of its own (scripts/demo.py); the file goes when the stack stops.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from models.config import REPO_ROOT
from scripts.prefect_env import configure


def wait_healthy(url: str, timeout: float, proc: subprocess.Popen, name: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            sys.exit(f"{name} is gestopt tijdens het opstarten (exitcode {proc.returncode}); zie de uitvoer hierboven.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{name} werd niet gezond binnen {timeout:.0f} s ({url}).")


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((host, port)) != 0


def state_file() -> Path:
    """var/run.json, or TEGENSPRAAK_RUN_STATE_FILE (tests, a second checkout); scripts/demo.py reads the same."""
    return Path(os.environ.get("TEGENSPRAAK_RUN_STATE_FILE") or REPO_ROOT / "var" / "run.json")


def write_state(state: dict) -> None:
    """Readable by this user only: in demo mode it holds the demo users' API tokens (printed below as well)."""
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(state, out, indent=1)
    temporary.replace(path)


def remove_state() -> None:
    try:
        if json.loads(state_file().read_text()).get("pid") == os.getpid():
            state_file().unlink()
    except (OSError, ValueError):
        pass


def main() -> None:
    started = time.monotonic()
    from models.config import get_settings

    settings = get_settings()
    prefect_url = f"http://127.0.0.1:{settings.prefect_port}/api"
    for name, port in (("Prefect", settings.prefect_port), ("de API", settings.api_port)):
        if not port_free("127.0.0.1", port):
            sys.exit(f"Poort {port} voor {name} is al in gebruik (draait `make run` al?). Stop dat proces of kies een "
                     "andere poort met TEGENSPRAAK_PREFECT_PORT / TEGENSPRAAK_API_PORT.")
    env = os.environ | configure(api_url=prefect_url)
    # The deadline watcher as one served Prefect deployment (flows/scheduler.py), not in every worker.
    env["TEGENSPRAAK_WATCHER"] = "served"
    local_host = "127.0.0.1" if settings.api_host in ("0.0.0.0", "::", "") else settings.api_host
    api = f"http://{local_host}:{settings.api_port}"
    for name in ("TEGENSPRAAK_PUBLIC_BASE_URL", "TEGENSPRAAK_PORTAL_BASE_URL"):
        # Links in mail and the login's redirect follow the port this stack really uses, unless set explicitly.
        env.setdefault(name, api)
    if settings.demo and env["TEGENSPRAAK_PUBLIC_BASE_URL"].startswith("http://"):
        env["TEGENSPRAAK_SESSION_COOKIE_SECURE"] = "false"  # a local trial over plain http
    if settings.clock_start is not None:  # a demo or training stack at another moment (adapters/clock.py)
        from adapters.clock import SystemClock, clock_from_settings

        clock_from_settings(settings)  # refused outside demo mode, before anything runs
        # The API and the worker (also a restarted one) on one time line: clock_start holds at this real moment.
        env.setdefault("TEGENSPRAAK_CLOCK_STARTED_AT", SystemClock().now().isoformat())

    from sqlmodel import Session

    from models.db import database_revision, get_engine, make_engine
    from models.demo import seed_demo
    from adapters.secret_key import ensure_demo_key
    from models.security import secret_key

    ensure_demo_key(settings)  # demo mode without a configured key: the key file, made once
    secret_key(settings)  # refuse to start without a key (outside demo mode), before anything runs
    probe = make_engine(settings.database_url)
    schema_before = database_revision(probe)
    probe.dispose()
    # The database at the newest schema revision before anything else uses it (models.db.create_schema).
    schema_after = database_revision(get_engine(settings.database_url))
    print(f"Databaseschema: revisie {schema_after}" + ("" if schema_before == schema_after else
                                                       f" (bijgewerkt van {schema_before or 'geen'})"), flush=True)
    demo = None
    if settings.demo:
        with Session(get_engine(settings.database_url)) as session:
            demo = seed_demo(session)

    procs: dict[str, subprocess.Popen] = {}
    mail_dir = REPO_ROOT / "var" / "mail"
    if settings.smtp_host == "127.0.0.1" and port_free("127.0.0.1", settings.smtp_port):
        procs["mail"] = subprocess.Popen([sys.executable, "-m", "scripts.mailcatcher", "--port",
                                          str(settings.smtp_port), "--dir", str(mail_dir)], env=env,
                                         start_new_session=True)
    # The servers in a session of their own: a terminal's Ctrl-C reaches the worker, the planner and the API, which
    # still report to them while they stop; the servers are stopped after those (below).
    procs["prefect"] = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(settings.prefect_port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    wait_healthy(f"{prefect_url}/health", 120, procs["prefect"], "De Prefect-server")
    # Restarted when they die (the loop below): the worker, and the planner of the deadline watcher.
    restarted = {"worker": ("De worker", [sys.executable, "-m", "flows.worker"]),
                 "planner": ("De planner van de termijnbewaking", [sys.executable, "-m", "flows.scheduler"])}
    for name, (_, cmd) in restarted.items():
        procs[name] = subprocess.Popen(cmd, env=env)
    procs["api"] = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:app", "--host", settings.api_host, "--port", str(settings.api_port),
         "--log-level", "warning", "--no-proxy-headers"], env=env)  # X-Forwarded-For: see TRUSTED_PROXIES
    wait_healthy(f"{api}/health", 60, procs["api"], "De API")
    ready_after = time.monotonic() - started
    write_state({"pid": os.getpid(), "api_url": api, "prefect_url": prefect_url, "database_url": settings.database_url,
                 "documents_dir": str(settings.documents_dir), "public_base_url": env["TEGENSPRAAK_PUBLIC_BASE_URL"],
                 "demo": None if demo is None else {"regions": demo.regions, "users": demo.users,
                                                    "tokens": demo.tokens, "family_id": demo.family_id,
                                                    "persons": demo.persons}})

    workspace = f"{env['TEGENSPRAAK_PUBLIC_BASE_URL'].rstrip('/')}/werkplek"
    print(f"\ntegenspraak draait (gereed na {ready_after:.1f} s)\n")
    print(f"  >>> Werkplek (begin hier): {workspace}")
    if demo is not None:
        print("      Inloggen met een demogebruiker (indiener, tegenspreker, jurist, beheerder, ...).")
    print("      `make demo` in een tweede terminal speelt een zaak in deze omgeving; volg hem in de werkplek.\n")
    print(f"  API-documentatie : {api}/docs")
    print(f"  Prefect-UI       : http://127.0.0.1:{settings.prefect_port}")
    print(f"  Termijnbewaking  : deployment geplande-termijnbewaking/termijnbewaking, elke "
          f"{settings.watcher_interval_seconds:g} s (python -m flows.scheduler)")
    print(f"  Database         : {settings.database_url} (schemarevisie {schema_after})")
    print(f"  Documenten       : {settings.documents_dir}")
    if "mail" in procs:
        print(f"  E-mail (lokaal)  : {mail_dir}  (SMTP 127.0.0.1:{settings.smtp_port})")
    print(f"  Reactieportaal   : {env['TEGENSPRAAK_PORTAL_BASE_URL'].rstrip('/')}/portaal/<persoonlijke link>")
    if demo is not None:
        print("\n  DEMOMODUS (TEGENSPRAAK_DEMO=1): demogebruikers, demo-inlog; niet voor echte gegevens.")
        print("  Nieuwe demotokens bij elke start (Authorization: Bearer <token>):")
        for key, token in demo.tokens.items():
            print(f"    {key:<36} {token}")
        print(f"\n  Demogezin: id {demo.family_id} (Gezin Jansen: Sanne, Youssef, Noah 13 jaar, Lina 6 jaar)")
    else:
        print("  Geen demogegevens (TEGENSPRAAK_DEMO staat uit); inloggen via OpenID Connect.")
    print(f"\n  Werkplek: {workspace}    Stoppen: Ctrl-C\n", flush=True)

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            time.sleep(0.5)
            for name, (label, cmd) in restarted.items():
                if procs[name].poll() is not None and not stopping:
                    print(f"{label} is gestopt (exitcode {procs[name].returncode}); opnieuw gestart.", flush=True)
                    procs[name] = subprocess.Popen(cmd, env=env)
            for name in [n for n in ("api", "prefect", "mail") if n in procs]:
                if procs[name].poll() is not None and not stopping:
                    print(f"{name} is onverwacht gestopt (exitcode {procs[name].returncode}).", flush=True)
                    stopping = True
    finally:
        remove_state()
        # First what reports to the servers (the worker ends its run, the planner lets a started run finish and
        # pauses its deployment), then the Prefect server and the mail catcher.
        servers = ("prefect", "mail")
        for group in ([p for n, p in procs.items() if n not in servers], [procs[n] for n in servers if n in procs]):
            for proc in group:
                if proc.poll() is None:
                    proc.terminate()
            for proc in group:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()
