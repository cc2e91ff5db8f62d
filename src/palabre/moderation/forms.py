"""Forms of moderation. They only carry the values: the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.moderation.models import DETAILS_MAX_LENGTH, ReportReason
from palabre.moderation.services import JUSTIFICATION_MAX_LENGTH


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the proposed reasons.")},
    )
    details = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": DETAILS_MAX_LENGTH}),
        required=False,
        strip=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the reader's language: formatted with the class, the text stayed
        # in the language of whoever first loaded the module.
        self.fields["details"].help_text = _(
            "Required when you choose “Other”. At most %(max)d characters."
        ) % {"max": DETAILS_MAX_LENGTH}
        # Unknown reasons get the same clear message as a missing one.
        self.fields["reason"].error_messages["invalid_choice"] = _(
            "Choose one of the proposed reasons."
        )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the activity log)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": JUSTIFICATION_MAX_LENGTH}),
    )


class BlockForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"),
        help_text=_("Why this participant is blocked. Kept in the activity log."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": JUSTIFICATION_MAX_LENGTH}),
        required=False,
    )
    hide_content = forms.BooleanField(label=_("Also hide everything they wrote"), required=False)
