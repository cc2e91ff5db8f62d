import pytest

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import OrganizationFactory, UserFactory
from palabre.spaces.assemblies.models import AssemblyMember
from palabre.spaces.assemblies.tests.factories import AssemblyFactory, AssemblyMemberFactory
from palabre.spaces.processes.tests.test_admin_views import with_two_factor


@pytest.fixture
def assembly(organization):
    return AssemblyFactory(organization=organization, title={"fr": "Conseil des jeunes"})


def test_space_admin_manages_members(client, organization, assembly, user):
    admin = with_two_factor(UserFactory(organization=organization))
    SpaceRole.objects.create(space=assembly, user=admin, role="admin")
    other = AssemblyFactory(organization=organization, title={"fr": "Autre conseil"})
    client.force_login(admin)
    index = client.get("/admin/assemblies/").text
    assert "Conseil des jeunes" in index and "Autre conseil" not in index
    base = f"/admin/assemblies/{assembly.pk}/members/"
    assert client.get(base).status_code == 200
    response = client.post(
        f"{base}new/", {"full_name": "", "user_email": user.email, "role_fr": "Présidente"}
    )
    assert response.status_code == 302
    member = AssemblyMember.objects.get()
    assert member.user == user and member.role == {"fr": "Présidente"}
    assert user.display_name in client.get(base).text
    response = client.post(
        f"{base}{member.pk}/", {"full_name": "Ada", "ceased_at": "2025-01-31", "position": "2"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.user, str(member.ceased_at)) == ("Ada", None, "2025-01-31")
    assert client.post(f"{base}{member.pk}/delete/").status_code == 302
    assert not AssemblyMember.objects.exists()
    assert client.get(f"/admin/assemblies/{other.pk}/members/").status_code == 403


def test_bad_input_is_shown_and_changes_nothing(client, admin_user, assembly):
    client.force_login(with_two_factor(admin_user))
    base = f"/admin/assemblies/{assembly.pk}/members/"
    response = client.post(f"{base}new/", {"full_name": "", "user_email": ""})
    assert response.status_code == 200 and response.context["form"].errors["full_name"]
    response = client.post(f"{base}new/", {"user_email": "nobody@example.org"})
    assert response.context["form"].errors["user_email"]
    response = client.post(f"{base}new/", {"full_name": "Ada", "ceased_at": "not a date"})
    assert response.context["form"].errors["ceased_at"]
    assert not AssemblyMember.objects.exists()


def test_unknown_or_foreign_assembly_is_not_found(client, admin_user):
    client.force_login(with_two_factor(admin_user))
    foreign = AssemblyFactory(organization=OrganizationFactory(host="other.example.org"))
    member = AssemblyMemberFactory(assembly=foreign)
    assert client.get(f"/admin/assemblies/{foreign.pk}/members/").status_code == 404
    assert client.get(f"/admin/assemblies/999/members/{member.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["participant", "moderator"])
def test_others_may_not_manage_members(client, organization, assembly, who):
    person = with_two_factor(UserFactory(organization=organization))
    if who == "moderator":
        SpaceRole.objects.create(space=assembly, user=person, role="moderator")
    member = AssemblyMemberFactory(assembly=assembly)
    client.force_login(person)
    response = client.post(f"/admin/assemblies/{assembly.pk}/members/{member.pk}/delete/")
    assert response.status_code == 403
    assert AssemblyMember.objects.exists()
