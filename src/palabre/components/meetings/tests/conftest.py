"""Fixtures of the meetings tests: English messages, a published meetings component, the
people the permissions tell apart."""

import pytest
from django.core.cache import cache
from django.utils import translation

from palabre.components.meetings.tests.factories import MeetingFactory, MeetingsComponentFactory
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceMemberFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def forget_kept_rows():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="quartiers")


@pytest.fixture
def component(space):
    return MeetingsComponentFactory(space=space)


@pytest.fixture
def meeting(component):
    return MeetingFactory(component=component)


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def private_space(organization):
    return SpaceFactory(organization=organization, slug="prive", private=True)


@pytest.fixture
def member(private_space):
    return SpaceMemberFactory(space=private_space).user
