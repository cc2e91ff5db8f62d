import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import SpaceFactory, UserFactory
from palabre.spaces.assemblies import services
from palabre.spaces.assemblies.models import AssemblyMember
from palabre.spaces.assemblies.tests.factories import AssemblyFactory, AssemblyMemberFactory


@pytest.fixture
def assembly(organization):
    return AssemblyFactory(organization=organization)


def test_add_members(admin_user, assembly, user):
    first = services.assembly_member_create(
        actor=admin_user, assembly=assembly, full_name=" Ada Lovelace ", role={"fr": "Présidente"}
    )
    assert first.full_name == "Ada Lovelace" and first.position == 0
    # Linked to an account without a name given: shown under the account's name.
    second = services.assembly_member_create(actor=admin_user, assembly=assembly, user=user)
    assert second.full_name == user.display_name and second.position == 1
    assert ActionLog.objects.filter(action="create", space=assembly).count() == 2


@pytest.mark.parametrize(
    "fields, error_field",
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"full_name": "Ada", "role": {"de": "Präsidentin"}}, "role"),
        ({"full_name": "Ada", "ceased_at": "yesterday"}, "ceased_at"),
        ({"full_name": "Ada", "position": -2}, "position"),
    ],
)
def test_bad_member_input_changes_nothing(admin_user, assembly, fields, error_field):
    with pytest.raises(ValidationError) as caught:
        services.assembly_member_create(actor=admin_user, assembly=assembly, **fields)
    assert error_field in caught.value.message_dict
    assert not AssemblyMember.objects.exists() and not ActionLog.objects.exists()


def test_deleted_account_cannot_be_linked(admin_user, assembly, organization):
    gone = UserFactory(organization=organization, deleted_at=timezone.now())
    with pytest.raises(ValidationError):
        services.assembly_member_create(actor=admin_user, assembly=assembly, user=gone)


def test_members_belong_to_assemblies_only(admin_user, organization):
    process = SpaceFactory(organization=organization, kind="process")
    with pytest.raises(ValidationError):
        services.assembly_member_create(actor=admin_user, assembly=process, full_name="Ada")


@pytest.mark.parametrize(
    "role, allowed",
    [("participant", False), ("moderator", False), ("collaborator", False), ("admin", True)],
)
def test_who_manages_members(organization, assembly, role, allowed):
    actor = UserFactory(organization=organization)
    if role != "participant":
        SpaceRole.objects.create(space=assembly, user=actor, role=role)
    member = AssemblyMemberFactory(assembly=assembly, full_name="Avant")
    if allowed:
        services.assembly_member_update(actor=actor, member=member, full_name="Après")
        services.assembly_member_delete(actor=actor, member=member)
        assert not AssemblyMember.objects.exists()
        return
    with pytest.raises(PermissionDenied):
        services.assembly_member_create(actor=actor, assembly=assembly, full_name="Nouveau")
    with pytest.raises(PermissionDenied):
        services.assembly_member_update(actor=actor, member=member, full_name="Après")
    with pytest.raises(PermissionDenied):
        services.assembly_member_delete(actor=actor, member=member)
    member.refresh_from_db()
    assert member.full_name == "Avant"


def test_update_member(admin_user, assembly):
    member = AssemblyMemberFactory(assembly=assembly)
    ceased = datetime.date(2025, 6, 30)
    member = services.assembly_member_update(
        actor=admin_user, member=member, ceased_at=ceased, role={"fr": "Ancienne présidente"}
    )
    assert member.ceased_at == ceased and member.role == {"fr": "Ancienne présidente"}
    with pytest.raises(ValidationError):
        services.assembly_member_update(actor=admin_user, member=member, full_name="  ")
    member.refresh_from_db()
    assert member.full_name.startswith("Membre")
