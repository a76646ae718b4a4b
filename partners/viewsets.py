"""The Wagtail admin for partner keys, under a "Partners" menu. Only superusers (or a group an
administrator deliberately gives the ``partners`` permissions; no default group has them) see it.

A new key is shown once, on the page that answers the form creating it: not in a success message,
which would carry it to the next page in the (signed, not encrypted) messages cookie or the
session. The row keeps only its hash, so the edit page cannot show it again. Revoke a key by
unticking "active"."""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from partners.models import PartnerKey


class PartnerKeyCreateView(CreateView):
    def save_instance(self):
        self.new_key = self.form.instance.new_key()
        return super().save_instance()

    def save_action(self):
        # Always a page a person reads, never a JSON answer, and never a redirect: the key
        # exists only in this response.
        response = TemplateResponse(
            self.request,
            "partners/key_created.html",
            {
                "key_row": self.object,
                "new_key": self.new_key,
                "page_title": _("API key created"),
                "header_title": _("API key created"),
                "header_icon": "key",
                "breadcrumbs_items": self.get_breadcrumbs_items(),
                "index_url": self.get_success_url(),
                "edit_url": self.get_edit_url(),
            },
        )
        add_never_cache_headers(response)
        return response


class PartnerKeyViewSet(ModelViewSet):
    model = PartnerKey
    icon = "key"
    menu_label = _("API keys")
    url_prefix = "partners/keys"
    url_namespace = "partner_keys"
    add_view_class = PartnerKeyCreateView
    panels = [
        FieldPanel("name"),
        FieldPanel("organization"),
        FieldPanel("organization_name"),
        FieldPanel("tier"),
        FieldPanel("allowed_origins"),
        FieldPanel("rate_limit"),
        FieldPanel("active"),
        FieldPanel("prefix", read_only=True),
        FieldPanel("last_used", read_only=True),
    ]
    list_display = [
        "name",
        Column("organization", label=_("organization"), accessor="holder"),
        Column("tier", label=_("tier"), accessor="get_tier_display"),
        Column("display_prefix", label=_("key prefix")),
        BooleanColumn("active", label=_("active")),
        DateColumn("last_used", label=_("last used")),
        DateColumn("created", label=_("created")),
    ]
    list_filter = ["tier", "active"]
    search_fields = ["name", "organization__name", "organization_name", "prefix"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False


class PartnersViewSetGroup(ViewSetGroup):
    menu_label = _("Partners")
    menu_icon = "group"
    menu_order = 250
    items = (PartnerKeyViewSet,)
