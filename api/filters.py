"""The listing filters of ``@search`` and the directory folders (API.md, *Search*). Repeated
values of one parameter are OR; different parameters are AND. A bad value is a 400 naming it."""

import copy
import functools

import django_filters as filters
from django import forms

from api.errors import BadRequest
from api.serializers import TYPE_KINDS, Titles
from cms.models import DocumentPage, FolderPage, HomePage
from directory import geography
from directory.choices import FeeModel
from directory.models import Country, FundType, Language, Listing, Topic
from directory.places import PlaceError, resolve

PAGE_TYPES = {model.__name__: model for model in (HomePage, FolderPage, DocumentPage)}
TRUE_FALSE = [("true", "true"), ("false", "false")]


def _tokens(model):
    return lambda: [
        (token, token) for token in model.objects.canonical().values_list("token", flat=True)
    ]


class YesNoFilter(filters.ChoiceFilter):
    """``true`` or ``false``, nothing else (django-filter's BooleanFilter ignores bad values)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=TRUE_FALSE, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


class RelatedTokensFilter(filters.MultipleChoiceFilter):
    """Listings related (many-to-many) to any of the given canonical terms' tokens. The tokens
    are checked against the search's term titles (``Titles``: its answer reads them anyway,
    kept per process for the public tier), which also name the terms by id
    (``related_to_terms``), so the filter runs no query of its own."""

    def __init__(self, *args, model, **kwargs):
        self.term_model = model
        super().__init__(*args, choices=(), **kwargs)

    def choices(self, titles: Titles):
        """The valid tokens, read only when a value is checked."""
        return lambda: [(token, token) for token in titles.pks(self.term_model)]

    def filter(self, qs, value):
        if not value:
            return qs
        pks = self.parent.titles.pks(self.term_model)
        return qs.related_to_terms(self.field_name, sorted(pks[token] for token in value))


class ListingFilter(filters.FilterSet):
    portal_type = filters.MultipleChoiceFilter(
        method="filter_portal_type",
        choices=[(name, name) for name in [*TYPE_KINDS, *PAGE_TYPES]],
        help_text="Attorney, Consulate, WorkerCenter, FundingSource, or a page type: HomePage, "
        "FolderPage, DocumentPage (repeatable).",
    )
    state = filters.ChoiceFilter(
        method="filter_state",
        choices=[(s.code, s.name) for s in geography.states()],
        help_text="USPS code: listings in that state or serving it (statewide, national).",
    )
    county = filters.CharFilter(
        method="filter_county",
        help_text="Five-digit county FIPS code: listings there or serving it.",
    )
    city = filters.CharFilter(
        field_name="city", lookup_expr="iexact", help_text="City of the listing's address."
    )
    near = filters.CharFilter(
        method="filter_near",
        help_text="A US ZIP code or 'lat,lng': listings within `radius` miles, or serving the "
        "place's county or state, or national.",
    )
    radius = filters.NumberFilter(
        method="filter_nothing", help_text="Miles around `near` (default 25, at most 500)."
    )
    languages = RelatedTokensFilter(
        field_name="languages", model=Language, help_text="ISO 639-3 (repeatable)."
    )
    topics = RelatedTokensFilter(
        field_name="topics", model=Topic, help_text="Topic tokens (repeatable)."
    )
    fee_model = filters.MultipleChoiceFilter(
        field_name="fee_model", choices=FeeModel.choices, help_text="Fee model (repeatable)."
    )
    accepting_clients = YesNoFilter(field_name="accepting_clients", help_text="true or false.")
    serves_detained = YesNoFilter(field_name="serves_detained", help_text="true or false.")
    doj_recognized = YesNoFilter(field_name="doj_recognized", help_text="true or false.")
    country = filters.MultipleChoiceFilter(
        field_name="country__token",
        choices=_tokens(Country),
        help_text="A consulate's country, ISO 3166-1 alpha-2 (repeatable).",
    )
    fund_type = RelatedTokensFilter(
        field_name="fund_types", model=FundType, help_text="Fund type (repeatable)."
    )
    verified_since = filters.DateFilter(
        field_name="last_verified", lookup_expr="date__gte", help_text="ISO date."
    )
    modified_since = filters.DateFilter(
        field_name="last_published_at", lookup_expr="date__gte", help_text="ISO date."
    )

    class Meta:
        model = Listing
        fields = []

    def __init__(self, data, queryset, titles: Titles):
        super().__init__(data, queryset=queryset)
        self.titles, self.point = titles, None
        for name, term_filter in self.filters.items():
            if isinstance(term_filter, RelatedTokensFilter):
                self.form.fields[name].choices = term_filter.choices(titles)

    def get_form_class(self):
        """The form class, made once per process (django-filter makes one, with new fields, for
        every filter set). Its fields hold nothing of a request: the term filters' choices are
        set on each form (``__init__``); made without a model, they have no labels, which no
        answer shows (errors name the parameter)."""
        return _form_class(type(self))

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        places = [name for name in ("near", "state", "county") if data.get(name)]
        if len(places) > 1:
            raise BadRequest.for_field(
                places[1], f"Search by one place at a time: {' or '.join(places)}, not both."
            )
        if data.get("radius") is not None and not data.get("near"):
            raise BadRequest.for_field("radius", "radius needs near (a ZIP code or lat,lng).")
        return super().filter_queryset(queryset)

    def filter_portal_type(self, qs, name, value):
        return (
            qs.filter(kind__in=[TYPE_KINDS[v] for v in value if v in TYPE_KINDS]) if value else qs
        )

    def filter_state(self, qs, name, value):
        return qs.in_state(value)

    def filter_county(self, qs, name, value):
        if value not in geography.counties_by_fips():
            raise BadRequest.for_field("county", f"{value!r} is not a county FIPS code.")
        return qs.in_county(value)

    def filter_near(self, qs, name, value):
        try:
            self.point = resolve(value)
        except PlaceError as error:
            raise BadRequest.for_field("near", str(error)) from error
        radius = self.form.cleaned_data.get("radius") or 25
        return qs.near(self.point, radius)

    def filter_nothing(self, qs, name, value):
        return qs  # read by filter_near


class _CopiedByEach(dict):
    """``base_filters`` or ``base_fields``, which django-filter's ``BaseFilterSet.__init__``
    and Django's ``BaseForm.__init__`` deep-copy for each filter set or form they make: a deep
    copy of the 16 filters and 16 fields (walking their choices) was ~0.4 ms of every search.
    This mapping's deep copy is a plain dict of what ``copy_one`` gives for each, which copies
    what a request sets and shares what none changes."""

    def __init__(self, items, copy_one):
        super().__init__(items)
        self.copy_one = copy_one

    def __deepcopy__(self, memo):
        return {name: self.copy_one(name, value, memo) for name, value in self.items()}


def _filter_of_its_own(name, base, memo):
    """A filter set's own filter: ``BaseFilterSet.__init__`` sets its ``model`` and ``parent``,
    and a filter with a method reaches it through a ``FilterMethod`` of its own (the ``method``
    setter makes one, bound to the copy, not to the class's filter). Its ``extra`` (choices,
    help text) no filter set changes: copied as a dict, its values shared."""
    copied = copy.copy(base)
    copied.extra = dict(base.extra)
    copied.__dict__.pop("_field", None)  # made again from extra if read
    if base.method is not None:
        copied.method = base.method
    return copied


ListingFilter.base_filters = _CopiedByEach(ListingFilter.base_filters, _filter_of_its_own)


@functools.cache
def _form_class(filterset_class: type[ListingFilter]) -> type[forms.Form]:
    """Each form copies (deeply) the term filters' fields, whose choices it sets; it shares the
    others, which neither this module nor Django's cleaning changes (``Field.clean`` and the
    validators only read them)."""
    fields = {name: f.field for name, f in copy.deepcopy(filterset_class.base_filters).items()}
    fields["radius"] = forms.FloatField(required=False, min_value=0.1, max_value=500)
    form_class = type(f"{filterset_class.__name__}Form", (filterset_class._meta.form,), fields)
    per_form = {
        name
        for name, f in filterset_class.base_filters.items()
        if isinstance(f, RelatedTokensFilter)
    }
    form_class.base_fields = _CopiedByEach(
        form_class.base_fields,
        lambda name, field, memo: copy.deepcopy(field, memo) if name in per_form else field,
    )
    return form_class
