"""OpenID Connect providers an organization lets its participants sign in with.

Each row becomes, for the requests of its organization's site only, an (unsaved) allauth
`SocialApp` of the "openid_connect" provider (`palabre.sso.adapter`): allauth runs the
authorization-code flow, Palabre adds what allauth leaves out (nonce, signature checks of the
ID token, FranceConnect's signed userinfo, logout at the provider; see `palabre.sso.oidc`).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization
from palabre.core.translations import TranslatedField
from palabre.core.validators import validate_image


class IdentityProvider(models.Model):
    class Kind(models.TextChoices):
        CUSTOM = "custom", _("Any OpenID Connect provider")
        FRANCECONNECT = "franceconnect", _("FranceConnect")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="identity_providers"
    )
    # The provider's id in addresses (/accounts/oidc/<key>/login/callback/) and in the
    # accounts linked to it: unique across the installation, so that the same `sub` of two
    # different providers never opens the same account. Never changes once created.
    key = models.SlugField(_("identifier"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind of provider"), max_length=20, choices=Kind.choices, default=Kind.CUSTOM
    )
    label = TranslatedField(_("button label"), max_length_per_language=100, blank=False)
    logo = models.ImageField(_("logo"), upload_to="sso/", blank=True, validators=[validate_image])
    issuer_url = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client id"), max_length=255)
    # crypto.encrypt({"secret": …}): never kept in clear.
    client_secret = models.TextField(blank=True, default="")
    scopes = models.CharField(
        _("OpenID Connect scopes"), max_length=500, default="openid email profile"
    )
    acr_values = models.CharField(_("acr_values"), max_length=200, blank=True, default="")
    logout_at_provider = models.BooleanField(_("sign out at the provider too"), default=False)
    # The provider checks the email addresses it gives: no confirmation email, and an
    # existing account with that (verified) address is the one signed in.
    trust_email = models.BooleanField(_("trust the email addresses it gives"), default=False)
    grants_verification = models.BooleanField(_("grants a verification"), default=False)
    kept_claims = models.JSONField(_("claims kept in the verification"), default=list, blank=True)
    enabled = models.BooleanField(_("offered on the sign-in page"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.key

    @property
    def discovery_url(self) -> str:
        return discovery_url(self.issuer_url)

    @property
    def name(self):
        # The action log labels an item with its `title` or `name`.
        return self.label


def discovery_url(issuer_url: str) -> str:
    """Where the provider publishes its configuration (OpenID Connect Discovery 1.0)."""
    if "/.well-known/" in issuer_url:
        return issuer_url
    return issuer_url.rstrip("/") + "/.well-known/openid-configuration"
