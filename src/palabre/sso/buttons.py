"""The sign-in buttons of providers, as pages show them."""

from dataclasses import dataclass

from django.urls import reverse

from palabre.core.translations import translated
from palabre.sso.models import IdentityProvider


@dataclass(frozen=True)
class Button:
    label: str
    login_url: str
    logo_url: str
    franceconnect: bool


def buttons(providers) -> list[Button]:
    return [
        Button(
            label=translated(provider.label),
            login_url=reverse("sso:login", kwargs={"provider_id": provider.key}),
            logo_url=provider.logo.url if provider.logo else "",
            franceconnect=provider.kind == IdentityProvider.Kind.FRANCECONNECT,
        )
        for provider in providers
    ]
