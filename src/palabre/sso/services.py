"""Writes of single sign-on: the providers an organization configures, and what a sign-in
through one of them does (a verification granted from its claims, the sign-out at the
provider remembered for this session).

Administrators' writes check that the person administers the organization, validate
everything before writing, keep the client secret encrypted, and leave an entry in the
activity log.
"""

import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palabre.core.images import clean_image
from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors
from palabre.sso import presets
from palabre.sso.claims import BY_NAME as CLAIMS_BY_NAME
from palabre.sso.claims import kept_metadata
from palabre.sso.models import IdentityProvider
from palabre.sso.oidc import normalized_issuer
from palabre.verifications import crypto

VERIFICATION_METHOD = "openid_connect"
# What the session keeps of a sign-in through a provider, for the sign-out at the provider.
SESSION_KEY = "palabre_sso"
# Where the sign-in's callback leaves it in allauth's state (see `adapter`).
STATE_KEY = "palabre_sso"

EDITABLE_FIELDS = (
    "label", "issuer_url", "client_id", "scopes", "acr_values", "logout_at_provider",
    "trust_email", "grants_verification", "kept_claims", "enabled",
)  # fmt: skip


def _clean(organization: Organization, data: dict, *, creating: bool) -> dict:
    errors = FieldErrors()
    cleaned: dict = {}
    with errors.collect("label"):
        cleaned["label"] = clean_translations(
            data.get("label"),
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=100,
            field_label=_("Button label"),
        )
    issuer = normalized_issuer(str(data.get("issuer_url") or ""))
    parts = urlsplit(issuer)
    # A provider on this machine may answer in plain http, for development and tests only.
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    insecure_allowed = parts.scheme == "http" and local and (settings.DEBUG or settings.TESTING)
    if not parts.hostname or (parts.scheme != "https" and not insecure_allowed):
        errors.add("issuer_url", _("Enter the https address of the provider (its issuer)."))
    cleaned["issuer_url"] = issuer
    cleaned["client_id"] = str(data.get("client_id") or "").strip()
    if not cleaned["client_id"]:
        errors.add("client_id", _("Enter the client id the provider gave you."))
    scopes = str(data.get("scopes") or "").split()
    if "openid" not in scopes:
        errors.add("scopes", _("The scopes must include “openid”."))
    cleaned["scopes"] = " ".join(dict.fromkeys(scopes))
    cleaned["acr_values"] = " ".join(str(data.get("acr_values") or "").split())
    kept = list(data.get("kept_claims") or [])
    unknown = [name for name in kept if name not in CLAIMS_BY_NAME]
    if unknown:
        errors.add("kept_claims", _("Unknown claim: %(name)s.") % {"name": unknown[0]})
    cleaned["kept_claims"] = [name for name in CLAIMS_BY_NAME if name in kept]
    for name in ("logout_at_provider", "trust_email", "grants_verification", "enabled"):
        cleaned[name] = bool(data.get(name))
    secret = data.get("client_secret")
    if secret:
        cleaned["client_secret"] = crypto.encrypt({"secret": str(secret).strip()})
    elif creating:
        errors.add("client_secret", _("Enter the client secret the provider gave you."))
    logo = data.get("logo")
    if logo:
        with errors.collect("logo"):
            cleaned["logo"] = clean_image(logo)
    errors.raise_if_any()
    return cleaned


def _new_key(organization: Organization, kind: str, label: dict) -> str:
    base = "franceconnect" if kind == IdentityProvider.Kind.FRANCECONNECT else ""
    base = base or slugify(label.get(organization.default_locale, ""))[:30].strip("-") or "oidc"
    key = f"{base}-{organization.pk}"
    candidate, number = key, 2
    while IdentityProvider.objects.filter(key=candidate).exists():
        candidate, number = f"{key}-{number}", number + 1
    return candidate


def provider_create(
    *, actor: User, organization: Organization, kind: str = IdentityProvider.Kind.CUSTOM, **data
) -> IdentityProvider:
    """Add a provider to the organization's sign-in page (`data`: the editable fields,
    `client_secret` in clear, an optional `logo` upload)."""
    require(actor, "admin", organization)
    if kind not in IdentityProvider.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of provider.")})
    cleaned = _clean(organization, data, creating=True)
    logo = cleaned.pop("logo", None)
    with transaction.atomic():
        last = (
            IdentityProvider.objects.filter(organization=organization)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        provider = IdentityProvider(
            organization=organization,
            kind=kind,
            key=_new_key(organization, kind, cleaned["label"]),
            position=(last or 0) + 1,
            **cleaned,
        )
        if logo is not None:
            provider.logo.save(logo.name, logo, save=False)
        provider.save()
        log_action(actor=actor, organization=organization, action="create", resource=provider)
    return provider


def provider_update(*, actor: User, provider: IdentityProvider, **data) -> IdentityProvider:
    """Change a provider; an empty `client_secret` keeps the current one, `remove_logo`
    takes the logo away. Its key (in the addresses registered at the provider) never
    changes."""
    organization = provider.organization
    require(actor, "admin", organization)
    remove_logo = bool(data.pop("remove_logo", False))
    cleaned = _clean(organization, data, creating=False)
    logo = cleaned.pop("logo", None)
    with transaction.atomic():
        provider = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
        changed = sorted(
            name
            for name, value in cleaned.items()
            if name == "client_secret" or getattr(provider, name) != value
        )
        for name, value in cleaned.items():
            setattr(provider, name, value)
        if logo is not None:
            provider.logo.save(logo.name, logo, save=False)
            changed.append("logo")
        elif remove_logo and provider.logo:
            provider.logo = ""
            changed.append("logo")
        provider.save()
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=provider,
            data={"fields": changed},
        )
    return provider


def provider_delete(*, actor: User, provider: IdentityProvider) -> None:
    """Take a provider off the sign-in page. Accounts opened through it stay (their people
    sign in with an emailed link to set a password); verifications it granted stay until
    they expire or are revoked."""
    organization = provider.organization
    require(actor, "admin", organization)
    with transaction.atomic():
        log_action(actor=actor, organization=organization, action="delete", resource=provider)
        provider.delete()


def client_secret(provider: IdentityProvider) -> str:
    return (
        crypto.decrypt(provider.client_secret).get("secret", "") if provider.client_secret else ""
    )


def franceconnect_initial(environment: str = presets.FRANCECONNECT_PRODUCTION) -> dict:
    """The values of the FranceConnect preset, for the form of a new provider."""
    initial = dict(presets.FRANCECONNECT)
    initial["issuer_url"] = environment
    return initial


# Signing in ---------------------------------------------------------------------------------
def _provider_of(request, sociallogin) -> IdentityProvider | None:
    organization = getattr(request, "organization", None)
    if organization is None or sociallogin is None or sociallogin.account is None:
        return None
    return IdentityProvider.objects.filter(
        organization=organization, key=sociallogin.account.provider
    ).first()


def claims_of(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    claims = dict(data.get("id_token") or {})
    claims.update(data.get("userinfo") or {})
    return claims


def sso_verification_grant(*, user: User, provider: IdentityProvider, sociallogin) -> None:
    """Grant the organization's "openid_connect" verification from the claims of this
    sign-in, keeping only the claims the administrator chose. The identity is the keyed hash
    of the provider's key and `sub`: the same person at the provider verifying two accounts
    becomes a conflict staff resolve."""
    from palabre.verifications.services import verification_grant

    claims = claims_of(sociallogin)
    metadata = kept_metadata(claims, provider.kept_claims)
    metadata["provider"] = provider.key
    verification_grant(
        user=user,
        organization=provider.organization,
        method=VERIFICATION_METHOD,
        unique_id=crypto.keyed_hash(f"{provider.key}:{sociallogin.account.uid}", normalized=False),
        metadata=metadata,
        actor=user,
    )


def on_signed_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    """allauth's `user_logged_in`: a sign-in through one of the organization's providers
    grants its verification (if it does) and remembers how to sign out at the provider."""
    provider = _provider_of(request, sociallogin)
    if provider is None:
        return
    if provider.grants_verification:
        sso_verification_grant(user=user, provider=provider, sociallogin=sociallogin)
    kept = (sociallogin.state or {}).get(STATE_KEY) or {}
    if provider.logout_at_provider and kept.get("id_token") and kept.get("end_session"):
        request.session[SESSION_KEY] = {
            "provider": provider.key,
            "id_token": kept["id_token"],
            "end_session": kept["end_session"],
        }


def on_account_connected(sender, request, sociallogin, **kwargs) -> None:
    """allauth's `social_account_added` / `social_account_updated`: a signed-in person who
    connects their account to a provider (the verification page) is verified as a sign-in
    would verify them. Sign-ins are handled by `on_signed_in`."""
    if (sociallogin.state or {}).get("process") != "connect":
        return
    user = getattr(request, "user", None)
    provider = _provider_of(request, sociallogin)
    if provider is None or user is None or not user.is_authenticated:
        return
    if provider.grants_verification and sociallogin.account.user_id == user.pk:
        sso_verification_grant(user=user, provider=provider, sociallogin=sociallogin)


def sso_accounts_delete_for_user(*, user: User) -> None:
    """Unlink a deleted account from every provider (its tokens go with the links)."""
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.filter(user=user).delete()


def provider_logout_url(request) -> str | None:
    """Where the sign-out sends a session opened through a provider that signs out there
    too: its end-session endpoint, with the ID token as hint and our return address."""
    kept = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    organization = getattr(request, "organization", None)
    if not kept or organization is None:
        return None
    still_there = IdentityProvider.objects.filter(
        organization=organization, key=kept.get("provider"), logout_at_provider=True
    ).exists()
    if not still_there:
        return None
    query = urlencode(
        {
            "id_token_hint": kept["id_token"],
            "state": secrets.token_urlsafe(32),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("sso:signed_out")),
        }
    )
    separator = "&" if "?" in kept["end_session"] else "?"
    return f"{kept['end_session']}{separator}{query}"
