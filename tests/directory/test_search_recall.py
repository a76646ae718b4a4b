"""Search finds what people type (issue 14): every vocabulary term by its title in English and
in Spanish, synonyms across the two languages, a place typed in the box, title matches first,
and nothing that is not public. Runs on SQLite and PostgreSQL (the same documents, two engines)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from directory import documents
from directory.choices import FeeModel, Kind, Status
from directory.models import FundType, Language, Listing, SearchDocument, Topic
from tests.factories import KIND_FACTORIES, AttorneyFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
FACTORIES = {factory._meta.model.listing_kind: factory for factory in KIND_FACTORIES}


def public(factory=AttorneyFactory, topics=(), languages=(), fund_types=(), **fields):
    listing = factory(live=True, last_verified=NOW - timedelta(days=3), **fields)
    listing.topics.set(Topic.objects.canonical().filter(token__in=topics))
    listing.languages.set(Language.objects.canonical().filter(token__in=languages))
    listing.fund_types.set(FundType.objects.canonical().filter(token__in=fund_types))
    listing.save()  # parental many-to-many values are written on save
    return listing


def found(text: str, language: str = "en") -> list[int]:
    return list(
        Listing.objects.for_language(language).matching_text(text).values_list("pk", flat=True)
    )


def titles(model, token: str) -> dict[str, str]:
    """A term's title in English and in Spanish (the English one where none is translated)."""
    rows = dict(
        model.objects.filter(
            translation_key=model.objects.canonical().get(token=token).translation_key
        ).values_list("locale__language_code", "title")
    )
    return {"en": rows["en"], "es": rows.get("es", rows["en"])}


def assert_found_by(listing, names: dict[str, str]) -> None:
    for language, name in names.items():
        for reader in ("en", "es"):
            assert listing.pk in found(name, reader), (name, language, reader)


@pytest.mark.parametrize(
    ("model", "relation"), [(Topic, "topics"), (Language, "languages"), (FundType, "fund_types")]
)
def test_every_term_finds_its_listing_by_its_title_in_english_and_spanish(model, relation):
    tokens = list(model.objects.canonical().values_list("token", flat=True))
    assert len(tokens) >= 5
    carriers = {
        token: public(FundingSourceFactory, name=f"Example Plain {n}", **{relation: [token]})
        for n, token in enumerate(tokens)
    }
    for token, listing in carriers.items():
        assert_found_by(listing, titles(model, token))


def test_every_kind_and_fee_model_finds_its_listings_by_title_in_english_and_spanish():
    kinds = {kind: public(FACTORIES[kind], name=f"Example Plain {kind}") for kind in Kind.values}
    fees = {
        fee: public(name=f"Example Fees {n}", fee_model=fee)
        for n, fee in enumerate(FeeModel.values)
    }
    for choices, listings in ((Kind, kinds), (FeeModel, fees)):
        for value, listing in listings.items():
            names = {}
            for language in ("en", "es"):
                with override(language):
                    names[language] = str(choices(value).label)
            assert names["en"] != names["es"] or value == FeeModel.FREE
            assert_found_by(listing, names)


def test_what_agency_staff_type_finds_it():
    visa = public(name="Example Alpha", topics=["u-visa"], languages=["mam"])
    retaliation = public(FACTORIES[Kind.WORKER_CENTER], name="Example Beta", topics=["retaliation"])
    consulate = public(FACTORIES[Kind.CONSULATE], name="Example Gamma")
    assert found("U visa") == [visa.pk]
    assert found("visa U", "es") == [visa.pk]
    assert set(found("abogado")) == {visa.pk}  # an attorney by its Spanish name
    assert set(found("lawyer")) == {visa.pk}  # and by a synonym
    assert found("represalias") == [retaliation.pk]
    assert found("Mam") == [visa.pk]
    assert found("consulado") == [consulate.pk]
    assert found("México") == found("mexico") == [consulate.pk]  # its country, accents folded
    assert found("retal") == [retaliation.pk]  # the last word as typed so far


def test_a_title_match_ranks_first():
    by_topic = public(name="Example Aardvark Project", topics=["retaliation"])
    by_title = public(name="Example Zebra Retaliation Project")
    by_text = public(name="Example Mid Project", summary="We help with retaliation cases.")
    assert found("retaliation") == [by_title.pk, by_topic.pk, by_text.pk]


def test_nothing_non_public_is_found():
    shown = public(name="Example Wombat Clinic")
    hidden = [
        AttorneyFactory(name="Example Wombat Draft"),
        AttorneyFactory(
            name="Example Wombat Expired", live=True, last_verified=NOW - timedelta(days=400)
        ),
        public(name="Example Wombat Closed", status=Status.INACTIVE),
    ]
    assert all(SearchDocument.objects.filter(listing=listing).exists() for listing in hidden)
    assert found("wombat") == [shown.pk]


def test_a_zip_or_city_in_the_box_is_a_place(client):
    newark = public(name="Example Newark Clinic")
    chicago = public(
        name="Example Chicago Clinic",
        city="Chicago",
        state="IL",
        postal_code="60608",
        county_id="17031",
        latitude=41.85,
        longitude=-87.67,
    )

    def search(text):
        body = client.get("/api/@search", {"SearchableText": text}).json()
        return [item["title"] for item in body["items"]]

    assert search("07102") == [newark.name]
    assert search("clinic 60608") == [chicago.name]
    assert search("abogado Chicago, IL") == [chicago.name]
    assert search("clinic Newark, NJ") == [newark.name]
    page = client.get("/directory/", {"q": "clinic 07102"})
    assert newark.name in page.content.decode() and chicago.name not in page.content.decode()


def test_documents_follow_saves_terms_and_translations(spanish):
    listing = public(name="Example Original Name", topics=["asylum"])
    assert found("original") == [listing.pk]
    listing.name = "Example Renamed"
    listing.save()
    assert found("original") == [] and found("renamed") == [listing.pk]
    asylum = Topic.objects.get(locale=spanish, token="asylum")
    asylum.title = "Asilo político"
    asylum.save()
    assert found("politico") == [listing.pk]
    copy = listing.copy_for_translation(spanish)
    copy.name = "Ejemplo Clínica"
    copy.save()
    assert SearchDocument.objects.get(listing=copy).config == "spanish"
    assert found("clinica", "es") == [copy.pk]
    assert found("clinica", "en") == []  # English readers see the original


def test_bulk_inserts_get_their_documents():
    from interchange.bulk import insert_listings

    listing = FACTORIES[Kind.ATTORNEY].build(
        name="Example Bulk Clinic", live=True, last_verified=NOW
    )
    insert_listings([(listing, {"topics": list(Topic.objects.canonical().filter(token="bond"))})])
    document = SearchDocument.objects.get(listing=listing)
    assert " fianza " in document.terms and " bulk " in document.title
    assert found("fianza") == [listing.pk]


def test_rebuild_writes_every_document():
    listing = public(name="Example Rebuilt")
    SearchDocument.objects.all().delete()
    assert documents.refresh_missing() == 1
    assert found("rebuilt") == [listing.pk]


def test_a_deleted_term_leaves_the_documents_of_its_listings():
    """Deleting a term deletes its links first, so a signal after the delete found no listing
    to rewrite: the term's title kept finding them, and its id stayed in their arrays."""
    vanished = Topic.objects.create(token="example-vanished", title="Example Vanished Topic")
    kept = public(name="Example Kept Clinic", topics=["asylum"])
    listing = public(name="Example Clinic")
    listing.topics.add(vanished)
    listing.save()
    assert found("vanished") == [listing.pk]
    vanished.delete()
    assert found("vanished") == []
    assert found("asilo") == [kept.pk]
    document = SearchDocument.objects.get(listing=listing)
    assert "vanished" not in document.terms
    if document.topic_ids is not None:  # PostgreSQL's arrays
        assert document.topic_ids == []
