"""Forms of the proposals component: they collect input; the services validate it."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("Between 15 and 150 characters, not in capitals."),
    )
    body = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 8}))
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Optional: where the proposal applies, to place it on the map."),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, categories=(), geocoding=False, max_length=1000, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("At most %(max)d characters.") % {"max": max_length}
        self.fields["body"].widget.attrs["maxlength"] = max_length
        if categories:
            self.fields["category"].choices = [("", _("No category"))] + [
                (category.pk, str(category)) for category in categories
            ]
        else:
            del self.fields["category"]
        if not geocoding:
            del self.fields["address"]

    def add_service_errors(self, error) -> None:
        """Show a service's ValidationError next to the fields it names."""
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
