"""Forms of single sign-on: the sign-up of a person coming from a provider, and the
backoffice form of a provider. They check the shape of what was typed; the rules are in the
services."""

import copy

from allauth.core import context as allauth_context
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from palabre.accounts.forms import SignupForm as AccountSignupForm
from palabre.accounts.services import nickname_check_available
from palabre.backoffice.forms import BackofficeForm
from palabre.core.translations import TranslatedFormField
from palabre.core.validators import image_help_text
from palabre.legal.selectors import legal_summary
from palabre.sso.claims import CLAIMS
from palabre.sso.presets import FRANCECONNECT_ENVIRONMENTS


def _account_field(name: str) -> forms.Field:
    # The same inputs as the sign-up with a password, so that both read alike.
    return copy.deepcopy(AccountSignupForm.base_fields[name])


class SocialSignupForm(AllauthSocialSignupForm):
    """The sign-up of a person the provider identified: name and nickname prefilled from
    its claims, the email it gave, and the terms of use to accept."""

    name = _account_field("name")
    nickname = _account_field("nickname")
    accept_terms = _account_field("accept_terms")
    newsletter = _account_field("newsletter")
    terms_version = _account_field("terms_version")
    field_order = ["name", "nickname", "email", "accept_terms", "newsletter"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


class ProviderForm(BackofficeForm):
    label = TranslatedFormField(
        label=_("Button label"),
        max_length=100,
        help_text=_("What the sign-in button says, e.g. “Sign in with the citizen portal”."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=format_lazy(
            "{} {}",
            image_help_text(),
            _("Shown in the button, before its label. Leave empty to keep the current logo."),
        ),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    issuer_url = forms.CharField(
        label=_("Issuer URL"),
        max_length=300,
        help_text=_(
            "The provider's address; its configuration is read at "
            "<issuer>/.well-known/openid-configuration."
        ),
        widget=forms.URLInput,
    )
    client_id = forms.CharField(label=_("Client id"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Kept encrypted. Leave empty to keep the current secret."),
    )
    scopes = forms.CharField(
        label=_("Scopes"),
        max_length=500,
        help_text=_("Separated by spaces; “openid” is required."),
    )
    acr_values = forms.CharField(
        label=_("Authentication level (acr_values)"),
        max_length=200,
        required=False,
        help_text=_("Sent with every sign-in request when the provider asks for it (eidas1)."),
    )
    logout_at_provider = forms.BooleanField(
        label=_("Signing out of this site also signs out at the provider"), required=False
    )
    trust_email = forms.BooleanField(
        label=_("The provider checks the email addresses it gives"),
        required=False,
        help_text=_(
            "No confirmation email is sent, and a person whose confirmed address is already "
            "used by an account of this site signs in to that account."
        ),
    )
    grants_verification = forms.BooleanField(
        label=_("Signing in through it verifies the person"),
        required=False,
        help_text=_("Grants the “OpenID Connect” verification, which actions may require."),
    )
    kept_claims = forms.MultipleChoiceField(
        label=_("Claims kept in the verification"),
        required=False,
        choices=[(claim.name, claim.label) for claim in CLAIMS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kept encrypted, for the options of actions (age, postal code). Keep only what "
            "your rules need."
        ),
    )
    enabled = forms.BooleanField(label=_("Offered on the sign-in page"), required=False)

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["client_secret"].required = True
            self.fields["client_secret"].help_text = _("Kept encrypted.")
            del self.fields["remove_logo"]


class FranceConnectForm(ProviderForm):
    """The FranceConnect preset: the environment, the client id and secret; everything
    else is filled in (and can still be changed)."""

    issuer_url = forms.ChoiceField(
        label=_("FranceConnect environment"),
        choices=FRANCECONNECT_ENVIRONMENTS,
        help_text=_("Test in the sandbox first, with the client id FranceConnect gave for it."),
    )
