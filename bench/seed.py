"""Fill a database with N synthetic public listings, fast, for the benchmark (bench/run.py).

Why it exists: the API's performance targets are stated at 100,000 listings, and the demo loader
(demo/listings.py) makes 64, one at a time through revisions, publication and wagtail-localize.
This writes rows directly with bulk_create instead: all four kinds on the concrete Listing table,
placed at real ZIP codes in proportion to state populations, with phones, languages, topics,
industries and fund types, and about 30% with a Spanish translation (a second row with the same
translation_key and slug, as wagtail-localize would make). Every listing is live, active and
verified within the last 30 days, so every row is public. The data is fictional (555-01xx
numbers, example.org addresses) and the same for the same --seed. Then it indexes them for
search, as update_index would (see rebuild_index).

    DATABASE_URL=postgres://... .venv/bin/python bench/seed.py --count 100000 [--force]
"""

# ruff: noqa: E402  (Django is set up before the project's modules are imported)
import argparse
import os
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django

django.setup()

import zipcodes
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models
from wagtail.search.models import IndexEntry

from directory import documents, geography
from directory.choices import (
    CenterType,
    FeeModel,
    FundStatus,
    PhoneType,
    PostType,
    ProviderType,
    ServiceArea,
    Status,
    VerificationMethod,
)
from directory.models import (
    Country,
    County,
    FundType,
    Industry,
    Language,
    Listing,
    Phone,
    PublicVersion,
    State,
    Topic,
)
from directory.seed import INDUSTRIES

BATCH = 2_000
KINDS = {"attorney": 50, "worker-center": 25, "consulate": 15, "funding-source": 10}
SPANISH_SHARE = 0.30
# 2020 Census, thousands: where listings go.
POPULATION = {
    "AL": 5024, "AK": 733, "AZ": 7152, "AR": 3012, "CA": 39538, "CO": 5774, "CT": 3606,
    "DE": 990, "DC": 690, "FL": 21538, "GA": 10712, "HI": 1455, "ID": 1839, "IL": 12813,
    "IN": 6786, "IA": 3190, "KS": 2938, "KY": 4506, "LA": 4658, "ME": 1362, "MD": 6177,
    "MA": 7030, "MI": 10077, "MN": 5706, "MS": 2961, "MO": 6155, "MT": 1084, "NE": 1962,
    "NV": 3105, "NH": 1378, "NJ": 9289, "NM": 2118, "NY": 20201, "NC": 10439, "ND": 779,
    "OH": 11799, "OK": 3959, "OR": 4237, "PA": 13003, "RI": 1097, "SC": 5118, "SD": 887,
    "TN": 6911, "TX": 29146, "UT": 3272, "VT": 643, "VA": 8631, "WA": 7705, "WV": 1794,
    "WI": 5894, "WY": 577,
}  # fmt: skip

FIRST = ["Ana", "Luis", "Rosa", "Jorge", "Carmen", "Miguel", "Elena", "Tomás", "Lucía", "Pedro",
         "María", "José", "Sofía", "Daniel", "Grace", "David", "Nadia", "Samuel", "Leticia", "Omar"]  # fmt: skip
LAST = ["Ruiz", "Morales", "Castillo", "Ortega", "Vargas", "Ramírez", "Soto", "Navarro", "Ibarra",
        "Chen", "Nguyen", "Okafor", "Haddad", "Silva", "Reyes", "Cohen", "Patel", "Kowalski"]  # fmt: skip
STREETS = ["Main Street", "Broad Street", "Market Street", "Church Street", "Park Avenue",
           "Washington Avenue", "Example Street", "Central Avenue"]  # fmt: skip
# (English, Spanish, kind-specific value); placeholders filled per listing.
NAMES = {
    "attorney": [
        ("Law Office of {first} {last}", "Oficina Legal de {first} {last}", ProviderType.PRIVATE_ATTORNEY),
        ("{last} Immigration Law", "{last} Abogados de Inmigración", ProviderType.PRIVATE_ATTORNEY),
        ("{last} & {last2} Immigration Attorneys", "{last} y {last2}, Abogados de Inmigración", ProviderType.PRIVATE_ATTORNEY),
        ("{city} Immigrant Legal Services", "Servicios Legales para Inmigrantes de {city}", ProviderType.NONPROFIT),
        ("{city} Immigrant Defense Project", "Proyecto de Defensa de Inmigrantes de {city}", ProviderType.NONPROFIT),
        ("{city} Community Legal Aid", "Asistencia Legal Comunitaria de {city}", ProviderType.DOJ_RECOGNIZED),
        ("{city} Law School Immigration Clinic", "Clínica de Inmigración de la Facultad de Derecho de {city}", ProviderType.LAW_SCHOOL_CLINIC),
        ("{city} Parish Immigration Office", "Oficina Parroquial de Inmigración de {city}", ProviderType.ACCREDITED_REPRESENTATIVE),
    ],
    "worker-center": [
        ("{city} Workers' Center", "Centro de Trabajadores de {city}", CenterType.WORKER_CENTER),
        ("{city} Immigrant Workers' Center", "Centro de Trabajadores Inmigrantes de {city}", CenterType.WORKER_CENTER),
        ("{industry} Workers United, Local {n}", "Sindicato de {industry_es}, Local {n}", CenterType.UNION),
        ("{city} Day Laborer Center", "Centro de Jornaleros de {city}", CenterType.DAY_LABOR_CENTER),
        ("{state} Committee for Safety and Health", "Comité de Seguridad y Salud de {state_es}", CenterType.COSH),
    ],
    "consulate": [
        ("Consulate General of {country} in {city}", "Consulado General de {country_es} en {city}", PostType.CONSULATE_GENERAL),
        ("Consulate General of {country} in {city}", "Consulado General de {country_es} en {city}", PostType.CONSULATE_GENERAL),
        ("Consulate of {country} in {city}", "Consulado de {country_es} en {city}", PostType.CONSULATE),
        ("Consular Agency of {country} in {city}", "Agencia Consular de {country_es} en {city}", PostType.CONSULAR_AGENCY),
        ("Mobile Consulate of {country}, {city}", "Consulado Móvil de {country_es}, {city}", PostType.MOBILE),
    ],
    "funding-source": [
        ("{state} Deportation Defense Fund", "Fondo de Defensa contra la Deportación de {state_es}", ("deportation-defense",)),
        ("{city} Community Bond Fund", "Fondo Comunitario de Fianzas de {city}", ("bond",)),
        ("{city} Immigrant Families Emergency Fund", "Fondo de Emergencia para Familias Inmigrantes de {city}", ("emergency-cash",)),
        ("{state} Immigrant Legal Defense Fund", "Fondo de Defensa Legal para Inmigrantes de {state_es}", ("legal-fees", "deportation-defense")),
        ("{city} Community Foundation Grants", "Subvenciones de la Fundación Comunitaria de {city}", ("grant",)),
    ],
}  # fmt: skip
SENTENCES = {
    "attorney": [
        ("Immigration legal help for families.", "Ayuda legal de inmigración para familias."),
        ("Removal defense in immigration court, including detained cases.", "Defensa contra la deportación en la corte de inmigración, incluso casos de personas detenidas."),
        ("Free consultations on asylum, U visas and TPS.", "Consultas gratuitas sobre asilo, visas U y TPS."),
        ("Bond hearings and release from detention.", "Audiencias de fianza y salida de la detención."),
        ("Help with DACA renewals and family petitions.", "Ayuda con renovaciones de DACA y peticiones familiares."),
        ("Deferred action for workers in a labor dispute.", "Acción diferida para trabajadores en una disputa laboral."),
        ("Representation in court and before USCIS.", "Representación en la corte y ante USCIS."),
        ("Evening and Saturday appointments.", "Citas por la tarde y los sábados."),
    ],
    "worker-center": [
        ("Help for workers with unpaid wages and retaliation.", "Ayuda para trabajadores con salarios no pagados y represalias."),
        ("Know-your-rights workshops and a rapid-response line after raids.", "Talleres de conozca sus derechos y una línea de respuesta rápida después de redadas."),
        ("Accompaniment to labor agencies and referrals to legal services.", "Acompañamiento a agencias laborales y referencias a servicios legales."),
        ("Safety and health training for day laborers.", "Capacitación en seguridad y salud para jornaleros."),
        ("Organizing workers to defend their rights on the job.", "Organizamos a trabajadores para defender sus derechos en el trabajo."),
        ("Meetings every Tuesday evening.", "Reuniones todos los martes por la tarde."),
        ("Free English classes.", "Clases de inglés gratuitas."),
        ("Childcare during workshops.", "Cuidado de niños durante los talleres."),
    ],
    "consulate": [
        ("Consular protection for nationals, including people detained after a raid.", "Protección consular para connacionales, incluso personas detenidas después de una redada."),
        ("Passports, consular IDs and birth registrations.", "Pasaportes, matrículas consulares y registros de nacimiento."),
        ("A protection department that visits detained nationals.", "Un departamento de protección que visita a connacionales detenidos."),
        ("Legal orientation and referrals to immigration attorneys.", "Orientación legal y referencias a abogados de inmigración."),
        ("Appointments online or by phone.", "Citas en línea o por teléfono."),
        ("Mobile consulates in nearby towns.", "Consulados móviles en pueblos cercanos."),
    ],
    "funding-source": [
        ("Money for legal defense for people facing deportation.", "Dinero para la defensa legal de personas en proceso de deportación."),
        ("Pays immigration bonds for detained community members.", "Paga fianzas de inmigración de personas detenidas de la comunidad."),
        ("Emergency cash for families of detained workers.", "Ayuda económica de emergencia para familias de trabajadores detenidos."),
        ("Grants to community groups for defense funds and raid hotlines.", "Subvenciones a grupos comunitarios para fondos de defensa y líneas de ayuda por redadas."),
        ("Applications reviewed every week.", "Las solicitudes se revisan cada semana."),
        ("No repayment required.", "No hay que devolver el dinero."),
    ],
}  # fmt: skip
TOPICS = {
    "attorney": ["removal-defense", "detained", "bond", "u-visa", "t-visa", "labor-deferred-action",
                 "daca", "tps", "asylum", "vawa", "sijs", "orantes"],
    "worker-center": ["wage-claims", "retaliation-complaints", "accompaniment", "kyr-training",
                      "rapid-response", "raid-hotline", "wage-theft", "retaliation"],
    "consulate": ["detained", "accompaniment", "rapid-response", "raid-hotline", "kyr-training"],
    "funding-source": ["removal-defense", "detained", "bond", "asylum", "rapid-response"],
}  # fmt: skip
COUNTRIES = {"MX": 50, "GT": 12, "SV": 10, "HN": 8, "DO": 5, "EC": 4, "CO": 4, "VE": 3, "HT": 2,
             "BR": 2, "PE": 2, "NI": 2, "PH": 2, "IN": 2, "CN": 2}  # fmt: skip
INDIGENOUS = ["mam", "quc", "mix", "zap", "kjb", "trq", "yua", "cak", "kek", "nhe"]
OTHER_LANGUAGES = ["por", "hat", "cmn", "vie", "kor", "tgl", "ara", "fra"]
HOURS = ("Monday to Friday, 9 am to 5 pm", "Lunes a viernes, de 9 a. m. a 5 p. m.")
HOW = (
    "Call or walk in; bring any papers you have.",
    "Llame o venga; traiga los papeles que tenga.",
)


@dataclass(frozen=True)
class Place:
    postal_code: str
    city: str
    state: str
    county_id: str | None
    latitude: float
    longitude: float
    area_code: str


@dataclass
class Spec:
    """One listing to write: shared fields, text per language, phones and related terms."""

    fields: dict
    english: dict
    spanish: dict | None
    phones: list[tuple[str, str]]
    terms: dict[str, list[int]] = field(default_factory=dict)


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"


def zip_places() -> dict[str, list[Place]]:
    """Standard, active ZIP codes per state, with city, county, centroid and area code, as
    geography.lookup_zip would give them (read in one pass rather than one lookup per ZIP)."""
    counties = set(County.objects.values_list("fips", flat=True))
    places = defaultdict(list)
    for row in zipcodes.list_all():
        if row["state"] in POPULATION and row["zip_code_type"] == "STANDARD" and row["active"]:
            fips = geography.county_fips(row["state"], row["county"]) if row["county"] else None
            places[row["state"]].append(
                Place(
                    row["zip_code"],
                    row["city"].title(),
                    row["state"],
                    fips if fips in counties else None,
                    float(row["lat"]),
                    float(row["long"]),
                    (row["area_codes"] or ["202"])[0],
                )
            )
    return places


def term_ids(model) -> dict[str, int]:
    return dict(model.objects.canonical().values_list("token", "pk"))


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.places = zip_places()
        self.states, self.state_weights = zip(*POPULATION.items(), strict=True)
        self.now = timezone.now().replace(microsecond=0)
        self.ids = {
            "languages": term_ids(Language),
            "topics": term_ids(Topic),
            "service_states": term_ids(State),
            "industries": term_ids(Industry),
            "fund_types": term_ids(FundType),
            "country": term_ids(Country),
        }
        self.state_titles = (State.objects.titles_in("en"), State.objects.titles_in("es"))
        self.country_titles = (Country.objects.titles_in("en"), Country.objects.titles_in("es"))
        self.slugs = Counter()

    def spec(self) -> Spec:
        rng = self.rng
        kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
        place = rng.choice(self.places[rng.choices(self.states, self.state_weights)[0]])
        industry = rng.choice(INDUSTRIES)
        country = rng.choices(list(COUNTRIES), list(COUNTRIES.values()))[0]
        english, spanish, value = rng.choice(NAMES[kind])
        words = {
            "first": rng.choice(FIRST),
            "last": rng.choice(LAST),
            "last2": rng.choice(LAST),
            "city": place.city,
            "n": rng.randint(10, 999),
            "industry": industry[1],
            "industry_es": industry[2],
            "state": self.state_titles[0][place.state],
            "state_es": self.state_titles[1][place.state],
            "country": self.country_titles[0][country],
            "country_es": self.country_titles[1][country],
        }
        name = english.format(**words)
        base = slugify(name)[:100]
        self.slugs[base] += 1
        verified = self.now - timedelta(seconds=rng.randrange(30 * 86400))
        fields = {
            "translation_key": uuid.UUID(int=rng.getrandbits(128), version=4),
            "kind": kind,
            "slug": base if self.slugs[base] == 1 else f"{base}-{self.slugs[base]}",
            "status": Status.ACTIVE,
            "live": True,
            "first_published_at": verified,
            "last_published_at": verified,
            "last_verified": verified,
            "verification_method": rng.choice(VerificationMethod.values),
            "street_address": f"{rng.randint(1, 2999)} {rng.choice(STREETS)}",
            "city": place.city,
            "state": place.state,
            "postal_code": place.postal_code,
            "county_id": place.county_id,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "email": "info@example.org",
            "website": "https://example.org/",
            "fee_model": rng.choice(FeeModel.values),
        }
        terms = {
            "languages": self.languages(),
            "topics": self.tokens("topics", rng.sample(TOPICS[kind], rng.randint(2, 5))),
        }
        area = rng.random()
        if area < 0.01:
            fields["service_area"] = ServiceArea.NATIONAL
        elif area < 0.06:
            fields["service_area"] = ServiceArea.STATES
            served = {place.state, *rng.sample(self.states, rng.randint(0, 2))}
            terms["service_states"] = self.tokens("service_states", sorted(served))
        phones = [(PhoneType.MAIN, self.phone(place))]
        if kind == "attorney":
            doj = value == ProviderType.DOJ_RECOGNIZED
            fields |= {
                "provider_type": value,
                "doj_recognized": doj,
                "doj_recognition_expires": (self.now + timedelta(days=400)).date() if doj else None,
                "serves_detained": rng.random() < 0.4,
                "accepts_agency_referrals": rng.random() < 0.5,
                "accepting_clients": rng.random() < 0.85,
            }
            phones.append((PhoneType.INTAKE, self.phone(place)))
        elif kind == "consulate":
            fields |= {
                "country_id": self.ids["country"][country],
                "post_type": value,
                "accepts_detainee_lists": rng.random() < 0.8,
                "appointment_url": "https://example.org/appointments",
            }
            phones += [(PhoneType.PROTECTION, self.phone(place))]
            phones += [(PhoneType.EMERGENCY, self.phone(place))]
        elif kind == "worker-center":
            fields |= {"center_type": value, "membership_required": value == CenterType.UNION}
            others = rng.sample(INDUSTRIES, rng.randint(0, 2))
            terms["industries"] = self.tokens(
                "industries", sorted({industry[0], *(i[0] for i in others)})
            )
            phones.append((PhoneType.HOTLINE, self.phone(place)))
        else:
            fields |= {
                "fund_status": rng.choices(FundStatus.values, (7, 2, 1))[0],
                "open_to_individuals": True,
                "open_to_attorneys": rng.random() < 0.3,
                "open_to_organizations": "grant" in value,
            }
            terms["fund_types"] = self.tokens("fund_types", value)
        sentences = rng.sample(SENTENCES[kind], 3)
        texts = [
            {
                "name": name if language == 0 else spanish.format(**words),
                "summary": " ".join(s[language] for s in sentences[:2]),
                "description": "<p>" + " ".join(s[language] for s in sentences) + "</p>",
                "hours": HOURS[language],
                "how_to_get_help": HOW[language],
            }
            for language in (0, 1)
        ]
        translated = rng.random() < SPANISH_SHARE
        return Spec(fields, texts[0], texts[1] if translated else None, phones, terms)

    def tokens(self, relation: str, tokens) -> list[int]:
        return [self.ids[relation][token] for token in tokens]

    def languages(self) -> list[int]:
        rng = self.rng
        chosen = [code for code, share in (("eng", 0.9), ("spa", 0.8)) if rng.random() < share]
        if rng.random() < 0.15:
            chosen += rng.sample(INDIGENOUS, rng.randint(1, 2))
        if rng.random() < 0.2:
            chosen.append(rng.choice(OTHER_LANGUAGES))
        return self.tokens("languages", chosen or ["eng"])

    def phone(self, place: Place) -> str:
        return f"+1{place.area_code}55501{self.rng.randrange(100):02d}"


def write_batch(specs: list[Spec], english: Locale, spanish: Locale) -> int:
    """Insert one batch of listings with their translations, phones and related terms."""
    rows = []
    for spec in specs:
        rows.append((Listing(locale=english, **spec.fields, **spec.english), spec))
        if spec.spanish:
            rows.append((Listing(locale=spanish, **spec.fields, **spec.spanish), spec))
    with transaction.atomic():
        Listing.objects.bulk_create([row for row, _spec in rows])
        Phone.objects.bulk_create(
            Phone(listing_id=row.pk, type=kind, number=number, sort_order=order,
                  emergency=kind == PhoneType.EMERGENCY)
            for row, spec in rows
            for order, (kind, number) in enumerate(spec.phones)
        )  # fmt: skip
        for relation in ("languages", "topics", "service_states", "industries", "fund_types"):
            through = getattr(Listing, relation).through
            target = next(
                f.attname
                for f in through._meta.fields
                if f.is_relation and f.related_model is not Listing
            )
            through.objects.bulk_create(
                through(listing_id=row.pk, **{target: pk})
                for row, spec in rows
                for pk in spec.terms.get(relation, ())
            )
    return len(rows)


def delete_listings() -> None:
    """Delete every listing, fast. Listing.objects.all().delete() sends signals row by row (search
    index, PublicVersion) and took 15 s for 2,600 rows; this truncates the listing table and the
    tables that point at it, which fails loudly rather than cascading if one is missed."""
    listing_type = ContentType.objects.get_for_model(Listing)
    Revision.objects.filter(base_content_type=listing_type).delete()  # from the admin or demo
    IndexEntry.objects.filter(content_type=listing_type).delete()
    tables = [
        Listing._meta.db_table,
        *(f.remote_field.through._meta.db_table for f in Listing._meta.local_many_to_many),
        *(
            relation.related_model._meta.db_table
            for relation in Listing._meta.related_objects
            if isinstance(relation, models.ManyToOneRel)
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def rebuild_index() -> int:
    """Index every indexed model as update_index does, less its second pass over the listings:
    update_index also indexes each kind's proxy (Attorney, Consulate...), which rewrites the same
    rows under the same content type and doubles its time (887 s at 100,000 listings)."""
    backend, count = get_search_backend(), 0
    for model in get_indexed_models():
        if model._meta.proxy:
            continue
        objects, last = model.get_indexed_objects().order_by("pk"), 0
        while chunk := list(objects.filter(pk__gt=last)[:1000]):
            backend.add_bulk(model, chunk)
            count, last = count + len(chunk), chunk[-1].pk
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="listings, before translations")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    parser.add_argument("--force", action="store_true", help="delete existing listings first")
    args = parser.parse_args()

    existing = Listing.objects.count()
    if existing and not args.force:
        sys.exit(f"The database already has {existing:,} listings; --force deletes them first.")
    started = time.monotonic()
    if existing:
        delete_listings()
        say(f"Deleted {existing:,} listings in {since(started)}")

    started = time.monotonic()
    generator = Generator(args.seed)
    english, spanish = Locale.get_default(), Locale.objects.get(language_code="es")
    done = rows = 0
    while done < args.count:
        size = min(BATCH, args.count - done)
        rows += write_batch([generator.spec() for _ in range(size)], english, spanish)
        done += size
        if done % 10_000 == 0 or done == args.count:
            say(f"  {done:,} listings, {rows:,} rows with translations, {since(started)}")
    PublicVersion.bump()  # bulk_create sends no signals: tell HTTP caches the directory changed
    say(f"Seeded {done:,} listings ({rows - done:,} Spanish translations) in {since(started)}")

    started = time.monotonic()
    count = rebuild_index()
    say(f"Indexed {count:,} objects for Wagtail's search (the admin's) in {since(started)}")

    started = time.monotonic()
    count = documents.refresh_all()  # bulk_create skips Listing.save, which writes them
    say(f"Wrote {count:,} search documents in {since(started)}")

    # What autovacuum does to a live database in its own time: the planner's statistics (without
    # them it expects a few hundred matches where there are tens of thousands) and the
    # visibility map that index-only scans need.
    started = time.monotonic()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        say(f"Vacuumed and analyzed in {since(started)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
