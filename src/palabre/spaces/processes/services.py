"""Writes of process groups: every change goes through here and is logged."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from palabre.core.action_log import changed_fields
from palabre.core.images import clean_image
from palabre.core.models import Organization, Space, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.spaces.processes.models import ProcessGroup

GROUP_FIELDS = {"title", "description", "hero_image", "space_ids", "position"}


def _clean_group_fields(organization: Organization, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - GROUP_FIELDS
    if unknown:
        raise ValueError(f"Not a process group field: {sorted(unknown)}")
    errors: dict[str, list] = {}
    cleaned = dict(fields)
    languages = organization.locales
    if "title" in fields:
        try:
            cleaned["title"] = clean_translations(
                fields["title"],
                languages=languages,
                required_language=organization.default_locale,
                max_length=200,
                field_label=_("Title"),
            )
        except ValidationError as error:
            errors["title"] = error.messages
    if "description" in fields:
        try:
            cleaned["description"] = clean_translations(
                fields["description"], languages=languages, rich=True, field_label=_("Description")
            )
        except ValidationError as error:
            errors["description"] = error.messages
    if fields.get("hero_image"):
        try:
            cleaned["hero_image"] = clean_image(fields["hero_image"])
        except ValidationError as error:
            errors["hero_image"] = error.messages
    if "space_ids" in fields:
        wanted = {int(pk) for pk in fields["space_ids"] or []}
        found = set(
            Space.objects.filter(
                organization=organization, kind="process", pk__in=wanted
            ).values_list("pk", flat=True)
        )
        if wanted - found:
            errors["space_ids"] = [_("Choose processes of this organization only.")]
        cleaned["space_ids"] = sorted(found)
    position = fields.get("position")
    if position is not None and (not isinstance(position, int) or position < 0):
        errors["position"] = [_("The position must be a whole number, 0 or more.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def process_group_create(
    *,
    actor: User,
    organization: Organization,
    title: dict | str,
    description: dict | str | None = None,
    hero_image=None,
    space_ids: list[int] | None = None,
    position: int | None = None,
) -> ProcessGroup:
    """Create a group of processes, shown on the processes list with its own page."""
    require(actor, "admin", organization)
    cleaned = _clean_group_fields(
        organization,
        {
            "title": title,
            "description": description or {},
            "hero_image": hero_image,
            "space_ids": space_ids or [],
            "position": position,
        },
    )
    with transaction.atomic():
        if cleaned["position"] is None:
            last = ProcessGroup.objects.filter(organization=organization).aggregate(
                m=Max("position")
            )["m"]
            cleaned["position"] = 0 if last is None else last + 1
        group = ProcessGroup(
            organization=organization,
            title=cleaned["title"],
            description=cleaned["description"],
            position=cleaned["position"],
        )
        if cleaned["hero_image"]:
            group.hero_image = cleaned["hero_image"]
        group.save()
        group.spaces.set(cleaned["space_ids"])
        log_action(
            actor=actor,
            organization=organization,
            action="create",
            resource=group,
            data={"spaces": cleaned["space_ids"]},
        )
    return group


def process_group_update(*, actor: User, group: ProcessGroup, **fields: Any) -> ProcessGroup:
    """Change some fields of a group; `space_ids` replaces its processes, `hero_image=False`
    removes its image."""
    organization = group.organization
    require(actor, "admin", organization)
    remove_image = fields.get("hero_image") is False
    if remove_image:
        fields = {k: v for k, v in fields.items() if k != "hero_image"}
    cleaned = _clean_group_fields(organization, fields)
    with transaction.atomic():
        group = ProcessGroup.objects.select_for_update().get(pk=group.pk)
        changed = changed_fields(
            group,
            {
                k: v
                for k, v in cleaned.items()
                if k in ("title", "description", "position") and v is not None
            },
        )
        if remove_image or cleaned.get("hero_image"):
            changed.append("hero_image")
        if "space_ids" in cleaned and set(cleaned["space_ids"]) != set(
            group.spaces.values_list("pk", flat=True)
        ):
            changed.append("space_ids")
        for key in ("title", "description", "position"):
            if key in cleaned and cleaned[key] is not None:
                setattr(group, key, cleaned[key])
        if remove_image:
            group.hero_image = ""
        elif cleaned.get("hero_image"):
            group.hero_image = cleaned["hero_image"]
        group.save()
        if "space_ids" in cleaned:
            group.spaces.set(cleaned["space_ids"])
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=group,
            data={"fields": sorted(changed)},
        )
    return group


def process_group_delete(*, actor: User, group: ProcessGroup) -> None:
    """Remove a group; its processes stay as they are."""
    organization = group.organization
    require(actor, "admin", organization)
    with transaction.atomic():
        log_action(actor=actor, organization=organization, action="delete", resource=group)
        group.delete()
