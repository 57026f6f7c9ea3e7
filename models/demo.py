"""Demo data: regions, professionals, a reviewer pool and one family. Used by `make run`, `make demo` and tests."""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from models.config import get_settings
from models.errors import DomainError

from models.family import Family, Person
from models.organisation import Region, User, new_token
from models.security import hash_api_token

REGIONS = [
    # code, name, court, court location, capacities the RVT holds
    ("utrecht", "RVT Utrecht", "Rechtbank Midden-Nederland", "Utrecht"),
    ("gelderland-zuid", "RVT Gelderland-Zuid", "Rechtbank Gelderland", "Arnhem"),
    ("rotterdam-rijnmond", "RVT Rotterdam-Rijnmond", "Rechtbank Rotterdam", "Rotterdam"),
    ("amsterdam-amstelland", "RVT Amsterdam-Amstelland", "Rechtbank Amsterdam", "Amsterdam"),
]

# The organisation behind each region, as the court and the family reach it (fictitious addresses).
REGION_CONTACTS = {
    "utrecht": dict(legal_name="Regionaal Veiligheidsteam Utrecht", address="Postbus 1450", postal_code="3500 BL",
                    place="Utrecht", phone="030 123 45 00", email="info@utrecht.rvt.example",
                    complaints="Klachtencommissie RVT Utrecht, Postbus 1450, 3500 BL Utrecht, klachten@utrecht.rvt.example",
                    team_contacts={"Team Noord": {"phone": "030 123 45 10", "email": "teamnoord@utrecht.rvt.example"}}),
    "gelderland-zuid": dict(legal_name="Regionaal Veiligheidsteam Gelderland-Zuid", address="Postbus 300",
                            postal_code="6500 AH", place="Nijmegen", phone="024 300 00 00",
                            email="info@gelderland-zuid.rvt.example",
                            complaints="Klachtencommissie RVT Gelderland-Zuid, Postbus 300, 6500 AH Nijmegen"),
    "rotterdam-rijnmond": dict(legal_name="Regionaal Veiligheidsteam Rotterdam-Rijnmond", address="Postbus 2100",
                               postal_code="3000 CC", place="Rotterdam", phone="010 210 00 00",
                               email="info@rotterdam-rijnmond.rvt.example",
                               complaints="Klachtencommissie RVT Rotterdam-Rijnmond, Postbus 2100, 3000 CC Rotterdam"),
    "amsterdam-amstelland": dict(legal_name="Regionaal Veiligheidsteam Amsterdam-Amstelland", address="Postbus 12000",
                                 postal_code="1100 AA", place="Amsterdam", phone="020 120 00 00",
                                 email="info@amsterdam-amstelland.rvt.example",
                                 complaints="Klachtencommissie RVT Amsterdam-Amstelland, Postbus 12000, 1100 AA "
                                            "Amsterdam"),
}

# (region code, key, name, roles, team, function)
USERS = [
    ("utrecht", "indiener", "Fatima el Amrani", ["indiener"], "Team Noord", "RVT-professional"),
    ("utrecht", "collega", "Pieter de Graaf", ["indiener"], "Team Noord", "RVT-professional"),
    ("utrecht", "tegenspreker", "Ilse Verbeek", ["tegenspreker"], "Team Zuid", "RVT-professional"),
    ("utrecht", "jurist", "mr. Koen Smit", ["jurist"], "Juridische zaken", "jurist"),
    ("utrecht", "gw", "drs. Anouk Bakker", ["gedragswetenschapper"], "Gedragswetenschap", "gedragswetenschapper"),
    ("utrecht", "manager", "Hanneke Dijkstra", ["regiomanager"], "Regiomanagement", "regiomanager"),
    ("gelderland-zuid", "indiener", "Sanne Willems", ["indiener"], "Team Nijmegen", "RVT-professional"),
    ("gelderland-zuid", "tegenspreker", "Joris Hendriks", ["tegenspreker"], "Team Arnhem", "RVT-professional"),
    ("gelderland-zuid", "jurist", "mr. Ayşe Kaya", ["jurist"], "Juridische zaken", "jurist"),
    ("gelderland-zuid", "gw", "dr. Ruud van Dijk", ["gedragswetenschapper"], "Gedragswetenschap", "gedragswetenschapper"),
    ("rotterdam-rijnmond", "indiener", "Mohamed Bouzid", ["indiener"], "Team Zuid", "RVT-professional"),
    ("rotterdam-rijnmond", "tegenspreker", "Eva Visser", ["tegenspreker"], "Team Centrum", "RVT-professional"),
    ("rotterdam-rijnmond", "tegenspreker2", "Daan Mulder", ["tegenspreker"], "Team Noord", "RVT-professional"),
    ("rotterdam-rijnmond", "jurist", "mr. Lotte Jacobs", ["jurist"], "Juridische zaken", "jurist"),
    ("rotterdam-rijnmond", "gw", "drs. Bram Peeters", ["gedragswetenschapper"], "Gedragswetenschap", "gedragswetenschapper"),
    ("amsterdam-amstelland", "tegenspreker", "Noor Dekker", ["tegenspreker"], "Team West", "RVT-professional"),
    ("amsterdam-amstelland", "jurist", "mr. Thijs Bos", ["jurist"], "Juridische zaken", "jurist"),
    ("amsterdam-amstelland", "gw", "dr. Meryem Yıldız", ["gedragswetenschapper"], "Gedragswetenschap", "gedragswetenschapper"),
    ("amsterdam-amstelland", "beheerder", "Karin Vos", ["beheerder"], "Landelijk beheer", "beheerder"),
]


# Expertise and languages of the demo reviewers, so the score breakdown has something to show.
EXPERTISE = {
    "gelderland-zuid/tegenspreker": (["huiselijk_geweld", "jongeren"], ["nl"]),
    "rotterdam-rijnmond/tegenspreker": (["eergerelateerd_geweld"], ["nl", "ar", "tr"]),
    "rotterdam-rijnmond/tegenspreker2": (["jonge_kinderen", "lvb"], ["nl"]),
    "amsterdam-amstelland/tegenspreker": (["jongeren", "ggz_ouders"], ["nl", "en"]),
    "gelderland-zuid/gw": (["jongeren", "lvb"], ["nl"]),
    "rotterdam-rijnmond/gw": (["huiselijk_geweld"], ["nl"]),
    "amsterdam-amstelland/gw": (["jonge_kinderen", "gesloten_jeugdhulp"], ["nl", "tr"]),
}


@dataclass
class Demo:
    regions: dict[str, int]
    users: dict[str, int]  # "region/key" -> id
    tokens: dict[str, str]  # "region/key" -> token
    family_id: int
    persons: dict[str, int]  # mother, father, noah, lina


class DemoModeRequired(DomainError):
    code = "demo_mode_required"
    status = 409
    message = ("Demogegevens (met inlogtokens) worden alleen aangemaakt in demomodus (TEGENSPRAAK_DEMO=1), nooit in een "
               "echte database.")


def _ascii(text: str) -> str:
    """'ayşe.kaya' -> 'ayse.kaya': a plain address every mail server accepts (the dotless ı has no decomposition)."""
    return unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode("ascii")


def seed_demo(session: Session) -> Demo:
    """Idempotent for ids: seeding a seeded database returns the same ids and adds no rows. Every call gives the
    demo users new random API tokens (stored only as HMAC), returned once; only in demo mode."""
    if not get_settings().demo:
        raise DemoModeRequired()
    regions: dict[str, int] = {}
    for code, name, court, location in REGIONS:
        region = session.exec(select(Region).where(Region.code == code)).first()
        if region is None:
            region = Region(code=code, name=name, court=court, court_location=location, capacities=["raad", "gi"],
                            **REGION_CONTACTS[code])
            session.add(region)
            session.flush()
        regions[code] = region.id
    users, tokens = {}, {}
    for region_code, key, name, roles, team, function in USERS:
        token = new_token()
        slug = _ascii(name.lower().replace("mr. ", "").replace("drs. ", "").replace("dr. ", "").replace(" ", "."))
        email = f"{slug}@{region_code}.rvt.example"
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            expertise, languages = EXPERTISE.get(f"{region_code}/{key}", ([], ["nl"]))
            user = User(name=name, email=email, region_id=regions[region_code], team=team, function=function,
                        roles=roles, capacity=5, expertise=expertise, languages=languages)
            session.add(user)
        user.token_hash = hash_api_token(token)
        session.flush()
        users[f"{region_code}/{key}"] = user.id
        tokens[f"{region_code}/{key}"] = token
    family = session.exec(select(Family).where(Family.name == "Gezin Jansen")).first()
    if family is None:
        family = Family(name="Gezin Jansen", language="nl", region_id=regions["utrecht"])
        session.add(family)
        session.flush()
        for p in demo_persons(family.id):
            session.add(p)
        session.flush()
    persons = {p.given_names.split()[0].lower(): p.id
               for p in session.exec(select(Person).where(Person.family_id == family.id))}
    session.commit()
    return Demo(regions=regions, users=users, tokens=tokens, family_id=family.id,
                persons={"mother": persons["sanne"], "father": persons["youssef"], "noah": persons["noah"],
                         "lina": persons["lina"]})


def demo_persons(family_id: int) -> list[Person]:
    return [
        Person(family_id=family_id, kind="parent", given_names="Sanne", surname="Jansen", relation="moeder",
               has_gezag=True, residence="Utrecht", address="Kanaalweg 12 bis", postal_code="3526 KL",
               email="sanne.jansen@example.nl", lawyer="mr. E. de Wit"),
        Person(family_id=family_id, kind="parent", given_names="Youssef", prefix="el", surname="Amrani",
               relation="vader", has_gezag=True, residence="Nieuwegein", address="Zuidstedeweg 4",
               postal_code="3431 HA", email="y.elamrani@example.nl"),
        Person(family_id=family_id, kind="child", given_names="Noah", surname="Jansen", relation="zoon",
               date_of_birth=date(2013, 3, 14), residence="Utrecht", address="Kanaalweg 12 bis",
               postal_code="3526 KL"),
        Person(family_id=family_id, kind="child", given_names="Lina", surname="Jansen", relation="dochter",
               date_of_birth=date(2020, 6, 2), residence="Utrecht", address="Kanaalweg 12 bis",
               postal_code="3526 KL"),
    ]


def demo_ots_content(demo: Demo, now: datetime) -> dict:
    """A complete OTS request for Noah, as an indiener would write it."""
    d = (now - timedelta(days=30)).date()
    return {
        "measure": "ots",
        "capacity": "raad",
        "child_ids": [demo.persons["noah"]],
        "duration_months": 12,
        "summary": "Wij vragen de kinderrechter om Noah een jaar onder toezicht te stellen. Noah gaat al maanden niet "
                   "naar school en thuis is vaak ruzie. Hulp die we samen afspraken, is gestopt.",
        "concerns": [
            "Noah (13) verzuimt sinds de zomer vrijwel volledig van school.",
            "Er zijn herhaalde, heftige conflicten tussen de ouders waar Noah bij is.",
        ],
        "facts": [
            {"key": "verzuim", "text": "Noah is sinds 1 september 2026 op 38 van de 45 schooldagen afwezig geweest.",
             "source": "verzuimregistratie Leerplicht Utrecht", "date": (d - timedelta(days=10)).isoformat(),
             "confirmed_by": "leerplichtambtenaar J. Peters", "kind": "fact"},
            {"key": "politie", "text": "De politie is drie keer ter plaatse geweest na meldingen van buren over "
             "geschreeuw en geweld tussen de ouders; Noah was elke keer thuis.",
             "source": "politiemutaties", "date": (d - timedelta(days=5)).isoformat(),
             "confirmed_by": "wijkagent M. de Boer", "kind": "fact"},
            {"key": "hulp_gestopt", "text": "Het vrijwillige hulptraject van het lokaal team is op 1 oktober 2026 "
             "gestopt omdat de ouders afspraken niet nakwamen en de hulpverlener niet meer binnenlieten.",
             "source": "afsluitbericht lokaal team Utrecht-West", "date": d.isoformat(),
             "confirmed_by": "casusregisseur lokaal team L. Smits", "kind": "fact"},
            {"key": "ouders_willen", "text": "Beide ouders zeggen dat zij willen dat het beter gaat met Noah en dat "
             "zij binnen een jaar weer zelf de zorg kunnen dragen met steun.", "source": "gesprek met de ouders",
             "date": d.isoformat(), "confirmed_by": "F. el Amrani (RVT)", "kind": "fact"},
            {"key": "inschatting", "text": "Naar het oordeel van de gedragswetenschapper is de ontwikkeling van Noah "
             "ernstig bedreigd.", "source": "", "date": None, "confirmed_by": "", "kind": "opinion",
             "held_by": "dr. A. Visser, gedragswetenschapper RVT Utrecht"},
        ],
        "grounds": [
            {"element": "ontwikkelingsbedreiging", "answer": "Ja. Noah mist al maanden onderwijs en groeit op in een "
             "gezin met herhaald huiselijk geweld.", "fact_keys": ["verzuim", "politie"]},
            {"element": "zorg_niet_geaccepteerd", "answer": "Ja. De ouders hebben het vrijwillige traject van het "
             "lokaal team laten stoppen.", "fact_keys": ["hulp_gestopt"]},
            {"element": "verwachting_verantwoordelijkheid", "answer": "Ja. Beide ouders zijn betrokken en willen de "
             "zorg weer dragen; met begeleiding is dat binnen een jaar haalbaar.", "fact_keys": ["ouders_willen"]},
        ],
        "alternatives": [
            {"kind": "vrijwillige_hulp", "description": "Gezinsbegeleiding in het vrijwillig kader.",
             "tried": "Zes maanden begeleiding door het lokaal team.", "result": "Gestopt na afzeggingen.",
             "why_insufficient": "De ouders lieten de hulpverlener niet meer binnen; vrijwillige hulp komt niet op gang.",
             "was_tried": True, "tried_when": "april tot en met september 2026"},
            {"kind": "netwerk", "description": "Steun van de grootouders van moederszijde.",
             "tried": "Netwerkberaad op 12 september 2026.", "result": "Grootouders helpen met vervoer naar school.",
             "why_insufficient": "De steun vermindert het verzuim niet en raakt de conflicten thuis niet.",
             "was_tried": True, "tried_when": "sinds 12 september 2026"},
        ],
        "proportionality": "Een ondertoezichtstelling laat Noah thuis wonen en de ouders het gezag houden; een "
                           "uithuisplaatsing is niet nodig.",
        "duration_reason": "Een schooljaar is nodig om de schoolgang te herstellen en het traject tegen huiselijk "
                           "geweld af te ronden.",
        "effectiveness": "De jeugdbeschermer kan aanwijzingen geven over schoolgang en hulp, zodat de hulp niet "
                         "opnieuw stopt zodra het moeilijk wordt.",
        "goals": ["Noah gaat weer elke schooldag naar school.", "De ouders nemen deel aan een traject tegen huiselijk "
                  "geweld en er zijn geen politiemeldingen meer."],
        "attachments": [{"code": "plan_van_aanpak", "title": "Plan van aanpak RVT Utrecht", "reference": "PVA-2026-114"}],
        "flags": {},
        "urgency": "",
        "problem_tags": ["huiselijk_geweld"],
        "executing_institution": "Samen Veilig Midden-Nederland, Utrecht",
    }
