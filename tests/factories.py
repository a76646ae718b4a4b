"""factory_boy factories: listings of each kind, valid by default, in the default locale."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale

from directory import setup
from directory.choices import CenterType, FundStatus, PostType, ProviderType
from directory.models import Attorney, Consulate, Country, FundingSource, Phone, WorkerCenter


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def group(self, create, name, **kwargs):
        if name:
            self.groups.add(Group.objects.get(name=name))
        self.save()


def editor(**kwargs):
    return UserFactory(group=setup.EDITORS, **kwargs)


def vetter(**kwargs):
    return UserFactory(group=setup.VETTERS, **kwargs)


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Example Listing {n}")
    locale = factory.LazyFunction(Locale.get_default)
    city = "Newark"
    state = "NJ"
    postal_code = "07102"
    county_id = "34013"
    latitude = 40.732
    longitude = -74.1765
    summary = "Example summary."
    live = False

    @factory.post_generation
    def phones(self, create, numbers, **kwargs):
        for number in numbers or ["(973) 555-0100"]:
            self.phones.add(Phone(number=number, type="main"))
        if create:
            self.save()


class AttorneyFactory(ListingFactory):
    class Meta:
        model = Attorney

    provider_type = ProviderType.NONPROFIT


class ConsulateFactory(ListingFactory):
    class Meta:
        model = Consulate

    post_type = PostType.CONSULATE_GENERAL
    country = factory.LazyFunction(lambda: Country.objects.canonical().get(token="MX"))


class WorkerCenterFactory(ListingFactory):
    class Meta:
        model = WorkerCenter

    center_type = CenterType.WORKER_CENTER


class FundingSourceFactory(ListingFactory):
    class Meta:
        model = FundingSource

    fund_status = FundStatus.OPEN
    open_to_individuals = True


KIND_FACTORIES = [AttorneyFactory, ConsulateFactory, WorkerCenterFactory, FundingSourceFactory]


def publish(listing, user):
    """Save a revision and publish it as ``user`` (a vetter stamps it verified)."""
    listing.save_revision(user=user).publish(user=user)
    listing.refresh_from_db()
    return listing
