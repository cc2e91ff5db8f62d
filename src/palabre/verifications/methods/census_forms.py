from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.verifications.methods.census import DATE_FORMATS


class CensusIdentityForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=200)
    first_name = forms.CharField(label=_("First name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Birth date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["birth_date"].widget.attrs["autocomplete"] = "bday"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"


class CensusUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Census file (CSV)"),
        help_text=_(
            "One person per line. The first line names the columns: “email”, or "
            "“last_name;first_name;birth_date;postal_code” (French names are read too). "
            "Separators ; , or tab; UTF-8 or Windows encoding; dates as 2001-04-30 or "
            "30/04/2001."
        ),
    )
