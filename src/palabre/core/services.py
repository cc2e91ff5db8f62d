"""Writes of the core. Every change to organizations, spaces, steps, components, roles and
members goes through one of these functions, whatever asked for it (backoffice, command,
API). Each checks permissions, validates, writes in one transaction and logs the action.
"""

import csv
import datetime
import io
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.action_log import changed_fields
from palabre.core.images import clean_image
from palabre.core.models import (
    ActionLog,
    Component,
    Organization,
    OrganizationAdmin,
    Space,
    SpaceMember,
    SpaceRole,
    Step,
    User,
)
from palabre.core.permissions import forget_roles, require
from palabre.core.registry import components as component_registry
from palabre.core.registry import organization_setups, space_types
from palabre.core.settings_schema import validate_settings
from palabre.core.translations import clean_translations, language_codes, translated


# Action log -----------------------------------------------------------------
def log_action(
    *,
    actor: User | None,
    action: str,
    organization: Organization | None = None,
    resource: Any = None,
    resource_type: str = "",
    space: Space | None = None,
    data: dict | None = None,
) -> ActionLog:
    """Record who did what on which resource; called inside the writing transaction.

    The organization defaults to the space's, so resources of a space only name the space.
    `action` names a sentence registered in a `log_actions.py` (see `core.action_log`); an
    update gives the names of the fields it changed as `data={"fields": […]}`. The item is
    labelled in the organization's default language, whoever's language the request was in.
    """
    if organization is None:
        organization = space.organization
    if resource is not None and not resource_type:
        resource_type = resource._meta.model_name
    label = ""
    if resource is not None:
        label = translated(
            getattr(resource, "title", None) or getattr(resource, "name", None),
            organization.default_locale,
        )
        label = label or str(resource)
    return ActionLog.objects.create(
        organization=organization,
        user=actor if actor and actor.is_authenticated else None,
        action=action,
        resource_type=resource_type,
        resource_id=str(resource.pk) if resource is not None and resource.pk else "",
        resource_label=label[:255],
        space=space,
        data=data or {},
    )


# Organizations --------------------------------------------------------------
ORGANIZATION_FIELDS = {
    "name",
    "reference_prefix",
    "default_locale",
    "available_locales",
    "time_zone",
    "currency",
    "contact_email",
    "logo",
    "primary_color",
    "secondary_color",
    "description",
    "announcement",
    "staff_idle_minutes",
    "participant_idle_minutes",
}


def _clean_logo(fields: dict) -> dict[str, list]:
    """Replace an uploaded logo by the copy to store, without its metadata. A refused logo
    is left out of `fields` and its errors returned, to be shown with the others."""
    if not fields.get("logo"):
        return {}
    try:
        fields["logo"] = clean_image(fields["logo"])
    except ValidationError as error:
        del fields["logo"]
        return {"logo": error.messages}
    return {}


def _full_clean_organization(organization: Organization, errors: dict[str, list]) -> None:
    try:
        organization.full_clean()
    except ValidationError as error:
        errors = error.message_dict | errors
    if errors:
        raise ValidationError(errors)


def _clean_locales(default_locale: str, available: list[str]) -> list[str]:
    known = language_codes()
    unknown = [code for code in available if code not in known]
    if unknown or default_locale not in known:
        raise ValidationError(
            {
                "available_locales": _("Unknown language: %(codes)s.")
                % {"codes": ", ".join(unknown or [default_locale])}
            }
        )
    if default_locale not in available:
        raise ValidationError(
            {"default_locale": _("The default language must be one of the available languages.")}
        )
    return [code for code in known if code in available]


def organization_create(
    *,
    host: str,
    name: str,
    reference_prefix: str | None = None,
    default_locale: str = "fr",
    available_locales: list[str] | None = None,
    admin: User | None = None,
    **fields: Any,
) -> Organization:
    """Create a tenant reached at `host` (used by `palabre organization create`)."""
    host = host.strip().lower()
    if Organization.objects.filter(host=host).exists():
        raise ValidationError(
            {"host": _("An organization already answers at %(host)s.") % {"host": host}}
        )
    # "Ville de Dée" → "VILLEDED": accents dropped, at least two characters, as the rule wants.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    letters = "".join(ch for ch in ascii_name.upper() if ch.isalnum())[:8]
    prefix = reference_prefix or (letters or "ORG").ljust(2, "X")
    logo_errors = _clean_logo(fields)
    organization = Organization(
        host=host,
        name=name.strip(),
        reference_prefix=prefix,
        default_locale=default_locale,
        available_locales=_clean_locales(default_locale, available_locales or language_codes()),
        **fields,
    )
    _full_clean_organization(organization, logo_errors)
    with transaction.atomic():
        organization.save()
        if admin is not None:
            OrganizationAdmin.objects.create(organization=organization, user=admin)
        log_action(actor=admin, organization=organization, action="create", resource=organization)
        for setup in organization_setups:
            setup(organization=organization)
    return organization


def organization_update(*, actor: User, organization: Organization, **fields: Any) -> Organization:
    require(actor, "admin", organization)
    unknown = set(fields) - ORGANIZATION_FIELDS
    if unknown:
        raise ValueError(f"Not an organization setting: {sorted(unknown)}")
    default_locale = fields.get("default_locale", organization.default_locale)
    available = fields.get("available_locales", organization.available_locales)
    fields["available_locales"] = _clean_locales(default_locale, available)
    if "currency" in fields:
        fields["currency"] = str(fields["currency"] or "").strip().upper()
    for key in ("description", "announcement"):
        if key in fields:
            fields[key] = clean_translations(
                fields[key], languages=fields["available_locales"], rich=True
            )
    logo_errors = _clean_logo(fields)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        changed = sorted(k for k, v in fields.items() if getattr(organization, k) != v)
        for key, value in fields.items():
            setattr(organization, key, value)
        _full_clean_organization(organization, logo_errors)
        organization.save()
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=organization,
            data={"fields": changed},
        )
    return organization


def organization_admin_add(*, actor: User | None, organization: Organization, user: User) -> None:
    if actor is not None:
        require(actor, "admin", organization)
    with transaction.atomic():
        _, created = OrganizationAdmin.objects.get_or_create(organization=organization, user=user)
        if created:
            log_action(
                actor=actor,
                organization=organization,
                action="add_admin",
                resource=user,
                resource_type="user",
            )
    forget_roles(user)


def organization_admin_remove(*, actor: User, organization: Organization, user: User) -> None:
    """Take the organization's administration from `user`; never from oneself (someone else
    does it), so that the organization always keeps an administrator who can act."""
    require(actor, "admin", organization)
    if user.pk == actor.pk:
        raise ValidationError(
            _("You cannot remove yourself: ask another administrator of the organization.")
        )
    with transaction.atomic():
        deleted, _count = OrganizationAdmin.objects.filter(
            organization=organization, user=user
        ).delete()
        if deleted:
            log_action(
                actor=actor,
                organization=organization,
                action="remove_admin",
                resource=user,
                resource_type="user",
            )
    forget_roles(user)


# Spaces ---------------------------------------------------------------------
SPACE_TRANSLATED_FIELDS = ("title", "subtitle", "short_description", "description", "announcement")
SPACE_PLAIN_FIELDS = (
    "slug", "reference_code", "start_date", "end_date", "promoted", "private", "transparent",
    "automatic_steps", "position", "hero_image",
)  # fmt: skip


def _clean_space_fields(organization: Organization, kind: str, fields: dict) -> dict:
    space_type = space_types.get(kind)
    if space_type is None:
        raise ValidationError({"kind": _("Unknown kind of space.")})
    unknown = set(fields) - set(SPACE_TRANSLATED_FIELDS) - set(SPACE_PLAIN_FIELDS) - {"metadata"}
    if unknown:
        raise ValueError(f"Not a space field: {sorted(unknown)}")
    errors: dict[str, list] = {}
    cleaned = dict(fields)
    languages = organization.locales
    rich = {"short_description", "description", "announcement"}
    for key in SPACE_TRANSLATED_FIELDS:
        if key in fields:
            try:
                cleaned[key] = clean_translations(
                    fields[key],
                    languages=languages,
                    required_language=organization.default_locale if key == "title" else None,
                    rich=key in rich,
                    max_length=200 if key in {"title", "subtitle"} else None,
                    field_label=str(Space._meta.get_field(key).verbose_name).capitalize(),
                )
            except ValidationError as error:
                errors[key] = error.messages
    if "metadata" in fields:
        allowed = {key for key, _label in space_type.metadata_fields}
        metadata = {}
        for key, value in (fields["metadata"] or {}).items():
            if key not in allowed:
                errors.setdefault("metadata", []).append(_("Unknown metadata field: %s") % key)
                continue
            try:
                value = clean_translations(value, languages=languages, rich=False)
            except ValidationError as error:
                errors.setdefault(f"metadata_{key}", []).extend(error.messages)
                continue
            if value:
                metadata[key] = value
        cleaned["metadata"] = metadata
    if fields.get("hero_image"):
        try:
            cleaned["hero_image"] = clean_image(fields["hero_image"])
        except ValidationError as error:
            errors["hero_image"] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_space(space: Space) -> None:
    """Validate and save; turn a taken slug into a clear message instead of a crash."""
    if space.start_date and space.end_date and space.end_date < space.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    try:
        space.full_clean(exclude=["organization", "hero_image"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    taken = Space.objects.filter(
        organization_id=space.organization_id, kind=space.kind, slug=space.slug
    ).exclude(pk=space.pk)
    if taken.exists():
        raise ValidationError({"slug": _("This short name is already used by another space.")})
    try:
        with transaction.atomic():
            space.save()
    except IntegrityError as error:
        # Two admins saving the same slug at once: the database constraint decides.
        raise ValidationError(
            {"slug": _("This short name is already used by another space.")}
        ) from error


def space_create(*, actor: User, organization: Organization, kind: str, **fields: Any) -> Space:
    """Create an unpublished space of a registered kind."""
    require(actor, "admin", organization)
    cleaned = _clean_space_fields(organization, kind, fields)
    if not cleaned.get("title"):
        raise ValidationError({"title": _("The title is required.")})
    space = Space(organization=organization, kind=kind, **cleaned)
    if not space.position:
        last = Space.objects.filter(organization=organization, kind=kind).aggregate(
            m=Max("position")
        )
        space.position = (last["m"] or 0) + 1
    with transaction.atomic():
        _save_space(space)
        log_action(
            actor=actor, organization=organization, action="create", resource=space, space=space
        )
    return space


def space_update(*, actor: User, space: Space, **fields: Any) -> Space:
    require(actor, "admin", space)
    cleaned = _clean_space_fields(space.organization, space.kind, fields)
    with transaction.atomic():
        space = Space.objects.select_for_update().get(pk=space.pk)
        changed = changed_fields(space, cleaned)
        for key, value in cleaned.items():
            setattr(space, key, value)
        _save_space(space)
        log_action(
            actor=actor,
            organization=space.organization,
            action="update",
            resource=space,
            space=space,
            data={"fields": changed},
        )
    return space


def space_set_published(*, actor: User, space: Space, published: bool) -> Space:
    require(actor, "admin", space)
    with transaction.atomic():
        space = Space.objects.select_for_update().get(pk=space.pk)
        if published and not space.published_at:
            space.published_at = timezone.now()
        elif not published:
            space.published_at = None
        space.save(update_fields=["published_at", "updated_at"])
        log_action(
            actor=actor,
            organization=space.organization,
            action="publish" if published else "unpublish",
            resource=space,
            space=space,
        )
    return space


def space_delete(*, actor: User, space: Space) -> None:
    require(actor, "admin", space.organization)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=space.organization,
            action="delete",
            resource=space,
        )
        space.delete()


# Steps ----------------------------------------------------------------------
def _clean_step_fields(space: Space, fields: dict) -> dict:
    errors: dict[str, list] = {}
    cleaned = dict(fields)
    languages = space.organization.locales
    specs = {
        "title": {"required_language": space.organization.default_locale, "max_length": 200},
        "description": {"rich": True},
        "cta_text": {"max_length": 80},
    }
    for key, options in specs.items():
        if key in fields:
            try:
                cleaned[key] = clean_translations(
                    fields[key],
                    languages=languages,
                    field_label=str(Step._meta.get_field(key).verbose_name).capitalize(),
                    **options,
                )
            except ValidationError as error:
                errors[key] = error.messages
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        errors["end_date"] = [_("The step ends before it starts.")]
    if cleaned.get("cta_path") and not str(cleaned["cta_path"]).startswith("/"):
        errors["cta_path"] = [_("Enter an address on this site, starting with /.")]
    unknown = set(fields) - {
        "title",
        "description",
        "cta_text",
        "cta_path",
        "start_date",
        "end_date",
        "position",
    }
    if unknown:
        raise ValueError(f"Not a step field: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)
    return cleaned


def step_create(*, actor: User, space: Space, **fields: Any) -> Step:
    require(actor, "admin", space)
    if not space.space_type or not space.space_type.has_steps:
        raise ValidationError(_("This kind of space has no steps."))
    cleaned = _clean_step_fields(space, fields)
    if not cleaned.get("title"):
        raise ValidationError({"title": _("The title is required.")})
    with transaction.atomic():
        Space.objects.select_for_update().get(pk=space.pk)
        if "position" not in cleaned:
            last = space.steps.aggregate(m=Max("position"))["m"]
            cleaned["position"] = 0 if last is None else last + 1
        step = Step.objects.create(space=space, **cleaned)
        log_action(
            actor=actor,
            organization=space.organization,
            action="create",
            resource=step,
            space=space,
        )
    return step


def step_update(*, actor: User, step: Step, **fields: Any) -> Step:
    space = step.space
    require(actor, "admin", space)
    merged = {"start_date": step.start_date, "end_date": step.end_date, **fields}
    cleaned = _clean_step_fields(space, merged)
    with transaction.atomic():
        step = Step.objects.select_for_update().get(pk=step.pk)
        changed = changed_fields(step, cleaned)
        for key, value in cleaned.items():
            setattr(step, key, value)
        step.save()
        log_action(
            actor=actor,
            organization=space.organization,
            action="update",
            resource=step,
            space=space,
            data={"fields": changed},
        )
    return step


def step_delete(*, actor: User, step: Step) -> None:
    space = step.space
    require(actor, "admin", space)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=space.organization,
            action="delete",
            resource=step,
            space=space,
        )
        for component in space.components.all():
            steps = (component.settings or {}).get("steps", {})
            if str(step.pk) in steps:
                del steps[str(step.pk)]
                component.save(update_fields=["settings"])
        step.delete()


def _activate(space: Space, step: Step | None) -> bool:
    """Make `step` the only active step of `space`; return whether anything changed.

    The space row is locked first so two activations of one space run one after the other;
    the partial unique index would refuse a second active step anyway.
    """
    Space.objects.select_for_update().get(pk=space.pk)
    current = space.steps.filter(active=True).first()
    if current == step:
        return False
    if current is not None:
        Step.objects.filter(pk=current.pk).update(active=False)
    if step is not None:
        Step.objects.filter(pk=step.pk).update(active=True)
    return True


def step_activate(*, actor: User, step: Step) -> Step:
    """Set the active step by hand (the space stops following the calendar)."""
    space = step.space
    require(actor, "admin", space)
    with transaction.atomic():
        _activate(space, step)
        Space.objects.filter(pk=space.pk).update(automatic_steps=False)
        log_action(
            actor=actor,
            organization=space.organization,
            action="activate",
            resource=step,
            space=space,
        )
    step.refresh_from_db()
    return step


def step_for_date(steps: list[Step], today: datetime.date) -> Step | None:
    """The step whose dates contain `today`; the later one when two overlap."""
    current = [
        s
        for s in steps
        if (s.start_date is None or s.start_date <= today)
        and (s.end_date is None or s.end_date >= today)
        and (s.start_date or s.end_date)
    ]
    return current[-1] if current else None


def steps_activate_by_calendar(*, today: datetime.date | None = None) -> int:
    """For every space that follows the calendar, activate the step of today.

    Idempotent: running it twice changes nothing the second time. Returns how many spaces
    changed active step.
    """
    today = today or timezone.localdate()
    changed = 0
    for space in Space.objects.filter(automatic_steps=True).select_related("organization"):
        steps = list(space.steps.order_by("position", "start_date", "id"))
        target = step_for_date(steps, today)
        with transaction.atomic():
            if _activate(space, target):
                changed += 1
                log_action(
                    actor=None,
                    organization=space.organization,
                    action="activate_by_calendar",
                    resource=target,
                    resource_type="step",
                    space=space,
                )
    return changed


def steps_reorder(*, actor: User, space: Space, step_ids: list[int]) -> None:
    require(actor, "admin", space)
    with transaction.atomic():
        known = set(space.steps.values_list("pk", flat=True))
        if set(step_ids) != known:
            raise ValidationError(_("The new order must list every step of the space once."))
        for position, step_id in enumerate(step_ids):
            Step.objects.filter(pk=step_id).update(position=position)
        log_action(
            actor=actor,
            organization=space.organization,
            action="reorder_steps",
            resource=space,
            space=space,
        )


# Components -----------------------------------------------------------------
def component_create(
    *, actor: User, space: Space, manifest_name: str, name: dict | None = None
) -> Component:
    """Add an unpublished component of a registered type, with its default settings."""
    require(actor, "admin", space)
    manifest = component_registry.get(manifest_name)
    if manifest is None:
        raise ValidationError({"manifest_name": _("Unknown component type.")})
    languages = space.organization.locales
    name = clean_translations(
        name or {code: str(_translate_in(manifest.label, code)) for code in languages},
        languages=languages,
        required_language=space.organization.default_locale,
        max_length=200,
        field_label=_("Name"),
    )
    step_ids = list(space.steps.values_list("pk", flat=True))
    settings = validate_settings(manifest, {}, step_ids=step_ids, languages=languages)
    with transaction.atomic():
        last = space.components.aggregate(m=Max("position"))["m"]
        component = Component.objects.create(
            space=space,
            manifest_name=manifest_name,
            name=name,
            settings=settings,
            position=0 if last is None else last + 1,
        )
        if manifest.on_create:
            manifest.on_create(component)
        log_action(
            actor=actor,
            organization=space.organization,
            action="create",
            resource=component,
            space=space,
            data={"type": manifest_name},
        )
    return component


def _translate_in(text, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(text)


def _settings_changes(component: Component, new: dict, steps: list[Step]) -> list[dict]:
    """The settings `new` changes, for the log: each by its name, with the step of a step
    setting ("default" for the values used without an active step, else the step's title)."""
    manifest = component.manifest
    old = component.settings or {}

    def value(data: dict, path: tuple[str, ...], setting) -> Any:
        for key in path:
            data = data.get(key) or {}
        return data.get(setting.name, setting.default)

    changes = [
        {"name": setting.name}
        for setting in manifest.global_settings
        if value(old, ("global",), setting) != value(new, ("global",), setting)
    ]
    groups = [(("default_step",), "default")]
    groups += [(("steps", str(step.pk)), step.title) for step in steps]
    for path, step in groups:
        changes += [
            {"name": setting.name, "step": step}
            for setting in manifest.step_settings
            if value(old, path, setting) != value(new, path, setting)
        ]
    return changes


def component_update(
    *, actor: User, component: Component, name: dict | None = None, settings: dict | None = None
) -> Component:
    """Rename a component and/or replace its settings (validated against the manifest)."""
    space = component.space
    require(actor, "admin", space)
    languages = space.organization.locales
    with transaction.atomic():
        component = Component.objects.select_for_update().get(pk=component.pk)
        data: dict[str, Any] = {"fields": [], "manifest": component.manifest_name}
        if name is not None:
            name = clean_translations(
                name,
                languages=languages,
                required_language=space.organization.default_locale,
                max_length=200,
                field_label=_("Name"),
            )
            data["fields"] = changed_fields(component, {"name": name})
            component.name = name
        if settings is not None:
            steps = list(space.steps.order_by("position", "pk"))
            settings = validate_settings(
                component.manifest,
                settings,
                step_ids=[step.pk for step in steps],
                languages=languages,
            )
            data["settings"] = _settings_changes(component, settings, steps)
            component.settings = settings
        component.save()
        log_action(
            actor=actor,
            organization=space.organization,
            action="update",
            resource=component,
            space=space,
            data=data,
        )
    return component


def component_set_published(*, actor: User, component: Component, published: bool) -> Component:
    space = component.space
    require(actor, "admin", space)
    with transaction.atomic():
        component = Component.objects.select_for_update().get(pk=component.pk)
        if published and not component.published_at:
            component.published_at = timezone.now()
        elif not published:
            component.published_at = None
        component.save(update_fields=["published_at"])
        log_action(
            actor=actor,
            organization=space.organization,
            action="publish" if published else "unpublish",
            resource=component,
            space=space,
        )
    return component


def component_delete(*, actor: User, component: Component) -> None:
    space = component.space
    require(actor, "admin", space)
    with transaction.atomic():
        # Read the row under lock: the caller's copy may predate a publication.
        component = Component.objects.select_for_update().get(pk=component.pk)
        if component.is_published:
            raise ValidationError(_("Unpublish the component before removing it."))
        log_action(
            actor=actor,
            organization=space.organization,
            action="delete",
            resource=component,
            space=space,
        )
        component.delete()


def components_reorder(*, actor: User, space: Space, component_ids: list[int]) -> None:
    require(actor, "admin", space)
    with transaction.atomic():
        known = set(space.components.values_list("pk", flat=True))
        if set(component_ids) != known:
            raise ValidationError(_("The new order must list every component of the space once."))
        for position, component_id in enumerate(component_ids):
            Component.objects.filter(pk=component_id).update(position=position)
        log_action(
            actor=actor,
            organization=space.organization,
            action="reorder_components",
            resource=space,
            space=space,
        )


# Roles and members ----------------------------------------------------------
def space_role_add(*, actor: User, space: Space, user: User, role: str) -> SpaceRole:
    require(actor, "admin", space)
    if role not in SpaceRole.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        space_role, created = SpaceRole.objects.get_or_create(space=space, user=user, role=role)
        if created:
            log_action(
                actor=actor,
                organization=space.organization,
                action="add_role",
                resource=user,
                resource_type="user",
                space=space,
                data={"role": role},
            )
    forget_roles(user)
    return space_role


def space_role_remove(*, actor: User, space_role: SpaceRole) -> None:
    space = space_role.space
    require(actor, "admin", space)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=space.organization,
            action="remove_role",
            resource=space_role.user,
            resource_type="user",
            space=space,
            data={"role": space_role.role},
        )
        space_role.delete()


def space_member_add(*, actor: User, space: Space, user: User) -> SpaceMember:
    require(actor, "admin", space)
    with transaction.atomic():
        member, created = SpaceMember.objects.get_or_create(space=space, user=user)
        if created:
            log_action(
                actor=actor,
                organization=space.organization,
                action="add_member",
                resource=user,
                resource_type="user",
                space=space,
            )
    forget_roles(user)
    return member


def space_member_remove(*, actor: User, member: SpaceMember) -> None:
    space = member.space
    require(actor, "admin", space)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=space.organization,
            action="remove_member",
            resource=member.user,
            resource_type="user",
            space=space,
        )
        member.delete()


class CsvImportError(ValidationError):
    """A CSV refused as a whole; `line_errors` lists (line number, message)."""

    def __init__(self, line_errors: list[tuple[int, str]]):
        self.line_errors = line_errors
        super().__init__([f"{_('Line')} {n}: {m}" for n, m in line_errors])


MAX_MEMBER_CSV_BYTES = 2 * 1024 * 1024


def space_members_import_csv(*, actor: User, space: Space, data: bytes) -> int:
    """Add the members listed in a CSV (`email` column, one person a line).

    All or nothing: if any line is wrong (bad email, unknown person, duplicate), nothing is
    imported and every wrong line is reported with its number.
    Returns how many members were added (people already members are counted as kept).
    """
    require(actor, "admin", space)
    if len(data) > MAX_MEMBER_CSV_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fieldnames = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "email" not in fieldnames:
        raise ValidationError(_("The first line must name the columns, with one called “email”."))
    reader.fieldnames = fieldnames
    errors: list[tuple[int, str]] = []
    emails: list[tuple[int, str]] = []
    seen: set[str] = set()
    from django.core.validators import validate_email

    for row in reader:
        line = reader.line_num
        email = (row.get("email") or "").strip().lower()
        if not email:
            errors.append((line, _("the email is missing.")))
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append((line, _("“%(email)s” is not a valid email address.") % {"email": email}))
            continue
        if email in seen:
            errors.append((line, _("“%(email)s” is listed twice.") % {"email": email}))
            continue
        seen.add(email)
        emails.append((line, email))
    users = {u.email.lower(): u for u in User.objects.filter(email__in=[e for _n, e in emails])}
    for line, email in emails:
        if email not in users:
            errors.append((line, _("nobody has an account with “%(email)s”.") % {"email": email}))
    if not emails and not errors:
        errors.append((1, _("the file lists nobody.")))
    if errors:
        raise CsvImportError(sorted(errors))
    with transaction.atomic():
        existing = set(SpaceMember.objects.filter(space=space).values_list("user_id", flat=True))
        new = [
            SpaceMember(space=space, user=users[e])
            for _n, e in emails
            if users[e].pk not in existing
        ]
        SpaceMember.objects.bulk_create(new, ignore_conflicts=True)
        log_action(
            actor=actor,
            organization=space.organization,
            action="import_members",
            resource=space,
            space=space,
            data={"added": len(new), "lines": len(emails)},
        )
    return len(new)
