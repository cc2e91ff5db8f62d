import re

import pytest
from allauth.account.models import EmailAddress

from palabre.core.models import User
from palabre.core.tests.factories import UserFactory

SIGNUP_URL = "/accounts/signup/"


def signup_data(**overrides):
    data = {
        "name": "Marie Curie",
        "nickname": "marie",
        "email": "marie@example.org",
        "password1": "radium-polonium-1898",
        "accept_terms": "on",
        "newsletter": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_signup_stores_the_account_and_sends_a_confirmation_in_french(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    user = User.objects.get(email="marie@example.org")
    assert user.name == "Marie Curie"
    assert user.nickname == "marie"
    assert user.organization == organization
    assert user.locale == "fr"
    assert user.accepted_terms_at is not None
    assert user.newsletter_opt_in_at is not None
    assert user.check_password("radium-polonium-1898")
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["marie@example.org"]
    assert message.subject == "[Ville de Test] Confirmez votre adresse e-mail"
    assert "Ville de Test" in message.body
    link = re.search(r"https://testserver(/accounts/confirm-email/\S+)", message.body)
    assert link, message.body

    # Following the link confirms the address and signs the person in.
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/account/").status_code == 200


def test_signup_in_english_without_newsletter(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            SIGNUP_URL,
            signup_data(newsletter=None),
            HTTP_ACCEPT_LANGUAGE="en",
        )

    user = User.objects.get(email="marie@example.org")
    assert user.locale == "en"
    assert user.newsletter_opt_in_at is None
    assert mailoutbox[0].subject == "[Ville de Test] Please Confirm Your Email Address"


def test_signup_with_a_taken_nickname_creates_nobody(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(organization=organization, nickname="Marie")
    before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(nickname="mARIE"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["nickname"] == ["The nickname “mARIE” is already taken. Choose another one."]
    assert 'aria-describedby="id_nickname_helptext id_nickname_error"' in response.content.decode()
    assert User.objects.count() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"accept_terms": None}, "accept_terms"),
        ({"nickname": "deleted-12"}, "nickname"),
        ({"nickname": "two words"}, "nickname"),
        ({"name": ""}, "name"),
    ],
)
def test_signup_refuses_bad_input(client, organization, overrides, field):
    response = client.post(SIGNUP_URL, signup_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(email="marie@example.org").exists()


def test_unchecked_terms_get_a_clear_message(client, organization):
    response = client.post(SIGNUP_URL, signup_data(accept_terms=None), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["form"].errors["accept_terms"] == [
        "You must accept the terms of use to open an account."
    ]


def test_signup_page_renders_every_field_labelled(client, organization):
    response = client.get(SIGNUP_URL, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    for field in ("name", "nickname", "email", "password1", "accept_terms", "newsletter"):
        assert f'for="id_{field}"' in html
    assert "<h1>" in html
    assert "account-page" in html
