"""What the sections of the archive share: the address and title of the resources people
acted on (comments, follows, reports point at them by content type and id)."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from palabre.core.mail import organization_url
from palabre.core.resources import resource_title


def resources_of(pairs) -> dict[tuple[int, int], object]:
    """{(content type id, object id): object} for these pairs, one query per type."""
    wanted = defaultdict(set)
    for content_type_id, object_id in pairs:
        wanted[content_type_id].add(object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for object_id, row in model._default_manager.in_bulk(list(ids)).items():
            found[(content_type_id, object_id)] = row
    return found


def described(resource, organization) -> dict:
    """The title and the full address of a resource, or blanks when it is gone."""
    if resource is None:
        return {"about": "", "address": ""}
    url = getattr(resource, "get_absolute_url", None)
    return {
        "about": resource_title(resource),
        "address": organization_url(organization, url()) if url else "",
    }
