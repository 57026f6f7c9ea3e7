"""`make screenshots`: PNGs of the workspace pages for docs/ (Mijn werk, the draft form, the review page).

Starts the app in demo mode on a free local port with a throw-away database, seeds requests at useful stages through
the real services (tests/builders.py, as the tests do), logs in through the demo OIDC login in Debian's Chromium and
saves one PNG per page. Nothing of var/ is touched.

    python -m scripts.screenshots                      # every page, 1280 px wide, into docs/
    python -m scripts.screenshots --only concept --phone --out /tmp/shots
    python -m scripts.screenshots --list

A page that is not there yet (404) or fails is reported and skipped; the exit code is 1 when any page was skipped.
"""

import argparse
import os
import secrets
import socket
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from models.config import REPO_ROOT


@dataclass
class Seeded:
    """What the pages are shown on: ids from the seeded database."""
    demo: object  # models.demo.Demo
    case_id: int
    draft_id: int
    review_id: int
    reviewer_id: int  # the tegenspreker on the panel of review_id


@dataclass(frozen=True)
class Shot:
    name: str  # file name stem (docs/werkplek-<name>.png) and --only key
    title: str
    user: Callable[[Seeded], int]
    path: Callable[[Seeded], str]
    full_page: bool = True


SHOTS = [
    Shot("mijn-werk", "Mijn werk van de indiener", lambda s: s.demo.users["utrecht/indiener"], lambda s: "/werkplek"),
    Shot("concept", "Een nieuw concept-verzoek (OTS)", lambda s: s.demo.users["utrecht/indiener"],
         lambda s: f"/werkplek/zaken/{s.case_id}/verzoeken/nieuw?maatregel=ots"),
    Shot("toetsing", "De toetsing door de tegenspreker", lambda s: s.reviewer_id,
         lambda s: f"/werkplek/toetsing/{s.review_id}"),
]


def configure(workdir: Path, port: int) -> None:
    """Demo settings on a throw-away database, documents directory and key; before anything reads them."""
    base = f"http://127.0.0.1:{port}"
    os.environ.update({
        "TEGENSPRAAK_DEMO": "1",
        "TEGENSPRAAK_DATABASE_URL": f"sqlite:///{workdir / 'tegenspraak.db'}",
        "TEGENSPRAAK_DOCUMENTS_DIR": str(workdir / "documents"),
        "TEGENSPRAAK_SECRET_KEY": secrets.token_urlsafe(48),
        "TEGENSPRAAK_SESSION_COOKIE_SECURE": "0",
        "TEGENSPRAAK_PUBLIC_BASE_URL": base,
        "TEGENSPRAAK_PORTAL_BASE_URL": base,
        "PREFECT_HOME": str(workdir / "prefect"),
        "DO_NOT_TRACK": "1",
    })
    from models.config import get_settings

    get_settings.cache_clear()


def seed(review_stage: str, now: datetime) -> Seeded:
    """The demo organisation and family, one draft (a case with an OTS concept) and one request at review_stage."""
    from sqlmodel import Session

    from models.config import get_settings
    from models.db import get_engine
    from adapters.secret_key import ensure_demo_key
    from models.demo import seed_demo
    from models.dossier import load_dossier
    from tests.builders import drive_to, make_request

    settings = get_settings()
    ensure_demo_key(settings)  # demo mode without a configured key: the key file, made once
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        demo = seed_demo(session)
        review_id = drive_to(session, demo, review_stage, now - timedelta(days=3), settings.documents_dir)
        draft_id = make_request(session, demo, now - timedelta(hours=2))
        dossier = load_dossier(session, draft_id)
        seats = load_dossier(session, review_id).seats
        reviewer = next((s.user_id for s in seats if s.role == "tegenspreker"), None)
        if reviewer is None:
            sys.exit(f"the request at stage {review_stage!r} has no tegenspreker on its panel")
        return Seeded(demo=demo, case_id=dossier.request.case_id, draft_id=draft_id, review_id=review_id,
                      reviewer_id=reviewer)


def take(shots: list[Shot], seeded: Seeded, base_url: str, out: Path, *, width: int, phone: bool,
         max_height: int) -> list[str]:
    """Saves the PNGs; returns the names of the pages that could not be shown."""
    from tests.e2e.werkplek_browser import DESKTOP, PHONE, launch_chromium, login_as

    views = [("", DESKTOP | {"viewport": {"width": width, "height": 900}})]
    if phone:
        views.append(("-telefoon", PHONE))
    failed = []
    with launch_chromium() as browser:
        for shot in shots:
            for suffix, options in views:
                context = browser.new_context(**options)
                page = context.new_page()
                target = out / f"werkplek-{shot.name}{suffix}.png"
                try:
                    login_as(page, base_url, shot.user(seeded))
                    response = page.goto(base_url + shot.path(seeded))
                    if response is None or response.status != 200:
                        raise RuntimeError(f"{shot.path(seeded)} answered {response.status if response else '?'}")
                    page.wait_for_load_state("networkidle")
                    size = page.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollHeight]")
                    clip = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], max_height)}
                    page.screenshot(path=str(target), full_page=shot.full_page, clip=clip if shot.full_page else None)
                    print(f"  {target.relative_to(REPO_ROOT) if target.is_relative_to(REPO_ROOT) else target}"
                          f"  ({shot.title})")
                except Exception as exc:  # a page still being built must not stop the others
                    failed.append(shot.name + suffix)
                    print(f"  overgeslagen: {shot.name}{suffix} ({shot.path(seeded)}): {exc}", file=sys.stderr)
                    if os.environ.get("SCREENSHOTS_DEBUG"):
                        traceback.print_exc()
                finally:
                    context.close()
    return failed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs", help="folder for the PNGs (default: docs/)")
    parser.add_argument("--only", default="", help="comma-separated page names (see --list)")
    parser.add_argument("--list", action="store_true", help="list the pages and exit")
    parser.add_argument("--width", type=int, default=1280, help="window width in px (default 1280)")
    parser.add_argument("--max-height", type=int, default=1800, help="cut long pages off at this height in px "
                        "(default 1800)")
    parser.add_argument("--phone", action="store_true", help="also a 390 px phone view of each page (-telefoon.png)")
    parser.add_argument("--review-stage", default="heard", help="stage of the request on the review page "
                        "(in_tegenspraak, heard or assessed; default heard)")
    parser.add_argument("--port", type=int, default=0, help="port for the app (default: a free one)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)  # the libraries' notices are not this script's output
    warnings.filterwarnings("ignore", message=r".*httpx.*")

    if args.list:
        for shot in SHOTS:
            print(f"{shot.name:<12} {shot.title}")
        return 0
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = wanted - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))} (see --list)")
    shots = [s for s in SHOTS if not wanted or s.name in wanted]

    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="tegenspraak-screenshots-") as tmp:
        configure(Path(tmp), port)
        from adapters.clock import clock_from_settings
        from api.app import create_app
        from models.config import get_settings

        clock = clock_from_settings(get_settings())  # the seeded dossiers and the served pages on one clock
        seeded = seed(args.review_stage, clock.now())
        from tests.e2e.werkplek_browser import serve

        args.out.mkdir(parents=True, exist_ok=True)
        print(f"Werkplek op http://127.0.0.1:{port} (demo, tijdelijke database); schermafdrukken naar {args.out}:")
        with serve(create_app(get_settings(), clock=clock), port) as base_url:
            failed = take(shots, seeded, base_url, args.out, width=args.width, phone=args.phone,
                          max_height=args.max_height)
    if failed:
        print(f"{len(failed)} pagina('s) overgeslagen: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
