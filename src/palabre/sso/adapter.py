"""allauth's social accounts, configured per organization from the database.

`list_apps` builds, for the organization of the request's host only, one unsaved
`SocialApp` per enabled `IdentityProvider`: another organization's providers are neither
offered nor usable (their login and callback addresses answer 404 here). New people always
go through the sign-up form, prefilled from the provider's claims: the legal app requires
the terms of use to be accepted when an account is opened, and a nickname to be chosen.
"""

import re
import secrets

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError

from palabre.accounts.services import nickname_check_available
from palabre.sso import selectors, services
from palabre.sso.client import END_SESSION_ATTRIBUTE, ID_TOKEN_ATTRIBUTE


def social_app(provider) -> SocialApp:
    """The allauth application of one of our providers (never saved)."""
    from palabre.core.translations import translated

    settings = {
        "server_url": provider.discovery_url,
        "issuer": provider.issuer_url,
        "scope": provider.scopes.split(),
        "auth_params": {"acr_values": provider.acr_values} if provider.acr_values else {},
        "oauth_pkce_enabled": True,
        "verified_email": provider.trust_email,
        "email_authentication": provider.trust_email,
        "palabre_provider": provider.pk,
    }
    return SocialApp(
        provider="openid_connect",
        provider_id=provider.key,
        name=translated(provider.label),
        client_id=provider.client_id,
        secret=services.client_secret(provider),
        settings=settings,
    )


def _suggested_nickname(claims: dict) -> str:
    for candidate in (claims.get("preferred_username"), claims.get("given_name"), "participant"):
        base = re.sub(r"[^a-zA-Z0-9_-]", "", str(candidate or ""))[:24]
        if len(base) < 2:
            continue
        for suffix in ("", *(f"-{secrets.randbelow(9000) + 1000}" for _ in range(5))):
            try:
                nickname_check_available(nickname=base + suffix)
            except ValidationError:
                continue
            return base + suffix
    return ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        rows = selectors.providers_offered_for_request(request) if request is not None else []
        apps = [social_app(row) for row in rows]
        if provider:
            apps = [app for app in apps if provider in (app.provider, app.provider_id)]
        if client_id:
            apps = [app for app in apps if app.client_id == client_id]
        return apps

    def generate_state_param(self, state: dict) -> str:
        # FranceConnect wants at least 32 characters.
        return secrets.token_urlsafe(32)

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        # Keep what the sign-out at the provider needs with the login, which the sign-up form
        # carries in the session until the account exists.
        id_token = getattr(request, ID_TOKEN_ATTRIBUTE, None)
        if id_token and sociallogin.state is not None:
            sociallogin.state[services.STATE_KEY] = {
                "id_token": id_token,
                "end_session": getattr(request, END_SESSION_ATTRIBUTE, None),
            }

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.name = (name or "").strip()[:200]
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["name"] = sociallogin.user.name
        initial["nickname"] = _suggested_nickname(services.claims_of(sociallogin))
        return initial
