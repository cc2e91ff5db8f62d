"""Reads of attachments: those of a resource, and one file a person may download."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from palabre.attachments.models import Attachment
from palabre.attachments.registry import is_enabled
from palabre.core.permissions import can
from palabre.core.resources import ResourceRef, resource_get_in_organization


def attachments_of(target: models.Model) -> list[Attachment]:
    """Every attachment of a resource, in their order, in one query."""
    content_type = ContentType.objects.get_for_model(target)
    return list(Attachment.objects.filter(content_type=content_type, object_id=target.pk))


def attachment_count(target: models.Model) -> int:
    content_type = ContentType.objects.get_for_model(target)
    return Attachment.objects.filter(content_type=content_type, object_id=target.pk).count()


def attachment_get_downloadable(*, user, organization, attachment_id: int) -> Attachment:
    """An attachment of the organization whose resource the person may see, not hidden by
    moderation, and whose attachments are on; else 404, exactly like a missing one, so that
    nothing tells a private resource exists."""
    from palabre.moderation.selectors import is_hidden

    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    resource = resource_get_in_organization(
        organization=organization,
        ref=ResourceRef(attachment.content_type_id, attachment.object_id),
    )
    if (
        resource is None
        or not can(user, "view", resource)
        or is_hidden(resource)
        or not is_enabled(resource)
    ):
        raise Http404
    attachment.resource = resource
    return attachment
