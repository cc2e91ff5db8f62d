import pytest

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization)


@pytest.fixture
def component(space):
    return ComponentFactory(space=space, manifest_name="blogs", name={"en": "News"})


@pytest.fixture
def post(component):
    return PostFactory(component=component)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization, nickname="marie")


@pytest.fixture
def org_admin(admin_user):
    return with_two_factor(admin_user)


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)
