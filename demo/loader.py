"""Load the demo: its accounts, its listings through the real mechanics (a revision, a vetter's
publication, translations, the Vetting workflow) and its pages. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from demo.listings import DemoListing, demo_listings
from demo.pages import load_pages
from demo.translation import translate
from directory import setup
from directory.choices import PhoneType, Status, VerificationMethod
from directory.models import Country, County, FundType, Industry, Language, Phone, State, Topic

DEMO_PASSWORD = "amparo-demo"
DEMO_USERS = [("admin", None), ("editor", setup.EDITORS), ("vetter", setup.VETTERS)]


class DemoLoader:
    """Creates what is missing; a second run finds everything and changes nothing."""

    def __init__(self, log=lambda message: None):
        self.log = log
        self.default = Locale.get_default()
        self.spanish = Locale.objects.get(language_code="es")
        self.created = 0

    def run(self, with_users: bool = False) -> int:
        users = self.users() if with_users else {}
        editor = users.get("editor") or self._user("demo-editor", setup.EDITORS)
        vetter = users.get("vetter") or self._user("demo-vetter", setup.VETTERS)
        items = demo_listings()
        for number, item in enumerate(items, 1):
            with transaction.atomic():
                if self.listing(item, editor, vetter):
                    self.created += 1
            if number % 10 == 0 or number == len(items):
                self.log(f"  listings: {number}/{len(items)}")
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
            translate(listing, self.spanish, texts, editor)
        return True

    def pages(self, editor) -> None:
        with transaction.atomic():
            load_pages(self.default, self.spanish, editor, self.log)
