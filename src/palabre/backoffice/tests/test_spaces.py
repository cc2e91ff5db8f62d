import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palabre.backoffice.tests.conftest import client_for
from palabre.core.models import ActionLog, Space
from palabre.core.tests.factories import SpaceFactory


def space_data(**overrides):
    data = {
        "title_fr": "Budget participatif",
        "title_en": "Participatory budget",
        "slug": "budget-2026",
        "start_date": "2026-01-01",
        "end_date": "2026-06-30",
        "description_fr": "<p>Bonjour</p><script>alert(1)</script>",
        "metadata_objectives_fr": "Choisir des projets",
        "automatic_steps": "on",
    }
    data.update(overrides)
    return data


def png_upload(name="hero.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_create_a_process(admin_client, organization):
    response = admin_client.post("/admin/spaces/process/new/", space_data(hero_image=png_upload()))
    space = Space.objects.get(slug="budget-2026")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/spaces/{space.pk}/"
    assert space.title == {"fr": "Budget participatif", "en": "Participatory budget"}
    assert space.description == {"fr": "<p>Bonjour</p>"}  # the script is gone
    assert space.metadata == {"objectives": {"fr": "Choisir des projets"}}
    assert space.automatic_steps and not space.is_published
    assert space.hero_image.name.startswith("spaces/")
    assert ActionLog.objects.filter(action="create", space=space).exists()


def test_taken_slug_is_refused(admin_client, organization, process):
    response = admin_client.post("/admin/spaces/process/new/", space_data(slug=process.slug))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert Space.objects.filter(slug=process.slug).count() == 1


def test_end_before_start_is_refused(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/",
        space_data(slug=process.slug, start_date="2026-06-01", end_date="2026-01-01"),
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    process.refresh_from_db()
    assert process.end_date is None


def test_not_an_image_is_refused(admin_client, organization):
    fake = SimpleUploadedFile("hero.png", b"<html>not an image</html>", content_type="image/png")
    response = admin_client.post("/admin/spaces/process/new/", space_data(hero_image=fake))
    assert response.status_code == 200
    assert "hero_image" in response.context["form"].errors
    assert not Space.objects.filter(slug="budget-2026").exists()


def test_missing_title_is_refused(admin_client, organization):
    response = admin_client.post("/admin/spaces/process/new/", space_data(title_fr="", title_en=""))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Space.objects.exists()


def test_edit_a_space(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/",
        space_data(slug=process.slug, title_fr="Nouveau titre", private="on"),
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title["fr"] == "Nouveau titre"
    assert process.private


def test_publish_and_unpublish(admin_client, process):
    process.published_at = None
    process.save()
    admin_client.post(f"/admin/spaces/{process.pk}/publish/", {"published": "1"})
    process.refresh_from_db()
    assert process.is_published
    admin_client.post(f"/admin/spaces/{process.pk}/publish/", {"published": "0"})
    process.refresh_from_db()
    assert not process.is_published
    assert list(ActionLog.objects.filter(space=process).values_list("action", flat=True)) == [
        "unpublish",
        "publish",
    ]


def test_publish_needs_post(admin_client, process):
    assert admin_client.get(f"/admin/spaces/{process.pk}/publish/").status_code == 405


def test_delete_asks_for_confirmation(admin_client, process):
    assert admin_client.get(f"/admin/spaces/{process.pk}/delete/").status_code == 200
    assert Space.objects.filter(pk=process.pk).exists()
    response = admin_client.post(f"/admin/spaces/{process.pk}/delete/")
    assert response.status_code == 302
    assert not Space.objects.filter(pk=process.pk).exists()


def test_space_admin_cannot_delete(space_admin, process):
    assert client_for(space_admin).post(f"/admin/spaces/{process.pk}/delete/").status_code == 403
    assert Space.objects.filter(pk=process.pk).exists()


def test_space_admin_sees_only_own_spaces(space_admin, organization, process):
    other = SpaceFactory(organization=organization, kind="process", title={"fr": "Autre"})
    client = client_for(space_admin)
    response = client.get("/admin/spaces/process/")
    assert list(response.context["spaces"]) == [process]
    assert client.get(f"/admin/spaces/{other.pk}/").status_code == 404
    assert client.get(f"/admin/spaces/{process.pk}/").status_code == 200
    assert client.get("/admin/spaces/process/new/").status_code == 403


def test_collaborator_reads_but_cannot_write(collaborator, process):
    client = client_for(collaborator)
    response = client.get(f"/admin/spaces/{process.pk}/")
    assert response.status_code == 200
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert b'type="submit">Save' not in response.content
    response = client.post(
        f"/admin/spaces/{process.pk}/", space_data(slug=process.slug, title_fr="Piraté")
    )
    assert response.status_code == 403
    response = client.post(f"/admin/spaces/{process.pk}/publish/", {"published": "0"})
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.title["fr"] != "Piraté" and process.is_published


def test_space_of_another_organization_is_not_found(admin_client):
    from palabre.core.tests.factories import OrganizationFactory

    elsewhere = SpaceFactory(organization=OrganizationFactory(host="other.example.org"))
    assert admin_client.get(f"/admin/spaces/{elsewhere.pk}/").status_code == 404


def test_unknown_kind_is_not_found(admin_client):
    assert admin_client.get("/admin/spaces/unknown/").status_code == 404


def test_announcement_of_a_space(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/announcement/", {"announcement_fr": "<p>Réunion jeudi</p>"}
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.announcement == {"fr": "<p>Réunion jeudi</p>"}


@pytest.mark.parametrize("count", [1, 30])
def test_space_list_query_count_is_constant(
    admin_client, organization, count, django_assert_max_num_queries
):
    SpaceFactory.create_batch(count, organization=organization, kind="process")
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/spaces/process/")
    assert len(response.context["spaces"]) == count
