from django import forms
from django.utils.translation import gettext_lazy as _

CHANNEL_LABELS = {"sms": _("By text message"), "email": _("By email")}


class CodeSendForm(forms.Form):
    channel = forms.ChoiceField(label=_("Receive the code"), widget=forms.RadioSelect)
    destination = forms.CharField(
        label=_("Phone number or email address"),
        max_length=254,
        help_text=_("A phone number such as 06 12 34 56 78, or an email address."),
    )

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, CHANNEL_LABELS[c]) for c in channels]
        if len(channels) == 1:
            self.fields["channel"].initial = channels[0]
            self.fields["channel"].widget = forms.HiddenInput()
            label = {"sms": _("Phone number"), "email": _("Email address")}[channels[0]]
            self.fields["destination"].label = label
            self.fields["destination"].help_text = (
                _("Such as 06 12 34 56 78 or +33 6 12 34 56 78.") if channels[0] == "sms" else ""
            )
            self.fields["destination"].widget.attrs["autocomplete"] = (
                "tel" if channels[0] == "sms" else "email"
            )


class CodeConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code received"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"[0-9 ]*"}
        ),
    )


class CodeSettingsForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("Ways to send codes"),
        choices=list(CHANNEL_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sms_gateway = forms.ChoiceField(
        label=_("SMS gateway"),
        choices=[
            ("console", _("None: messages are written to the server's files (demo, tests)")),
            ("http", _("An HTTP gateway")),
        ],
    )
    sms_url = forms.CharField(
        label=_("Gateway address (https://…)"), required=False, max_length=500
    )
    sms_token = forms.CharField(
        label=_("Gateway token"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted. Leave empty to keep the saved token."),
    )
    sms_sender = forms.CharField(
        label=_("Sender name"), required=False, max_length=11,
        help_text=_("At most 11 letters or digits, shown as the sender of the message."),
    )  # fmt: skip
