"""Guests' registrations carry the anti-spam check (palabre.captcha)."""

import pytest

from palabre.captcha.testing import solved_from
from palabre.components.meetings.models import Registration
from palabre.components.meetings.tests.registrations.helpers import open_meeting
from palabre.core.components import component_url

pytestmark = [pytest.mark.django_db, pytest.mark.captcha]


def _url(meeting):
    return component_url(meeting.component, "registration_new", pk=meeting.pk)


def test_a_guest_registers_with_a_solved_check(component, client):
    meeting = open_meeting(component, capacity=2, guests_allowed=True)
    payload = solved_from(client.get(_url(meeting)).content.decode())

    response = client.post(
        _url(meeting), {"name": "Camille", "email": "camille@example.net", "altcha": payload}
    )

    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("kind", ["missing", "forged", "reused"])
def test_a_guest_without_a_valid_check_registers_nothing(component, client, kind):
    meeting = open_meeting(component, capacity=2, guests_allowed=True)
    payload = solved_from(client.get(_url(meeting)).content.decode())
    if kind == "reused":
        client.post(_url(meeting), {"name": "A", "email": "a@example.net", "altcha": payload})
    sent = {"missing": "", "forged": payload[:-8] + "AAAAAAA=", "reused": payload}[kind]

    response = client.post(
        _url(meeting), {"name": "Camille", "email": "camille@example.net", "altcha": sent}
    )

    assert response.status_code == 400
    assert "anti-spam" in response.content.decode()
    assert not Registration.objects.filter(guest_email="camille@example.net").exists()
