"""Listings as HSDS 3.0 objects.

One public listing is one HSDS ``service`` (id: the listing's UID), provided by one
``organization`` (named by the listing's "organization" field when it has one, else by the
listing itself), at one ``location`` (its address and point) through one
``service_at_location``. Each listing is its own organization: listings carry no shared
organization record, and grouping them by a typed name would merge unrelated organizations that
share one.

- phones: E.164 numbers; ``type`` from RFC 6350 (``voice``, ``text``, ``fax``), our own type
  (main line, intake, protection department...) and when to call in ``description``.
- languages: staff languages, ``code`` ISO 639-1 where the language has one, else ISO 639-3;
  then the languages arranged through an interpreter, with ``note`` "Through an interpreter".
- schedules: from the hours text (schedules.py).
- service_areas: one per state or county served, or the United States; none for a listing
  that serves only at its own address.
- cost_options: from the fee model (``free`` is an amount of 0 USD), plus an attorney's
  consultation fee.
- attributes: the listing's kind, topics, industries, fund types and country as taxonomy terms
  (taxonomy.py).
- ``assured_date``: the date a vetter last verified the listing, the site's day
  (directory/dates.py); ``assurer_email`` is never given. ``last_modified``: the later of its
  last publication and its last verification.
- Text fields come in the request's language where the listing has a public translation.

Absent values are left out rather than sent empty: HSDS types forbid null.
"""

import html
import re
from datetime import UTC
from functools import cache

import pycountry
from django.db.models import DateTimeField, F
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from api.hsds import ids
from api.hsds.schedules import weekly
from api.hsds.taxonomy import Catalog
from directory import choices
from directory.choices import FeeModel, FundStatus, Kind, PhoneType, ServiceArea, Status
from directory.dates import site_day

STATUSES = {
    Status.ACTIVE: "active",
    Status.TEMPORARILY_CLOSED: "temporarily closed",
    Status.INACTIVE: "inactive",
}
# The note of a language staff do not speak (HSDS has no field for it); the importer reads any
# note that speaks of interpret(ers, ation) the same way.
INTERPRETER_NOTE = "Through an interpreter"
PHONE_TYPES = {PhoneType.TEXT: "text", PhoneType.FAX: "fax"}  # the rest are "voice"
PRICE_RE = re.compile(r"^\$\s?(\d{1,6}(?:\.\d\d)?)$")


def with_last_modified(queryset):
    """Annotate ``hsds_modified``: the later of the last publication and the last
    verification (a listing published without a revision has only the latter)."""
    return queryset.annotate(
        hsds_modified=Greatest(
            Coalesce(F("last_published_at"), F("last_verified")),
            F("last_verified"),
            output_field=DateTimeField(),
        )
    )


def prepared(queryset):
    """What mapping a page of listings needs (a full record's relations, prefetched with every
    page), in a constant number of queries whatever the page's size."""
    return queryset.select_related("county").for_full()


@cache
def language_code(token: str) -> str:
    """ISO 639-1 where the language has a two-letter code, else its ISO 639-3 token."""
    language = pycountry.languages.get(alpha_3=token)
    return getattr(language, "alpha_2", None) or token


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _text(html_text: str) -> str:
    return html.unescape(strip_tags(html_text or "")).strip()


def _timestamp(value) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def has_location(listing) -> bool:
    """Whether the listing has a place to show: a point or a complete street address."""
    point = listing.latitude is not None and listing.longitude is not None
    return point or _has_address(listing)


def _has_address(listing) -> bool:
    return all((listing.street_address, listing.city, listing.state, listing.postal_code))


class Mapper:
    """Maps listings of one request (one language, one catalog of terms) to HSDS objects."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    # Organization
    def organization(self, listing, full: bool = False) -> dict:
        data = _compact(
            {
                "id": ids.masked_id("organization", listing.translation_key),
                "name": listing.organization_name or listing.name,
                "description": listing.summary or listing.name,
                "email": listing.email,
                "website": listing.website,
            }
        )
        data.setdefault("description", "")
        if full:
            location = self.location(listing)
            data["locations"] = [location] if location else []
        return data

    # Location
    def location(self, listing) -> dict | None:
        if not has_location(listing):
            return None
        location_id = ids.masked_id("location", listing.translation_key)
        data = _compact(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": ids.masked_id("organization", listing.translation_key),
                "name": listing.name,
                "latitude": listing.latitude,
                "longitude": listing.longitude,
            }
        )
        if _has_address(listing):
            county = listing.county
            data["addresses"] = [
                _compact(
                    {
                        "id": ids.derived_id("address", listing.translation_key),
                        "location_id": location_id,
                        "address_1": listing.street_address,
                        "city": listing.city,
                        "region": county.name if county else None,
                        "state_province": listing.state,
                        "postal_code": listing.postal_code,
                        "country": "US",
                        "address_type": "physical",
                    }
                )
            ]
        return data

    def service_at_location(self, listing) -> dict | None:
        location = self.location(listing)
        if location is None:
            return None
        return {
            "id": ids.masked_id("service_at_location", listing.translation_key),
            "service_id": ids.service_id(listing.translation_key),
            "location_id": location["id"],
            "location": location,
        }

    # Service
    def service(self, listing, full: bool = True) -> dict:
        data = self.service_fields(listing)
        data["organization"] = self.organization(listing)
        if not full:
            return data
        sal = self.service_at_location(listing)
        data.update(
            {
                "phones": self.phones(listing),
                "schedules": self.schedules(listing),
                "service_areas": self.service_areas(listing),
                "service_at_locations": [sal] if sal else [],
                "languages": self.languages(listing),
                "cost_options": self.cost_options(listing),
                "attributes": self.attributes(listing),
            }
        )
        return data

    def minimal(self, listing) -> dict:
        """``minimal=true``: the id and when it changed (with the name and status HSDS
        requires of every service)."""
        return {
            "id": ids.service_id(listing.translation_key),
            "name": listing.name,
            "status": self.status(listing),
            "last_modified": _timestamp(listing.hsds_modified),
        }

    def status(self, listing) -> str:
        if listing.kind == Kind.FUNDING_SOURCE and listing.status == Status.ACTIVE:
            if listing.fund_status == FundStatus.PAUSED:
                return "temporarily closed"
            if listing.fund_status == FundStatus.CLOSED:
                return "inactive"
        return STATUSES.get(listing.status, "active")

    def service_fields(self, listing) -> dict:
        description = "\n\n".join(
            text for text in (listing.summary, _text(listing.description)) if text
        )
        return _compact(
            {
                "id": ids.service_id(listing.translation_key),
                "organization_id": ids.masked_id("organization", listing.translation_key),
                "name": listing.name,
                "description": description,
                "url": listing.website,
                "email": listing.email,
                "status": self.status(listing),
                "application_process": listing.how_to_get_help,
                "fees_description": self.fees_description(listing),
                "accreditations": self.accreditations(listing),
                "eligibility_description": self.eligibility(listing),
                "assured_date": site_day(listing.last_verified).isoformat(),
                "licenses": self.licenses(listing),
                "alert": listing.alert,
                "last_modified": _timestamp(listing.hsds_modified),
            }
        )

    def fees_description(self, listing) -> str:
        parts = [listing.fees]
        if listing.kind == Kind.ATTORNEY and listing.consultation_fee:
            parts.append(_("Consultation: %(fee)s") % {"fee": listing.consultation_fee})
        return " ".join(part for part in parts if part)

    def accreditations(self, listing) -> str:
        if listing.kind != Kind.ATTORNEY or not listing.doj_recognized:
            return ""
        if listing.doj_recognition_expires:
            return _("DOJ-recognized organization, until %(date)s.") % {
                "date": listing.doj_recognition_expires.isoformat()
            }
        return _("DOJ-recognized organization.")

    def licenses(self, listing) -> str:
        if listing.kind != Kind.ATTORNEY:
            return ""
        return "; ".join(
            _("%(state)s bar no. %(number)s (%(status)s)")
            % {
                "state": bar.state,
                "number": bar.bar_number,
                "status": choices.BarStatus(bar.status).label,
            }
            for bar in listing.bar_admissions.all()
        )

    def eligibility(self, listing) -> str:
        parts = [listing.eligibility]
        if listing.kind == Kind.FUNDING_SOURCE:
            who = [
                str(label)
                for label, open_to in (
                    (_("individuals"), listing.open_to_individuals),
                    (_("attorneys"), listing.open_to_attorneys),
                    (_("organizations"), listing.open_to_organizations),
                )
                if open_to
            ]
            if who:
                parts.append(_("Who may apply: %(who)s.") % {"who": ", ".join(who)})
            if listing.detained_only:
                parts.append(_("Only for people in detention."))
        return " ".join(part for part in parts if part)

    def phones(self, listing) -> list[dict]:
        found, seen = [], set()
        for phone in listing.phones.all():
            key = (phone.number, phone.extension, phone.type)
            if key in seen:
                continue
            seen.add(key)
            extension = phone.extension.strip()
            notes = [str(PhoneType(phone.type).label) if phone.type in PhoneType.values else ""]
            if extension and not extension.isdigit():
                notes.append(_("extension %(extension)s") % {"extension": extension})
            notes.append(phone.hours)
            found.append(
                _compact(
                    {
                        "id": ids.derived_id("phone", listing.translation_key, *key),
                        "service_id": ids.service_id(listing.translation_key),
                        "number": phone.number,
                        "extension": int(extension) if extension.isdigit() else None,
                        "type": PHONE_TYPES.get(phone.type, "voice"),
                        "description": "; ".join(note for note in notes if note),
                    }
                )
            )
        return found

    def languages(self, listing) -> list[dict]:
        """Staff's languages, then those arranged through an interpreter, which say so in their
        ``note`` (HSDS has no field for it; the importer reads the note back)."""
        titles = self.catalog.language_titles
        spoken = [(term, None) for term in listing.languages.all()]
        interpreted = [(term, INTERPRETER_NOTE) for term in listing.interpretation_languages.all()]
        return [
            {
                "id": ids.derived_id("language", listing.translation_key, term.token),
                "service_id": ids.service_id(listing.translation_key),
                "name": titles.get(term.token, (term.title, None))[0],
                "code": language_code(term.token),
                **({"note": note} if note else {}),
            }
            for term, note in sorted(spoken, key=lambda pair: pair[0].token)
            + sorted(interpreted, key=lambda pair: pair[0].token)
        ]

    def schedules(self, listing) -> list[dict]:
        if not listing.hours.strip():
            return []
        service_id = ids.service_id(listing.translation_key)
        parts = weekly(listing.hours)
        if parts is None:
            return [
                {
                    "id": ids.derived_id("schedule", listing.translation_key, 0),
                    "service_id": service_id,
                    "description": listing.hours.strip(),
                }
            ]
        return [
            {
                "id": ids.derived_id("schedule", listing.translation_key, index),
                "service_id": service_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                **part,
            }
            for index, part in enumerate(parts)
        ]

    def service_areas(self, listing) -> list[dict]:
        service_id = ids.service_id(listing.translation_key)

        def area(key: str, name: str, description: str) -> dict:
            return {
                "id": ids.derived_id("service_area", listing.translation_key, key),
                "service_id": service_id,
                "name": name,
                "description": description,
            }

        if listing.service_area == ServiceArea.NATIONAL:
            return [area("US", _("United States"), _("Serves the whole country."))]
        if listing.service_area == ServiceArea.STATES:
            titles = self.catalog.state_titles
            return [
                area(state.token, titles.get(state.token, state.title), _("Statewide."))
                for state in sorted(listing.service_states.all(), key=lambda s: s.token)
            ]
        if listing.service_area == ServiceArea.COUNTIES:
            return [
                area(county.fips, f"{county.name}, {county.state}", _("Countywide."))
                for county in sorted(listing.service_counties.all(), key=lambda c: c.fips)
            ]
        return []

    def cost_options(self, listing) -> list[dict]:
        options = []
        service_id = ids.service_id(listing.translation_key)
        if listing.fee_model:
            option = {
                "id": ids.derived_id("cost_option", listing.translation_key, listing.fee_model),
                "service_id": service_id,
                "option": str(FeeModel(listing.fee_model).label),
                "currency": "USD",
            }
            if listing.fee_model == FeeModel.FREE:
                option["amount"] = 0
            elif listing.fees:
                option["amount_description"] = listing.fees
            options.append(option)
        if listing.kind == Kind.ATTORNEY and listing.consultation_fee:
            price = PRICE_RE.match(listing.consultation_fee.strip())
            option = {
                "id": ids.derived_id("cost_option", listing.translation_key, "consultation"),
                "service_id": service_id,
                "option": _("Consultation"),
                "currency": "USD",
                "amount_description": listing.consultation_fee,
            }
            if price:
                option["amount"] = float(price[1])
            options.append(option)
        return options

    def attributes(self, listing) -> list[dict]:
        catalog = self.catalog
        linked = [("kinds", listing.kind)]
        linked += [("topics", term.token) for term in listing.topics.all()]
        if listing.kind == Kind.WORKER_CENTER:
            linked += [("industries", term.token) for term in listing.industries.all()]
        if listing.kind == Kind.FUNDING_SOURCE:
            linked += [("fund_types", term.token) for term in listing.fund_types.all()]
        if listing.kind == Kind.CONSULATE and listing.country_id:
            token = catalog.token_by_pk.get(("countries", listing.country_id))
            if token:
                linked.append(("countries", token))
        service_id = ids.service_id(listing.translation_key)
        found = []
        for vocabulary, token in linked:
            term = catalog.term(vocabulary, token)
            if term is None:
                continue
            found.append(
                {
                    "id": ids.derived_id("attribute", listing.translation_key, vocabulary, token),
                    "link_id": service_id,
                    "link_type": vocabulary,
                    "link_entity": "service",
                    "taxonomy_term_id": term["id"],
                    "taxonomy_term": term,
                }
            )
        return found
