import pytest
from allauth.mfa.models import Authenticator

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import OrganizationFactory, SpaceFactory, UserFactory
from palabre.spaces.processes.models import ProcessGroup
from palabre.spaces.processes.tests.factories import ProcessGroupFactory


def with_two_factor(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(with_two_factor(admin_user))
    return client


def test_list_create_edit_delete(admin_client, organization):
    space = SpaceFactory(organization=organization, title={"fr": "Quartier"})
    assert admin_client.get("/admin/processes/").status_code == 200
    response = admin_client.get("/admin/processes/groups/new/")
    assert response.status_code == 200 and "Quartier" in response.text
    response = admin_client.post(
        "/admin/processes/groups/new/",
        {"title_fr": "Budgets", "title_en": "Budgets", "spaces": [space.pk]},
    )
    assert response.status_code == 302
    group = ProcessGroup.objects.get()
    assert list(group.spaces.all()) == [space]
    assert "Budgets" in admin_client.get("/admin/processes/").text
    response = admin_client.post(
        f"/admin/processes/groups/{group.pk}/", {"title_fr": "Renommé", "position": "3"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.title == {"fr": "Renommé"} and group.position == 3
    assert not group.spaces.exists()
    assert admin_client.get(f"/admin/processes/groups/{group.pk}/delete/").status_code == 200
    assert admin_client.post(f"/admin/processes/groups/{group.pk}/delete/").status_code == 302
    assert not ProcessGroup.objects.exists()


def test_missing_title_is_a_form_error(admin_client, organization):
    response = admin_client.post("/admin/processes/groups/new/", {"title_en": "English only"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not ProcessGroup.objects.exists()


def test_group_of_another_organization_is_not_found(admin_client):
    other = ProcessGroupFactory(organization=OrganizationFactory(host="other.example.org"))
    assert admin_client.get(f"/admin/processes/groups/{other.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "participant", "space_admin"])
def test_others_may_not_manage_groups(client, organization, who):
    group = ProcessGroupFactory(organization=organization)
    if who != "anonymous":
        person = with_two_factor(UserFactory(organization=organization))
        if who == "space_admin":
            SpaceRole.objects.create(
                space=SpaceFactory(organization=organization), user=person, role="admin"
            )
        client.force_login(person)
    for url in ("/admin/processes/", f"/admin/processes/groups/{group.pk}/"):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403)
    client.post(f"/admin/processes/groups/{group.pk}/delete/")
    assert ProcessGroup.objects.exists()


def test_admin_without_two_factor_is_sent_to_set_it_up(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/processes/")
    assert response.status_code == 302 and "/admin/processes/" not in response.url
