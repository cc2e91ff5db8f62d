"""Resources: the items inside components (a page, a post, a project, a proposal…).

Cross-cutting capabilities (comments, follows, notifications, moderation) point at any
resource through its content type and primary key. A resource is a model instance with a
`component` foreign key and a `get_absolute_url()`; its title is read from `title` when it
has one. These helpers are the one place that turns a resource into a reference and back.

A reference in an address names a row of the whole installation: every endpoint that takes
one resolves it with `resource_get_in_organization` (or `resource_for_request`), so that a
request acts only inside the organization of its host.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404

from palabre.core.translations import translated


@dataclass(frozen=True)
class ResourceRef:
    content_type_id: int
    object_id: int

    def as_string(self) -> str:
        return f"{self.content_type_id}-{self.object_id}"

    @classmethod
    def parse(cls, value: str) -> "ResourceRef | None":
        try:
            content_type_id, object_id = (int(part) for part in value.split("-", 1))
        except (ValueError, AttributeError):
            return None
        return cls(content_type_id, object_id)


def resource_ref(resource: models.Model) -> ResourceRef:
    content_type = ContentType.objects.get_for_model(resource)
    return ResourceRef(content_type.pk, resource.pk)


def resource_get(ref: ResourceRef) -> models.Model | None:
    """The resource a reference points at, or None (unknown type or deleted item).

    Visibility is not checked here: callers ask `can(user, "view", resource)`.
    """
    try:
        model = ContentType.objects.get_for_id(ref.content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not hasattr(model, "component"):
        return None
    items = model._default_manager.all()
    try:
        model._meta.get_field("component")
    except FieldDoesNotExist:
        # Some resources reach their component through another row (a budget's project
        # through its budget): `component` is then a property and loads on use.
        pass
    else:
        items = items.select_related("component__space__organization")
    return items.filter(pk=ref.object_id).first()


def organization_id_of(target: models.Model) -> int | None:
    """The id of the organization a resource (through its component's space) or a space
    belongs to; None for anything else."""
    from palabre.core.models import Space

    if isinstance(target, Space):
        return target.organization_id
    component = getattr(target, "component", None)
    space = getattr(component, "space", None)
    return getattr(space, "organization_id", None)


def resource_get_in_organization(
    *, organization, ref: "ResourceRef | str | None"
) -> models.Model | None:
    """The resource `ref` (a reference or its `<ct>-<id>` text) points at, when it belongs to
    `organization`; None otherwise, exactly as for a missing one, so that an organization's
    site tells nothing of another's resources.

    Visibility is not checked here either: callers ask `can(user, "view", resource)`.
    """
    if isinstance(ref, str):
        ref = ResourceRef.parse(ref)
    if ref is None or organization is None:
        return None
    resource = resource_get(ref)
    if resource is None or organization_id_of(resource) != organization.pk:
        return None
    return resource


def resource_for_request(request, ref: "ResourceRef | str | None") -> models.Model:
    """The resource `ref` points at inside the organization of the request's host; 404 when
    it is missing or belongs to another organization."""
    resource = resource_get_in_organization(
        organization=getattr(request, "organization", None), ref=ref
    )
    if resource is None:
        raise Http404
    return resource


def resource_title(resource: models.Model) -> str:
    return translated(getattr(resource, "title", None)) or str(resource)


def resource_space(resource: models.Model):
    return resource.component.space
