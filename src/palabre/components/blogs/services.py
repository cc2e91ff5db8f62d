"""Writes of the blog component: create, change, publish and delete posts.

Every function checks that the person may administer the blog, validates everything before
writing, writes in one transaction and leaves an entry in the action log.
"""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.components.blogs.models import Post
from palabre.core.action_log import changed_fields
from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.validation import FieldErrors, clean_title_and_body


def _clean_post_fields(
    component: Component,
    *,
    title,
    body,
    image: UploadedFile | None,
    published_at: datetime.datetime | None,
) -> dict:
    """Validate every field at once, so that a form shows all its errors together. A sent
    image comes back as the copy to store, without its metadata (a photo's location)."""
    errors = FieldErrors()
    cleaned = clean_title_and_body(
        component.space.organization, errors=errors, title=title, body=body, image=image
    )
    if published_at is not None and (
        not isinstance(published_at, datetime.datetime) or timezone.is_naive(published_at)
    ):
        errors.add("published_at", _("Enter a date and a time."))
    cleaned["published_at"] = published_at
    errors.raise_if_any()
    return cleaned


def _log(actor: User, post: Post, action: str, data: dict | None = None) -> None:
    log_action(actor=actor, action=action, resource=post, space=post.component.space, data=data)


def post_create(
    *,
    actor: User,
    component: Component,
    title: dict,
    body: dict | None = None,
    image: UploadedFile | None = None,
    official: bool = True,
    published_at: datetime.datetime | None = None,
) -> Post:
    """Write a post: signed by the organization (`official`) or else by `actor`.

    Without `published_at` the post is a draft; with a future date it is scheduled.
    """
    require(actor, "admin", component)
    cleaned = _clean_post_fields(
        component, title=title, body=body, image=image, published_at=published_at
    )
    with transaction.atomic():
        post = Post(
            component=component,
            official=official,
            author=None if official else actor,
            **cleaned,
        )
        post.save()
        _log(actor, post, "create")
    return post


def post_update(
    *,
    actor: User,
    post: Post,
    title: dict,
    body: dict | None = None,
    official: bool,
    published_at: datetime.datetime | None,
    image: UploadedFile | None = None,
    remove_image: bool = False,
) -> Post:
    """Replace a post's content and publication date (`None` makes it a draft again).

    `official` and `published_at` have no default: leaving one out by mistake must not
    unpublish a post or change who signs it. A post signed by a person keeps its author when
    an administrator edits it.
    """
    component = post.component
    require(actor, "admin", component)
    cleaned = _clean_post_fields(
        component, title=title, body=body, image=image, published_at=published_at
    )
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        post.component = component
        changed = changed_fields(post, {**cleaned, "official": official})
        for key, value in cleaned.items():
            setattr(post, key, value)
        post.official = official
        if official:
            post.author = None
        elif post.author_id is None:
            post.author = actor
        if image is None and remove_image and post.image:
            post.image = None
            changed = sorted({*changed, "image"})
        post.save()
        _log(actor, post, "update", data={"fields": changed})
    return post


def post_publish(*, actor: User, post: Post) -> Post:
    """Publish a draft or a scheduled post now."""
    component = post.component
    require(actor, "admin", component)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        post.component = component
        if not post.is_published:
            post.published_at = timezone.now()
            post.save(update_fields=["published_at", "updated_at"])
            _log(actor, post, "publish")
    return post


def post_unpublish(*, actor: User, post: Post) -> Post:
    """Take a post (published or scheduled) back to draft."""
    component = post.component
    require(actor, "admin", component)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        post.component = component
        if post.published_at is not None:
            post.published_at = None
            post.save(update_fields=["published_at", "updated_at"])
            _log(actor, post, "unpublish")
    return post


def post_delete(*, actor: User, post: Post) -> None:
    require(actor, "admin", post.component)
    with transaction.atomic():
        _log(actor, post, "delete")
        post.delete()
