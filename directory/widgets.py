"""Admin widgets for the directory."""

from django import forms


class CountyCodesWidget(forms.TextInput):
    """Counties served, typed as five-digit FIPS codes separated by commas or spaces.

    A select of 3,244 counties is unusable; FIPS codes are what agencies' lists already use. An
    unknown code is passed on as typed, so the form field reports it as an invalid choice.
    """

    template_name = "django/forms/widgets/text.html"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "34013, 34017", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if not value:
            return ""
        if isinstance(value, str):
            return value
        return ", ".join(str(getattr(item, "pk", item)) for item in value)

    def value_from_datadict(self, data, files, name):
        raw = data.get(name, "")
        return [code for code in raw.replace(",", " ").split() if code]

    def value_omitted_from_data(self, data, files, name):
        return name not in data
