"""The organization's limit on registrations per person and per address (palabre.limits)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import Registration
from palabre.components.meetings.tests.registrations.helpers import open_meeting
from palabre.core.tests.factories import UserFactory
from palabre.limits.services import limits_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_registrations_beyond_the_limit_are_refused_and_not_saved(
    admin_user, organization, component, django_capture_on_commit_callbacks
):
    limits_save(
        actor=admin_user,
        organization=organization,
        limits={"registrations": {"hour": 1, "day": 0}},
    )
    first, second = (open_meeting(component, capacity=5, guests_allowed=True) for _ in "12")
    person = UserFactory(organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(meeting=first, user=person)
        services.guest_register(
            meeting=first, name="Camille", email="camille@example.net", address="10.0.0.9"
        )

    with pytest.raises(ValidationError, match="limit of 1 meeting registrations per hour"):
        services.registration_create(meeting=second, user=person)
    with pytest.raises(ValidationError, match="limit of 1 meeting registrations per hour"):
        services.guest_register(
            meeting=second, name="Camille", email="camille@example.net", address="10.0.0.9"
        )
    assert not Registration.objects.filter(meeting=second).exists()
