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


def providers_offered_for_request(request) -> list[IdentityProvider]:
    """`providers_offered` for the request's organization, read once per request (the
    buttons, the Content-Security-Policy and allauth all ask)."""
    cached = getattr(request, "_palabre_sso_providers", None)
    if cached is None:
        organization = getattr(request, "organization", None)
        cached = providers_offered(organization=organization)
        request._palabre_sso_providers = cached
    return cached
