import pytest
from django.test import Client
from django.utils import translation

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language, whatever gets translated."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="budget")


@pytest.fixture
def component(space):
    return ComponentFactory(
        space=space, manifest_name="blogs", name={"fr": "Actualités", "en": "News"}
    )


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def collaborator(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization)
