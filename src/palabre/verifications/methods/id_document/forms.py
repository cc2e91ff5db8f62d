"""Forms of the identity-document method. They parse input; the rules (what a number or a
postal code looks like, which files are accepted) live in `services.identity_clean` and
`files.document_clean`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.backoffice.forms import DateInput

DOCUMENT_TYPE_CHOICES = [
    ("id_card", _("National identity card")),
    ("passport", _("Passport")),
    ("residence_permit", _("Residence permit")),
]


def document_type_label(value: str) -> str:
    return str(dict(DOCUMENT_TYPE_CHOICES).get(value, value))


class IdentityForm(forms.Form):
    """The identity a document shows (declared by the person, or read by staff)."""

    document_type = forms.ChoiceField(label=_("Type of document"), choices=DOCUMENT_TYPE_CHOICES)
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_name = forms.CharField(
        label=_("First names"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"), widget=DateInput(attrs={"autocomplete": "bday"})
    )
    postal_code = forms.CharField(
        label=_("Postal code of your home"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )


class DocumentForm(IdentityForm):
    """What a person sends online: the identity, and the document's picture or PDF."""

    document = forms.FileField(
        label=_("Photo or scan of the document"),
        help_text=_(
            "A photo (JPEG, PNG or WebP) or a PDF where every detail can be read. Only the "
            "staff who check it see it, and it is deleted once checked."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )


class ReviewIdentityForm(IdentityForm):
    """The identity staff read on the document."""

    postal_code = forms.CharField(label=_("Postal code of the home"), max_length=10)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the person"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what to do to be verified: a blurred photo, an expired document…"),
    )
