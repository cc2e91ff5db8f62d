"""Permission tables: who may see and manage spaces and components."""

import pytest
from django.utils import timezone

from palabre.core.models import OrganizationAdmin, SpaceRole
from palabre.core.permissions import can
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceMemberFactory,
    SpaceRoleFactory,
    StepFactory,
    UserFactory,
)

PEOPLE = ["anonymous", "participant", "member", "collaborator", "space_admin", "org_admin"]


@pytest.fixture
def people(organization):
    from django.contrib.auth.models import AnonymousUser

    def make(space):
        result = {
            "anonymous": AnonymousUser(),
            "participant": UserFactory(organization=organization),
        }
        result["member"] = SpaceMemberFactory(space=space).user
        result["collaborator"] = SpaceRoleFactory(
            space=space, role=SpaceRole.Role.COLLABORATOR
        ).user
        result["space_admin"] = SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user
        org_admin = UserFactory(organization=organization)
        OrganizationAdmin.objects.create(organization=organization, user=org_admin)
        result["org_admin"] = org_admin
        return result

    return make


SPACE_STATES = {
    "public": {},
    "private": {"private": True},
    "transparent": {"private": True, "transparent": True},
    "unpublished": {"published_at": None},
}

# Who sees the space, per state (True = can view).
VIEW_TABLE = {
    "public": dict.fromkeys(PEOPLE, True),
    "private": {
        "anonymous": False, "participant": False, "member": True,
        "collaborator": True, "space_admin": True, "org_admin": True,
    },
    "transparent": dict.fromkeys(PEOPLE, True),
    "unpublished": {
        "anonymous": False, "participant": False, "member": False,
        "collaborator": True, "space_admin": True, "org_admin": True,
    },
}  # fmt: skip


@pytest.mark.parametrize("state", SPACE_STATES)
@pytest.mark.parametrize("person", PEOPLE)
def test_view_space(organization, people, state, person):
    space = SpaceFactory(organization=organization, **SPACE_STATES[state])
    who = people(space)[person]
    assert can(who, "view", space) is VIEW_TABLE[state][person]


ADMIN_TABLE = {
    "admin": {"space_admin", "org_admin"},
    "read_admin": {"collaborator", "space_admin", "org_admin"},
    "moderate": {"space_admin", "org_admin"},
}


@pytest.mark.parametrize("action", ADMIN_TABLE)
@pytest.mark.parametrize("person", PEOPLE)
def test_space_admin_actions(organization, people, action, person):
    space = SpaceFactory(organization=organization)
    who = people(space)[person]
    assert can(who, action, space) is (person in ADMIN_TABLE[action])


def test_roles_do_not_cross_spaces_or_organizations(organization, people):
    from palabre.core.tests.factories import OrganizationFactory

    space = SpaceFactory(organization=organization)
    other_space = SpaceFactory(organization=organization, private=True)
    foreign = SpaceFactory(organization=OrganizationFactory(host="other.example"), private=True)
    who = people(space)
    assert not can(who["space_admin"], "admin", other_space)
    assert not can(who["space_admin"], "view", other_space)
    assert not can(who["org_admin"], "view", foreign)
    assert not can(who["org_admin"], "admin", foreign.organization)


@pytest.fixture
def guarded_manifest():
    """A component type whose `create` action follows a per-step setting."""
    manifest = ComponentManifest(
        name="test_guarded",
        label="Guarded",
        step_settings=(Setting("creation_enabled", "boolean", False),),
        actions=(("create", "Create"),),
        permission=lambda *, user, action, component, resource, settings: (
            action == "create" and settings.creation_enabled
        ),
    )
    components.register(manifest)
    yield manifest
    components.unregister("test_guarded")


@pytest.mark.parametrize(
    ("state", "person", "expected"),
    [
        ("public", "anonymous", False),
        ("public", "participant", True),
        ("transparent", "participant", False),
        ("transparent", "member", True),
        ("private", "participant", False),
        ("private", "member", True),
        ("unpublished", "org_admin", False),
    ],
)
def test_component_action_needs_participation_rights(
    organization, people, guarded_manifest, state, person, expected
):
    space = SpaceFactory(organization=organization, **SPACE_STATES[state])
    step = StepFactory(space=space, active=True)
    component = ComponentFactory(
        space=space,
        manifest_name="test_guarded",
        settings={"steps": {str(step.pk): {"creation_enabled": True}}},
    )
    who = people(space)[person]
    assert can(who, "create", component) is expected


def test_component_action_follows_the_active_step(organization, guarded_manifest):
    space = SpaceFactory(organization=organization)
    open_step = StepFactory(space=space, active=True)
    closed_step = StepFactory(space=space)
    component = ComponentFactory(
        space=space,
        manifest_name="test_guarded",
        settings={"steps": {str(open_step.pk): {"creation_enabled": True}}},
    )
    participant = UserFactory(organization=organization)
    assert can(participant, "create", component)
    open_step.active = False
    open_step.save()
    closed_step.active = True
    closed_step.save()
    component.refresh_from_db()
    component.space._active_step_cache = None
    assert not can(participant, "create", component)


def test_unpublished_component_is_seen_by_space_staff_only(organization, people, guarded_manifest):
    space = SpaceFactory(organization=organization)
    component = ComponentFactory(space=space, manifest_name="test_guarded", published_at=None)
    who = people(space)
    assert not can(who["participant"], "view", component)
    assert can(who["collaborator"], "view", component)
    component.published_at = timezone.now()
    assert can(who["participant"], "view", component)


def test_deleted_or_inactive_people_cannot_act(organization, guarded_manifest):
    space = SpaceFactory(organization=organization)
    component = ComponentFactory(
        space=space,
        manifest_name="test_guarded",
        settings={"default_step": {"creation_enabled": True}},
    )
    person = UserFactory(organization=organization)
    assert can(person, "create", component)
    person.is_active = False
    assert not can(person, "create", component)


def test_blocked_people_cannot_act(organization, guarded_manifest):
    space = SpaceFactory(organization=organization)
    component = ComponentFactory(
        space=space,
        manifest_name="test_guarded",
        settings={"default_step": {"creation_enabled": True}},
    )
    person = UserFactory(organization=organization)
    person.blocked_at = timezone.now()
    assert not can(person, "create", component)
    assert person.display_name == "Blocked participant"


@pytest.mark.parametrize("person", PEOPLE)
def test_moderating_somewhere_in_the_organization(organization, people, person):
    space = SpaceFactory(organization=organization)
    who = people(space)
    SpaceRoleFactory(space=space, user=who["member"], role=SpaceRole.Role.VALUATOR)
    expected = person in {"space_admin", "org_admin"}
    assert can(who[person], "moderate", organization) is expected
