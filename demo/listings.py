"""Demo content: a fictional directory spread over six states, with Spanish translations.

Every name is an "Example" name, every phone a 555-01xx number, every site example.org; only the
consulates' countries and cities are real (public facts). Listings go through the real
mechanics: a revision, a vetter's publication (which stamps vetting), wagtail-localize
translations, and the Vetting workflow for the ones still waiting.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from directory import geography
from directory.choices import (
    CenterType,
    FeeModel,
    FundStatus,
    PhoneType,
    PostType,
    ProviderType,
    ServiceArea,
)
from directory.models import (
    Attorney,
    Consulate,
    FundingSource,
    Listing,
    WorkerCenter,
)
from directory.seed import INDUSTRIES


@dataclass(frozen=True)
class Place:
    city: str
    city_es: str
    state: str
    zip: str
    area_code: str


PLACES = [
    Place("Newark", "Newark", "NJ", "07102", "973"),
    Place("Elizabeth", "Elizabeth", "NJ", "07201", "908"),
    Place("New Brunswick", "New Brunswick", "NJ", "08901", "732"),
    Place("New York", "Nueva York", "NY", "10001", "212"),
    Place("Queens", "Queens", "NY", "11368", "718"),
    Place("Los Angeles", "Los Ángeles", "CA", "90012", "213"),
    Place("Fresno", "Fresno", "CA", "93721", "559"),
    Place("Oakland", "Oakland", "CA", "94612", "510"),
    Place("Chicago", "Chicago", "IL", "60608", "312"),
    Place("Aurora", "Aurora", "IL", "60505", "630"),
    Place("Houston", "Houston", "TX", "77002", "713"),
    Place("Dallas", "Dallas", "TX", "75201", "214"),
    Place("Seattle", "Seattle", "WA", "98104", "206"),
]
FIRST = ["Ana", "Luis", "Rosa", "Jorge", "Carmen", "Miguel", "Elena", "Tomás", "Lucía", "Pedro"]
LAST = ["Ruiz", "Morales", "Castillo", "Ortega", "Vargas", "Ramírez", "Soto", "Navarro", "Ibarra"]
PRACTICE = ["removal-defense", "detained", "bond", "u-visa", "t-visa", "labor-deferred-action",
            "daca", "tps", "asylum", "vawa", "sijs", "orantes", "wage-theft", "retaliation"]  # fmt: skip
WORKER_SERVICES = ["wage-claims", "retaliation-complaints", "accompaniment", "kyr-training",
                   "rapid-response", "raid-hotline", "wage-theft", "retaliation"]  # fmt: skip
INDIGENOUS = ["mam", "quc", "kjb", "mix", "zap", "trq", "yua"]
OTHER_LANGUAGES = ["por", "hat", "cmn", "vie", "kor", "tgl", "ara", "fra"]
HOURS = ("Monday to Friday, 9 am to 5 pm", "Lunes a viernes, de 9 a. m. a 5 p. m.")
HOURS_LATE = (
    "Monday to Thursday, 10 am to 7 pm; Saturday 9 am to 1 pm",
    "Lunes a jueves, de 10 a. m. a 7 p. m.; sábados de 9 a. m. a 1 p. m.",
)
CONSULATES = [  # (country, English, Spanish, city index in PLACES)
    ("MX", "Consulate General of Mexico in {city}", "Consulado General de México en {city}", 3),
    ("MX", "Consulate General of Mexico in {city}", "Consulado General de México en {city}", 5),
    ("MX", "Consulate General of Mexico in {city}", "Consulado General de México en {city}", 8),
    ("MX", "Consulate General of Mexico in {city}", "Consulado General de México en {city}", 10),
    ("GT", "Consulate General of Guatemala in {city}", "Consulado General de Guatemala en {city}", 5),
    ("GT", "Consulate General of Guatemala in {city}", "Consulado General de Guatemala en {city}", 8),
    ("SV", "Consulate General of El Salvador in {city}", "Consulado General de El Salvador en {city}", 3),
    ("SV", "Consulate General of El Salvador in {city}", "Consulado General de El Salvador en {city}", 10),
    ("HN", "Consulate General of Honduras in {city}", "Consulado General de Honduras en {city}", 10),
    ("EC", "Consulate General of Ecuador in {city}", "Consulado General de Ecuador en {city}", 0),
]  # fmt: skip


@dataclass
class DemoListing:
    model: type[Listing]
    name: tuple[str, str]
    place: Place
    fields: dict
    texts: dict[str, tuple[str, str]]
    languages: list[str]
    topics: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)  # FIPS codes
    m2m: dict[str, list[str]] = field(default_factory=dict)
    # vetting: days since verified, or "draft" / "in-vetting"
    vetting: int | str = 30
    # Spanish: True (published), False, or "in-vetting" (submitted by the editor)
    translate: bool | str = True
    # Also translated into every other content language (demo/languages.py).
    worldwide: bool = False


def _phone(rng: random.Random, place: Place) -> str:
    return f"({place.area_code}) 555-01{rng.randrange(100):02d}"


def _languages(rng: random.Random) -> list[str]:
    chosen = ["spa", "eng"]
    if rng.random() < 0.6:
        chosen += rng.sample(INDIGENOUS, rng.randint(1, 2))
    if rng.random() < 0.4:
        chosen.append(rng.choice(OTHER_LANGUAGES))
    return chosen


def _attorneys(rng: random.Random) -> list[DemoListing]:
    patterns = [
        (ProviderType.PRIVATE_ATTORNEY, ("Example Law Office of {person}", "Oficina Legal de Ejemplo de {person}"), FeeModel.MARKET),
        (ProviderType.NONPROFIT, ("Example Immigrant Defense Project of {city}", "Proyecto de Ejemplo de Defensa de Inmigrantes de {city}"), FeeModel.FREE),
        (ProviderType.LAW_SCHOOL_CLINIC, ("Example University Immigration Clinic, {city}", "Clínica de Inmigración de la Universidad de Ejemplo, {city}"), FeeModel.FREE),
        (ProviderType.DOJ_RECOGNIZED, ("Example Community Legal Services of {city}", "Servicios Legales Comunitarios de Ejemplo de {city}"), FeeModel.SLIDING_SCALE),
        (ProviderType.ACCREDITED_REPRESENTATIVE, ("Example Parish Immigration Office, {city}", "Oficina Parroquial de Inmigración de Ejemplo, {city}"), FeeModel.LOW_COST),
    ]  # fmt: skip
    listings = []
    for index in range(30):
        place = PLACES[index % len(PLACES)]
        provider, (name_en, name_es), fees = patterns[index % len(patterns)]
        person = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"
        topics = ["removal-defense", *rng.sample(PRACTICE[1:], 4)]
        doj = provider == ProviderType.DOJ_RECOGNIZED
        detained = "detained" in topics or "bond" in topics
        listings.append(
            DemoListing(
                Attorney,
                (
                    name_en.format(person=person, city=place.city),
                    name_es.format(person=person, city=place.city_es),
                ),
                place,
                {
                    "provider_type": provider,
                    "fee_model": fees,
                    "doj_recognized": doj,
                    "doj_recognition_expires": (timezone.now() + timedelta(days=400)).date()
                    if doj
                    else None,
                    "serves_detained": detained,
                    "detention_facilities": "Example County Detention Center" if detained else "",
                    "accepts_agency_referrals": index % 3 != 0,
                    "accepting_clients": index % 7 != 0,
                    "service_area": ServiceArea.STATES if index % 4 == 0 else ServiceArea.LOCAL,
                },
                {
                    "summary": (
                        "Immigration legal help for workers, including cases that began with "
                        "a workplace complaint.",
                        "Ayuda legal de inmigración para trabajadores, incluso casos que "
                        "empezaron con una queja en el trabajo.",
                    ),
                    "hours": HOURS if index % 2 else HOURS_LATE,
                    "how_to_get_help": (
                        "Call the intake line and leave your name and a phone number.",
                        "Llame a la línea de admisión y deje su nombre y un número de teléfono.",
                    ),
                    "fees": (
                        "First consultation free."
                        if fees != FeeModel.MARKET
                        else "Ask for a quote.",
                        "Primera consulta gratis."
                        if fees != FeeModel.MARKET
                        else "Pida un presupuesto.",
                    ),
                    "consultation_fee": ("Free", "Gratis")
                    if fees != FeeModel.MARKET
                    else ("$100", "$100"),
                },
                _languages(rng),
                topics,
                phones=[(PhoneType.INTAKE, _phone(rng, place))],
                states=[place.state] if index % 4 == 0 else [],
            )
        )
    return listings


def _consulates(rng: random.Random) -> list[DemoListing]:
    listings = []
    for country, name_en, name_es, place_index in CONSULATES:
        place = PLACES[place_index]
        # Consular districts span states; the New York posts also cover NJ and CT.
        neighbours = ["NY", "NJ", "CT"] if place.state == "NY" else [place.state]
        listings.append(
            DemoListing(
                Consulate,
                (name_en.format(city=place.city), name_es.format(city=place.city_es)),
                place,
                {
                    "post_type": PostType.CONSULATE_GENERAL,
                    "country": country,
                    "accepts_detainee_lists": True,
                    "service_area": ServiceArea.STATES,
                    "appointment_url": "https://example.org/appointments",
                    "liaison_name": "Example Liaison Officer",
                    "liaison_email": "liaison@example.org",
                    "liaison_phone": _phone(rng, place),
                },
                {
                    "summary": (
                        "Consular protection for nationals, including people detained after "
                        "a raid. Demo entry: confirm details with the consulate.",
                        "Protección consular para connacionales, incluso personas detenidas "
                        "después de una redada. Dato de demostración: confirme con el consulado.",
                    ),
                    "hours": HOURS,
                    "how_to_get_help": (
                        "For a detained relative, call the protection department.",
                        "Si un familiar está detenido, llame al departamento de protección.",
                    ),
                },
                ["spa", "eng", *(["mam", "quc"] if country == "GT" else [])],
                ["detained"],
                phones=[
                    (PhoneType.MAIN, _phone(rng, place)),
                    (PhoneType.PROTECTION, _phone(rng, place)),
                    (PhoneType.EMERGENCY, _phone(rng, place)),
                ],
                states=neighbours,
                vetting=rng.randint(1, 45),
            )
        )
    return listings


def _worker_centers(rng: random.Random) -> list[DemoListing]:
    patterns = [
        (CenterType.WORKER_CENTER, ("Example Workers' Center of {city}", "Centro de Trabajadores de Ejemplo de {city}")),
        (CenterType.UNION, ("Example Workers United Local {n}", "Sindicato de Ejemplo, Local {n}")),
        (CenterType.DAY_LABOR_CENTER, ("Example Day Laborer Center, {city}", "Centro de Jornaleros de Ejemplo, {city}")),
        (CenterType.COSH, ("Example Committee for Safety and Health, {city}", "Comité de Ejemplo para la Seguridad y la Salud, {city}")),
    ]  # fmt: skip
    industries = [token for token, _en, _es in INDUSTRIES]
    listings = []
    for index in range(16):
        place = PLACES[(index * 5) % len(PLACES)]
        center, (name_en, name_es) = patterns[index % len(patterns)]
        listings.append(
            DemoListing(
                WorkerCenter,
                (
                    name_en.format(city=place.city, n=100 + index),
                    name_es.format(city=place.city_es, n=100 + index),
                ),
                place,
                {
                    "center_type": center,
                    "membership_required": center == CenterType.UNION,
                    "fee_model": FeeModel.FREE,
                    "service_area": ServiceArea.LOCAL,
                },
                {
                    "summary": (
                        "Help with unpaid wages and retaliation, know-your-rights workshops and "
                        "a rapid-response line after raids.",
                        "Ayuda con salarios no pagados y represalias, talleres de conozca sus "
                        "derechos y una línea de respuesta rápida después de redadas.",
                    ),
                    "hours": HOURS_LATE,
                    "how_to_get_help": (
                        "Walk in during open hours or call the hotline any time.",
                        "Venga en horario de atención o llame a la línea de ayuda a cualquier hora.",
                    ),
                },
                _languages(rng),
                rng.sample(WORKER_SERVICES, 4),
                phones=[
                    (PhoneType.MAIN, _phone(rng, place)),
                    (PhoneType.HOTLINE, _phone(rng, place)),
                ],
                m2m={"industries": rng.sample(industries, 3)},
                vetting=rng.randint(1, 150),
            )
        )
    return listings


def _funds(rng: random.Random) -> list[DemoListing]:
    specs = [
        ("Example {state} Deportation Defense Fund", "Fondo de Ejemplo de Defensa contra la Deportación de {state}", ["deportation-defense"], "state"),
        ("Example Community Bond Fund of {city}", "Fondo Comunitario de Fianzas de Ejemplo de {city}", ["bond"], "local"),
        ("Example National Legal Fee Fund", "Fondo Nacional de Ejemplo para Honorarios Legales", ["legal-fees"], "national"),
        ("Example Community Foundation of {city}", "Fundación Comunitaria de Ejemplo de {city}", ["grant"], "local"),
        ("Example Families Emergency Fund, {city}", "Fondo de Emergencia para Familias de Ejemplo, {city}", ["emergency-cash"], "local"),
        ("Example {state} Detention Defense Fund", "Fondo de Ejemplo de Defensa de Personas Detenidas de {state}", ["deportation-defense", "bond"], "state"),
        ("Example Workers' Bond Fund of {city}", "Fondo de Fianzas de Trabajadores de Ejemplo de {city}", ["bond"], "local"),
        ("Example Raid Response Grants, {city}", "Subvenciones de Ejemplo para Respuesta a Redadas, {city}", ["grant"], "local"),
    ]  # fmt: skip
    state_names = {"NJ": ("New Jersey", "Nueva Jersey"), "NY": ("New York", "Nueva York"),
                   "CA": ("California", "California"), "IL": ("Illinois", "Illinois"),
                   "TX": ("Texas", "Texas"), "WA": ("Washington", "Washington")}  # fmt: skip
    listings = []
    for index, (name_en, name_es, fund_types, reach) in enumerate(specs):
        place = PLACES[(index * 3) % len(PLACES)]
        st_en, st_es = state_names[place.state]
        grant = fund_types == ["grant"]
        area = {"state": ServiceArea.STATES, "national": ServiceArea.NATIONAL}.get(
            reach, ServiceArea.COUNTIES
        )
        listings.append(
            DemoListing(
                FundingSource,
                (
                    name_en.format(city=place.city, state=st_en),
                    name_es.format(city=place.city_es, state=st_es),
                ),
                place,
                {
                    "fund_status": FundStatus.PAUSED if index == 4 else FundStatus.OPEN,
                    "fund_status_as_of": timezone.now().date() - timedelta(days=10),
                    "open_to_individuals": not grant,
                    "open_to_attorneys": fund_types == ["legal-fees"],
                    "open_to_organizations": grant,
                    "detained_only": "bond" in fund_types,
                    "service_area": area,
                },
                {
                    "summary": (
                        "Money for legal defense for people facing deportation.",
                        "Dinero para la defensa legal de personas en proceso de deportación.",
                    )
                    if not grant
                    else (
                        "Grants to community groups for defense funds and raid hotlines.",
                        "Subvenciones a grupos comunitarios para fondos de defensa y líneas "
                        "de ayuda por redadas.",
                    ),
                    "eligibility": (
                        "Residents of the area served; no fee to apply.",
                        "Residentes del área atendida; no se cobra por solicitar.",
                    ),
                    "how_to_get_help": (
                        "Your attorney or a worker center applies on your behalf.",
                        "Su abogado o un centro de trabajadores presenta la solicitud por usted.",
                    ),
                    "typical_amount": ("Up to $5,000", "Hasta $5,000"),
                },
                ["spa", "eng"],
                ["bond"] if "bond" in fund_types else ["removal-defense"],
                phones=[(PhoneType.MAIN, _phone(rng, place))],
                states=[place.state] if area == ServiceArea.STATES else [],
                # A local fund serves its own county (the ZIP's, offline).
                counties=[geography.lookup_zip(place.zip).county_fips]
                if area == ServiceArea.COUNTIES
                else [],
                m2m={"fund_types": fund_types},
                vetting=rng.randint(1, 40),
            )
        )
    return listings


def demo_listings() -> list[DemoListing]:
    rng = random.Random(2026)
    listings = _attorneys(rng) + _consulates(rng) + _worker_centers(rng) + _funds(rng)
    for item in listings:
        if isinstance(item.vetting, int) and item.model is Attorney:
            item.vetting = rng.randint(1, 170)
    # Show vetting at work: one overdue, two waiting for a vetter, one draft, one untranslated,
    # one Spanish translation waiting for a vetter.
    listings[0].vetting = 200
    listings[1].vetting = "in-vetting"
    listings[32].vetting = "in-vetting"
    listings[2].vetting = "draft"
    listings[3].translate = False
    listings[4].translate = "in-vetting"
    # The listings around Newark (the README's examples search near 07102) in every language.
    for item in listings:
        item.worldwide = (
            item.place.state == "NJ" and item.translate is True and isinstance(item.vetting, int)
        )
    return listings
