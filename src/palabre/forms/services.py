"""Writes of the form engine: building and changing forms, copying them, saving answers.

Structural changes (adding, removing or moving a question, an option, a row, a condition,
changing a question's type or rules) are refused once a form has answers: the answers
would no longer mean what was asked. Texts may still be corrected. An administrator who
was testing a form may clear its answers explicitly (`form_answers_clear`).

Who may change a form: the administrators of its component, or of its organization for a
template. Who may answer is the embedding component's decision: it checks that before
calling `response_create`, and chooses the respondent key (`respondent_key`).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from palabre.attachments.models import Attachment
from palabre.attachments.services import attachments_store
from palabre.core.models import Component, Organization, User
from palabre.core.permissions import can, require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors
from palabre.forms.conditions import clean_pattern
from palabre.forms.models import (
    BLOCK_KINDS,
    CHOICE_KINDS,
    GRID_KINDS,
    MAX_CHOICES_KINDS,
    OPTION_KINDS,
    TEXT_KINDS,
    Answer,
    AnswerChoice,
    ConditionKind,
    Form,
    FormCondition,
    FormItem,
    FormOption,
    FormRow,
    ItemKind,
    Response,
)
from palabre.forms.selectors import LoadedForm
from palabre.forms.validation import LONG_ANSWER_MAX, SCALE_MAX, Submission


class AlreadyAnswered(ValidationError):
    """The respondent has a response already (a double submission, or a second try)."""


def structure_locked_message() -> str:
    return _(
        "This form has answers: its questions can no longer be added, removed, moved or "
        "changed in their rules, only their texts corrected. Clear the answers first if "
        "they were tests."
    )


def respondent_key(form: Form, identity: str) -> str:
    """The pseudonym of a respondent in this form: a keyed hash of `identity` (for example
    `user:42`, or `session:<session key>`) with the form's own secret and the installation's
    secret key. Stable for one person in one form, different in every other form, and not
    to be traced back without the installation's secret key."""
    return salted_hmac(
        f"palabre.forms.respondent:{form.secret}", identity, algorithm="sha256"
    ).hexdigest()


# Permissions and log ------------------------------------------------------------------
def _require_admin(actor: User, form: Form) -> None:
    if form.component_id is not None:
        require(actor, "admin", form.component)
    else:
        require(actor, "admin", form.organization)


def _log(actor: User, action: str, form: Form, *, resource=None, data=None, resource_type=""):
    component = form.component if form.component_id else None
    log_action(
        actor=actor,
        action=action,
        organization=form.organization,
        space=component.space if component else None,
        resource=resource or form,
        resource_type=resource_type or ("form_template" if form.is_template else "form"),
        data={"form": form.pk, **(data or {})},
    )


def _lock_structure(form: Form) -> Form:
    """Lock the form's row (answers wait for a structural change to finish, and then see
    its new version) and refuse when it has answers."""
    locked = Form.objects.select_for_update().get(pk=form.pk)
    if Response.objects.filter(form=locked).exists():
        raise ValidationError(structure_locked_message(), code="structure_locked")
    return locked


def _structure_changed(form: Form) -> None:
    # The caller's copy keeps the version it read: an answer checked against it is refused.
    Form.objects.filter(pk=form.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _texts_changed(form: Form) -> None:
    """Texts changed, not the structure: answers being written stay valid, but the copies
    of the form kept in memory and its kept renderings must be read afresh."""
    Form.objects.filter(pk=form.pk).update(updated_at=timezone.now())


# Forms -------------------------------------------------------------------------------
def form_create(
    *,
    organization: Organization,
    component: Component | None = None,
    title: dict | None = None,
    is_template: bool = False,
) -> Form:
    """An empty form for a component's resource (the component's service checked who may
    create it) or a template of the organization."""
    return Form.objects.create(
        organization=organization,
        component=component,
        title=title or {},
        is_template=is_template,
    )


# Questions ----------------------------------------------------------------------------
@dataclass
class OptionInput:
    """An option as the form builder sends it: an existing one (`id`) or a new one."""

    id: int | None
    body: dict
    free_text: bool = False
    delete: bool = False


@dataclass
class RowInput:
    id: int | None
    body: dict
    delete: bool = False


def _clean_lines(
    organization: Organization,
    lines,
    existing: dict,
    *,
    key: str,
    errors: FieldErrors,
    free_text_allowed: bool = False,
) -> list[dict]:
    """The options (or rows) to keep, in their order: new blank lines are ignored, lines
    marked for deletion dropped; every kept line needs a text in the default language."""
    kept = []
    for index, line in enumerate(lines):
        if line.id is not None and line.id not in existing:
            errors.add(key, _("This option does not belong to this question."))
            continue
        if line.delete:
            continue
        if line.id is None and not any((line.body or {}).values()):
            continue
        with errors.collect(f"{key}.{index}"):
            body = clean_translations(
                line.body,
                languages=organization.locales,
                required_language=organization.default_locale,
                max_length=200,
                field_label=_("Text"),
            )
            kept.append(
                {
                    "id": line.id,
                    "body": body,
                    "free_text": bool(getattr(line, "free_text", False)) and free_text_allowed,
                }
            )
    return kept


def _clean_question(form: Form, fields: dict, options, rows, item: FormItem | None):
    organization = form.organization
    errors = FieldErrors()
    kind = fields.get("kind") or (item.kind if item else "")
    if kind not in ItemKind.values:
        errors.add("kind", _("Choose a type of question."))
        errors.raise_if_any()
    is_block = kind in BLOCK_KINDS
    cleaned: dict = {"kind": kind}
    with errors.collect("body"):
        cleaned["body"] = clean_translations(
            fields.get("body"),
            languages=organization.locales,
            required_language=None if kind == ItemKind.SEPARATOR else organization.default_locale,
            max_length=500,
            field_label=_("Title") if is_block else _("Question"),
        )
    with errors.collect("description"):
        cleaned["description"] = clean_translations(
            fields.get("description"), languages=organization.locales, rich=True
        )
    cleaned["mandatory"] = bool(fields.get("mandatory")) and not is_block

    existing_options = {o.pk: o for o in (item.options.all() if item else [])}
    existing_rows = {r.pk: r for r in (item.rows.all() if item else [])}
    kept_options = []
    kept_rows = []
    if kind in OPTION_KINDS:
        kept_options = _clean_lines(
            organization,
            options,
            existing_options,
            key="options",
            errors=errors,
            free_text_allowed=kind in CHOICE_KINDS,
        )
        if len(kept_options) < 2 and "options" not in errors.errors:
            errors.add("options", _("Give at least two options."))
    if kind in GRID_KINDS:
        kept_rows = _clean_lines(organization, rows, existing_rows, key="rows", errors=errors)
        if not kept_rows and "rows" not in errors.errors:
            errors.add("rows", _("Give at least one row."))

    max_characters = fields.get("max_characters") or 0
    has_text = kind in TEXT_KINDS or any(o["free_text"] for o in kept_options)
    if not has_text:
        max_characters = 0
    try:
        max_characters = int(max_characters)
        if not 0 <= max_characters <= LONG_ANSWER_MAX:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(
            "max_characters",
            _("The maximum number of characters is a number from 0 (no limit) to %(max)d.")
            % {"max": LONG_ANSWER_MAX},
        )
        max_characters = 0
    cleaned["max_characters"] = max_characters

    max_choices = fields.get("max_choices")
    if kind not in MAX_CHOICES_KINDS or max_choices in (None, "", 0):
        max_choices = None
    else:
        try:
            max_choices = int(max_choices)
            if not 1 <= max_choices <= max(len(kept_options), 1):
                raise ValueError
        except (TypeError, ValueError):
            errors.add(
                "max_choices",
                _("The maximum number of choices is a number from 1 to the number of options."),
            )
    cleaned["max_choices"] = max_choices

    if kind == ItemKind.SCALE:
        try:
            scale_max = int(fields.get("scale_max") or 0)
            if not 2 <= scale_max <= SCALE_MAX:
                raise ValueError
        except (TypeError, ValueError):
            errors.add(
                "scale_max",
                _("The scale goes from 1 to a number from 2 to %(max)d.") % {"max": SCALE_MAX},
            )
            scale_max = None
        cleaned["scale_max"] = scale_max
        for name in ("scale_min_label", "scale_max_label"):
            with errors.collect(name):
                cleaned[name] = clean_translations(
                    fields.get(name),
                    languages=organization.locales,
                    max_length=60,
                    field_label=_("Label"),
                )
    else:
        cleaned.update(scale_max=None, scale_min_label={}, scale_max_label={})
    errors.raise_if_any()
    return cleaned, kept_options, kept_rows


STRUCTURAL_FIELDS = ("kind", "mandatory", "max_characters", "max_choices", "scale_max")


def _structure_differs(item: FormItem, cleaned: dict, kept_options, kept_rows) -> bool:
    if any(getattr(item, name) != cleaned[name] for name in STRUCTURAL_FIELDS):
        return True
    options = list(item.options.order_by("position", "id"))
    if [o["id"] for o in kept_options] != [o.pk for o in options]:
        return True
    if any(o["free_text"] != old.free_text for o, old in zip(kept_options, options, strict=True)):
        return True
    rows = list(item.rows.order_by("position", "id").values_list("pk", flat=True))
    return [r["id"] for r in kept_rows] != rows


def _write_lines(model, item: FormItem, kept: list[dict], *, with_free_text: bool) -> None:
    keep_ids = [line["id"] for line in kept if line["id"] is not None]
    model.objects.filter(item=item).exclude(pk__in=keep_ids).delete()
    for position, line in enumerate(kept):
        values = {"body": line["body"], "position": position}
        if with_free_text:
            values["free_text"] = line["free_text"]
        if line["id"] is None:
            model.objects.create(item=item, **values)
        else:
            model.objects.filter(pk=line["id"], item=item).update(**values)


def question_save(
    *,
    actor: User,
    form: Form,
    item: FormItem | None = None,
    options: list[OptionInput] = (),
    rows: list[RowInput] = (),
    **fields,
) -> FormItem:
    """Create an item at the end of the form (`item` None) or change one, with its options
    and rows in the order given.

    `fields`: kind, body, description, mandatory, max_characters, max_choices, scale_max,
    scale_min_label, scale_max_label. Errors are keyed by field (`options.<index>` for one
    option). Once the form has answers, only texts may change.
    """
    _require_admin(actor, form)
    if item is not None and item.form_id != form.pk:
        raise ValidationError(_("This question does not belong to this form."))
    cleaned, kept_options, kept_rows = _clean_question(form, fields, options, rows, item)
    with transaction.atomic():
        locked = Form.objects.select_for_update().get(pk=form.pk)
        answered = Response.objects.filter(form=locked).exists()
        structural = item is None or _structure_differs(item, cleaned, kept_options, kept_rows)
        if answered and structural:
            raise ValidationError(structure_locked_message(), code="structure_locked")
        if item is None:
            last = FormItem.objects.filter(form=form).aggregate(m=Max("position"))["m"]
            item = FormItem.objects.create(
                form=form, position=0 if last is None else last + 1, **cleaned
            )
            action = "create"
        else:
            for name, value in cleaned.items():
                setattr(item, name, value)
            item.save()
            action = "update"
        _write_lines(FormOption, item, kept_options, with_free_text=True)
        _write_lines(FormRow, item, kept_rows, with_free_text=False)
        if item.kind not in CHOICE_KINDS:
            # Conditions on options or texts this question no longer has make no sense.
            FormCondition.objects.filter(
                source=item, kind__in=[ConditionKind.EQUAL, ConditionKind.NOT_EQUAL]
            ).delete()
        if structural:
            _structure_changed(form)
        else:
            _texts_changed(form)
        _log(actor, action, form, resource=item, resource_type="form_question")
    return item


def item_delete(*, actor: User, item: FormItem) -> int:
    """Delete an item; the display conditions that looked at it go too (their number is
    returned, so that the administrator is told)."""
    form = item.form
    _require_admin(actor, form)
    with transaction.atomic():
        _lock_structure(form)
        dependent = FormCondition.objects.filter(source=item).count()
        _log(actor, "delete", form, resource=item, resource_type="form_question")
        item.delete()
        _structure_changed(form)
    return dependent


def item_move(*, actor: User, item: FormItem, offset: int) -> None:
    """Move an item `offset` places up (negative) or down. A question stays after every
    question its display conditions look at, and before those that look at it."""
    form = item.form
    _require_admin(actor, form)
    with transaction.atomic():
        _lock_structure(form)
        ids = list(
            FormItem.objects.filter(form=form)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        old_index = ids.index(item.pk)
        new_index = min(max(old_index + offset, 0), len(ids) - 1)
        ids.insert(new_index, ids.pop(old_index))
        order = {pk: index for index, pk in enumerate(ids)}
        for item_id, source_id in FormCondition.objects.filter(item__form=form).values_list(
            "item_id", "source_id"
        ):
            if order[source_id] >= order[item_id]:
                raise ValidationError(
                    _(
                        "This move would put a question before a question its display "
                        "conditions look at: remove the condition first."
                    )
                )
        for position, item_id in enumerate(ids):
            FormItem.objects.filter(pk=item_id).update(position=position)
        _structure_changed(form)
        _log(
            actor,
            "move",
            form,
            resource=item,
            resource_type="form_question",
            data={"from": old_index, "to": new_index},
        )


# Conditions ---------------------------------------------------------------------------
def condition_create(
    *,
    actor: User,
    item: FormItem,
    source: FormItem | None,
    kind: str,
    option: FormOption | None = None,
    pattern: str = "",
    mandatory: bool = True,
) -> FormCondition:
    """Show `item` only when `source`, an earlier question of the same form, is answered,
    not answered, has or has not `option` (a choice question), or has a text matching
    `pattern` (a regular expression, case-insensitive)."""
    form = item.form
    _require_admin(actor, form)
    errors = FieldErrors()
    if not item.is_question:
        errors.add("source", _("Only questions can have display conditions."))
        errors.raise_if_any()
    if source is None or source.form_id != form.pk or not source.is_question:
        errors.add("source", _("Choose a question of this form."))
    elif (source.position, source.pk) >= (item.position, item.pk):
        errors.add("source", _("Choose a question that comes before this one."))
    if kind not in ConditionKind.values:
        errors.add("kind", _("Choose a condition."))
    errors.raise_if_any()
    if kind in (ConditionKind.EQUAL, ConditionKind.NOT_EQUAL):
        if source.kind not in CHOICE_KINDS:
            errors.add("kind", _("This condition needs a single or multiple choice question."))
        elif option is None or option.item_id != source.pk:
            errors.add("option", _("Choose an option of the question the condition looks at."))
    else:
        option = None
    if kind == ConditionKind.MATCH:
        has_text = source.kind in TEXT_KINDS or (
            source.kind in CHOICE_KINDS and source.options.filter(free_text=True).exists()
        )
        if not has_text:
            errors.add("kind", _("This condition needs a question answered with a text."))
        with errors.collect("pattern"):
            pattern = clean_pattern(pattern)
    else:
        pattern = ""
    errors.raise_if_any()
    with transaction.atomic():
        _lock_structure(form)
        condition = FormCondition.objects.create(
            item=item,
            source=source,
            kind=kind,
            option=option,
            pattern=pattern,
            mandatory=bool(mandatory),
        )
        _structure_changed(form)
        _log(
            actor,
            "add_condition",
            form,
            resource=item,
            resource_type="form_question",
            data={"condition": condition.pk, "source": source.pk, "kind": kind},
        )
    return condition


def condition_delete(*, actor: User, condition: FormCondition) -> None:
    item = condition.item
    form = item.form
    _require_admin(actor, form)
    with transaction.atomic():
        _lock_structure(form)
        _log(
            actor,
            "remove_condition",
            form,
            resource=item,
            resource_type="form_question",
            data={"condition": condition.pk},
        )
        condition.delete()
        _structure_changed(form)


# Copies and templates -------------------------------------------------------------------
def _may_copy_from(actor: User, source: Form, organization: Organization) -> bool:
    if source.organization_id != organization.pk:
        return False
    if source.is_template:
        return True
    return source.component_id is not None and can(actor, "read_admin", source.component)


def _copy_items(source: Form, target: Form) -> int:
    """Copy every item of `source` (options, rows, conditions) at the end of `target`."""
    items = list(FormItem.objects.filter(form=source).order_by("position", "id"))
    last = FormItem.objects.filter(form=target).aggregate(m=Max("position"))["m"]
    start = 0 if last is None else last + 1
    item_map: dict[int, FormItem] = {}
    option_map: dict[int, FormOption] = {}
    for offset, old in enumerate(items):
        old_id = old.pk
        old.pk = None
        old.form = target
        old.position = start + offset
        old.save()
        item_map[old_id] = old
    for option in FormOption.objects.filter(item__form=source).order_by("position", "id"):
        old_id = option.pk
        option.pk = None
        option.item = item_map[option.item_id]
        option.save()
        option_map[old_id] = option
    FormRow.objects.bulk_create(
        FormRow(item=item_map[row.item_id], body=row.body, position=row.position)
        for row in FormRow.objects.filter(item__form=source)
    )
    FormCondition.objects.bulk_create(
        FormCondition(
            item=item_map[condition.item_id],
            source=item_map[condition.source_id],
            kind=condition.kind,
            option=option_map.get(condition.option_id),
            pattern=condition.pattern,
            mandatory=condition.mandatory,
        )
        for condition in FormCondition.objects.filter(item__form=source)
    )
    return len(items)


def form_copy(*, actor: User, source: Form, target: Form) -> int:
    """Replace the items of `target` by a copy of those of `source` (a template of the
    organization, or a form the person may administer); returns how many were copied."""
    _require_admin(actor, target)
    if source.pk == target.pk or not _may_copy_from(actor, source, target.organization):
        raise ValidationError(_("Choose a form of this organization to copy."))
    with transaction.atomic():
        _lock_structure(target)
        FormItem.objects.filter(form=target).delete()
        count = _copy_items(source, target)
        _structure_changed(target)
        _log(actor, "copy", target, data={"from": source.pk, "items": count})
    return count


def form_template_create(*, actor: User, source: Form, title: dict) -> Form:
    """Keep a copy of a form's questions as a template of the organization, which the
    administrators of every space can start from. Templates belong to the organization:
    its administrators make and remove them."""
    organization = source.organization
    require(actor, "admin", organization)
    if not _may_copy_from(actor, source, organization):
        raise PermissionDenied
    errors = FieldErrors()
    with errors.collect("title"):
        title = clean_translations(
            title,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=200,
            field_label=_("Name of the template"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        template = form_create(organization=organization, title=title, is_template=True)
        count = _copy_items(source, template)
        _log(actor, "create", template, data={"from": source.pk, "items": count})
    return template


def form_template_delete(*, actor: User, template: Form) -> None:
    if not template.is_template:
        raise ValidationError(_("This form is not a template."))
    require(actor, "admin", template.organization)
    with transaction.atomic():
        _log(actor, "delete", template)
        template.delete()


# Answers ------------------------------------------------------------------------------
def answers_delete(form: Form) -> int:
    """Delete every response of a form with its answers, choices and files, in a few
    statements whatever their number (the ORM would read each row to cascade). Callers
    check permissions and log (a component deleting the resource that holds the form)."""
    answer_type = ContentType.objects.get_for_model(Answer)
    answer_ids = Answer.objects.filter(response__form=form).values("pk")
    files = Attachment.objects.filter(content_type=answer_type, object_id__in=answer_ids)
    names = list(files.values_list("file", flat=True))
    files._raw_delete(files.db)
    choices = AnswerChoice.objects.filter(answer__response__form=form)
    choices._raw_delete(choices.db)
    answers = Answer.objects.filter(response__form=form)
    answers._raw_delete(answers.db)
    responses = Response.objects.filter(form=form)
    count = responses._raw_delete(responses.db)
    if names:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return count


def form_answers_clear(*, actor: User, form: Form) -> int:
    """Delete every answer of a form (test answers, before the real ones); returns how many
    responses were deleted."""
    _require_admin(actor, form)
    with transaction.atomic():
        Form.objects.select_for_update().get(pk=form.pk)
        count = answers_delete(form)
        _log(actor, "clear_answers", form, data={"responses": count})
    return count


def questions_changed_message() -> str:
    return _(
        "The questions changed while you were answering: check your answers, then send them again."
    )


def response_create(
    *,
    loaded: LoadedForm,
    submission: Submission,
    respondent: str,
    user: User | None = None,
    locale: str = "",
) -> Response:
    """Save a checked submission as the response of `respondent` (one per form: a second
    one raises `AlreadyAnswered`, even when both arrive at once). Files are stored as
    attachments of their answers, sent by `user` (None for anonymous answers).

    Callers check first that the person may answer, and that `submission.is_valid`.
    """
    if not submission.is_valid:
        raise ValidationError(_("Correct the answers first."))
    form = loaded.form
    try:
        with transaction.atomic():
            response = Response.objects.create(
                form=form, respondent=respondent, user=user, locale=locale[:8]
            )
            # The insertion waited for any structural change under way (it locks the
            # form's row); a statement run after it sees the version that change wrote.
            if not Form.objects.filter(pk=form.pk, version=form.version).exists():
                raise ValidationError(questions_changed_message(), code="questions_changed")
            response.form = form
            answers = Answer.objects.bulk_create(
                Answer(
                    response=response, question_id=question_id, text=value.text, number=value.number
                )
                for question_id, value in submission.values.items()
            )
            by_question = {answer.question_id: answer for answer in answers}
            AnswerChoice.objects.bulk_create(
                AnswerChoice(
                    answer=by_question[question_id],
                    question_id=question_id,
                    option_id=choice.option_id,
                    row_id=choice.row_id,
                    position=choice.position,
                    custom_text=choice.custom_text,
                )
                for question_id, value in submission.values.items()
                for choice in value.choices
            )
            for question_id, value in submission.values.items():
                if value.upload is not None:
                    answer = by_question[question_id]
                    answer.response = response
                    attachments_store(
                        target=answer,
                        files=[value.upload],
                        created_by=user,
                        language=locale or form.organization.default_locale,
                    )
    except IntegrityError as error:
        if Response.objects.filter(form=form, respondent=respondent).exists():
            raise AlreadyAnswered(
                _("You have already answered."), code="already_answered"
            ) from error
        raise
    return response
