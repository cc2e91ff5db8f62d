"""The "Single sign-on" section of the backoffice, and its services' rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.core.models import ActionLog, OrganizationAdmin
from palabre.core.tests.factories import OrganizationFactory, UserFactory
from palabre.sso import presets, services
from palabre.sso.models import IdentityProvider
from palabre.verifications import crypto

pytestmark = pytest.mark.django_db


def provider_data(**overrides) -> dict:
    data = {
        "label": {"fr": "Portail citoyen", "en": "Citizen portal"},
        "issuer_url": "https://portal.example.org/realms/city/",
        "client_id": "palabre",
        "client_secret": "s3cret-value",
        "scopes": "openid email profile",
        "acr_values": "",
        "kept_claims": ["birthdate", "postal_code"],
        "grants_verification": True,
        "enabled": True,
    }
    data.update(overrides)
    return data


def form_data(**overrides) -> dict:
    data = {
        "label_fr": "Portail citoyen",
        "label_en": "Citizen portal",
        "issuer_url": "https://portal.example.org/realms/city",
        "client_id": "palabre",
        "client_secret": "s3cret-value",
        "scopes": "openid email profile",
        "kept_claims": ["birthdate", "postal_code"],
        "grants_verification": "on",
        "enabled": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_client_secret_is_kept_encrypted_and_the_key_never_changes(admin_user, organization):
    provider = services.provider_create(
        actor=admin_user, organization=organization, **provider_data()
    )

    assert provider.key == f"portail-citoyen-{organization.pk}"
    assert provider.issuer_url == "https://portal.example.org/realms/city"
    assert provider.discovery_url == (
        "https://portal.example.org/realms/city/.well-known/openid-configuration"
    )
    assert "s3cret-value" not in provider.client_secret
    assert crypto.decrypt(provider.client_secret) == {"secret": "s3cret-value"}
    assert services.client_secret(provider) == "s3cret-value"

    # An empty secret keeps the current one; a new label keeps the key.
    services.provider_update(
        actor=admin_user,
        provider=provider,
        **provider_data(client_secret="", label={"fr": "Autre", "en": "Other"}),
    )
    provider.refresh_from_db()
    assert services.client_secret(provider) == "s3cret-value"
    assert provider.key == f"portail-citoyen-{organization.pk}"
    log = ActionLog.objects.filter(resource_type="identityprovider").order_by("id")
    assert [entry.action for entry in log] == ["create", "update"]
    assert log[1].data == {"fields": ["label"]}


def test_bad_input_is_refused_with_clear_messages_and_nothing_saved(admin_user, organization):
    with pytest.raises(ValidationError) as error:
        services.provider_create(
            actor=admin_user,
            organization=organization,
            **provider_data(
                issuer_url="http://portal.example.org",
                scopes="email profile",
                client_id=" ",
                client_secret="",
                kept_claims=["shoe_size"],
                label={"en": "Only English"},
            ),
        )
    messages = error.value.message_dict
    assert set(messages) == {
        "issuer_url", "scopes", "client_id", "client_secret", "kept_claims", "label",
    }  # fmt: skip
    assert not IdentityProvider.objects.exists()


def test_only_the_organizations_administrators_configure_its_providers(organization):
    participant = UserFactory(organization=organization)
    other_admin = UserFactory()
    other = OrganizationFactory(host="other.example.org")
    OrganizationAdmin.objects.create(organization=other, user=other_admin)

    for actor in (participant, other_admin):
        with pytest.raises(PermissionDenied):
            services.provider_create(actor=actor, organization=organization, **provider_data())
    assert not IdentityProvider.objects.exists()


def test_two_providers_never_share_a_key(admin_user, organization):
    first = services.provider_create(actor=admin_user, organization=organization, **provider_data())
    second = services.provider_create(
        actor=admin_user, organization=organization, **provider_data()
    )
    assert first.key != second.key


def test_the_admin_adds_franceconnect_by_entering_its_client_id_and_secret(
    admin_client, organization
):
    client = admin_client

    page = client.get("/admin/sso/new/franceconnect/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["issuer_url"] == presets.FRANCECONNECT_PRODUCTION
    assert form.initial["acr_values"] == "eidas1"

    data = {
        "label_fr": form.initial["label"]["fr"],
        "label_en": form.initial["label"]["en"],
        "issuer_url": presets.FRANCECONNECT_INTEGRATION,
        "client_id": "fc-client",
        "client_secret": "fc-secret",
        "scopes": form.initial["scopes"],
        "acr_values": form.initial["acr_values"],
        "logout_at_provider": "on",
        "trust_email": "on",
        "grants_verification": "on",
        "kept_claims": form.initial["kept_claims"],
        "enabled": "on",
    }
    response = client.post("/admin/sso/new/franceconnect/", data)

    provider = IdentityProvider.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/sso/{provider.pk}/"
    assert provider.kind == IdentityProvider.Kind.FRANCECONNECT
    assert provider.key == f"franceconnect-{organization.pk}"
    assert provider.issuer_url == "https://fcp-low.sbx.dev-franceconnect.fr/api/v2"
    assert provider.scopes == (
        "openid given_name family_name birthdate birthplace birthcountry gender email "
        "preferred_username"
    )
    assert provider.acr_values == "eidas1"
    assert provider.logout_at_provider and provider.trust_email and provider.grants_verification
    assert provider.label == {
        "fr": "S’identifier avec FranceConnect",
        "en": "Sign in with FranceConnect",
    }

    page = client.get(f"/admin/sso/{provider.pk}/").content.decode()
    assert f"http://testserver/accounts/oidc/{provider.key}/login/callback/" in page
    assert "http://testserver/accounts/oidc/signed-out/" in page
    assert "fc-secret" not in page


def test_the_admin_adds_edits_and_deletes_a_provider(admin_client, organization):
    client = admin_client

    refused = client.post("/admin/sso/new/", form_data(scopes="profile"))
    assert refused.status_code == 200
    assert "The scopes must include “openid”." in refused.content.decode()
    assert not IdentityProvider.objects.exists()

    response = client.post("/admin/sso/new/", form_data())
    provider = IdentityProvider.objects.get()
    assert response["Location"] == f"/admin/sso/{provider.pk}/"

    listing = client.get("/admin/sso/").content.decode()
    assert "Citizen portal" in listing

    response = client.post(
        f"/admin/sso/{provider.pk}/", form_data(client_secret="", label_en="Portal", enabled=None)
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.label["en"] == "Portal"
    assert not provider.enabled
    assert services.client_secret(provider) == "s3cret-value"

    assert client.get(f"/admin/sso/{provider.pk}/delete/").status_code == 200
    response = client.post(f"/admin/sso/{provider.pk}/delete/")
    assert response["Location"] == "/admin/sso/"
    assert not IdentityProvider.objects.exists()
    assert ActionLog.objects.filter(action="delete", resource_type="identityprovider").exists()


def test_another_organizations_provider_is_not_found_from_this_backoffice(
    admin_client, organization
):
    other = OrganizationFactory(host="other.example.org")
    other_admin = UserFactory(organization=other)
    OrganizationAdmin.objects.create(organization=other, user=other_admin)
    theirs = services.provider_create(actor=other_admin, organization=other, **provider_data())
    client = admin_client

    assert client.get(f"/admin/sso/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/sso/{theirs.pk}/delete/").status_code == 404
    assert IdentityProvider.objects.filter(pk=theirs.pk).exists()


def test_participants_do_not_enter_the_section(signed_in, user):
    assert signed_in(user).get("/admin/sso/").status_code == 403
