"""Signing in with a one-time code sent by email (`accounts.login_code`)."""

import json
import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from palabre.core.action_log import describe_entries
from palabre.core.models import ActionLog, User
from palabre.core.tests.factories import UserFactory, with_two_factor
from palabre.legal.models import TermsAcceptance
from palabre.legal.services import terms_publish

REQUEST_URL = "/accounts/login/code/"
CONFIRM_URL = "/accounts/login/code/confirm/"
NEW_ACCOUNT_URL = "/accounts/login/code/new-account/"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def request_code(client, email, capture):
    with capture(execute=True):
        return client.post(REQUEST_URL, {"email": email})


def code_in(message) -> str:
    match = re.search(r"^(\d{6})$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_a_known_address_receives_six_digits_and_a_link_and_signs_in(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_code(client, user.email, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_URL
    (message,) = mailoutbox
    code = code_in(message)
    assert f"https://testserver{CONFIRM_URL}?code={code}" in message.body
    assert "10 minutes" in message.body
    # The link fills the code in; the person still confirms it.
    page = client.get(f"{CONFIRM_URL}?code={code}")
    assert f'value="{code}"' in page.content.decode()
    assert signed_in_user_id(client) is None

    # The session keeps a keyed hash of the code, not the code.
    assert code not in json.dumps(dict(client.session))

    response = client.post(CONFIRM_URL, {"code": code})

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_a_code_is_used_once(client, user, mailoutbox, django_capture_on_commit_callbacks):
    request_code(client, user.email, django_capture_on_commit_callbacks)
    code = code_in(mailoutbox[0])
    client.post(CONFIRM_URL, {"code": code})
    client.post("/accounts/logout/")
    assert signed_in_user_id(client) is None

    response = client.post(CONFIRM_URL, {"code": code})

    assert response.status_code == 302
    assert response["Location"] == REQUEST_URL
    assert signed_in_user_id(client) is None


def test_three_wrong_codes_end_the_code(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    request_code(client, user.email, django_capture_on_commit_callbacks)
    code = code_in(mailoutbox[0])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    first = client.post(CONFIRM_URL, {"code": wrong})
    assert first.status_code == 200
    assert "Incorrect code." in first.content.decode()
    client.post(CONFIRM_URL, {"code": wrong})
    third = client.post(CONFIRM_URL, {"code": wrong})
    assert third.status_code == 302

    # The right code no longer works: the pending sign-in is gone.
    response = client.post(CONFIRM_URL, {"code": code})
    assert response["Location"] == REQUEST_URL
    assert signed_in_user_id(client) is None
    # Each wrong code is in the activity log, the last one said so.
    entries = describe_entries(
        ActionLog.objects.filter(action="login_code_rejected").order_by("pk")
    )
    assert [entry.sentence for entry in entries] == [
        f"A wrong sign-in code was typed for {user.display_name}.",
        f"A wrong sign-in code was typed for {user.display_name}.",
        f"A wrong sign-in code was typed for {user.display_name}. "
        "It was the last try: the code no longer works.",
    ]


def test_a_code_expires_after_ten_minutes(
    client, user, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    request_code(client, user.email, django_capture_on_commit_callbacks)
    code = code_in(mailoutbox[0])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 10 * 60 + 1)

    response = client.post(CONFIRM_URL, {"code": code})

    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_known_and_unknown_addresses_get_the_same_answer(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    known = request_code(client, user.email, django_capture_on_commit_callbacks)
    other = Client(headers={"accept-language": "en"})
    unknown = request_code(other, "nobody@example.org", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = client.get(CONFIRM_URL).content.decode().replace(user.email, "ADDRESS")
    unknown_page = other.get(CONFIRM_URL).content.decode().replace("nobody@example.org", "ADDRESS")
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')
    assert strip.sub("", known_page) == strip.sub("", unknown_page)
    # Both receive six digits.
    assert [code_in(message) for message in mailoutbox]


def test_a_new_address_opens_its_account_once_the_code_is_confirmed(
    client, organization, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    version = terms_publish(
        actor=admin_user, organization=organization, summary={"fr": "v1", "en": "v1"}
    )
    request_code(client, "new@example.org", django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert "No account uses this address yet" in message.body
    code = code_in(message)
    assert not User.objects.filter(email="new@example.org").exists()

    response = client.post(CONFIRM_URL, {"code": code})
    assert response["Location"] == NEW_ACCOUNT_URL
    assert not User.objects.filter(email="new@example.org").exists()
    page = client.get(NEW_ACCOUNT_URL)
    assert "new@example.org" in page.content.decode()

    refused = client.post(NEW_ACCOUNT_URL, {"name": "Nouvelle", "nickname": "nouvelle"})
    assert refused.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()

    response = client.post(
        NEW_ACCOUNT_URL,
        {
            "name": "Nouvelle",
            "nickname": "nouvelle",
            "accept_terms": "on",
            "terms_version": version.pk,
        },
    )

    assert response.status_code == 302
    person = User.objects.get(email="new@example.org")
    assert signed_in_user_id(client) == str(person.pk)
    assert not person.has_usable_password()
    assert person.organization == organization
    assert EmailAddress.objects.get(user=person).verified
    assert TermsAcceptance.objects.filter(user=person, version=version).exists()


def test_the_new_account_page_needs_a_confirmed_code(client, organization):
    response = client.get(NEW_ACCOUNT_URL)
    assert response["Location"] == REQUEST_URL
    response = client.post(NEW_ACCOUNT_URL, {"name": "X", "nickname": "x", "accept_terms": "on"})
    assert response["Location"] == REQUEST_URL
    assert User.objects.count() == 0


def test_a_wrong_code_for_a_new_address_opens_nothing(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    request_code(client, "new@example.org", django_capture_on_commit_callbacks)
    code = code_in(mailoutbox[0])

    response = client.post(CONFIRM_URL, {"code": f"{(int(code) + 1) % 1_000_000:06d}"})

    assert response.status_code == 200
    assert client.get(NEW_ACCOUNT_URL)["Location"] == REQUEST_URL
    assert User.objects.count() == 0
    (entry,) = describe_entries(ActionLog.objects.filter(action="login_code_rejected"))
    assert entry.sentence == "A wrong sign-in code was typed for an address without an account."
    assert "new@example.org" not in str(entry.__dict__)


def test_codes_are_rate_limited_per_address(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    # Each request from a fresh browser (a browser with a code pending is sent back to it).
    for _attempt in range(5):
        request_code(Client(), user.email, django_capture_on_commit_callbacks)
    response = request_code(client, user.email, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert len(mailoutbox) == 5


def test_a_code_is_not_a_second_factor(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    from palabre.core.models import OrganizationAdmin

    admin = UserFactory(organization=organization, email="boss@example.org")
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    with_two_factor(admin)
    request_code(client, admin.email, django_capture_on_commit_callbacks)
    code = code_in(mailoutbox[0])

    response = client.post(CONFIRM_URL, {"code": code})

    # allauth asks the authenticator app's code before the session is signed in.
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_a_code_session_of_staff_without_authenticator_does_not_enter_the_backoffice(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    from palabre.core.models import OrganizationAdmin

    admin = UserFactory(organization=organization, email="boss@example.org")
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    request_code(client, admin.email, django_capture_on_commit_callbacks)
    client.post(CONFIRM_URL, {"code": code_in(mailoutbox[0])})
    assert signed_in_user_id(client) == str(admin.pk)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_sign_in_page_offers_a_code(client, organization):
    page = client.get("/accounts/login/").content.decode()
    assert f'href="{REQUEST_URL}"' in page


def test_a_new_account_is_offered_the_profile_questions_once(
    client, organization, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    from palabre.profile_questions.models import ProfileQuestion

    ProfileQuestion.objects.create(organization=organization, label={"fr": "Âge"})
    request_code(client, "new@example.org", django_capture_on_commit_callbacks)
    client.post(CONFIRM_URL, {"code": code_in(mailoutbox[0])})

    response = client.post(
        NEW_ACCOUNT_URL, {"name": "Nouvelle", "nickname": "nouvelle", "accept_terms": "on"}
    )

    assert response["Location"] == "/account/questions/welcome/?next=%2F"
    response = client.get(response["Location"])
    assert response["Location"].startswith("/account/questions/?")


def test_a_password_sign_up_is_offered_the_profile_questions_too(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "name": "Marie Curie",
                "nickname": "marie",
                "email": "marie@example.org",
                "password1": "radium-polonium-1898",
                "accept_terms": "on",
            },
        )
    link = re.search(r"https://testserver(/accounts/confirm-email/\S+)", mailoutbox[0].body)

    response = client.post(link.group(1))

    assert response["Location"].startswith("/account/questions/welcome/")
