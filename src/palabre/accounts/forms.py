"""Forms of accounts. They check the shape of what was typed; the rules (nickname free,
language offered…) are checked by the services, which the views call.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.accounts.services import nickname_check_available
from palabre.core.models import NotificationFrequency, User
from palabre.core.translations import language_name
from palabre.core.validators import nickname_validator, validate_image

IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"
NICKNAME_HELP = _("Shown with your contributions. 2 to 30 letters, digits, dashes or underscores.")


class SignupForm(AllauthSignupForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("name").max_length,
        help_text=_("Your name or the name you want to be known by."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=30,
        validators=[nickname_validator],
        help_text=NICKNAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use of this site"),
        error_messages={"required": _("You must accept the terms of use to open an account.")},
    )
    newsletter = forms.BooleanField(
        label=_("I want to receive the newsletter by email"),
        required=False,
        help_text=_("You can change your mind at any time from your account."),
    )
    field_order = ["name", "nickname", "email", "password1", "accept_terms", "newsletter"]

    def clean_nickname(self):
        nickname = self.cleaned_data["nickname"]
        nickname_check_available(nickname=nickname)
        return nickname


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=30,
        validators=[nickname_validator],
        help_text=NICKNAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        validators=[validate_image],
        help_text=_("A JPEG, PNG, GIF or WebP picture."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )
    about = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=User._meta.get_field("about").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    locale = forms.ChoiceField(label=_("Language of the site and of emails"))
    newsletter = forms.BooleanField(
        label=_("I want to receive the newsletter by email"), required=False
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [(code, language_name(code)) for code in languages]


class NotificationsForm(forms.Form):
    notification_frequency = forms.ChoiceField(
        label=_("Email me about notifications"),
        choices=NotificationFrequency.choices,
        widget=forms.RadioSelect,
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="bad_password")
        return password
