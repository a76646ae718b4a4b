"""The admin form every listing kind uses. The service-area rule lives on the model
(``Listing.service_area_errors``, shared by every way in); a model form only assigns
many-to-many values when it saves, so this form hands them to the instance before the model's
``clean()`` runs."""

from wagtail.admin.forms import WagtailAdminModelForm

# Many-to-many fields Listing.clean() reads.
CLEANED_RELATIONS = ("service_states", "service_counties")


class ListingForm(WagtailAdminModelForm):
    def _post_clean(self) -> None:
        for name in CLEANED_RELATIONS:
            if name in self.fields and name in self.cleaned_data:
                # A ParentalManyToManyField keeps this in memory until the listing is saved.
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()
