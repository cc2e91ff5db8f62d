import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from palabre.core.tests.factories import DEMO_PASSWORD

LOGIN_URL = "/accounts/login/"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_by_email_restores_the_saved_language(client, user):
    user.locale = "en"
    user.save()

    response = client.post(
        LOGIN_URL,
        {"login": user.email.upper(), "password": DEMO_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_ignores_a_language_the_organization_does_not_offer(client, organization, user):
    organization.available_locales = ["fr"]
    organization.save()
    user.locale = "en"
    user.save()

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_wrong_password_is_refused_with_a_clear_message(client, user):
    response = client.post(
        LOGIN_URL, {"login": user.email, "password": "wrong-password"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "The email address and/or password you specified are not correct." in html


@pytest.mark.captcha
def test_repeated_failures_ask_the_anti_spam_check_instead_of_locking(client, user):
    # No lock that an attacker could keep on: the check is asked (see
    # test_captcha_and_lockout.py for the owner signing in with it).
    for _attempt in range(5):
        client.post(LOGIN_URL, {"login": user.email, "password": "wrong-password"})

    # Even the right password is refused without the check.
    response = client.post(
        LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert "The anti-spam check is missing" in response.content.decode()


def test_a_few_failures_do_not_lock(client, user):
    for _attempt in range(4):
        client.post(LOGIN_URL, {"login": user.email, "password": "wrong-password"})

    client.post(LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD})

    assert signed_in_user_id(client) == str(user.pk)


def test_login_with_totp_asks_for_the_code(client, user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None

    page = client.get("/accounts/2fa/authenticate/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'for="id_code"' in page.content.decode()

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert signed_in_user_id(client) is None

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_2fa_settings_ask_for_the_password_again(client, user):
    client.force_login(user)

    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")

    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert 'for="id_password"' in page.content.decode()
    response = client.post(response["Location"], {"password": DEMO_PASSWORD})
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_totp_set_up_shows_the_qr_code_and_the_key_then_activates(reauthenticated_client, user):
    page = reauthenticated_client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    secret = page.context["form"].secret
    assert secret in html
    assert 'for="id_code"' in html

    response = reauthenticated_client.post("/accounts/2fa/totp/activate/", {"code": "123"})
    assert response.status_code == 200
    assert not is_mfa_enabled(user)

    response = reauthenticated_client.post(
        "/accounts/2fa/totp/activate/", {"code": current_code(secret)}
    )
    assert response.status_code == 302
    assert is_mfa_enabled(user, [Authenticator.Type.TOTP])

    # Recovery codes come with the app and can be viewed and downloaded.
    codes_page = reauthenticated_client.get(
        "/accounts/2fa/recovery-codes/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert codes_page.status_code == 200
    assert 'for="recovery_codes"' in codes_page.content.decode()
    download = reauthenticated_client.get("/accounts/2fa/recovery-codes/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")

    index = reauthenticated_client.get("/accounts/2fa/", HTTP_ACCEPT_LANGUAGE="en")
    assert index.status_code == 200
    assert "/accounts/2fa/totp/deactivate/" in index.content.decode()


def test_recovery_code_signs_in_instead_of_the_app(client, user):
    TOTP.activate(user, generate_totp_secret())
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(user).get_unused_codes()[0]

    client.post(LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": code})

    assert signed_in_user_id(client) == str(user.pk)


def test_totp_can_be_deactivated(reauthenticated_client, user):
    TOTP.activate(user, generate_totp_secret())

    page = reauthenticated_client.get("/accounts/2fa/totp/deactivate/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    response = reauthenticated_client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 302
    assert not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def test_password_reset_sends_a_link_in_the_persons_language(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    user.locale = "en"
    user.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="fr"
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[Ville de Test] Password Reset Email"
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_entrance_pages_render_in_the_site_frame(client, organization):
    for url in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        assert response.status_code == 200, url
        assert 'class="account-page"' in html, url
        assert "Ville de Test" in html, url
        assert "accounts/accounts.css" in html, url


def test_account_management_pages_render_with_the_account_menu(reauthenticated_client):
    for url in (
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/logout/",
        "/account/",
        "/account/notifications/",
    ):
        response = reauthenticated_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        assert response.status_code == 200, url
        assert 'class="container account-nav"' in html or url == "/accounts/logout/", url
        assert html.count("<h1") == 1, url
