"""The admin form every listing kind uses: cross-field checks a model's clean() cannot see,
because many-to-many values only exist in the form until it is saved."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory.choices import ServiceArea


class ListingForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("service_area")
        if area == ServiceArea.STATES and not cleaned.get("service_states"):
            self.add_error("service_states", _("Pick the states served, or change the area."))
        if area == ServiceArea.COUNTIES and not cleaned.get("service_counties"):
            self.add_error("service_counties", _("Pick the counties served, or change the area."))
        return cleaned
