"""Writes of the pages component: rules, permissions, bad inputs and the action log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.components.pages import services
from palabre.components.pages.models import Page
from palabre.components.pages.tests.factories import PageFactory
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import SpaceRoleFactory, UserFactory, png_upload

pytestmark = pytest.mark.django_db

TITLE = {"fr": "Questions fréquentes", "en": "Frequently asked questions"}


def _people(space, organization, admin_user):
    return {
        "anonymous": None,
        "participant": UserFactory(organization=organization),
        "collaborator": SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user,
        "moderator": SpaceRoleFactory(space=space, role=SpaceRole.Role.MODERATOR).user,
        "space admin": SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user,
        "admin of another space": SpaceRoleFactory(
            space__organization=organization, role=SpaceRole.Role.ADMIN
        ).user,
        "organization admin": admin_user,
    }


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("participant", False),
        ("collaborator", False),
        ("moderator", False),
        ("admin of another space", False),
        ("space admin", True),
        ("organization admin", True),
    ],
)
def test_who_may_create_a_page(who, allowed, component, space, organization, admin_user):
    from django.contrib.auth.models import AnonymousUser

    actor = _people(space, organization, admin_user)[who] or AnonymousUser()
    if allowed:
        page = services.page_create(actor=actor, component=component, title=TITLE)
        assert page.title == TITLE
    else:
        with pytest.raises(PermissionDenied):
            services.page_create(actor=actor, component=component, title=TITLE)
        assert not Page.objects.exists()


def test_create_sanitizes_rich_text_and_logs(component, space_admin):
    body = {
        "fr": (
            '<p>Bonjour<script>alert(1)</script></p><img src="x.png" onerror="alert(2)">'
            '<a href="javascript:alert(3)">piège</a><a href="https://example.org">lien</a>'
        )
    }
    page = services.page_create(actor=space_admin, component=component, title=TITLE, body=body)
    page.refresh_from_db()
    html = page.body["fr"]
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert '<a href="https://example.org"' in html
    log = ActionLog.objects.get()
    assert (log.action, log.resource_type, log.resource_id) == ("create", "page", str(page.pk))
    assert log.user == space_admin and log.space == component.space


def test_pages_are_added_at_the_end(component, space_admin):
    first = services.page_create(actor=space_admin, component=component, title=TITLE)
    second = services.page_create(actor=space_admin, component=component, title=TITLE)
    assert (first.position, second.position) == (0, 1)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ({"en": "Only in English"}, "Title is required in"),
        ({}, "Title is required in"),
        ({"fr": "Titre", "de": "Titel"}, "Unknown language: de"),
        ({"fr": "x" * 201}, "too long"),
    ],
)
def test_bad_titles_are_refused_and_nothing_is_saved(title, message, component, space_admin):
    with pytest.raises(ValidationError) as error:
        services.page_create(actor=space_admin, component=component, title=title)
    assert message in " ".join(error.value.message_dict["title"])
    assert not Page.objects.exists()
    assert not ActionLog.objects.exists()


def test_not_an_image_is_refused_and_nothing_is_saved(component, space_admin, media_root):
    fake = SimpleUploadedFile("photo.png", b"not really a picture", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.page_create(actor=space_admin, component=component, title=TITLE, image=fake)
    assert "not an image" in error.value.message_dict["image"][0]
    assert not Page.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.png"))


def test_too_large_an_image_is_refused(component, space_admin, settings):
    settings.PALABRE_MAX_IMAGE_BYTES = 50
    with pytest.raises(ValidationError) as error:
        services.page_create(
            actor=space_admin, component=component, title=TITLE, image=png_upload(size=(64, 64))
        )
    assert "too large" in error.value.message_dict["image"][0]
    assert not Page.objects.exists()


def test_an_image_is_stored(component, space_admin):
    page = services.page_create(
        actor=space_admin, component=component, title=TITLE, image=png_upload()
    )
    assert page.image.name.startswith("pages/")


def test_a_bad_video_address_is_refused(component, space_admin):
    with pytest.raises(ValidationError) as error:
        services.page_create(
            actor=space_admin, component=component, title=TITLE, video_url="javascript:alert(1)"
        )
    assert "video_url" in error.value.message_dict
    assert not Page.objects.exists()


def test_update_replaces_texts_and_removes_the_image(component, space_admin):
    page = services.page_create(
        actor=space_admin, component=component, title=TITLE, image=png_upload()
    )
    services.page_update(
        actor=space_admin,
        page=page,
        title={"fr": "Règles"},
        body={"fr": "<p>Soyez <em>courtois</em></p>"},
        remove_image=True,
        video_url="https://vimeo.com/123456789",
    )
    page.refresh_from_db()
    assert page.title == {"fr": "Règles"}
    assert page.body == {"fr": "<p>Soyez <em>courtois</em></p>"}
    assert not page.image
    assert page.video_url == "https://vimeo.com/123456789"
    assert list(ActionLog.objects.values_list("action", flat=True)) == ["update", "create"]


def test_update_with_a_bad_title_changes_nothing(component, space_admin):
    page = PageFactory(component=component, title=TITLE)
    with pytest.raises(ValidationError):
        services.page_update(
            actor=space_admin, page=page, title={"en": "English only"}, body={}, video_url=""
        )
    page.refresh_from_db()
    assert page.title == TITLE
    assert not ActionLog.objects.exists()


def test_update_needs_admin(component, participant):
    page = PageFactory(component=component, title=TITLE)
    with pytest.raises(PermissionDenied):
        services.page_update(
            actor=participant, page=page, title={"fr": "Piraté"}, body={}, video_url=""
        )
    page.refresh_from_db()
    assert page.title == TITLE


def test_delete_logs_and_needs_admin(component, space_admin, participant):
    page = PageFactory(component=component)
    page_id = page.pk
    with pytest.raises(PermissionDenied):
        services.page_delete(actor=participant, page=page)
    assert Page.objects.exists()
    services.page_delete(actor=space_admin, page=page)
    assert not Page.objects.exists()
    log = ActionLog.objects.get()
    assert (log.action, log.resource_id) == ("delete", str(page_id))


def test_move_reorders_and_renumbers(component, space_admin):
    a, b, c = (PageFactory(component=component, position=p) for p in (0, 5, 5))
    services.page_move(actor=space_admin, page=c, offset=-1)
    assert list(Page.objects.filter(component=component)) == [a, c, b]
    assert list(Page.objects.values_list("position", flat=True)) == [0, 1, 2]
    services.page_move(actor=space_admin, page=a, offset=-1)  # already first: stays
    assert list(Page.objects.filter(component=component)) == [a, c, b]
    services.page_move(actor=space_admin, page=a, offset=1)
    assert list(Page.objects.filter(component=component)) == [c, a, b]


def test_move_needs_admin(component, participant):
    page = PageFactory(component=component)
    with pytest.raises(PermissionDenied):
        services.page_move(actor=participant, page=page, offset=1)


def test_a_page_photo_is_stored_without_its_location(component, space_admin):
    from palabre.core.tests.images import leaks, phone_photo

    page = services.page_create(
        actor=space_admin, component=component, title=TITLE, image=phone_photo("plan.jpg")
    )
    with Page.objects.get(pk=page.pk).image.open("rb") as stored:
        assert leaks(stored.read()) == []
    services.page_update(
        actor=space_admin,
        page=page,
        title=TITLE,
        body={},
        video_url="",
        image=phone_photo("again.jpg"),
    )
    page.refresh_from_db()
    assert page.image.name.startswith("pages/") and page.image.name.endswith(".jpg")
    with page.image.open("rb") as stored:
        assert leaks(stored.read()) == []


def test_a_page_photo_that_cannot_be_read_is_refused(component, space_admin):
    from palabre.core.tests.images import cut_photo

    with pytest.raises(ValidationError) as error:
        services.page_create(actor=space_admin, component=component, title=TITLE, image=cut_photo())
    assert list(error.value.message_dict) == ["image"]
    assert not Page.objects.exists()
    assert not ActionLog.objects.exists()
