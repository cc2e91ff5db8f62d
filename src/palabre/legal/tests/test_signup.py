"""Sign-up links the terms it asks to accept and records the version accepted."""

import pytest

from palabre.core.models import User
from palabre.legal.models import TermsAcceptance
from palabre.legal.services import legal_pages_setup, terms_publish

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"


def signup_data(**overrides):
    data = {
        "name": "Marie Curie",
        "nickname": "marie",
        "email": "marie@example.org",
        "password1": "radium-polonium-1898",
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def test_the_form_links_the_terms(client, organization):
    html = client.get(SIGNUP_URL).content.decode()
    assert (
        '<a href="/legal/terms/" target="_blank">Read the terms of use (opens in a new tab)</a>'
        in html
    )
    # The link describes the checkbox.
    assert 'aria-describedby="id_accept_terms_helptext"' in html


def test_the_version_shown_is_recorded(client, organization, admin_user):
    legal_pages_setup(organization=organization)
    version = terms_publish(actor=admin_user, organization=organization, summary={"fr": "v1"})
    html = client.get(SIGNUP_URL).content.decode()
    assert f'name="terms_version" value="{version.pk}"' in html
    response = client.post(SIGNUP_URL, signup_data(terms_version=str(version.pk)))
    assert response.status_code == 302
    user = User.objects.get(email="marie@example.org")
    acceptance = TermsAcceptance.objects.get(user=user)
    assert acceptance.version == version
    assert acceptance.accepted_at == user.accepted_terms_at


def test_without_a_version_nothing_is_recorded_and_nothing_asked(client, organization):
    response = client.post(SIGNUP_URL, signup_data(terms_version=""))
    assert response.status_code == 302
    assert not TermsAcceptance.objects.exists()


def test_a_version_of_another_organization_is_not_recorded(client, organization, admin_user):
    from palabre.core.services import organization_create

    other = organization_create(host="other.example.org", name="Autre", admin=admin_user)
    foreign = terms_publish(actor=admin_user, organization=other, summary={"fr": "v1"})
    client.post(SIGNUP_URL, signup_data(terms_version=str(foreign.pk)))
    assert User.objects.filter(email="marie@example.org").exists()
    assert not TermsAcceptance.objects.exists()
