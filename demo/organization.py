"""The demo's partner side: an organization with a curator, a trusted list in two editions, an
API key for the embed on ``make run``, and a correction waiting for the editors.

Everything is fictional and found again by a fixed name, so a second run changes nothing.
The API key is fixed too, so the README can show it: it is a public-tier key, bound to the
origins ``make run`` serves, and worthless anywhere else. Never load the demo on a real site.
"""

from django.db import transaction

from directory.models import Listing, Suggestion
from lists.models import ListEntry, Organization, TrustedList
from partners.models import PartnerKey, hash_key

ORGANIZATION = ("example-coalition", "Example Workers' Rights Coalition")
LIST_SLUG = "retaliation-referrals"
LIST_TITLE = {
    "en": "Retaliation referrals, northern New Jersey",
    "es": "Referencias por represalias, norte de Nueva Jersey",
}
LIST_DESCRIPTION = {
    "en": "Who we send workers to after a threat to call immigration. Demo list.",
    "es": "A quién enviamos a los trabajadores tras una amenaza de llamar a inmigración. "
    "Lista de demostración.",
}
# (listing name in English, note in English and Spanish); the first four make edition 1, all
# of them edition 2.
ENTRIES = [
    ("Example Workers' Center of Newark", "Ask for the retaliation clinic on Tuesdays.",
     "Pregunte por la clínica de represalias los martes."),
    ("Example Community Legal Services of Newark", "", ""),
    ("Consulate General of Ecuador in Newark", "For detained Ecuadorian nationals.",
     "Para connacionales ecuatorianos detenidos."),
    ("Example New Jersey Deportation Defense Fund", "", ""),
    ("Example Immigrant Defense Project of Newark", "Free; takes detained cases.",
     "Gratis; acepta casos de personas detenidas."),
    ("Example Law Office of Miguel Soto", "", ""),
]  # fmt: skip
FIRST_EDITION = 4
DEMO_API_KEY = "amp_de000000.demo-key-for-make-run-only"
DEMO_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000"]
SUGGESTION = (
    "Example Workers' Center of Newark",
    "Demo suggestion: their hotline moved to a new number last month (it is on their flyer).",
)


def load_organization(curator, log) -> Organization:
    slug, name = ORGANIZATION
    organization, _created = Organization.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": Organization.Kind.WORKER_CENTER,
            "website": "https://example.org/",
        },
    )
    organization.staff.add(curator)
    with transaction.atomic():
        _load_list(organization, curator, log)
    _load_key(organization, log)
    _load_suggestion(log)
    return organization


def _listing(name: str) -> Listing:
    return Listing.objects.get(locale__language_code="en", name=name)


def _load_list(organization: Organization, curator, log) -> None:
    if organization.lists.filter(slug=LIST_SLUG).exists():
        return
    trusted_list = TrustedList.objects.create(
        organization=organization, slug=LIST_SLUG, title=LIST_TITLE, description=LIST_DESCRIPTION
    )
    for count in (FIRST_EDITION, len(ENTRIES)):
        for position, (name, note_en, note_es) in enumerate(ENTRIES[:count]):
            note = {"en": note_en, "es": note_es} if note_en else {}
            ListEntry.objects.get_or_create(
                trusted_list=trusted_list,
                listing=_listing(name),
                defaults={"note": note, "sort_order": position},
            )
        trusted_list.publish(user=curator)
    log(f"  trusted list: {organization.slug}/{LIST_SLUG}, 2 editions")


def _load_key(organization: Organization, log) -> None:
    prefix = DEMO_API_KEY[4:12]
    if PartnerKey.objects.filter(prefix=prefix).exists():
        return
    key = PartnerKey(
        name="Demo embed (make run)",
        organization=organization,
        tier=PartnerKey.Tier.PUBLIC,
        allowed_origins="\n".join(DEMO_ORIGINS),
        prefix=prefix,
        hashed_key=hash_key(DEMO_API_KEY),
    )
    key.full_clean()
    key.save()
    log(f"  API key: {DEMO_API_KEY} (origins {', '.join(DEMO_ORIGINS)})")


def _load_suggestion(log) -> None:
    name, message = SUGGESTION
    listing = _listing(name)
    if not Suggestion.objects.filter(listing=listing, message=message).exists():
        Suggestion.objects.create(listing=listing, message=message)
        log(f"  a suggestion waiting about {name}")
