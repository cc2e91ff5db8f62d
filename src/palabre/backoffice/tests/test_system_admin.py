"""The `/system/` area registered in `palabre.core.admin`."""

import pytest
from django.test import Client

from palabre.backoffice.tests.conftest import enable_totp
from palabre.core.tests.factories import SpaceFactory, UserFactory


@pytest.fixture
def operator(db):
    """An operator with an authenticator app, signed in with it (see the root conftest)."""
    person = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(person)
    return person


@pytest.mark.parametrize(
    "path", ["/system/core/organization/", "/system/core/user/", "/system/core/space/"]
)
def test_operators_see_the_system_lists(operator, path):
    SpaceFactory()
    client = Client()
    client.force_login(operator)
    assert client.get(path).status_code == 200


def test_organization_admins_are_not_operators(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get("/system/core/organization/")
    assert response.status_code == 302
    assert "/system/login/" in response["Location"]


def test_operator_opens_a_user(operator):
    client = Client()
    client.force_login(operator)
    assert client.get(f"/system/core/user/{operator.pk}/change/").status_code == 200
    assert client.get("/system/core/user/add/").status_code == 200


def test_operator_creates_a_user(operator):
    from palabre.core.models import User

    client = Client()
    client.force_login(operator)
    response = client.post(
        "/system/core/user/add/",
        {
            "email": "new@example.org",
            "nickname": "newcomer",
            "password1": "a-long-enough-pass-1",
            "password2": "a-long-enough-pass-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.org", nickname="newcomer").exists()
