import pytest

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    OrganizationFactory,
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
    return SpaceFactory(organization=organization, slug="centre")


def debates_component(space, **step):
    settings = {
        "global": {},
        "default_step": {
            "creation_enabled": True,
            "endorsements": "enabled",
            "comments_blocked": False,
            **step,
        },
        "steps": {},
    }
    return ComponentFactory(
        space=space,
        manifest_name="debates",
        name={"fr": "Débats", "en": "Debates"},
        settings=settings,
    )


@pytest.fixture
def component(space):
    return debates_component(space)


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def other_participant(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def other_org_admin():
    other = OrganizationFactory(host="other.example.org")
    admin = with_two_factor(UserFactory(organization=other))
    from palabre.core.models import OrganizationAdmin

    OrganizationAdmin.objects.create(organization=other, user=admin)
    return admin
