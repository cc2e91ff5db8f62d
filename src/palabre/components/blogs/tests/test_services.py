"""Writes of the blog component: rules, permissions, bad inputs and the action log."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from palabre.components.blogs import services
from palabre.components.blogs.models import Post, PostState
from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import SpaceRoleFactory, png_upload

pytestmark = pytest.mark.django_db

TITLE = {"fr": "Le vote est ouvert", "en": "Voting is open"}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("participant", False),
        ("collaborator", False),
        ("moderator", False),
        ("space admin", True),
        ("organization admin", True),
    ],
)
def test_who_may_write_a_post(who, allowed, space, component, participant, admin_user):
    people = {
        "anonymous": AnonymousUser(),
        "participant": participant,
        "collaborator": SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user,
        "moderator": SpaceRoleFactory(space=space, role=SpaceRole.Role.MODERATOR).user,
        "space admin": SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user,
        "organization admin": admin_user,
    }
    if allowed:
        services.post_create(actor=people[who], component=component, title=TITLE)
        assert Post.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.post_create(actor=people[who], component=component, title=TITLE)
        assert not Post.objects.exists()


def test_a_new_post_is_an_official_draft_by_default(component, space_admin):
    post = services.post_create(actor=space_admin, component=component, title=TITLE)
    assert post.official and post.author is None
    assert post.state == PostState.DRAFT
    log = ActionLog.objects.get()
    assert (log.action, log.resource_type, log.user) == ("create", "post", space_admin)


def test_a_personal_post_is_signed_by_its_writer(component, space_admin):
    post = services.post_create(actor=space_admin, component=component, title=TITLE, official=False)
    assert not post.official and post.author == space_admin


def test_a_future_date_schedules_the_post(component, space_admin):
    post = services.post_create(
        actor=space_admin,
        component=component,
        title=TITLE,
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    assert post.state == PostState.SCHEDULED and not post.is_published


def test_rich_text_is_sanitized(component, space_admin):
    body = {
        "fr": '<p>Info<script>alert(1)</script></p><img src="a.png" onerror="alert(2)">'
        '<a href="javascript:alert(3)">ici</a>'
    }
    post = services.post_create(actor=space_admin, component=component, title=TITLE, body=body)
    post.refresh_from_db()
    html = post.body["fr"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert html.startswith("<p>Info</p>")


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"title": {"en": "English only"}}, "title", "Title is required in"),
        ({"title": {"fr": "Titre", "xx": "?"}}, "title", "Unknown language: xx"),
        ({"title": TITLE, "body": {"de": "<p>Hallo</p>"}}, "body", "Unknown language: de"),
        ({"title": TITLE, "published_at": "tomorrow"}, "published_at", "Enter a date"),
        (
            {"title": TITLE, "published_at": datetime.datetime(2030, 1, 1)},
            "published_at",
            "Enter a date",
        ),
    ],
)
def test_bad_inputs_are_refused_and_nothing_is_saved(component, space_admin, fields, key, message):
    with pytest.raises(ValidationError) as error:
        services.post_create(actor=space_admin, component=component, **fields)
    assert message in " ".join(error.value.message_dict[key])
    assert not Post.objects.exists()
    assert not ActionLog.objects.exists()


def test_images_are_validated(component, space_admin, settings):
    fake = SimpleUploadedFile("a.png", b"plain text", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.post_create(actor=space_admin, component=component, title=TITLE, image=fake)
    assert "not an image" in error.value.message_dict["image"][0]
    settings.PALABRE_MAX_IMAGE_BYTES = 50
    with pytest.raises(ValidationError) as error:
        services.post_create(
            actor=space_admin, component=component, title=TITLE, image=png_upload(size=(64, 64))
        )
    assert "too large" in error.value.message_dict["image"][0]
    assert not Post.objects.exists()


def test_update_keeps_a_personal_author_and_can_make_it_official(
    component, space_admin, admin_user
):
    post = PostFactory(component=component, official=False, author=space_admin)
    services.post_update(
        actor=admin_user,
        post=post,
        title={"fr": "Modifié"},
        official=False,
        published_at=post.published_at,
    )
    post.refresh_from_db()
    assert post.title == {"fr": "Modifié"} and post.author == space_admin
    services.post_update(
        actor=admin_user, post=post, title={"fr": "Officiel"}, official=True, published_at=None
    )
    post.refresh_from_db()
    assert post.official and post.author is None and post.state == PostState.DRAFT


def test_update_with_bad_input_changes_nothing(component, space_admin):
    post = PostFactory(component=component, title=TITLE)
    with pytest.raises(ValidationError):
        services.post_update(
            actor=space_admin, post=post, title={}, official=True, published_at=None
        )
    post.refresh_from_db()
    assert post.title == TITLE
    assert not ActionLog.objects.exists()


def test_publish_now_and_unpublish(component, space_admin, participant):
    post = PostFactory(component=component, published_at=timezone.now() + datetime.timedelta(1))
    with pytest.raises(PermissionDenied):
        services.post_publish(actor=participant, post=post)
    post = services.post_publish(actor=space_admin, post=post)
    assert post.is_published
    published_at = post.published_at
    services.post_publish(actor=space_admin, post=post)  # already published: unchanged
    post.refresh_from_db()
    assert post.published_at == published_at
    with pytest.raises(PermissionDenied):
        services.post_unpublish(actor=participant, post=post)
    post = services.post_unpublish(actor=space_admin, post=post)
    assert post.state == PostState.DRAFT
    assert list(ActionLog.objects.values_list("action", flat=True)) == ["unpublish", "publish"]


def test_delete(component, space_admin, participant):
    post = PostFactory(component=component)
    with pytest.raises(PermissionDenied):
        services.post_delete(actor=participant, post=post)
    services.post_delete(actor=space_admin, post=post)
    assert not Post.objects.exists()
    assert ActionLog.objects.get().action == "delete"


def test_a_post_photo_is_stored_without_its_location(component, space_admin):
    from palabre.core.tests.images import leaks, phone_photo

    post = services.post_create(
        actor=space_admin, component=component, title=TITLE, image=phone_photo("fete.jpg")
    )
    with Post.objects.get(pk=post.pk).image.open("rb") as stored:
        assert leaks(stored.read()) == []
    services.post_update(
        actor=space_admin,
        post=post,
        title=TITLE,
        official=True,
        published_at=None,
        image=phone_photo("again.jpg"),
    )
    post.refresh_from_db()
    assert post.image.name.startswith("posts/") and post.image.name.endswith(".jpg")
    with post.image.open("rb") as stored:
        assert leaks(stored.read()) == []


def test_a_post_photo_that_cannot_be_read_changes_nothing(component, space_admin):
    from palabre.core.tests.images import cut_photo

    post = PostFactory(component=component, title=TITLE)
    with pytest.raises(ValidationError) as error:
        services.post_update(
            actor=space_admin,
            post=post,
            title={"fr": "Modifié"},
            official=True,
            published_at=None,
            image=cut_photo(),
        )
    assert list(error.value.message_dict) == ["image"]
    post.refresh_from_db()
    assert post.title == TITLE and not post.image
    assert not ActionLog.objects.exists()
