"""Camille signs in with FranceConnect and is verified by its claims; the administrator's
single sign-on pages are read too.

FranceConnect is played by the tests' own OpenID Connect provider (`palabre.sso.tests.
oidc_provider`), started on a free local port and speaking as FranceConnect v2 does (ES256
signatures, signed userinfo, logout at the provider). Camille presses the FranceConnect
button on the city's sign-in page, consents at the provider, comes back to a sign-up form
prefilled from her identity, accepts the terms and is signed in, verified, with the birth date
and postal code kept encrypted. axe-core checks the sign-in page with its buttons, the
sign-up form and the backoffice pages.
"""

import re

import pytest
from playwright.sync_api import expect

from palabre.core.demo import content
from palabre.core.models import User
from palabre.sso import presets, services
from palabre.sso.tests.oidc_provider import LocalProvider
from palabre.verifications import crypto
from palabre.verifications.models import Verification


@pytest.fixture
def franceconnect(demo, base_url):
    """The city's FranceConnect, played by a local provider."""
    server = LocalProvider(signing="ES256", userinfo_as_jwt=True).start()
    client = server.register_client([])
    admin = User.objects.get(email=content.ADMIN_EMAIL)
    provider = services.provider_create(
        actor=admin,
        organization=demo,
        kind="franceconnect",
        label=presets.FRANCECONNECT_LABEL,
        issuer_url=server.issuer,
        client_id=client.client_id,
        client_secret=client.secret,
        scopes="openid given_name family_name birthdate email address",
        acr_values="eidas1",
        logout_at_provider=True,
        trust_email=True,
        grants_verification=True,
        kept_claims=["birthdate", "postal_code"],
        enabled=True,
    )
    client.redirect_uris.append(f"{base_url}/accounts/oidc/{provider.key}/login/callback/")
    yield server, provider
    server.stop()


def test_camille_signs_in_with_franceconnect_and_is_verified_by_its_claims(
    english_page, demo, franceconnect, assert_accessible
):
    server, provider = franceconnect
    page = english_page

    page.goto("/accounts/login/")
    button = page.get_by_role("button", name="Sign in with FranceConnect")
    expect(button).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("What is FranceConnect?"))).to_be_visible()
    assert_accessible(page)

    button.click()
    expect(page).to_have_url(re.compile(re.escape(server.issuer) + "/authorize"))
    page.get_by_role("button", name="Continue as Camille Martin").click()

    expect(page).to_have_url(re.compile(r"/accounts/3rdparty/signup/"))
    expect(page.get_by_label("Name:", exact=True)).to_have_value("Camille Martin")
    assert_accessible(page)
    page.get_by_label("Nickname:", exact=True).fill("camille-m")
    page.get_by_label("I accept the terms of use of this site").check()
    page.get_by_role("button", name="Open my account").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))

    camille = User.objects.get(email="camille.martin@example.org")
    assert camille.nickname == "camille-m"
    verification = Verification.objects.get(user=camille, organization=demo)
    assert verification.status == Verification.Status.GRANTED
    assert crypto.decrypt(verification.metadata) == {
        "birth_date": "1990-04-12",
        "postal_code": "75011",
        "provider": provider.key,
    }

    # Signing out here signs out at FranceConnect too, which sends her back home.
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    assert server.logouts and server.logouts[-1]["id_token_hint"]
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_the_single_sign_on_pages_of_the_backoffice_are_accessible(
    admin_page, demo, franceconnect, assert_accessible
):
    _server, provider = franceconnect
    page = admin_page

    page.goto("/admin/")
    page.get_by_role("link", name="Single sign-on").click()
    expect(page.get_by_role("heading", name="Single sign-on", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Sign in with FranceConnect")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sign in with FranceConnect").click()
    expect(page.get_by_text(f"/accounts/oidc/{provider.key}/login/callback/")).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/sso/new/franceconnect/")
    expect(page.get_by_label("Client id")).to_be_visible()
    assert_accessible(page)
    page.goto("/admin/sso/new/")
    assert_accessible(page)

    # The verification's own page, where a signed-in person links their account.
    page.goto("/accounts/oidc/verify/?next=/")
    expect(page.get_by_role("button", name="Sign in with FranceConnect")).to_be_visible()
    assert_accessible(page)
