"""Fixtures of the sortitions tests: a space with a proposals component and a sortitions
component, its administrators and participants."""

import pytest
from allauth.mfa.models import Authenticator

from palabre.components.proposals.tests.factories import ProposalsComponentFactory
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="jury")


@pytest.fixture
def proposals(space):
    return ProposalsComponentFactory(space=space)


@pytest.fixture
def component(space):
    return ComponentFactory(
        space=space, manifest_name="sortitions", name={"fr": "Tirages", "en": "Draws"}
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


@pytest.fixture
def admin_user(admin_user):
    Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return admin_user


@pytest.fixture(autouse=True)
def few_greedy_runs(settings):
    """The greedy comparison is estimated from fewer runs in tests (CPU is shared)."""
    settings.PALABRE_SORTITION_GREEDY_RUNS = 60
