"""Load the demo: its accounts, its listings through the real mechanics (a revision, a vetter's
publication, translations, the Vetting workflow), its organization and partner key, and its
pages. Idempotent."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from demo.languages import texts_in
from demo.listings import DemoListing, demo_listings
from demo.organization import load_organization
from demo.pages import load_pages
from demo.translation import translate
from directory import setup, translations
from directory.choices import PhoneType, Status, VerificationMethod
from directory.models import (
    Country,
    County,
    FundType,
    Industry,
    Language,
    Listing,
    Phone,
    State,
    Topic,
)
from lists.setup import STAFF

DEMO_PASSWORD = "amparo-demo"
DEMO_USERS = [
    ("admin", None),
    ("editor", setup.EDITORS),
    ("vetter", setup.VETTERS),
    ("curator", STAFF),
]


class DemoLoader:
    """Creates what is missing; a second run finds everything and changes nothing."""

    def __init__(self, log=lambda message: None):
        self.log = log
        self.default = Locale.get_default()
        self.spanish = Locale.objects.get(language_code="es")
        # Every other content language switched on in settings that has its locale.
        codes = [code for code, _name in settings.LANGUAGES if code not in ("en", "es")]
        self.others = list(Locale.objects.filter(language_code__in=codes).order_by("pk"))
        self.created = 0

    def run(self, with_users: bool = False) -> int:
        # Without --with-users, the demo accounts of an earlier run (else accounts that
        # cannot log in) author the new content: a second run adds no account.
        users = self.users() if with_users else self.existing_users()
        editor = users.get("editor") or self._user("demo-editor", setup.EDITORS)
        vetter = users.get("vetter") or self._user("demo-vetter", setup.VETTERS)
        items = demo_listings()
        for number, item in enumerate(items, 1):
            with transaction.atomic():
                if self.listing(item, editor, vetter):
                    self.created += 1
            if number % 10 == 0 or number == len(items):
                self.log(f"  listings: {number}/{len(items)}")
        self.other_languages([item for item in items if item.worldwide], editor)
        curator = users.get("curator") or self._user("demo-curator", STAFF)
        load_organization(curator, self.log)
        self.pages(editor)
        return self.created

    def _user(self, username: str, group: str | None, password: str | None = None):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_superuser": group is None,
                      "is_staff": group is None},
        )  # fmt: skip
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    def existing_users(self) -> dict:
        names = [name for name, _group in DEMO_USERS]
        return {user.username: user for user in get_user_model().objects.filter(username__in=names)}

    def users(self) -> dict:
        return {name: self._user(name, group, DEMO_PASSWORD) for name, group in DEMO_USERS}

    def _terms(self, model, tokens):
        return list(model.objects.canonical().filter(token__in=tokens))

    def listing(self, item: DemoListing, editor, vetter) -> bool:
        name_en, name_es = item.name
        if item.model.objects.filter(locale=self.default, name=name_en).exists():
            return False
        fields = dict(item.fields)
        if "country" in fields:
            fields["country"] = Country.objects.canonical().get(token=fields["country"])
        listing = item.model(
            locale=self.default,
            name=name_en,
            city=item.place.city,
            state=item.place.state,
            postal_code=item.place.zip,
            street_address=f"{100 + len(name_en)} Example Street",
            email=f"info@{item.model.listing_kind}.example.org",
            website="https://example.org/",
            status=Status.ACTIVE,
            live=False,
            verification_method=VerificationMethod.PHONE,
            **{key: value[0] for key, value in item.texts.items()},
            **fields,
        )
        listing.phones = [
            Phone(type=kind, number=number, emergency=kind == PhoneType.EMERGENCY)
            for kind, number in item.phones
        ]
        for phone in listing.phones.all():
            phone.full_clean(exclude=["listing"])
        listing.languages = self._terms(Language, item.languages)
        listing.topics = self._terms(Topic, item.topics)
        listing.service_states = self._terms(State, item.states)
        listing.service_counties = list(County.objects.filter(pk__in=item.counties))
        for relation, tokens in item.m2m.items():
            model = {"industries": Industry, "fund_types": FundType}[relation]
            setattr(listing, relation, self._terms(model, tokens))
        listing.full_clean()  # after the relations: the service area's rule reads them
        listing.save()
        revision = listing.save_revision(user=editor)
        if item.vetting == "draft":
            return True
        if item.vetting == "in-vetting":
            listing.get_workflow().start(listing, editor)
            return True
        revision.publish(user=vetter)  # a vetter's publication stamps it verified
        listing.refresh_from_db()
        listing.record_verification(vetter, timezone.now() - timedelta(days=item.vetting))
        if item.translate:
            texts = {en: es for en, es in item.texts.values()}
            texts[name_en] = name_es
            published = item.translate is True
            translation = translate(listing, self.spanish, texts, editor, publish=published)
            if not published:  # the editor's Submit to Vetting in the translation editor
                translations.submit(translation, editor)
        return True

    def other_languages(self, items: list[DemoListing], editor) -> None:
        """Translate ``items`` into each other language that has none yet (a language switched
        on after a first load gets its translations on the next)."""
        for locale in self.others:
            texts = texts_in(locale.language_code)
            done = set(
                Listing.objects.filter(locale=locale).values_list("translation_key", flat=True)
            )
            for item in items:
                listing = Listing.objects.get(locale=self.default, name=item.name[0])
                if listing.translation_key not in done:
                    with transaction.atomic():
                        translate(listing, locale, texts, editor)
            self.log(f"  {locale.language_code}: {len(items)} listings translated")

    def pages(self, editor) -> None:
        with transaction.atomic():
            load_pages(self.default, self.spanish, editor, self.log)
