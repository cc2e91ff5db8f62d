import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import OrganizationFactory, SpaceFactory, UserFactory
from palabre.spaces.processes import services
from palabre.spaces.processes.models import ProcessGroup
from palabre.spaces.processes.tests.factories import ProcessGroupFactory


def test_create_group_with_processes(admin_user, organization):
    first = SpaceFactory(organization=organization)
    second = SpaceFactory(organization=organization)
    group = services.process_group_create(
        actor=admin_user,
        organization=organization,
        title={"fr": " Budgets ", "en": "Budgets"},
        description={"fr": "<p>Tous</p><script>x()</script>"},
        space_ids=[first.pk, second.pk],
    )
    assert group.title == {"fr": "Budgets", "en": "Budgets"}
    assert "script" not in group.description["fr"]
    assert set(group.spaces.all()) == {first, second}
    assert ActionLog.objects.filter(action="create", resource_type="processgroup").count() == 1
    following = services.process_group_create(
        actor=admin_user, organization=organization, title="Autre"
    )
    assert following.position == group.position + 1


@pytest.mark.parametrize(
    "fields, error_field",
    [
        ({"title": {}}, "title"),
        ({"title": {"en": "Only English"}}, "title"),
        ({"title": {"de": "Deutsch"}}, "title"),
        ({"title": {"fr": "x" * 201}}, "title"),
        ({"title": "Ok", "position": -1}, "position"),
    ],
)
def test_create_group_refuses_bad_input(admin_user, organization, fields, error_field):
    with pytest.raises(ValidationError) as caught:
        services.process_group_create(actor=admin_user, organization=organization, **fields)
    assert error_field in caught.value.message_dict
    assert not ProcessGroup.objects.exists()
    assert not ActionLog.objects.exists()


@pytest.mark.parametrize("kind_or_org", ["assembly", "other_org"])
def test_group_takes_processes_of_its_organization_only(admin_user, organization, kind_or_org):
    if kind_or_org == "assembly":
        space = SpaceFactory(organization=organization, kind="assembly")
    else:
        space = SpaceFactory(organization=OrganizationFactory(host="other.example.org"))
    with pytest.raises(ValidationError) as caught:
        services.process_group_create(
            actor=admin_user, organization=organization, title="G", space_ids=[space.pk]
        )
    assert "space_ids" in caught.value.message_dict
    assert not ProcessGroup.objects.exists()


def test_group_refuses_a_file_that_is_not_an_image(admin_user, organization):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        services.process_group_create(
            actor=admin_user, organization=organization, title="G", hero_image=upload
        )
    assert "hero_image" in caught.value.message_dict


@pytest.mark.parametrize("role", ["participant", "space_admin", "other_org_admin"])
def test_only_organization_admins_manage_groups(organization, role):
    actor = UserFactory(organization=organization)
    if role == "space_admin":
        SpaceRole.objects.create(
            space=SpaceFactory(organization=organization), user=actor, role="admin"
        )
    elif role == "other_org_admin":
        from palabre.core.models import OrganizationAdmin

        other = OrganizationFactory(host="other.example.org")
        OrganizationAdmin.objects.create(organization=other, user=actor)
    group = ProcessGroupFactory(organization=organization, title={"fr": "Avant"})
    with pytest.raises(PermissionDenied):
        services.process_group_create(actor=actor, organization=organization, title="G")
    with pytest.raises(PermissionDenied):
        services.process_group_update(actor=actor, group=group, title="Après")
    with pytest.raises(PermissionDenied):
        services.process_group_delete(actor=actor, group=group)
    group.refresh_from_db()
    assert group.title == {"fr": "Avant"}


def test_update_and_delete_group(admin_user, organization):
    space = SpaceFactory(organization=organization)
    group = ProcessGroupFactory(organization=organization, spaces=[space])
    group = services.process_group_update(
        actor=admin_user, group=group, title={"fr": "Nouveau"}, space_ids=[]
    )
    assert group.title == {"fr": "Nouveau"}
    assert not group.spaces.exists()
    with pytest.raises(ValidationError):
        services.process_group_update(actor=admin_user, group=group, title={})
    group.refresh_from_db()
    assert group.title == {"fr": "Nouveau"}
    services.process_group_delete(actor=admin_user, group=group)
    assert not ProcessGroup.objects.exists()
    space.refresh_from_db()
    assert list(ActionLog.objects.values_list("action", flat=True)) == ["delete", "update"]


def test_a_group_photo_is_stored_without_its_location(admin_user, organization, settings, tmp_path):
    from palabre.core.tests.images import cut_photo, leaks, phone_photo

    settings.MEDIA_ROOT = tmp_path / "media"
    group = services.process_group_create(
        actor=admin_user, organization=organization, title="G", hero_image=phone_photo()
    )
    with ProcessGroup.objects.get(pk=group.pk).hero_image.open("rb") as stored:
        assert leaks(stored.read()) == []
    services.process_group_update(actor=admin_user, group=group, hero_image=phone_photo("b.jpg"))
    group.refresh_from_db()
    assert group.hero_image.name.startswith("process_groups/")
    with group.hero_image.open("rb") as stored:
        assert leaks(stored.read()) == []
    kept = group.hero_image.name
    with pytest.raises(ValidationError) as caught:
        services.process_group_update(
            actor=admin_user, group=group, title="Autre", hero_image=cut_photo()
        )
    assert list(caught.value.message_dict) == ["hero_image"]
    group.refresh_from_db()
    assert group.hero_image.name == kept and group.title == {"fr": "G"}
