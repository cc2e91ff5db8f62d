"""Backoffice views of the pages component, through the backoffice's own dispatcher."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.components.pages.models import Page
from palabre.components.pages.tests.factories import PageFactory
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceRoleFactory,
    png_upload,
    with_two_factor,
)

pytestmark = pytest.mark.django_db


def _valid(**extra) -> dict:
    return {
        "title_fr": "Règles",
        "title_en": "Rules",
        "body_fr": "<p>Soyez courtois<script>alert(1)</script></p>",
        "body_en": "",
        "video_url": "",
        **extra,
    }


@pytest.fixture
def people(space, organization, admin_user, participant, collaborator, space_admin):
    other_space_admin = SpaceRoleFactory(
        space__organization=organization, role=SpaceRole.Role.ADMIN
    ).user
    return {
        "participant": participant,
        "admin of another space": with_two_factor(other_space_admin),
        "collaborator": collaborator,
        "space admin": space_admin,
        "organization admin": with_two_factor(admin_user),
    }


@pytest.mark.parametrize(
    ("who", "index_status", "new_status"),
    [
        ("participant", 403, 403),
        ("admin of another space", 404, 404),
        ("collaborator", 200, 403),
        ("space admin", 200, 200),
        ("organization admin", 200, 200),
    ],
)
def test_who_may_see_and_write(signed_in, people, component, who, index_status, new_status):
    client = signed_in(people[who])
    PageFactory(component=component, title={"fr": "Foire aux questions"})
    index = client.get(component_admin_url(component))
    assert index.status_code == index_status
    if index_status == 200:
        assert "Foire aux questions" in index.content.decode()
        assert ("New page" in index.content.decode()) is (new_status == 200)
    assert client.get(component_admin_url(component, "page_new")).status_code == new_status
    client.post(component_admin_url(component, "page_new"), _valid())
    assert Page.objects.count() == (2 if new_status == 200 else 1)


def test_anonymous_people_are_sent_to_sign_in(client, component):
    response = client.get(component_admin_url(component))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_create_from_the_form(signed_in, space_admin, component):
    client = signed_in(space_admin)
    response = client.post(component_admin_url(component, "page_new"), _valid(image=png_upload()))
    assert response.status_code == 302
    assert response["Location"] == component_admin_url(component)
    page = Page.objects.get()
    assert page.title == {"fr": "Règles", "en": "Rules"}
    assert page.body == {"fr": "<p>Soyez courtois</p>"}
    assert page.image
    assert ActionLog.objects.filter(action="create", resource_type="page").count() == 1


def test_form_shows_one_input_per_organization_language(signed_in, space_admin, component):
    html = signed_in(space_admin).get(component_admin_url(component, "page_new")).content
    html = html.decode()
    assert 'name="title_fr"' in html and 'name="title_en"' in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        (_valid(title_fr=""), "Title is required in"),
        (_valid(video_url="not an address"), "Enter a valid URL"),
    ],
)
def test_create_with_bad_inputs_saves_nothing(signed_in, space_admin, component, data, field_error):
    response = signed_in(space_admin).post(component_admin_url(component, "page_new"), data)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not Page.objects.exists()
    assert not ActionLog.objects.exists()


def test_upload_that_is_not_an_image_saves_nothing(signed_in, space_admin, component):
    fake = SimpleUploadedFile("photo.png", b"not an image", content_type="image/png")
    response = signed_in(space_admin).post(
        component_admin_url(component, "page_new"), _valid(image=fake)
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Page.objects.exists()


def test_edit(signed_in, space_admin, component):
    page = PageFactory(component=component, title={"fr": "Ancien"})
    url = component_admin_url(component, "page_edit", pk=page.pk)
    client = signed_in(space_admin)
    assert 'value="Ancien"' in client.get(url).content.decode()
    response = client.post(url, _valid(title_fr="Nouveau"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == {"fr": "Nouveau", "en": "Rules"}


def test_edit_with_a_missing_title_changes_nothing(signed_in, space_admin, component):
    page = PageFactory(component=component, title={"fr": "Ancien"})
    url = component_admin_url(component, "page_edit", pk=page.pk)
    response = signed_in(space_admin).post(url, _valid(title_fr="", title_en="Only English"))
    assert response.status_code == 200
    assert "Title is required in" in response.content.decode()
    page.refresh_from_db()
    assert page.title == {"fr": "Ancien"}


def test_a_page_of_another_component_is_a_404(signed_in, space_admin, space, component):
    other = PageFactory(component=ComponentFactory(space=space, manifest_name="pages"))
    client = signed_in(space_admin)
    assert client.get(component_admin_url(component, "page_edit", pk=other.pk)).status_code == 404
    response = client.post(component_admin_url(component, "page_delete", pk=other.pk))
    assert response.status_code == 404
    assert Page.objects.filter(pk=other.pk).exists()


def test_delete_asks_then_deletes(signed_in, space_admin, collaborator, component):
    page = PageFactory(component=component)
    url = component_admin_url(component, "page_delete", pk=page.pk)
    assert signed_in(collaborator).post(url).status_code == 403
    client = signed_in(space_admin)
    assert client.get(url).status_code == 200
    assert Page.objects.exists()
    assert client.post(url).status_code == 302
    assert not Page.objects.exists()


def test_move(signed_in, space_admin, collaborator, component):
    first, second = PageFactory(component=component), PageFactory(component=component)
    url = component_admin_url(component, "page_move", pk=second.pk)
    assert signed_in(collaborator).post(url, {"direction": "up"}).status_code == 403
    client = signed_in(space_admin)
    assert client.get(url).status_code == 405
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    assert list(Page.objects.filter(component=component)) == [first, second]
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert list(Page.objects.filter(component=component)) == [second, first]
