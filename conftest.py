"""Fixtures shared by every test of the project."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read messages in the source language; a test wanting French says so."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def structure_forgotten():
    """Each test starts with no site structure in memory: rows of an earlier test, rolled
    back since, may have had the same ids."""
    from palabre.core import structure

    structure.clear()
    yield
    structure.clear()


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch):
    """A person who has a second factor can only be signed in by passing it: `force_login`
    of such a person records it in the session, as allauth's sign-in does (see
    `palabre.accounts.tests.signing_in` for a session without it)."""
    from django.test import Client

    from palabre.accounts.tests.signing_in import force_login_with_second_factor

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def captcha_off_unless_asked(request, settings):
    """Forms posted by tests need no anti-spam check (palabre.captcha), except in the tests
    marked `captcha`, which check it."""
    settings.PALABRE_CAPTCHA_REQUIRED = request.node.get_closest_marker("captcha") is not None


@pytest.fixture
def client():
    """A browser that asks for English pages, the language of the messages tests read."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})


@pytest.fixture
def organization(db):
    from palabre.core.tests.factories import OrganizationFactory

    return OrganizationFactory()


@pytest.fixture
def user(organization):
    from palabre.core.tests.factories import UserFactory

    return UserFactory(organization=organization)


@pytest.fixture
def admin_user(organization):
    from palabre.core.models import OrganizationAdmin
    from palabre.core.tests.factories import UserFactory

    admin = UserFactory(organization=organization, email="admin@example.org", nickname="admin")
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    return admin


@pytest.fixture
def signed_in():
    """`signed_in(person)`: a browser signed in as that person, asking for English pages."""
    from django.test import Client

    def build(person) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(person)
        return client

    return build
