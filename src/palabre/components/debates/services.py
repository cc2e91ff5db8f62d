"""Writes of the debates component: open, edit, publish, close, post updates, endorse.

Every function checks the permission first, validates everything before writing, writes in
one transaction, and leaves an entry in the action log for the backoffice's writes.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.attachments import selectors as attachment_selectors
from palabre.attachments import services as attachment_services
from palabre.components.debates.component import CLOSED_EVENT, UPDATE_EVENT
from palabre.components.debates.models import Category, Debate, DebateUpdate, Endorsement, Scope
from palabre.core.action_log import changed_fields
from palabre.core.models import Component, User
from palabre.core.permissions import can, require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors
from palabre.notifications.services import follow_create, notify_followers


def _log(actor: User, debate: Debate, action: str, data: dict | None = None) -> None:
    log_action(actor=actor, action=action, resource=debate, space=debate.component.space, data=data)


def _clean_date(value, name: str, errors: FieldErrors):
    if value is not None and (not isinstance(value, datetime.datetime) or timezone.is_naive(value)):
        errors.add(name, _("Enter a date and a time."))
        return None
    return value


def _clean_fields(
    component: Component, fields: dict, *, admin: bool, attachments=(), existing: int = 0
) -> tuple[dict, list]:
    """Validate every field and every file at once, so a form shows all its errors
    together; returns the fields and the checked files."""
    organization = component.space.organization
    errors = FieldErrors()
    cleaned: dict = {}
    with errors.collect("title"):
        cleaned["title"] = clean_translations(
            fields.get("title"),
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=200,
            field_label=_("Title"),
        )
    with errors.collect("description"):
        cleaned["description"] = clean_translations(
            fields.get("description"),
            languages=organization.locales,
            required_language=organization.default_locale,
            rich=True,
            field_label=_("Description"),
        )
    with errors.collect("instructions"):
        cleaned["instructions"] = clean_translations(
            fields.get("instructions"),
            languages=organization.locales,
            rich=True,
            field_label=_("Instructions"),
        )
    for name, model in (("category", Category), ("scope", Scope)):
        value = fields.get(name)
        if value in (None, ""):
            cleaned[name] = None
            continue
        label = value if isinstance(value, model) else None
        if label is None:
            try:
                label = model.objects.filter(component=component, pk=int(value)).first()
            except (TypeError, ValueError):
                label = None
        if label is None or label.component_id != component.pk:
            errors.add(name, _("Choose one of the list."))
        cleaned[name] = label
    if admin:
        start_at = _clean_date(fields.get("start_at"), "start_at", errors)
        end_at = _clean_date(fields.get("end_at"), "end_at", errors)
        if start_at and end_at and end_at <= start_at:
            errors.add("end_at", _("The end must come after the start."))
        cleaned["start_at"], cleaned["end_at"] = start_at, end_at
        layout = fields.get("layout") or Debate.Layout.SINGLE
        if layout not in Debate.Layout.values:
            errors.add("layout", _("Choose one of the list."))
        cleaned["layout"] = layout
    files = attachment_services.uploads_clean(attachments, existing=existing, errors=errors)
    errors.raise_if_any()
    return cleaned, files


def _language(actor: User, component: Component) -> str:
    organization = component.space.organization
    return actor.locale if actor.locale in organization.locales else organization.default_locale


def _give_reference(debate: Debate) -> None:
    organization = debate.component.space.organization
    local = timezone.localtime(debate.created_at)
    debate.reference = f"{organization.reference_prefix}-DEBA-{local:%Y}-{local:%m}-{debate.pk}"
    Debate.objects.filter(pk=debate.pk).update(reference=debate.reference)


# Participants -----------------------------------------------------------------------


def debate_open(*, author: User, component: Component, **fields) -> Debate:
    """A participant opens a debate: published at once (moderated afterwards, like other
    contributions), single column, without dates; they follow it."""
    require(author, "create", component)
    cleaned, _files = _clean_fields(component, fields, admin=False)
    with transaction.atomic():
        debate = Debate.objects.create(
            component=component,
            official=False,
            author=author,
            published_at=timezone.now(),
            **cleaned,
        )
        _give_reference(debate)
        follow_create(user=author, target=debate)
    return debate


def debate_edit(*, user: User, debate: Debate, **fields) -> Debate:
    """The participant who opened a debate changes its texts while it is open."""
    require(user, "edit", debate)
    component = debate.component
    cleaned, _files = _clean_fields(component, fields, admin=False)
    with transaction.atomic():
        locked = Debate.objects.select_for_update().get(pk=debate.pk)
        locked.component = component
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.save()
    return locked


def debate_close(*, user: User, debate: Debate, conclusion) -> Debate:
    """Close a debate with its conclusion: its administrators, or the participant who
    opened it. A closed debate is read-only; its followers are told."""
    component = debate.component
    admin = can(user, "admin", component)
    if not admin:
        require(user, "close", debate)
    elif debate.closed_at is not None:
        raise ValidationError(_("This debate is already closed."))
    organization = component.space.organization
    errors = FieldErrors()
    with errors.collect("conclusion"):
        conclusion = clean_translations(
            conclusion,
            languages=organization.locales,
            required_language=organization.default_locale,
            rich=True,
            field_label=_("Conclusion"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        locked = Debate.objects.select_for_update().get(pk=debate.pk)
        locked.component = component
        if locked.closed_at is not None:
            raise ValidationError(_("This debate is already closed."))
        locked.conclusion = conclusion
        locked.closed_at = timezone.now()
        locked.closed_by = user
        locked.save(update_fields=["conclusion", "closed_at", "closed_by", "updated_at"])
        if admin:
            _log(user, locked, "close")
        transaction.on_commit(
            lambda: notify_followers(event=CLOSED_EVENT, target=locked, actor=user)
        )
    return locked


def debate_endorse(*, user: User, debate: Debate) -> Endorsement:
    require(user, "endorse", debate)
    with transaction.atomic():
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(debate=debate, user=user)
        except IntegrityError as error:
            raise ValidationError(_("You already endorse this debate.")) from error
        Debate.objects.filter(pk=debate.pk).update(endorsements_count=F("endorsements_count") + 1)
    return endorsement


def debate_unendorse(*, user: User, debate: Debate) -> None:
    require(user, "endorse", debate)
    with transaction.atomic():
        deleted, _rows = Endorsement.objects.filter(debate=debate, user=user).delete()
        if deleted:
            Debate.objects.filter(pk=debate.pk).update(
                endorsements_count=F("endorsements_count") - 1
            )


# Backoffice -------------------------------------------------------------------------


def debate_create(
    *,
    actor: User,
    component: Component,
    official: bool = True,
    publish: bool = False,
    attachments=(),
    **fields,
) -> Debate:
    """An administrator opens a debate: official (signed by the organization) or signed
    with their name; a draft unless `publish`. `attachments` are `Upload`s of files."""
    require(actor, "admin", component)
    cleaned, files = _clean_fields(component, fields, admin=True, attachments=attachments)
    with transaction.atomic():
        debate = Debate.objects.create(
            component=component,
            official=official,
            author=None if official else actor,
            published_at=timezone.now() if publish else None,
            **cleaned,
        )
        _give_reference(debate)
        attachment_services.attachments_store(
            target=debate, files=files, created_by=actor, language=_language(actor, component)
        )
        _log(actor, debate, "create")
    return debate


def debate_update(
    *, actor: User, debate: Debate, official: bool, attachments=(), **fields
) -> Debate:
    """An administrator changes a debate: texts, dates, layout, category and scope, and
    adds files. A debate a participant opened keeps its author."""
    component = debate.component
    require(actor, "admin", component)
    cleaned, files = _clean_fields(
        component,
        fields,
        admin=True,
        attachments=attachments,
        existing=attachment_selectors.attachment_count(debate),
    )
    with transaction.atomic():
        locked = Debate.objects.select_for_update().get(pk=debate.pk)
        locked.component = component
        changed = changed_fields(locked, cleaned)
        for key, value in cleaned.items():
            setattr(locked, key, value)
        if locked.author_id is None or locked.official:
            locked.official = official
            locked.author = None if official else actor
        locked.save()
        if files:
            attachment_services.attachments_store(
                target=locked,
                files=files,
                created_by=actor,
                language=_language(actor, component),
            )
            changed = sorted({*changed, "attachments"})
        _log(actor, locked, "update", data={"fields": changed})
    return locked


def debate_publish(*, actor: User, debate: Debate) -> Debate:
    require(actor, "admin", debate.component)
    with transaction.atomic():
        updated = Debate.objects.filter(pk=debate.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        if updated:
            _log(actor, debate, "publish")
    debate.refresh_from_db(fields=["published_at"])
    return debate


def debate_post_update(*, actor: User, debate: Debate, body) -> DebateUpdate:
    """Information from the organizer, dated, shown above the arguments; followers are
    told. A closed debate takes no more."""
    component = debate.component
    require(actor, "admin", component)
    if debate.closed_at is not None:
        raise PermissionDenied(_("This debate is closed: it can be read, no longer changed."))
    organization = component.space.organization
    errors = FieldErrors()
    with errors.collect("body"):
        body = clean_translations(
            body,
            languages=organization.locales,
            required_language=organization.default_locale,
            rich=True,
            field_label=_("Text"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        update = DebateUpdate.objects.create(debate=debate, body=body, author=actor)
        _log(actor, debate, "post_update")
        transaction.on_commit(
            lambda: notify_followers(event=UPDATE_EVENT, target=debate, actor=actor)
        )
    return update


# Categories and scopes -----------------------------------------------------------------

LABEL_MODELS = {"category": Category, "scope": Scope}
LABEL_TYPES = {"category": "debatecategory", "scope": "debatescope"}


def label_create(*, actor: User, component: Component, kind: str, name) -> Category | Scope:
    """A category or a scope of the component's debates, placed after the others."""
    require(actor, "admin", component)
    model = LABEL_MODELS[kind]
    organization = component.space.organization
    errors = FieldErrors()
    with errors.collect("name"):
        name = clean_translations(
            name,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=100,
            field_label=_("Name"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        position = model.objects.filter(component=component).count()
        label = model.objects.create(component=component, name=name, position=position)
        log_action(
            actor=actor,
            action=f"create_{kind}",
            resource=label,
            resource_type=LABEL_TYPES[kind],
            space=component.space,
        )
    return label


def label_delete(*, actor: User, label: Category | Scope) -> None:
    """Delete a category or a scope; its debates keep going without one."""
    component = label.component
    require(actor, "admin", component)
    kind = "category" if isinstance(label, Category) else "scope"
    with transaction.atomic():
        log_action(
            actor=actor,
            action=f"delete_{kind}",
            resource=label,
            resource_type=LABEL_TYPES[kind],
            space=component.space,
        )
        label.delete()
