"""Writes of the pages component: create, change, delete and order pages.

Every function checks that the person may administer the component, validates everything
before writing, writes in one transaction and leaves an entry in the action log.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from palabre.components.pages.models import Page
from palabre.core.action_log import changed_fields
from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.validation import FieldErrors, clean_title_and_body


def _clean_page_fields(
    component: Component, *, title, body, image: UploadedFile | None, video_url: str
) -> dict:
    """Validate every field at once, so that a form shows all its errors together. A sent
    image comes back as the copy to store, without its metadata (a photo's location)."""
    errors = FieldErrors()
    cleaned = clean_title_and_body(
        component.space.organization, errors=errors, title=title, body=body, image=image
    )
    video_url = (video_url or "").strip()
    if len(video_url) > 500:
        errors.add("video_url", _("This address is too long (at most 500 characters)."))
    elif video_url:
        try:
            URLValidator(schemes=["http", "https"])(video_url)
        except ValidationError:
            errors.add("video_url", _("Enter a web address starting with https://."))
    cleaned["video_url"] = video_url
    errors.raise_if_any()
    return cleaned


def page_create(
    *,
    actor: User,
    component: Component,
    title: dict,
    body: dict | None = None,
    image: UploadedFile | None = None,
    video_url: str = "",
) -> Page:
    """Add a page at the end of the component's pages."""
    require(actor, "admin", component)
    cleaned = _clean_page_fields(
        component, title=title, body=body, image=image, video_url=video_url
    )
    with transaction.atomic():
        # Lock the component so that two pages created at once get distinct positions.
        Component.objects.select_for_update().get(pk=component.pk)
        last = component.pages.aggregate(m=Max("position"))["m"]
        page = Page(component=component, position=0 if last is None else last + 1, **cleaned)
        page.save()
        log_action(
            actor=actor,
            action="create",
            resource=page,
            space=component.space,
        )
    return page


def page_update(
    *,
    actor: User,
    page: Page,
    title: dict,
    body: dict,
    video_url: str,
    image: UploadedFile | None = None,
    remove_image: bool = False,
) -> Page:
    """Replace the texts and video of a page; `image` replaces the image, `remove_image`
    removes it (a new image wins when both are given).

    Texts and video have no default, so that leaving one out cannot wipe it by mistake.
    """
    component = page.component
    require(actor, "admin", component)
    cleaned = _clean_page_fields(
        component, title=title, body=body, image=image, video_url=video_url
    )
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        page.component = component
        changed = changed_fields(page, cleaned)
        for key, value in cleaned.items():
            setattr(page, key, value)
        if image is None and remove_image and page.image:
            page.image = None
            changed = sorted({*changed, "image"})
        page.save()
        log_action(
            actor=actor,
            action="update",
            resource=page,
            space=component.space,
            data={"fields": changed},
        )
    return page


def page_delete(*, actor: User, page: Page) -> None:
    component = page.component
    require(actor, "admin", component)
    with transaction.atomic():
        log_action(
            actor=actor,
            action="delete",
            resource=page,
            space=component.space,
        )
        page.delete()


def page_move(*, actor: User, page: Page, offset: int) -> None:
    """Move a page `offset` places up (negative) or down (positive) among its siblings.

    Positions are renumbered 0, 1, 2… each time, so gaps and ties left by deletions or by
    older data never make the order ambiguous.
    """
    component = page.component
    require(actor, "admin", component)
    with transaction.atomic():
        ids = list(
            Page.objects.select_for_update()
            .filter(component=component)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        if page.pk not in ids:
            raise ValidationError(_("This page does not belong to this component."))
        old_index = ids.index(page.pk)
        new_index = min(max(old_index + offset, 0), len(ids) - 1)
        ids.insert(new_index, ids.pop(old_index))
        for position, page_id in enumerate(ids):
            Page.objects.filter(pk=page_id).update(position=position)
        log_action(
            actor=actor,
            action="move",
            resource=page,
            space=component.space,
            data={"from": old_index, "to": new_index},
        )
