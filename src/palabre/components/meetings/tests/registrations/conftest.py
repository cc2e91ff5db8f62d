"""Fixtures of the registration tests."""

import pytest
from django.core.cache import cache

from palabre.components.meetings.tests.factories import MeetingsComponentFactory
from palabre.components.meetings.tests.registrations.helpers import open_meeting
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)
from palabre.forms.selectors import forget_kept_forms


@pytest.fixture(autouse=True)
def fresh_caches():
    cache.clear()
    forget_kept_forms()
    yield
    cache.clear()
    forget_kept_forms()


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="quartiers")


@pytest.fixture
def component(space):
    return MeetingsComponentFactory(space=space)


@pytest.fixture
def meeting(component):
    return open_meeting(component, capacity=3)


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def people(organization):
    # English emails, the language the tests read (the organization's is French).
    return UserFactory.create_batch(6, organization=organization, locale="en")
