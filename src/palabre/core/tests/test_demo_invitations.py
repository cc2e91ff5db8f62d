"""The demo's staff invitations: in both organizations one waiting (its link opens the page
to accept it), one accepted by a new valuator, one revoked, one expired; and one waiting in
the city's private space."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from palabre.core.demo.builder import build_demo
from palabre.core.models import Organization, SpaceRole
from palabre.invitations.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    return out.getvalue()


def test_each_organization_has_invitations_in_every_state():
    organizations = Organization.objects.all()
    assert organizations.count() == 2
    for organization in organizations:
        states = [
            invitation.status()
            for invitation in Invitation.objects.filter(organization=organization)
        ]
        assert {"pending", "accepted", "revoked", "expired"} <= set(states), organization
        accepted = Invitation.objects.get(organization=organization, accepted_at__isnull=False)
        assert SpaceRole.objects.filter(
            user=accepted.accepted_by, space=accepted.space, role="valuator"
        ).exists()
    assert Invitation.objects.filter(
        space__private=True, space__slug="jeunes-ambassadeurs-climat", accepted_at__isnull=True
    ).exists()


def test_a_newcomer_opens_a_waiting_invitation_and_building_again_adds_nothing(demo):
    paths = re.findall(r"/invitations/[\w-]+/", demo)
    assert len(paths) == 2, demo
    city = Organization.objects.get(host="127.0.0.1")
    page = Client(headers={"accept-language": "en"}, HTTP_HOST=city.host).get(paths[0])
    assert page.status_code == 200
    assert "Accept the invitation" in page.content.decode()
    count = Invitation.objects.count()
    result = build_demo()
    assert Invitation.objects.count() == count
    assert not [note for note in result.notes if "invitation" in note]
