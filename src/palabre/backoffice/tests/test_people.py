from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.backoffice.tests.conftest import client_for
from palabre.core.models import SpaceMember, SpaceRole
from palabre.core.tests.factories import SpaceFactory, UserFactory


def test_give_and_remove_a_role(admin_client, process, organization):
    person = UserFactory(organization=organization, email="agent@example.org")
    url = f"/admin/spaces/{process.pk}/roles/"
    response = admin_client.post(url, {"email": "AGENT@example.org", "role": "moderator"})
    assert response.status_code == 302
    space_role = SpaceRole.objects.get(space=process, user=person)
    assert space_role.role == "moderator"
    admin_client.post(f"{url}{space_role.pk}/delete/")
    assert not SpaceRole.objects.filter(pk=space_role.pk).exists()


def test_unknown_email_gets_a_clear_error(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/roles/", {"email": "nobody@example.org", "role": "admin"}
    )
    assert response.status_code == 200
    assert "Nobody has an account" in response.context["form"].errors["email"][0]
    assert not SpaceRole.objects.filter(space=process).exists()


def test_collaborator_cannot_give_roles(collaborator, process, organization):
    UserFactory(organization=organization, email="agent@example.org")
    response = client_for(collaborator).post(
        f"/admin/spaces/{process.pk}/roles/", {"email": "agent@example.org", "role": "admin"}
    )
    assert response.status_code == 403


def test_members_page_exists_only_for_private_spaces(admin_client, process):
    assert admin_client.get(f"/admin/spaces/{process.pk}/members/").status_code == 404


def test_add_and_remove_a_member(admin_client, organization):
    space = SpaceFactory(organization=organization, private=True)
    person = UserFactory(organization=organization, email="resident@example.org")
    url = f"/admin/spaces/{space.pk}/members/"
    assert admin_client.post(url, {"email": "resident@example.org"}).status_code == 302
    member = SpaceMember.objects.get(space=space, user=person)
    admin_client.post(f"{url}{member.pk}/delete/")
    assert not SpaceMember.objects.filter(space=space).exists()


def test_csv_import_with_broken_lines_imports_nothing(admin_client, organization):
    space = SpaceFactory(organization=organization, private=True)
    UserFactory(organization=organization, email="known@example.org")
    data = b"email\nknown@example.org\nnot-an-email\nstranger@example.org\n"
    response = admin_client.post(
        f"/admin/spaces/{space.pk}/members/import/",
        {"file": SimpleUploadedFile("members.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 200
    lines = [line for line, _message in response.context["line_errors"]]
    assert lines == [3, 4]
    assert b"Line 3" in response.content and b"stranger@example.org" in response.content
    assert not SpaceMember.objects.filter(space=space).exists()


def test_csv_import(admin_client, organization):
    space = SpaceFactory(organization=organization, private=True)
    UserFactory(organization=organization, email="one@example.org")
    UserFactory(organization=organization, email="two@example.org")
    response = admin_client.post(
        f"/admin/spaces/{space.pk}/members/import/",
        {"file": SimpleUploadedFile("m.csv", b"email\none@example.org\ntwo@example.org\n")},
    )
    assert response.status_code == 302
    assert SpaceMember.objects.filter(space=space).count() == 2


def test_example_csv(admin_client, organization):
    space = SpaceFactory(organization=organization, private=True)
    response = admin_client.get(f"/admin/spaces/{space.pk}/members/example.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"email\n")
