"""`tegenspraak`: command-line tools for the beheerder on the server.

    tegenspraak verify-audit [--anker ID:HASH]

walks the whole audit trail of the configured database (TEGENSPRAAK_DATABASE_URL) and recomputes every hash.
Exit code 0 when the chain is intact, 1 when it is broken (the first broken link is named), 2 when the
database cannot be read or the command is misused.

    tegenspraak db upgrade
    tegenspraak db current

bring the configured database to the newest schema revision (migrations/, as every start of the app does), or
only say which revision it is at. `db current` exits 0 when it is at the newest, 1 when not, 2 when the database
cannot be read."""

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session


def _anchor(value: str) -> tuple[int, str]:
    try:
        event_id, digest = value.split(":", 1)
        if len(digest) != 64:
            raise ValueError
        return int(event_id), digest.lower()
    except ValueError:
        raise argparse.ArgumentTypeError("gebruik ID:HASH, bv. 1234:3f9a…(64 tekens)") from None


def verify_audit_command(args: argparse.Namespace) -> int:
    from models.config import get_settings
    from models.db import make_engine
    from models.services.integrity import verify_audit

    url = get_settings().database_url
    path = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
    if path and path != ":memory:" and not Path(path).is_file():
        print(f"FOUT: de database {path} bestaat niet.", file=sys.stderr)
        return 2
    engine = make_engine(url)  # read only: no schema changes on the database checked
    started = time.perf_counter()
    try:
        with Session(engine) as session:
            result = verify_audit(session, anchor=args.anker)
    except DBAPIError as exc:
        print(f"FOUT: de database kon niet worden gelezen ({type(exc.orig).__name__}: {exc.orig}).", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    if result.ok:
        print(f"OK: {result.message} Laatste gebeurtenis {result.head_id or '-'}, hash {result.head_hash or '-'} "
              f"({seconds:.1f} s).")
        return 0
    print(f"GESCHONDEN ({result.code}): {result.message}", file=sys.stdout)
    return 1


def _database(url: str, *, must_exist: bool):
    from models.db import make_engine

    path = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
    if must_exist and path and path != ":memory:" and not Path(path).is_file():
        print(f"FOUT: de database {path} bestaat niet.", file=sys.stderr)
        return None
    return make_engine(url)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def db_current_command(args: argparse.Namespace) -> int:
    from models.config import get_settings
    from models.db import database_revision, head_revision

    url = get_settings().database_url
    engine = _database(url, must_exist=True)
    if engine is None:
        return 2
    try:
        current = database_revision(engine)
    except DBAPIError as exc:
        print(f"FOUT: de database kon niet worden gelezen ({type(exc.orig).__name__}: {exc.orig}).", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    head = head_revision()
    print(f"Database: {_shown(url)}")
    if current == head:
        print(f"Revisie {current}: de nieuwste.")
        return 0
    if current is None:
        print(f"Geen revisie (leeg, of gemaakt voordat er migraties waren); de nieuwste is {head}. "
              "`tegenspraak db upgrade` werkt haar bij.")
    else:
        print(f"Revisie {current}; de nieuwste is {head}. `tegenspraak db upgrade` werkt haar bij.")
    return 1


def db_upgrade_command(args: argparse.Namespace) -> int:
    from models.config import get_settings
    from models.db import SchemaError, create_schema, database_revision

    url = get_settings().database_url
    engine = _database(url, must_exist=False)
    started = time.perf_counter()
    try:
        before = database_revision(engine)
        after = create_schema(engine)
    except SchemaError as exc:
        print(f"FOUT: de database kon niet worden bijgewerkt: {exc}.", file=sys.stderr)
        return 2
    except DBAPIError as exc:
        print(f"FOUT: de database kon niet worden bijgewerkt ({type(exc.orig).__name__}: {exc.orig}).",
              file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"Database: {_shown(url)}")
    if before == after:
        print(f"Al bij de nieuwste revisie {after}; niets veranderd.")
    else:
        print(f"Bijgewerkt van revisie {before or 'geen'} naar {after} ({time.perf_counter() - started:.1f} s).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tegenspraak", description="Beheer van tegenspraak op de server.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    verify = commands.add_parser("verify-audit", help="controleer de hashketen van het auditspoor",
                                 description="Controleer de hele hashketen van het auditspoor; exitcode 0 als die "
                                             "ongeschonden is, 1 als hij verbroken is.")
    verify.add_argument("--anker", type=_anchor, default=None, metavar="ID:HASH",
                        help="een eerder buiten het systeem genoteerde gebeurtenis en haar hash; zo valt ook het "
                             "weglaten of herschrijven van de staart op")
    verify.set_defaults(run=verify_audit_command)
    db = commands.add_parser("db", help="het databaseschema: revisie tonen of bijwerken",
                             description="Het schema van de database (TEGENSPRAAK_DATABASE_URL) en zijn revisies "
                                         "(migraties).")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="opdracht")
    db_commands.add_parser("upgrade", help="werk de database bij tot de nieuwste revisie",
                           description="Werk de database bij tot de nieuwste revisie. Een lege database krijgt het "
                                       "hele schema; een database van vóór de migraties wordt herkend en "
                                       "bijgewerkt. Doet niets als ze al bij is.").set_defaults(run=db_upgrade_command)
    db_commands.add_parser("current", help="toon de revisie van de database",
                           description="Toon de revisie van de database en de nieuwste; exitcode 0 als ze bij is, "
                                       "1 als niet.").set_defaults(run=db_current_command)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
