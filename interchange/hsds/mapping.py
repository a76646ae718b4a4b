"""Mapping one HSDS service onto a listing: the vocabularies it is looked up in, the fields
mapping sets on every run, and the comparison with a listing's latest revision."""

import re

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directory import geography
from directory.choices import Kind, PhoneType, ServiceArea, Status
from directory.models import (
    Country,
    FundType,
    Industry,
    Language,
    Listing,
    Phone,
    State,
    Topic,
    normalize_phone,
)
from interchange import csv as csv_io
from interchange.hsds.report import Planned, Problem
from interchange.hsds.rules import Rules
from interchange.hsds.text import folded, number_or_none, plain_text, unquoted

STATUSES = {
    "active": Status.ACTIVE,
    "inactive": Status.INACTIVE,
    "defunct": Status.INACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
}
NATIONAL = {"united states", "united states of america", "usa", "us", "u.s.", "nationwide",
            "national", "estados unidos", "todo el pais"}  # fmt: skip
DAY_NAMES = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat",
             "SU": "Sun"}  # fmt: skip
# Our fields that mapping sets from HSDS on every run, and the HSDS field a problem with each
# is reported on.
MAPPED = {
    "name": "name",
    "organization_name": "organization.name",
    "summary": "description",
    "description": "description",
    "alert": "alert",
    "status": "status",
    "street_address": "address.address_1",
    "city": "address.city",
    "state": "address.state_province",
    "postal_code": "address.postal_code",
    "county": "address.postal_code",
    "latitude": "location.latitude",
    "longitude": "location.longitude",
    "service_area": "service_areas",
    "email": "email",
    "website": "url",
    "hours": "schedules",
    "fee_model": "cost_options",
    "fees": "fees_description",
    "eligibility": "eligibility_description",
    "how_to_get_help": "application_process",
    "hsds_id": "id",
}
MAPPED_RELATIONS = (
    "languages",
    "interpretation_languages",
    "topics",
    "service_states",
    "service_counties",
)
KIND_RELATIONS = {Kind.WORKER_CENTER: ("industries", Industry),
                  Kind.FUNDING_SOURCE: ("fund_types", FundType)}  # fmt: skip
NOT_FULL_CLEANED = [*csv_io.NOT_FULL_CLEANED]

# Vocabularies ----------------------------------------------------------------------------------


class Lookups:
    """The directory's vocabularies, loaded once: terms by folded token and title, languages by
    ISO 639-1/639-3 code and name, states by code and name, countries by name in every locale."""

    def __init__(self):
        vocabularies = csv_io.Vocabularies()
        self.terms = vocabularies.by_key
        self.languages = {}
        for term in Language.objects.canonical():
            self.languages[folded(term.title)] = term
            language = pycountry.languages.get(alpha_3=term.token)
            if language is not None:
                self.languages[folded(language.name)] = term
                if getattr(language, "alpha_2", None):
                    self.languages[language.alpha_2] = term
        for term in Language.objects.canonical():
            self.languages[term.token] = term
        self.states = {}
        for state in geography.states():
            self.states[folded(state.code)] = state.code
            self.states[folded(state.name)] = state.code
        canonical = {t.translation_key: t for t in Country.objects.canonical()}
        self.countries = {}
        for key, title in Country.objects.values_list("translation_key", "title"):
            if key in canonical and len(folded(title)) > 3:
                self.countries[folded(title)] = canonical[key]
        self.state_terms = {t.token: t for t in State.objects.canonical()}

    def term(self, model, value):
        return self.terms[model].get(folded(value))

    def language(self, item: dict):
        code = folded(item.get("code"))
        if code in self.languages:
            return self.languages[code]
        if len(code) == 3:  # ISO 639-2 bibliographic codes (e.g. "fre") and 639-3
            language = pycountry.languages.get(bibliographic=code)
            if language is not None and language.alpha_3 in self.languages:
                return self.languages[language.alpha_3]
        return self.languages.get(folded(item.get("name")))

    def state_code(self, value) -> str | None:
        return self.states.get(folded(value))


# Mapping ---------------------------------------------------------------------------------------


class ServiceMapper:
    def __init__(self, rules: Rules, lookups: Lookups):
        self.rules, self.lookups = rules, lookups

    @staticmethod
    def texts(service: dict) -> dict[str, str]:
        organization = service.get("organization") or {}
        return {
            "name": folded(
                " | ".join(plain_text(service.get(k)) for k in ("name", "alternate_name"))
            ),
            "organization": folded(
                " | ".join(plain_text(organization.get(k)) for k in ("name", "alternate_name"))
            ),
            "description": folded(service.get("description")),
        }

    @staticmethod
    def term_keys(service: dict) -> set[str]:
        keys = set()
        for attribute in service.get("attributes") or []:
            term = attribute.get("taxonomy_term") or {}
            keys |= {folded(term.get("code")), folded(term.get("name"))}
        return keys - {""}

    def apply(self, plan: Planned, service: dict, listing: Listing, new: bool) -> None:
        """Set the listing's mapped fields from ``service``; problems and notes on ``plan``."""
        sid = plan.service_id

        def problem(where: str, message, *fields: str) -> None:
            plan.problems.append(Problem(sid, where, str(message)))
            plan.failed.update(fields)

        def note(where: str, message) -> None:
            plan.notes.append(Problem(sid, where, str(message)))

        organization = service.get("organization") or {}
        name = plain_text(service.get("name"))
        listing.name = name
        org_name = plain_text(organization.get("name"))
        listing.organization_name = org_name if folded(org_name) != folded(name) else ""
        self.apply_description(listing, service.get("description"))
        listing.alert = plain_text(service.get("alert"))
        status = folded(service.get("status"))
        listing.status = STATUSES.get(status, Status.ACTIVE)
        if status and status not in STATUSES:
            note("status", f"{service.get('status')!r} is not an HSDS status; read as active")
        listing.email = plain_text(service.get("email")) or plain_text(organization.get("email"))
        listing.website = plain_text(service.get("url")) or plain_text(organization.get("website"))
        listing.eligibility = plain_text(service.get("eligibility_description"))
        listing.how_to_get_help = plain_text(service.get("application_process"))
        listing.hsds_id = sid
        self.apply_address(listing, service, problem, note)
        listing.phones = self.phones(service, problem)
        listing.languages = self.languages(service, note)
        listing.interpretation_languages = self.languages(service, note, interpreted=True)
        listing.hours = self.hours(service)
        options = service.get("cost_options") or []
        listing.fee_model = self.rules.fee_model(options)
        listing.fees = self.fees(service, options)
        self.apply_areas(listing, service, note)
        self.apply_terms(listing, service, note, new)
        if new:
            texts = self.texts(service)
            for name_, value in self.rules.kind_values(listing.kind, texts).items():
                setattr(listing, name_, value)
            if listing.kind == Kind.CONSULATE:
                listing.country = self.country(service, texts)
                if listing.country is None:
                    problem(
                        "attributes",
                        "a consulate needs its country: a countries taxonomy term (ISO code, "
                        "e.g. MX) or the country's name in the service or organization name",
                        "country",
                    )
            listing.vetting_notes = _(
                "Imported from Open Referral (HSDS) service %(id)s; kind: %(reason)s. Check the "
                "kind's details the rules filled in."
            ) % {"id": sid, "reason": plan.reason}

    @staticmethod
    def apply_description(listing: Listing, raw) -> None:
        text = str(raw or "").strip()
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        summary = ""
        if paragraphs and len(paragraphs[0]) <= 300 and "\n" not in paragraphs[0]:
            summary = paragraphs.pop(0)
        listing.summary = plain_text(summary)
        listing.description = csv_io.read_html("\n\n".join(paragraphs)) if paragraphs else ""

    def apply_address(self, listing: Listing, service: dict, problem, note) -> None:
        listing.street_address = listing.city = listing.state = listing.postal_code = ""
        listing.county_id = listing.latitude = listing.longitude = None
        chosen = self.chosen_location(service, note)
        if chosen is None:
            return
        location, address = chosen
        self.apply_point(listing, location, note)
        if address is not None:
            self.apply_postal_address(listing, address, problem)

    @staticmethod
    def chosen_location(service: dict, note) -> tuple[dict, dict | None] | None:
        """The first physical address of the service's locations (with its location), else
        the first location with a point; the others noted as not mapped."""
        chosen = None
        for number, sal in enumerate(service.get("service_at_locations") or []):
            location = sal.get("location") or {}
            for index, address in enumerate(location.get("addresses") or []):
                where = f"service_at_locations[{number}].location.addresses[{index}]"
                kind = folded(address.get("address_type") or "physical")
                if kind != "physical":
                    note(where, f"a {kind} address is not where people go; not mapped")
                elif chosen is None:
                    chosen = (location, address)
                else:
                    note(where, "a listing has one address: the first physical one is mapped")
            if chosen is None and location.get("latitude") not in (None, ""):
                chosen = (location, None)
        return chosen

    @staticmethod
    def apply_point(listing: Listing, location: dict, note) -> None:
        latitude, longitude = (
            number_or_none(location.get("latitude")),
            number_or_none(location.get("longitude")),
        )
        if latitude is None or longitude is None:
            return
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            listing.latitude, listing.longitude = latitude, longitude
        else:
            note("location.latitude", "not a point on Earth; not mapped")

    def apply_postal_address(self, listing: Listing, address: dict, problem) -> None:
        country = plain_text(address.get("country")).upper()
        if country and country not in ("US", "USA"):
            problem(
                "address.country",
                "the directory lists places in the United States",
                "postal_code",
                "state",
                "county",
            )
            return
        lines = [plain_text(address.get("address_1")), plain_text(address.get("address_2"))]
        listing.street_address = ", ".join(line for line in lines if line)
        listing.city = plain_text(address.get("city"))
        raw_state = plain_text(address.get("state_province"))
        state = self.lookups.state_code(raw_state) if raw_state else ""
        if state is None:
            problem("address.state_province", f"{raw_state!r} is not a US state", "state")
            state = ""
        listing.state = state
        listing.postal_code = plain_text(address.get("postal_code"))
        if not listing.postal_code:
            problem("address.postal_code", "a US address needs its ZIP code", "postal_code")

    def phones(self, service: dict, problem) -> list[Phone]:
        sources = [("phones", service.get("phones") or [])]
        if not sources[0][1]:
            for number, sal in enumerate(service.get("service_at_locations") or []):
                location = sal.get("location") or {}
                where = f"service_at_locations[{number}].location.phones"
                sources.append((where, location.get("phones") or []))
        if not any(items for _where, items in sources):
            sources = [("organization.phones", (service.get("organization") or {}).get("phones"))]
        found, seen = [], set()
        labels = {folded(label): value for value, label in PhoneType.choices}
        for where, items in sources:
            for index, item in enumerate(items or []):
                raw = unquoted(str(item.get("number") or ""))
                try:
                    number = normalize_phone(raw)
                except ValidationError as error:
                    problem(f"{where}[{index}].number", " ".join(error.messages))
                    continue
                extension = plain_text(item.get("extension")).removesuffix(".0")
                if len(extension) > 10:
                    problem(f"{where}[{index}].extension", "at most 10 characters")
                    continue
                hsds_type = folded(item.get("type"))
                described = folded(str(item.get("description") or "").split(";")[0])
                if hsds_type in ("text", "fax"):
                    phone_type = hsds_type
                else:
                    phone_type = labels.get(described, PhoneType.MAIN)
                if (number, extension) in seen:
                    continue
                seen.add((number, extension))
                found.append(
                    Phone(number=number, extension=extension, type=phone_type,
                          sort_order=len(found))
                )  # fmt: skip
        return found

    def languages(self, service: dict, note, interpreted: bool = False) -> list[Language]:
        """The service's languages (``interpreted``: those whose note says an interpreter is
        arranged, as our HSDS view writes them; others: staff speak them)."""
        items = list(service.get("languages") or [])
        for sal in service.get("service_at_locations") or []:
            items += (sal.get("location") or {}).get("languages") or []
        found = []
        for item in items:
            if ("interpret" in str(item.get("note") or "").casefold()) != interpreted:
                continue
            term = self.lookups.language(item)
            if term is None:
                label = item.get("name") or item.get("code")
                note("languages", f"{label!r} is not one of the directory's languages")
            elif term not in found:
                found.append(term)
        return sorted(found, key=lambda term: term.token)

    @staticmethod
    def hours(service: dict) -> str:
        items = list(service.get("schedules") or [])
        if not items:
            for sal in service.get("service_at_locations") or []:
                items += (sal.get("location") or {}).get("schedules") or []
        parts = []
        for item in items:
            text = plain_text(item.get("description"))
            if not text and item.get("opens_at") and item.get("closes_at"):
                days = [DAY_NAMES.get(d.strip().upper(), d.strip())
                        for d in str(item.get("byday") or "").split(",") if d.strip()]  # fmt: skip
                times = f"{str(item['opens_at'])[:5]}-{str(item['closes_at'])[:5]}"
                text = f"{', '.join(days)} {times}".strip()
            if text and text not in parts:
                parts.append(text)
        return "; ".join(parts)

    @staticmethod
    def fees(service: dict, options: list[dict]) -> str:
        described = plain_text(service.get("fees_description"))
        if described:
            return described
        lines = []
        for option in options:
            amount = option.get("amount")
            price = " ".join(
                plain_text(part)
                for part in (amount, str(option.get("currency") or "").upper())
                if part not in (None, "")
            )
            parts = [
                plain_text(option.get("option")),
                price,
                plain_text(option.get("amount_description")),
            ]
            line = ": ".join(part for part in parts[:1] if part)
            rest = ", ".join(part for part in parts[1:] if part)
            lines.append(f"{line}: {rest}" if line and rest else line or rest)
        return "\n".join(line for line in lines if line)

    def apply_areas(self, listing: Listing, service: dict, note) -> None:
        national, states, counties = False, [], []
        for index, area in enumerate(service.get("service_areas") or []):
            text = plain_text(area.get("name")) or plain_text(area.get("description"))
            value = folded(text)
            state = self.lookups.state_code(value)
            county = re.match(r"^(.+),\s*([a-z]{2})$", value)
            if value in NATIONAL:
                national = True
            elif state:
                states.append(state)
            elif county and self.lookups.state_code(county[2]):
                fips = geography.county_fips(county[2].upper(), county[1])
                if fips:
                    counties.append(fips)
                else:
                    note(f"service_areas[{index}]", f"{text!r} is not a county; not mapped")
            else:
                shown = text if len(text) < 60 else text[:57] + "..."
                note(
                    f"service_areas[{index}]",
                    f"{shown!r} is not a US state, county or the United States; not mapped",
                )
        listing.service_states, listing.service_counties = [], []
        if national:
            listing.service_area = ServiceArea.NATIONAL
        elif states:
            listing.service_area = ServiceArea.STATES
            terms = self.lookups.state_terms
            listing.service_states = [terms[c] for c in dict.fromkeys(states) if c in terms]
        elif counties:
            listing.service_area = ServiceArea.COUNTIES
            listing.service_counties = csv_io.read_counties(";".join(counties))
        else:
            listing.service_area = ServiceArea.LOCAL

    def apply_terms(self, listing: Listing, service: dict, note, new: bool) -> None:
        topics, extra, unmatched = [], [], 0
        relation = KIND_RELATIONS.get(listing.kind)
        for attribute in service.get("attributes") or []:
            term = attribute.get("taxonomy_term") or {}
            keys = [term.get("code"), term.get("name")]
            topic = next((self.lookups.term(Topic, k) for k in keys if k), None)
            other = relation and next((self.lookups.term(relation[1], k) for k in keys if k), None)
            if topic is not None:
                topics.append(topic)
            elif other:
                extra.append(other)
            elif folded(term.get("code")) not in Kind.values and not (
                listing.kind == Kind.CONSULATE and self.lookups.term(Country, term.get("code"))
            ):
                unmatched += 1
        if unmatched:
            note("attributes", f"{unmatched} taxonomy terms match none of the directory's topics")
        listing.topics = sorted(set(topics), key=lambda t: t.token)
        if relation and (new or extra):
            setattr(listing, relation[0], sorted(set(extra), key=lambda t: t.token))

    def country(self, service: dict, texts: dict[str, str]) -> Country | None:
        for attribute in service.get("attributes") or []:
            code = plain_text((attribute.get("taxonomy_term") or {}).get("code"))
            if len(code) == 2:
                term = self.lookups.term(Country, code)
                if term is not None:
                    return term
        haystack = texts["name"] + " | " + texts["organization"]
        found = []  # the first country named: "Consulate of Mexico in the United States"
        for title, term in self.lookups.countries.items():
            match = re.search(rf"(?<!\w){re.escape(title)}(?!\w)", haystack)
            if match and term.token != "US":
                found.append((match.start(), -len(title), term.token, term))
        return min(found)[3] if found else None


def comparable(listing: Listing) -> dict:
    """The mapped content of a listing, to tell whether an import changes it."""
    values = {name: getattr(listing, Listing._meta.get_field(name).attname) for name in MAPPED}
    for name in (*MAPPED_RELATIONS, "industries", "fund_types"):
        values[name] = sorted(term.pk for term in getattr(listing, name).all())
    values["phones"] = [(p.number, p.extension, p.type) for p in listing.phones.all()]
    return values
