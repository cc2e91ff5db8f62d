import pytest
from django.urls import reverse

from palabre.backoffice.tests.conftest import client_for, enable_totp
from palabre.core.tests.factories import UserFactory

DASHBOARD = "/admin/"


def test_anonymous_is_sent_to_sign_in(client, organization):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/" in response["Location"]


def test_participant_is_refused(organization):
    participant = UserFactory(organization=organization)
    assert client_for(participant).get(DASHBOARD).status_code == 403


def test_participant_with_two_factor_is_still_refused(organization):
    participant = UserFactory(organization=organization)
    enable_totp(participant)
    assert client_for(participant).get(DASHBOARD).status_code == 403


def test_admin_without_two_factor_is_sent_to_set_it_up(admin_user):
    response = client_for(admin_user).get(DASHBOARD, follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_admin_with_two_factor_gets_in(admin_client):
    response = admin_client.get(DASHBOARD)
    assert response.status_code == 200
    assert b"Dashboard" in response.content


def test_space_admin_gets_in(space_admin):
    assert client_for(space_admin).get(DASHBOARD).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/organization/",
        "/admin/logs/",
        "/admin/spaces/process/",
        "/admin/spaces/process/new/",
    ],
)
def test_every_page_is_behind_the_gate(client, organization, path):
    participant = UserFactory(organization=organization)
    assert client.get(path).status_code == 302
    assert client_for(participant).get(path).status_code == 403
