"""Writes of per-action permissions: what an administrator requires for one action of a
component, or of one of its resources where the component allows it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications.action_permission_models import ActionPermission, clean_requirements


def configurable_resources(component: Component) -> list:
    """The resources of `component` that may have rules of their own (none for most)."""
    manifest = component.manifest
    if manifest is None or manifest.permission_resources is None:
        return []
    resources = list(manifest.permission_resources.list(component))
    for resource in resources:
        resource.component = component
    return resources


def _check_resource(component: Component, resource) -> None:
    """`resource` must be one the component lets have rules: of this component (hence of
    its organization), named by the manifest's own list."""
    manifest = component.manifest
    if manifest is None or manifest.permission_resources is None:
        raise ValidationError(_("This component has no resources with rules of their own."))
    owner = manifest.permission_resources.of(resource)
    if (
        owner is None
        or owner != (type(resource), resource.pk)
        or getattr(resource, "component_id", None) != component.pk
    ):
        raise ValidationError(_("This item cannot have rules of its own here."))


def action_permission_set(
    *,
    actor: User,
    component: Component,
    action: str,
    requirements: list[dict],
    resource=None,
) -> ActionPermission | None:
    """Require `requirements` (verification methods with their options, all of them) for
    `action` of `component`, or of its `resource`; none removes the rule. Only methods the
    organization offers may be required."""
    from django.contrib.contenttypes.models import ContentType

    from palabre.verifications.selectors import methods_enabled

    require(actor, "admin", component)
    manifest = component.manifest
    if manifest is None or action not in dict(manifest.actions):
        raise ValidationError(_("This component has no such action."))
    if resource is not None:
        _check_resource(component, resource)
    organization = component.space.organization
    allowed = {method.name for method in methods_enabled(organization)}
    requirements = clean_requirements(requirements, allowed=allowed)
    target = {"component": component, "action": action}
    if resource is not None:
        target.update(
            resource_type=ContentType.objects.get_for_model(resource), resource_id=resource.pk
        )
    else:
        target.update(resource_type__isnull=True)
    data = {
        "manifest": component.manifest_name,
        "action": action,
        "methods": [requirement["method"] for requirement in requirements],
        "requirements": requirements,
    }
    with transaction.atomic():
        existing = ActionPermission.objects.select_for_update().filter(**target).first()
        if not requirements:
            if existing is None:
                return None
            existing.delete()
            log_action(
                actor=actor,
                action="action_permission_clear",
                resource=resource if resource is not None else component,
                space=component.space,
                data=data,
            )
            return None
        if existing is None:
            existing = ActionPermission(
                component=component,
                action=action,
                resource_type=target.get("resource_type"),
                resource_id=target.get("resource_id"),
            )
        elif existing.requirements == requirements:
            return existing
        existing.requirements = requirements
        existing.updated_at = timezone.now()
        existing.save()
        log_action(
            actor=actor,
            action="action_permission_set",
            resource=resource if resource is not None else component,
            space=component.space,
            data=data,
        )
    return existing
