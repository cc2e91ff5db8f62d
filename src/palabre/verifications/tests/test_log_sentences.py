"""The activity log names who was verified: the person themselves, or the member of staff
who granted it and the person they granted it to."""

import pytest
from django.utils import translation

from palabre.core.action_log import sentence
from palabre.core.models import ActionLog
from palabre.verifications.services import verification_grant

pytestmark = pytest.mark.django_db


def test_a_grant_by_staff_names_the_person_verified(organization, enabled, participant, org_admin):
    verification_grant(
        user=participant, organization=organization, method=enabled.method, actor=org_admin
    )
    entry = ActionLog.objects.get(action="verification_grant_to")
    with translation.override("en"):
        text = sentence(entry)
    assert text == f"{org_admin} granted {participant} the verification “Test method”."


def test_a_grant_to_oneself_names_the_person(organization, enabled, participant):
    verification_grant(user=participant, organization=organization, method=enabled.method)
    entry = ActionLog.objects.get(action="verification_grant")
    assert entry.user == participant
