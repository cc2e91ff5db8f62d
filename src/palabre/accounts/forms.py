"""Forms of accounts. They check the shape of what was typed; the rules (nickname free,
language offered…) are checked by the services, which the views call.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from palabre.accounts import lockout
from palabre.accounts.services import nickname_check_available
from palabre.captcha import services as captcha_services
from palabre.captcha.fields import CaptchaField
from palabre.core.models import NotificationFrequency, User
from palabre.core.translations import language_name_local
from palabre.core.validators import image_help_text, nickname_validator, validate_image
from palabre.legal.selectors import legal_summary
from palabre.notifications.events import Event, EventGroup, event_groups
from palabre.notifications.selectors import DEFAULT_CHANNELS, Channels

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
    # The version of the terms the page showed, recorded as the one accepted.
    terms_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Opening accounts by the thousand costs a robot some work (palabre.captcha).
    captcha = CaptchaField()
    field_order = [
        "name", "nickname", "email", "password1", "accept_terms", "newsletter", "captcha"
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The terms it asks to accept, one click away (in a new tab, so that what was
        # typed stays).
        self.fields["accept_terms"].help_text = format_html(
            '<a href="{}" target="_blank">{}</a>',
            reverse("legal:terms"),
            _("Read the terms of use (opens in a new tab)"),
        )
        organization = getattr(allauth_context.request, "organization", None)
        if organization is not None:
            self.fields["terms_version"].initial = (
                legal_summary(organization.pk)["terms_id"] or None
            )

    def clean_nickname(self):
        nickname = self.cleaned_data["nickname"]
        nickname_check_available(nickname=nickname)
        return nickname


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, which asks the anti-spam check after repeated failures from
    the client's address or for the account (`accounts.lockout`) instead of locking it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not captcha_services.required():
            return
        email = self.data.get("login", "") if self.is_bound else ""
        needed, hard = lockout.captcha_needed(self.request, str(email))
        if needed:
            self.fields["captcha"] = CaptchaField(hard=hard)


class LanguageSelect(forms.Select):
    """Languages named in themselves, each option marked with its language, so that screen
    readers say "Français" the French way."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


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
        help_text=image_help_text(),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )
    about = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=User._meta.get_field("about").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    locale = forms.ChoiceField(label=_("Language of the site and of emails"), widget=LanguageSelect)
    newsletter = forms.BooleanField(
        label=_("I want to receive the newsletter by email"), required=False
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [(code, language_name_local(code)) for code in languages]


@dataclass(frozen=True)
class EventRow:
    """One kind of notification on the settings page, with its two checkboxes (none for
    an event that always reaches the person)."""

    event: Event
    in_app: forms.BoundField | None = None
    email: forms.BoundField | None = None


class NotificationsForm(forms.Form):
    """The email frequency, and two checkboxes (in the app, by email) per kind of
    notification, grouped as `event_groups()` groups them.

    The page lists the events it shows in hidden `events` inputs: only those are saved, so
    that a form without them (or posted from a page older than a new kind of notification)
    turns nothing off by leaving its boxes unticked. Names that are not registered events
    are ignored.
    """

    notification_frequency = forms.ChoiceField(
        label=_("Email me about notifications"),
        choices=NotificationFrequency.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, preferences: Mapping[str, Channels], **kwargs):
        super().__init__(*args, **kwargs)
        self._groups = event_groups()
        for group in self._groups:
            for event in group.events:
                if not event.switchable:
                    continue
                channels = preferences.get(event.name, DEFAULT_CHANNELS)
                self.fields[self.field_name("in_app", event.name)] = forms.BooleanField(
                    label=event.label, required=False, initial=channels.in_app
                )
                self.fields[self.field_name("email", event.name)] = forms.BooleanField(
                    label=event.label, required=False, initial=channels.email
                )

    @staticmethod
    def field_name(channel: str, event_name: str) -> str:
        return f"{channel}-{event_name}"

    def groups(self) -> list[tuple[EventGroup, list[EventRow]]]:
        """The groups of the page, each with its rows."""
        return [
            (
                group,
                [
                    EventRow(
                        event,
                        self[self.field_name("in_app", event.name)],
                        self[self.field_name("email", event.name)],
                    )
                    if event.switchable
                    else EventRow(event)
                    for event in group.events
                ],
            )
            for group in self._groups
        ]

    def cleaned_preferences(self) -> dict[str, Channels]:
        """The choices for the events the page showed (call after `is_valid()`)."""
        shown = set(self.data.getlist("events")) if hasattr(self.data, "getlist") else set()
        return {
            name: Channels(
                in_app=self.cleaned_data[self.field_name("in_app", name)],
                email=self.cleaned_data[self.field_name("email", name)],
            )
            for name in sorted(shown)
            if self.field_name("in_app", name) in self.fields
        }


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
        if not user.has_usable_password():
            # An account opened through a sign-in provider (or with emailed codes) has no
            # password to type: ticking the box confirms.
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="bad_password")
        return password
