from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.accounts.forms import NICKNAME_HELP
from palabre.core.models import User
from palabre.core.validators import nickname_validator
from palabre.invitations.models import ORGANIZATION_ADMIN, ROLE_CHOICES


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"))
    space = forms.TypedChoiceField(
        label=_("Space"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For a role in a space."),
    )

    def __init__(self, *args, spaces, may_invite_admins: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label)
            for value, label in ROLE_CHOICES
            if value != ORGANIZATION_ADMIN or may_invite_admins
        ]
        self.fields["space"].choices = [("", "—")] + [(space.pk, str(space)) for space in spaces]


class AcceptNewAccountForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=30,
        validators=[nickname_validator],
        help_text=NICKNAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use of this site"),
        error_messages={"required": _("You must accept the terms of use to open an account.")},
    )
    terms_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("You must type the same password each time."))
        return data
