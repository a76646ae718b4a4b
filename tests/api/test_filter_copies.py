"""ListingFilter's filters and form fields, which each filter set copies cheaply (api/filters.py,
``_CopiedByEach``): what a request sets is its own, nothing of one request reaches another."""

import copy
import threading

from django.http import QueryDict

from api.filters import ListingFilter, RelatedTokensFilter, _form_class
from directory.models import FundType, Language, Listing, Topic

TERM_FIELDS = {"languages", "topics", "fund_type"}


class FakeTitles:
    """What the term filters read of the search's titles: each vocabulary's tokens."""

    def __init__(self, **tokens):
        self.tokens = {Language: tokens.get("languages", ()), Topic: tokens.get("topics", ())}
        self.tokens[FundType] = tokens.get("fund_type", ())

    def pks(self, model):
        return {token: pk for pk, token in enumerate(self.tokens[model], start=1)}


def filter_set(query: str, titles) -> ListingFilter:
    return ListingFilter(QueryDict(query), Listing.objects.none(), titles)


def test_term_fields_are_the_ones_copied_per_form():
    assert {
        name for name, f in ListingFilter.base_filters.items() if isinstance(f, RelatedTokensFilter)
    } == TERM_FIELDS
    first, second = filter_set("", FakeTitles()), filter_set("", FakeTitles())
    for name in first.form.fields:
        shared = first.form.fields[name] is second.form.fields[name]
        assert shared == (name not in TERM_FIELDS), name
        assert first.form.fields[name].widget is not None


def test_term_choices_do_not_leak_between_filter_sets():
    query = "languages=spa&topics=wage-theft&fund_type=bond"
    known = FakeTitles(languages=["spa"], topics=["wage-theft"], fund_type=["bond"])
    spanish = filter_set(query, known)
    other = filter_set(query, FakeTitles(languages=["eng"], topics=["asylum"], fund_type=["fee"]))
    # both forms made (and their choices set) before either is cleaned
    assert spanish.is_valid(), spanish.errors
    assert not other.is_valid()
    assert set(other.errors) == TERM_FIELDS
    assert spanish.form.cleaned_data["languages"] == ["spa"]
    assert filter_set(query, FakeTitles()).errors.keys() == TERM_FIELDS
    base = _form_class(ListingFilter).base_fields
    assert [list(base[name].choices) for name in sorted(TERM_FIELDS)] == [[], [], []]


def test_term_choices_do_not_leak_between_threads():
    results, barrier = {}, threading.Barrier(8)

    def search(number):
        token = f"t{number}"
        made = filter_set(f"languages={token}", FakeTitles(languages=[token]))
        barrier.wait()  # every thread's form made before any is cleaned
        results[number] = (made.is_valid(), list(made.form.fields["languages"].choices))

    threads = [threading.Thread(target=search, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {number: (True, [(f"t{number}", f"t{number}")]) for number in range(8)}


def test_each_filter_set_has_filters_of_its_own():
    first, second = filter_set("near=07102", FakeTitles()), filter_set("state=NJ", FakeTitles())
    for name, base in ListingFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not theirs and mine is not base
        assert (mine.parent, theirs.parent) == (first, second)
        assert mine.extra == base.extra and mine.extra is not base.extra
        assert not hasattr(base, "parent") and not hasattr(base, "model")
        if base.method is not None:  # the method is found through the filter set's own filter
            assert mine.filter.f is mine and mine.filter.method == getattr(first, base.method)
    assert first.is_valid() and second.is_valid()
    assert first.form.cleaned_data["near"] == "07102" and second.form.cleaned_data["state"] == "NJ"


def test_a_deep_copy_of_the_filters_is_as_django_filter_made_it():
    """What ``copy.deepcopy(base_filters)`` gave before: the same filters, attribute by
    attribute (the FilterMethods bound to their own copies)."""
    cheap = copy.deepcopy(ListingFilter.base_filters)
    deep = {name: copy.deepcopy(f) for name, f in ListingFilter.base_filters.items()}
    assert list(cheap) == list(deep)
    for name in deep:
        mine, theirs = vars(cheap[name]), vars(deep[name])
        assert mine.keys() == theirs.keys(), name
        for attribute, value in theirs.items():
            if attribute == "filter":
                assert mine["filter"].f is cheap[name]
            else:
                assert mine[attribute] == value, (name, attribute)


def test_cleaning_leaves_the_shared_fields_as_they_were():
    base = _form_class(ListingFilter).base_fields
    before = {name: dict(vars(field)) for name, field in base.items()}
    for query in [
        "state=NJ&portal_type=Attorney&fee_model=free&accepting_clients=true&county=34013",
        "near=07102&radius=5&doj_recognized=false&verified_since=2024-01-01&city=Newark",
        "state=ZZ&portal_type=Plumber&fee_model=cheap&radius=-1&modified_since=never",
    ]:
        filter_set(query, FakeTitles()).is_valid()
    assert {name: dict(vars(field)) for name, field in base.items()} == before
