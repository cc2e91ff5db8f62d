"""Links of the account emails allauth sends: the organization's site, as it is served,
like every other email (not the address the request happened to use)."""

import pytest
from allauth.account.models import EmailAddress

from palabre.core.tests.email_links import assert_links_on_site, links_in
from palabre.core.tests.factories import UserFactory

ROOT = "http://testserver:8080"


@pytest.fixture(autouse=True)
def served_on_http_8080(settings):
    settings.PALABRE_URL_SCHEME = "http"
    settings.PALABRE_URL_PORT = 8080


def test_the_confirmation_email_links_to_the_confirmation_page(
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
    (message,) = mailoutbox
    assert_links_on_site(message, ROOT)
    (link,) = {link for link in links_in(message) if "/accounts/confirm-email/" in link}
    response = client.post(link.removeprefix(ROOT))
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="marie@example.org").verified


def test_the_password_reset_email_links_to_the_reset_page(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(organization=organization, email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": person.email})
    (message,) = mailoutbox
    assert_links_on_site(message, ROOT)
    (link,) = {link for link in links_in(message) if "/accounts/password/reset/key/" in link}
    assert client.get(link.removeprefix(ROOT)).status_code in (200, 302)


def test_the_unknown_account_email_links_to_the_sign_up_page(
    client, organization, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mailoutbox
    assert_links_on_site(message, ROOT, "/accounts/signup/")
