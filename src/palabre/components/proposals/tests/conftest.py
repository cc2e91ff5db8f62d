"""Fixtures of the proposals tests: English messages, a published proposals component whose
active settings the tests choose, and people with the roles the backoffice asks for."""

import pytest
from django.test import Client
from django.utils import translation

from palabre.components.proposals.tests.factories import ProposalsComponentFactory
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import SpaceRoleFactory, UserFactory, with_two_factor


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def component(organization):
    return ProposalsComponentFactory(space__organization=organization)


@pytest.fixture
def author(organization):
    return UserFactory(organization=organization, locale="fr")


@pytest.fixture
def space_admin(component):
    return with_two_factor(SpaceRoleFactory(space=component.space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def valuator(component):
    return with_two_factor(
        SpaceRoleFactory(space=component.space, role=SpaceRole.Role.VALUATOR).user
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, removed after each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
