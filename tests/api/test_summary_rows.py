"""A public answer's summaries are read narrow (api/summary_rows.py): the same items the model
rows gave, field for field, in every language and with a place's distance and coverage."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from api.search import ListingSearch
from api.summary_rows import SummaryRow
from directory.choices import ServiceArea
from directory.models import Phone
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, ConsulateFactory, WorkerCenterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(spanish):
    clinic = public(
        AttorneyFactory,
        name="Example Summary Clinic",
        languages=("spa", "mam"),
        topics=("u-visa", "retaliation"),
        phones=["(973) 555-0101", "+52 55 5555 0102"],
    )
    clinic.phones.add(
        Phone(number="(973) 555-0103", extension="12", type="hotline", hours="24/7", emergency=True)
    )
    clinic.interpretation_languages.set(clinic.languages.all()[:1])
    clinic.save()
    translated = clinic.copy_for_translation(spanish)
    translated.name, translated.summary = "Clínica de Ejemplo", "Ayuda gratuita."
    translated.save()
    center = public(
        WorkerCenterFactory, name="Example Summary Center", city="", state="", topics=()
    )
    far = public(
        ConsulateFactory,
        name="Example Summary Consulate",
        service_area=ServiceArea.NATIONAL,
        latitude=None,
        longitude=None,
    )
    return [clinic, translated, center, far]


@pytest.mark.parametrize(
    "query",
    ["sort_on=title", "SearchableText=example", "near=07102&radius=50", "near=07102&languages=mam"],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_narrow_rows_answer_what_model_rows_answered(listings, query, language):
    request = RequestFactory().get(f"/api/@search?{query}")
    params = QueryDict(query)
    answer = ListingSearch(params, language, request=request)
    narrow = answer.page(0, 25)
    # Without a request (the staff page's way) the same search reads model rows.
    models = ListingSearch(params, language).page(0, 25)
    assert narrow and all(isinstance(row, SummaryRow) for row in narrow)
    assert not any(isinstance(row, SummaryRow) for row in models)
    assert answer.serialize(narrow) == answer.serialize(models)
    items = answer.serialize(narrow)
    if query in ("sort_on=title", "near=07102&radius=50"):
        titles = {item["title"] for item in items}
        assert {"Example Summary Center", "Example Summary Consulate"} <= titles
    clinic = next((item for item in items if item["UID"] == listings[0].translation_key.hex), None)
    if clinic is None:  # "example" is not in the Spanish clinic's words
        assert (language, query) == ("es", "SearchableText=example")
        return
    assert len(clinic["phones"]) == 3 and clinic["phones"][2]["display"].endswith(" ext. 12")
    if language == "es":
        assert clinic["title"] == "Clínica de Ejemplo"
    if "near" in query:
        assert all("coverage" in item and "distance" in item for item in items)


def test_editors_and_full_objects_still_read_model_rows(listings, rf):
    request = rf.get("/api/@search?fullobjects=1")
    full = ListingSearch(QueryDict("fullobjects=1"), "en", request=request).page(0, 25)
    assert full and not any(isinstance(row, SummaryRow) for row in full)
    request = rf.get("/api/@search")
    editor = ListingSearch(QueryDict(""), "en", unpublished_kinds=["attorney"], request=request)
    assert not any(isinstance(row, SummaryRow) for row in editor.page(0, 25))
