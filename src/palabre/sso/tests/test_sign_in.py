"""Signing in through an OpenID Connect provider, against a real one (`oidc_provider.py`):
Django's test client plays the browser on our side, plain HTTP (requests) on the
provider's. No HTTP is mocked."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from palabre.core.models import User
from palabre.core.tests.factories import OrganizationFactory, UserFactory
from palabre.verifications import crypto
from palabre.verifications.models import Verification

pytestmark = pytest.mark.django_db


def query_of(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start(client, provider, **data) -> str:
    """Press the provider's button: our site sends the browser to the provider."""
    response = client.post(f"/accounts/oidc/{provider.key}/login/", {"process": "login", **data})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def consent(authorize_url: str) -> str:
    """What the person does at the provider: see its page, press its button; the provider
    sends them back to our callback."""
    page = requests.get(authorize_url, timeout=5)
    assert page.status_code == 200, page.text
    response = requests.post(
        authorize_url.split("?")[0], data=query_of(authorize_url), allow_redirects=False, timeout=5
    )
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def sign_in(client, provider):
    return client.get(local(consent(start(client, provider))))


def sign_up(client, response, **fields):
    """The sign-up form a new person fills once, prefilled from the claims."""
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == "/accounts/3rdparty/signup/"
    form = client.get("/accounts/3rdparty/signup/")
    assert form.status_code == 200
    data = {
        "name": form.context["form"].initial["name"],
        "nickname": form.context["form"].initial["nickname"],
        "email": form.context["form"].initial["email"],
        "accept_terms": "on",
        **fields,
    }
    return client.post("/accounts/3rdparty/signup/", data)


def signed_in_user(client) -> User | None:
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return response.wsgi_request.user


def test_the_sign_in_page_offers_the_organizations_providers_only(
    client, organization, oidc_server, make_identity_provider
):
    ours = make_identity_provider(oidc_server)
    elsewhere = OrganizationFactory(host="elsewhere.example.org", name="Ailleurs")
    theirs = make_identity_provider(
        oidc_server,
        organization=elsewhere,
        label={"fr": "Portail d’ailleurs", "en": "Elsewhere portal"},
    )
    disabled = make_identity_provider(
        oidc_server, label={"fr": "Éteint", "en": "Switched off"}, enabled=False
    )

    for url in ("/accounts/login/", "/accounts/signup/"):
        page = client.get(url).content.decode()
        assert "Sign in with the portal" in page
        assert f'action="/accounts/oidc/{ours.key}/login/"' in page
        assert "Elsewhere portal" not in page
        assert "Switched off" not in page

    # Another organization's provider, or one switched off, cannot be used from this site.
    for other in (theirs, disabled):
        response = client.post(f"/accounts/oidc/{other.key}/login/", {"process": "login"})
        assert response.status_code == 404
        response = client.get(f"/accounts/oidc/{other.key}/login/callback/?code=x&state=y")
        assert response.status_code == 404
    assert oidc_server.authorize_requests == []


def test_the_authorization_request_uses_discovery_pkce_a_nonce_and_the_configured_values(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)

    authorize_url = start(client, provider, scope="openid phone", auth_params="acr_values=x")

    assert authorize_url.startswith(f"{oidc_server.issuer}/authorize?")
    params = query_of(authorize_url)
    assert params["client_id"] == provider.client_id
    assert params["redirect_uri"] == (
        f"http://testserver/accounts/oidc/{provider.key}/login/callback/"
    )
    assert params["response_type"] == "code"
    # The configured scopes and acr_values, whatever the address asked for.
    assert set(params["scope"].split()) == {"openid", "email", "profile", "address"}
    assert params["acr_values"] == "eidas1"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) >= 43
    assert len(params["nonce"]) >= 32
    assert len(params["state"]) >= 32

    sign_in_response = client.get(local(consent(authorize_url)))
    assert sign_in_response.status_code == 302
    token_request = oidc_server.token_requests[-1]
    assert token_request["code_verifier"]
    assert token_request["client_secret"] == oidc_server.clients[provider.client_id].secret


def test_a_new_person_signs_up_through_the_provider_and_is_verified_by_its_claims(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)

    response = sign_in(client, provider)
    form = client.get("/accounts/3rdparty/signup/")
    assert form.context["form"].initial["name"] == "Camille Martin"
    assert form.context["form"].initial["email"] == "camille.martin@example.org"
    assert "I accept the terms of use" in form.content.decode()

    # The terms of use must be accepted: nothing is created without them.
    refused = client.post(
        "/accounts/3rdparty/signup/",
        {"name": "Camille Martin", "nickname": "camille", "email": "camille.martin@example.org"},
    )
    assert refused.status_code == 200
    assert not User.objects.filter(email="camille.martin@example.org").exists()

    response = sign_up(client, response, nickname="camille")
    assert response.status_code == 302

    user = User.objects.get(email="camille.martin@example.org")
    assert user.name == "Camille Martin"
    assert user.nickname == "camille"
    assert user.organization == organization
    assert user.accepted_terms_at is not None
    assert not user.has_usable_password()
    assert signed_in_user(client) == user
    # The provider said the address is verified: no confirmation email to wait for.
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (provider.key, "c4m1ll3-0001")

    verification = Verification.objects.get(user=user, organization=organization)
    assert verification.method == "openid_connect"
    assert verification.status == Verification.Status.GRANTED
    assert verification.unique_id == crypto.keyed_hash(
        f"{provider.key}:c4m1ll3-0001", normalized=False
    )
    metadata = crypto.decrypt(verification.metadata)
    assert metadata == {
        "birth_date": "1990-04-12",
        "postal_code": "75011",
        "given_name": "Camille",
        "family_name": "Martin",
        "provider": provider.key,
    }
    # Claims the administrator did not choose are not kept, and nothing is in clear.
    assert "gender" not in metadata and "email" not in metadata
    assert "1990-04-12" not in verification.metadata


def test_a_known_person_signs_in_again_without_any_form(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    sign_up(client, sign_in(client, provider), nickname="camille")
    client.post("/accounts/logout/")
    assert signed_in_user(client) is None
    oidc_server.identity["address"] = {"postal_code": "75020"}

    response = sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="camille.martin@example.org")
    assert signed_in_user(client) == user
    assert User.objects.count() == 2  # the administrator and Camille
    # The verification follows what the provider says now.
    verification = Verification.objects.get(user=user)
    assert crypto.decrypt(verification.metadata)["postal_code"] == "75020"


def test_nothing_is_kept_and_no_verification_granted_when_the_provider_does_not_verify(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server, grants_verification=False)

    sign_up(client, sign_in(client, provider), nickname="camille")

    assert signed_in_user(client) is not None
    assert not Verification.objects.exists()


def test_the_same_identity_on_a_second_account_becomes_a_conflict(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    sign_up(client, sign_in(client, provider), nickname="camille")
    first = User.objects.get(email="camille.martin@example.org")
    # Someone else, signed in with a password, links the same identity to their account.
    other = UserFactory(organization=organization)
    other_client = type(client)(headers={"accept-language": "en"})
    other_client.force_login(other)
    SocialAccount.objects.filter(user=first).delete()

    authorize_url = start(other_client, provider, process="connect")
    other_client.get(local(consent(authorize_url)))

    assert Verification.objects.get(user=first).status == Verification.Status.GRANTED
    assert Verification.objects.get(user=other).status == Verification.Status.PENDING


@pytest.mark.parametrize(
    ("tamper", "why"),
    [
        ({"iss": "https://impostor.example.org"}, "another issuer"),
        ({"aud": "another-client"}, "another audience"),
        ({"unpublished_key": True}, "a signature by a key the provider does not publish"),
        ({"alg_none": True}, "an unsigned token"),
        ({"nonce": "x" * 43}, "another nonce"),
        ({"lifetime": -3600}, "an expired token"),
        ({"acr": "eidas0"}, "a lower authentication level than asked"),
        ({"userinfo_sub": "someone-else"}, "userinfo about someone else"),
        ({"discovery_issuer": "https://impostor.example.org"}, "a discovery of another issuer"),
    ],
)
def test_a_dubious_answer_of_the_provider_is_refused(
    client, organization, oidc_server, make_identity_provider, tamper, why
):
    provider = make_identity_provider(oidc_server)
    authorize_url = None
    if "discovery_issuer" not in tamper:
        authorize_url = start(client, provider)
    oidc_server.tamper.update(tamper)
    if authorize_url is None:
        response = client.post(f"/accounts/oidc/{provider.key}/login/", {"process": "login"})
    else:
        response = client.get(local(consent(authorize_url)))

    assert response.status_code == 401, why
    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert signed_in_user(client) is None, why
    assert not SocialAccount.objects.exists()
    assert not Verification.objects.exists()


def test_a_forged_callback_without_the_state_of_this_session_is_refused(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    callback = consent(start(client, provider))
    stranger = type(client)()

    response = stranger.get(local(callback))

    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert signed_in_user(stranger) is None


def test_franceconnect_style_es256_tokens_and_signed_userinfo_are_verified(
    client, organization, oidc_server, make_identity_provider
):
    oidc_server.signing = "ES256"
    oidc_server.userinfo_as_jwt = True
    provider = make_identity_provider(oidc_server)

    sign_up(client, sign_in(client, provider), nickname="camille")

    user = User.objects.get(email="camille.martin@example.org")
    assert signed_in_user(client) == user
    assert crypto.decrypt(Verification.objects.get(user=user).metadata)["birth_date"] == (
        "1990-04-12"
    )


def test_a_forged_signed_userinfo_is_refused(
    client, organization, oidc_server, make_identity_provider
):
    oidc_server.userinfo_as_jwt = True
    provider = make_identity_provider(oidc_server)
    authorize_url = start(client, provider)
    callback = consent(authorize_url)
    # The ID token is genuine; only the userinfo the provider signs next is forged.
    original_sign = oidc_server.sign

    def sign(claims):
        if "nonce" in claims:
            return original_sign(claims)
        oidc_server.tamper["unpublished_key"] = True
        try:
            return original_sign(claims)
        finally:
            oidc_server.tamper.pop("unpublished_key")

    oidc_server.sign = sign
    response = client.get(local(callback))

    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert signed_in_user(client) is None


def test_signing_out_also_signs_out_at_the_provider(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    sign_up(client, sign_in(client, provider), nickname="camille")

    response = client.post("/accounts/logout/")

    assert signed_in_user(client) is None
    assert response.status_code == 302
    assert response["Location"].startswith(f"{oidc_server.issuer}/session/end?")
    params = query_of(response["Location"])
    assert params["post_logout_redirect_uri"] == "http://testserver/accounts/oidc/signed-out/"
    assert len(params["state"]) >= 32
    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert oidc_server.logouts[-1]["id_token_hint"] == params["id_token_hint"]
    # The provider sends the person back to us, and we to the home page.
    assert back.headers["Location"].startswith("http://testserver/accounts/oidc/signed-out/")
    final = client.get(local(back.headers["Location"]))
    assert final.status_code == 302 and final["Location"] == "/"


def test_signing_out_stays_here_when_the_provider_is_not_asked_to(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server, logout_at_provider=False)
    sign_up(client, sign_in(client, provider), nickname="camille")

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert oidc_server.logouts == []


def test_pages_let_forms_lead_to_the_providers_of_this_organization_only(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    elsewhere = OrganizationFactory(host="elsewhere.example.org", name="Ailleurs")
    make_identity_provider(
        oidc_server, organization=elsewhere, issuer_url="https://elsewhere-portal.example.org"
    )

    def form_action(response) -> list[str]:
        policy = response["Content-Security-Policy"]
        directive = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
        return directive.split()[1:]

    # The sign-in page's buttons lead to the provider (form-action also governs redirects).
    assert form_action(client.get("/accounts/login/")) == ["'self'", oidc_server.issuer]
    # Other pages of a visitor: nothing more than the site itself.
    assert form_action(client.get("/")) == ["'self'"]

    # A session opened through the provider signs out there: every page says so.
    sign_up(client, sign_in(client, provider), nickname="camille")
    assert form_action(client.get("/")) == ["'self'", oidc_server.issuer]


def test_a_signed_in_person_verifies_by_linking_their_account_to_the_provider(
    signed_in, user, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    make_identity_provider(
        oidc_server, label={"fr": "Sans vérification", "en": "No check"}, grants_verification=False
    )
    client = signed_in(user)

    page = client.get("/accounts/oidc/verify/?next=/processes/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "Sign in with the portal" in content and "No check" not in content
    assert 'name="process" value="connect"' in content
    assert 'name="next" value="/processes/"' in content

    authorize_url = start(client, provider, process="connect", next="/processes/")
    response = client.get(local(consent(authorize_url)))

    assert response["Location"] == "/processes/"
    assert signed_in_user(client) == user
    assert SocialAccount.objects.get(user=user).uid == "c4m1ll3-0001"
    verification = Verification.objects.get(user=user)
    assert verification.status == Verification.Status.GRANTED
    assert crypto.decrypt(verification.metadata)["postal_code"] == "75011"


def test_the_verification_page_sends_visitors_to_sign_in_first(client, organization):
    response = client.get("/accounts/oidc/verify/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_signing_in_through_a_provider_still_give_their_second_factor(
    client, admin_user, organization, oidc_server, make_identity_provider
):
    from palabre.backoffice.tests.conftest import enable_totp

    enable_totp(admin_user)
    provider = make_identity_provider(oidc_server)
    oidc_server.identity["email"] = admin_user.email
    SocialAccount.objects.create(user=admin_user, provider=provider.key, uid="c4m1ll3-0001")

    response = sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert signed_in_user(client) is None


def test_the_sign_in_page_reads_the_providers_in_one_query(
    client, organization, oidc_server, make_identity_provider, django_assert_max_num_queries
):
    client.get("/accounts/login/")
    with django_assert_max_num_queries(20) as few:
        client.get("/accounts/login/")
    for number in range(3):
        make_identity_provider(oidc_server, label={"fr": f"Portail {number}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/accounts/login/")
    assert page.content.decode().count('class="sso-button"') == 3


def test_deleting_an_account_opened_through_a_provider_unlinks_it(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)
    sign_up(client, sign_in(client, provider), nickname="camille")
    user = User.objects.get(email="camille.martin@example.org")

    # No password to type: the tick confirms.
    page = client.get("/account/delete/")
    assert 'name="password"' not in page.content.decode()
    response = client.post("/account/delete/", {"confirm": "on"})
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.deleted_at is not None
    assert not SocialAccount.objects.filter(user=user).exists()
    assert not Verification.objects.filter(user=user).exists()
    # Signing in through the provider again opens a new account, not the deleted one.
    assert sign_in(client, provider)["Location"] == "/accounts/3rdparty/signup/"


def test_the_archive_of_personal_data_names_the_linked_providers(
    client, organization, oidc_server, make_identity_provider
):
    from palabre.sso.personal_data import linked_provider_rows

    provider = make_identity_provider(oidc_server)
    sign_up(client, sign_in(client, provider), nickname="camille")
    user = User.objects.get(email="camille.martin@example.org")

    rows = list(linked_provider_rows(user, organization))
    assert [(row["provider"], row["identifier"]) for row in rows] == [
        ("Sign in with the portal", "c4m1ll3-0001")
    ]
    assert list(linked_provider_rows(user, OrganizationFactory(host="x.example.org"))) == []


def test_a_trusted_provider_signs_in_the_account_that_has_its_confirmed_address(
    client, organization, oidc_server, make_identity_provider
):
    existing = UserFactory(organization=organization, email="camille.martin@example.org")
    EmailAddress.objects.update_or_create(
        user=existing, primary=True, defaults={"email": existing.email, "verified": True}
    )
    provider = make_identity_provider(oidc_server, trust_email=True)

    response = sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client) == existing
    assert SocialAccount.objects.get(uid="c4m1ll3-0001").user == existing
    assert existing.has_usable_password()


def test_an_untrusted_provider_never_signs_in_an_account_by_its_address(
    client, organization, oidc_server, make_identity_provider
):
    existing = UserFactory(organization=organization, email="camille.martin@example.org")
    EmailAddress.objects.update_or_create(
        user=existing, primary=True, defaults={"email": existing.email, "verified": True}
    )
    provider = make_identity_provider(oidc_server, trust_email=False)

    response = sign_in(client, provider)

    assert response["Location"] == "/accounts/3rdparty/signup/"
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_opening_a_sign_in_address_asks_before_leaving_for_the_provider(
    client, organization, oidc_server, make_identity_provider
):
    provider = make_identity_provider(oidc_server)

    page = client.get(f"/accounts/oidc/{provider.key}/login/")

    # A link alone never sends anyone to the provider: the page's button does, by POST.
    assert page.status_code == 200
    assert "You chose: Sign in with the portal." in page.content.decode()
    assert oidc_server.authorize_requests == []


@pytest.mark.parametrize(
    ("acr", "requested", "accepted"),
    [
        ("eidas1", "eidas1", True),
        ("eidas2", "eidas1", True),
        ("eidas1", "eidas2", False),
        (None, "eidas1", False),
        ("urn:portal:strong", "urn:portal:strong", True),
        ("urn:portal:weak", "urn:portal:strong", False),
        (None, "", True),
    ],
)
def test_the_authentication_level_must_be_the_one_asked_or_higher(acr, requested, accepted):
    from palabre.sso.oidc import acr_satisfies

    assert acr_satisfies(acr, requested) is accepted
