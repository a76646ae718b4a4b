"""The Wagtail admin for the directory: one snippet viewset per listing kind (their panels), the
taxonomies, grouped in the menu."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.forms import ListingForm
from directory.models import (
    Attorney,
    Consulate,
    Country,
    County,
    FundingSource,
    FundType,
    Industry,
    Language,
    State,
    Topic,
    WorkerCenter,
)
from directory.models.listing import person_name
from directory.notices import ListingNoticesPanel
from directory.suggestions_admin import OpenSuggestionsPanel
from directory.translations_admin import TranslationStatesColumn
from directory.widgets import CountyCodesWidget


def _about_panels(extra=()):
    return [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("organization_name"),
        FieldPanel("summary"),
        FieldPanel("alert"),
        FieldPanel("status"),
        FieldPanel("description"),
        *extra,
    ]


def _place_panels(area_heading):
    return [
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("postal_code")]),
                FieldPanel("county", widget=forms.TextInput(attrs={"placeholder": "34013"})),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("service_area"),
                FieldPanel("service_states", widget=forms.CheckboxSelectMultiple),
                FieldPanel("service_counties", widget=CountyCodesWidget),
            ],
            heading=area_heading,
        ),
    ]


def _contact_panels():
    return [
        InlinePanel("phones", heading=_("Phones"), label=_("Phone")),
        FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
        FieldPanel("hours"),
    ]


def _help_panels(topics_heading):
    return [
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("interpretation_languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", heading=topics_heading, widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("fee_model"), FieldPanel("fees")]),
        FieldPanel("eligibility"),
        FieldPanel("how_to_get_help"),
    ]


class VerifierPanel(FieldPanel):
    """The vetter who verified the listing, by name: a user's str is their username."""

    def format_value_for_display(self, value):
        return person_name(value) if value is not None else super().format_value_for_display(value)


VETTING_PANELS = [
    FieldRowPanel(
        [FieldPanel("last_verified", read_only=True), VerifierPanel("verified_by", read_only=True)]
    ),
    FieldPanel("verification_method"),
    FieldPanel("vetting_notes"),
    FieldPanel("hsds_id", read_only=True),
]


def _edit_handler(kind_heading, kind_panels, area_heading=None, topics=None):
    return TabbedInterface(
        [
            ObjectList(
                [OpenSuggestionsPanel(), ListingNoticesPanel(), *_about_panels()],
                heading=_("About"),
            ),
            ObjectList(kind_panels, heading=kind_heading),
            ObjectList(_help_panels(topics or _("Topics")), heading=_("Help offered")),
            ObjectList(
                _contact_panels() + _place_panels(area_heading or _("Service area")),
                heading=_("Contact"),
            ),
            ObjectList(VETTING_PANELS, heading=_("Vetting")),
        ],
        base_form_class=ListingForm,
    )


class ListingViewSet(SnippetViewSet):
    list_display = [
        "name",
        Column("city", label=_("City")),
        Column("state", label=_("State")),
        Column("next_review_due", label=_("Review due")),
        TranslationStatesColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["status", "state", "locale"]
    search_fields = ["name", "organization_name", "city", "summary"]
    search_backend_name = None  # the ORM, so a fresh draft is found at once
    ordering = ["name"]
    copy_view_enabled = False


class AttorneyViewSet(ListingViewSet):
    model = Attorney
    icon = "user"
    menu_order = 100
    edit_handler = _edit_handler(
        _("Legal practice"),
        [
            FieldPanel("provider_type"),
            InlinePanel("bar_admissions", heading=_("Bar admissions"), label=_("Bar admission")),
            FieldRowPanel([FieldPanel("doj_recognized"), FieldPanel("doj_recognition_expires")]),
            FieldRowPanel([FieldPanel("accepting_clients"), FieldPanel("accepting_clients_as_of")]),
            FieldPanel("accepts_agency_referrals"),
            FieldPanel("serves_detained"),
            FieldPanel("detention_facilities"),
            FieldPanel("consultation_fee"),
        ],
        topics=_("Practice areas"),
    )


class ConsulateViewSet(ListingViewSet):
    model = Consulate
    icon = "globe"
    menu_order = 200
    list_filter = ["country", "status", "state", "locale"]
    edit_handler = _edit_handler(
        _("Consular post"),
        [
            FieldRowPanel([FieldPanel("country"), FieldPanel("post_type")]),
            FieldPanel("appointment_url"),
            FieldPanel("accepts_detainee_lists"),
            MultiFieldPanel(
                [
                    FieldPanel("liaison_name"),
                    FieldPanel("liaison_email"),
                    FieldPanel("liaison_phone"),
                ],
                heading=_("Liaison for agencies and partners (never shown to the public)"),
            ),
        ],
        area_heading=_("Jurisdiction"),
    )


class WorkerCenterViewSet(ListingViewSet):
    model = WorkerCenter
    icon = "group"
    menu_order = 300
    edit_handler = _edit_handler(
        _("Organization"),
        [
            FieldPanel("center_type"),
            FieldPanel("industries", widget=forms.CheckboxSelectMultiple),
            FieldPanel("membership_required"),
        ],
        topics=_("Services"),
    )


class FundingSourceViewSet(ListingViewSet):
    model = FundingSource
    icon = "tag"
    menu_order = 400
    edit_handler = _edit_handler(
        _("Fund"),
        [
            FieldPanel("fund_types", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel(
                [
                    FieldPanel("open_to_individuals"),
                    FieldPanel("open_to_attorneys"),
                    FieldPanel("open_to_organizations"),
                ],
                heading=_("Who may apply"),
            ),
            FieldPanel("detained_only"),
            FieldPanel("case_stage"),
            FieldPanel("typical_amount"),
            FieldRowPanel([FieldPanel("fund_status"), FieldPanel("fund_status_as_of")]),
        ],
    )


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 150
    submenu_hook = "register_directory_menu_item"  # Import listings (wagtail_hooks.py)
    items = (AttorneyViewSet, ConsulateViewSet, WorkerCenterViewSet, FundingSourceViewSet)


class TermViewSet(SnippetViewSet):
    list_display = ["title", Column("token", label=_("Token"))]
    list_filter = ["locale"]
    search_fields = ["title", "token"]
    search_backend_name = None
    ordering = ["sort_order", "title"]
    panels = [FieldPanel("title"), FieldPanel("token"), FieldPanel("sort_order")]


def _term_viewset(term_model, icon, extra_panels=()):
    return type(
        f"{term_model.__name__}ViewSet",
        (TermViewSet,),
        {
            "model": term_model,
            "icon": icon,
            "panels": [*TermViewSet.panels, *(FieldPanel(name) for name in extra_panels)],
        },
    )


class CountyViewSet(SnippetViewSet):
    model = County
    icon = "site"
    list_display = ["name", Column("state", label=_("State")), Column("fips", label=_("FIPS"))]
    list_filter = ["state"]
    search_fields = ["name", "fips"]
    search_backend_name = None
    inspect_view_enabled = True


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomies")
    menu_icon = "folder-open-inverse"
    menu_order = 160
    items = (
        _term_viewset(Topic, "tag", ["group"]),
        _term_viewset(Language, "comment"),
        _term_viewset(Industry, "cogs"),
        _term_viewset(FundType, "tag"),
        _term_viewset(Country, "globe"),
        _term_viewset(State, "site", ["fips"]),
        CountyViewSet,
    )
