"""Writes of assembly members: every change goes through here and is logged."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from palabre.core.action_log import changed_fields
from palabre.core.models import Space, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.spaces.assemblies.models import AssemblyMember

MEMBER_FIELDS = {"full_name", "role", "user", "ceased_at", "position"}


def _clean_member_fields(assembly: Space, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - MEMBER_FIELDS
    if unknown:
        raise ValueError(f"Not an assembly member field: {sorted(unknown)}")
    errors: dict[str, list] = {}
    cleaned = dict(fields)
    if "user" in fields and fields["user"] is not None and fields["user"].is_deleted:
        errors["user"] = [_("This account was deleted.")]
    if "full_name" in fields:
        name = (fields["full_name"] or "").strip()
        if not name and fields.get("user") is not None:
            # A member linked to an account is shown under the name of that account.
            name = fields["user"].display_name
        if not name:
            errors["full_name"] = [_("The full name is required.")]
        elif len(name) > 200:
            errors["full_name"] = [_("The full name is too long (at most 200 characters).")]
        cleaned["full_name"] = name
    if "role" in fields:
        try:
            cleaned["role"] = clean_translations(
                fields["role"] or {},
                languages=assembly.organization.locales,
                max_length=200,
                field_label=_("Position"),
            )
        except ValidationError as error:
            errors["role"] = error.messages
    ceased_at = fields.get("ceased_at")
    if ceased_at is not None and not isinstance(ceased_at, datetime.date):
        errors["ceased_at"] = [_("Enter a valid date.")]
    position = fields.get("position")
    if position is not None and (not isinstance(position, int) or position < 0):
        errors["position"] = [_("The position must be a whole number, 0 or more.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_assembly(actor: User, assembly: Space) -> None:
    if assembly.kind != "assembly":
        raise ValidationError(_("Members can only be added to an assembly."))
    require(actor, "admin", assembly)


def assembly_member_create(
    *,
    actor: User,
    assembly: Space,
    full_name: str = "",
    role: dict | str | None = None,
    user: User | None = None,
    ceased_at: datetime.date | None = None,
    position: int | None = None,
) -> AssemblyMember:
    """Add a person to the public list of members of an assembly."""
    _require_assembly(actor, assembly)
    cleaned = _clean_member_fields(
        assembly,
        {
            "full_name": full_name,
            "role": role,
            "user": user,
            "ceased_at": ceased_at,
            "position": position,
        },
    )
    with transaction.atomic():
        if cleaned["position"] is None:
            last = AssemblyMember.objects.filter(assembly=assembly).aggregate(m=Max("position"))[
                "m"
            ]
            cleaned["position"] = 0 if last is None else last + 1
        member = AssemblyMember.objects.create(assembly=assembly, **cleaned)
        log_action(
            actor=actor,
            organization=assembly.organization,
            action="create",
            resource=member,
            space=assembly,
        )
    return member


def assembly_member_update(*, actor: User, member: AssemblyMember, **fields: Any) -> AssemblyMember:
    """Change some fields of a member (e.g. set `ceased_at` when they leave)."""
    assembly = member.assembly
    _require_assembly(actor, assembly)
    if "full_name" in fields and "user" not in fields:
        fields["user"] = member.user
    cleaned = _clean_member_fields(assembly, fields)
    with transaction.atomic():
        member = AssemblyMember.objects.select_for_update().get(pk=member.pk)
        if cleaned.get("position", 0) is None:
            del cleaned["position"]
        changed = changed_fields(member, cleaned)
        for key, value in cleaned.items():
            setattr(member, key, value)
        member.save()
        log_action(
            actor=actor,
            organization=assembly.organization,
            action="update",
            resource=member,
            space=assembly,
            data={"fields": changed},
        )
    return member


def assembly_member_delete(*, actor: User, member: AssemblyMember) -> None:
    """Remove a member from the list (to keep them as a former member, set `ceased_at`)."""
    assembly = member.assembly
    _require_assembly(actor, assembly)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=assembly.organization,
            action="delete",
            resource=member,
            space=assembly,
        )
        member.delete()
