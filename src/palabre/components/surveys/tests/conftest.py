import pytest
from django.core.cache import cache

from palabre.components.surveys.tests.factories import SurveysComponentFactory, mobility_survey
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceMemberFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)
from palabre.forms.selectors import forget_kept_forms


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def kept_forms_forgotten():
    forget_kept_forms()
    yield
    forget_kept_forms()


@pytest.fixture(autouse=True)
def forget_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="mobilite")


@pytest.fixture
def component(space):
    return SurveysComponentFactory(space=space)


@pytest.fixture
def survey(component):
    return mobility_survey(component)


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
def private_space(organization):
    return SpaceFactory(organization=organization, slug="prive", private=True)


@pytest.fixture
def member(private_space):
    return SpaceMemberFactory(space=private_space).user
