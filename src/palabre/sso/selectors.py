"""Reads of single sign-on: the providers a site offers."""

from palabre.sso.models import IdentityProvider


def providers_offered(*, organization) -> list[IdentityProvider]:
    """The providers on the organization's sign-in page, in their order (one query)."""
    if organization is None:
        return []
    return list(IdentityProvider.objects.filter(organization=organization, enabled=True))


def providers_list(*, organization) -> list[IdentityProvider]:
    """Every provider of the organization, for its administrators."""
    return list(IdentityProvider.objects.filter(organization=organization))
