"""The anti-spam check on sign-up, and on sign-in after repeated failures (accounts.lockout),
which never locks the owner out."""

import re
from html import unescape

import pytest

from palabre.accounts import lockout
from palabre.accounts.tests.test_signup import SIGNUP_URL, signup_data
from palabre.captcha import services as captcha
from palabre.core.models import User
from palabre.core.tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.captcha
LOGIN_URL = "/accounts/login/"


def _challenge(html: str) -> str:
    return unescape(re.search(r'data-challenge="([^"]+)"', html).group(1))


def _solved(client, url: str) -> str:
    return captcha.solve(_challenge(client.get(url).content.decode()))


def _fresh() -> str:
    return captcha.solve(captcha.new_challenge()["challenge"])


def test_sign_up_with_a_solved_check_opens_the_account(client, organization):
    payload = _solved(client, SIGNUP_URL)

    response = client.post(SIGNUP_URL, signup_data(altcha=payload))

    assert response.status_code == 302
    assert User.objects.filter(email="marie@example.org").exists()


def test_sign_up_page_shows_the_check_with_its_label(client, organization):
    html = client.get(SIGNUP_URL).content.decode()

    assert "Anti-spam check" in html
    assert 'name="captcha_answer"' in html
    assert "/static/captcha/captcha.js" in html


@pytest.mark.parametrize("kind", ["missing", "forged", "reused"])
def test_sign_up_without_a_valid_check_opens_nothing(client, organization, kind):
    payload = _solved(client, SIGNUP_URL)
    if kind == "reused":
        captcha.verify({"altcha": payload})
    data = {
        "missing": signup_data(),
        "forged": signup_data(altcha=payload[:-8] + "AAAAAAA="),
        "reused": signup_data(altcha=payload),
    }[kind]

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert "anti-spam" in response.content.decode()
    assert not User.objects.filter(email="marie@example.org").exists()


def _fail(client, user, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN_URL, {"login": user.email, "password": "wrong-password"})


def test_two_failures_ask_no_check_the_third_does(client, user):
    _fail(client, user, lockout.CAPTCHA_AFTER - 1)
    assert 'name="captcha_answer"' not in client.get(LOGIN_URL).content.decode()

    _fail(client, user, 1)
    assert 'name="captcha_answer"' in client.get(LOGIN_URL).content.decode()


def test_after_failures_the_right_password_without_the_check_does_not_sign_in(client, user):
    _fail(client, user, lockout.CAPTCHA_AFTER)

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEMO_PASSWORD})

    assert response.status_code == 200
    assert client.session.get("_auth_user_id") is None
    assert "anti-spam" in response.content.decode()


def test_the_owner_still_signs_in_with_the_check_after_many_failures(client, user):
    # Far beyond any lock: from another address, so that the per-address limit of allauth
    # (a burst from one place) is not what is tested.
    for attempt in range(lockout.HARD_AFTER + 2):
        client.post(
            LOGIN_URL,
            {"login": user.email, "password": "wrong", "altcha": _fresh()},
            REMOTE_ADDR=f"203.0.113.{attempt + 1}",
        )
    owner_form = client.get(LOGIN_URL, REMOTE_ADDR="198.51.100.7")
    challenge = _challenge(
        client.post(
            LOGIN_URL, {"login": user.email, "password": "x"}, REMOTE_ADDR="198.51.100.7"
        ).content.decode()
    )
    assert f'"maxNumber":{captcha.HARD_MAX_NUMBER}' in challenge
    assert 'name="captcha_answer"' not in owner_form.content.decode()

    response = client.post(
        LOGIN_URL,
        {"login": user.email, "password": DEMO_PASSWORD, "altcha": captcha.solve(challenge)},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert lockout.failures(None, user.email)["account"] == 0


def test_a_wrong_check_tries_no_password(client, user):
    _fail(client, user, lockout.CAPTCHA_AFTER)
    before = lockout.failures(None, user.email)["account"]

    client.post(LOGIN_URL, {"login": user.email, "password": "wrong", "altcha": "forged"})

    assert lockout.failures(None, user.email)["account"] == before
