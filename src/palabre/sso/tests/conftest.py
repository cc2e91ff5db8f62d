import pytest

from palabre.backoffice.tests.conftest import client_for, enable_totp
from palabre.sso import services
from palabre.sso.tests.oidc_provider import LocalProvider


@pytest.fixture
def oidc_server():
    """A real OpenID Connect provider on a free local port, for this test only."""
    provider = LocalProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def make_identity_provider(admin_user):
    """`make_identity_provider(server, organization=…, **fields)`: a provider row of the
    organization, registered as a client of the test server (redirect URI included)."""

    def make(server, organization=None, **fields):
        organization = organization or admin_user.organization
        actor = admin_user
        if organization != admin_user.organization:
            from palabre.core.models import OrganizationAdmin
            from palabre.core.tests.factories import UserFactory

            actor = UserFactory(organization=organization)
            OrganizationAdmin.objects.create(organization=organization, user=actor)
        client = server.register_client([])
        data = {
            "label": {"fr": "Se connecter avec le portail", "en": "Sign in with the portal"},
            "issuer_url": server.issuer,
            "client_id": client.client_id,
            "client_secret": client.secret,
            "scopes": "openid email profile address",
            "acr_values": "eidas1",
            "logout_at_provider": True,
            "trust_email": False,
            "grants_verification": True,
            "kept_claims": ["birthdate", "postal_code", "given_name", "family_name"],
            "enabled": True,
        }
        data.update(fields)
        provider = services.provider_create(actor=actor, organization=organization, **data)
        client.redirect_uris.append(
            f"http://{organization.host}/accounts/oidc/{provider.key}/login/callback/"
        )
        return provider

    return make


@pytest.fixture
def admin_client(admin_user):
    """The organization's administrator in the backoffice (second factor passed)."""
    enable_totp(admin_user)
    return client_for(admin_user)
