"""Forms of the postal-letter method; the rules are in `services.address_clean` and in the
code check."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AddressForm(forms.Form):
    name = forms.CharField(
        label=_("Name on the letter box"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    line1 = forms.CharField(
        label=_("Number and street"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    line2 = forms.CharField(
        label=_("Building, floor, flat (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code of the letter"),
        max_length=20,
        help_text=_("Eight letters and digits, such as ACDE-F347; capitals or not."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
