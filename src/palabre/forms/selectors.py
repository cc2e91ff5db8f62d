"""Reads of the form engine: a form with its structure, in a fixed number of queries.

A form's structure is read on every page that shows it and for every submission. Each
process keeps the last ones it read (`form_load`), keyed by the form's id, version and time
of its last change: the caller reads the form's row anyway (with the resource that holds
it), so a changed form is never served from memory. What is kept is shared between
requests and must not be changed by callers.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from palabre.core.models import Organization
from palabre.forms.models import (
    Form,
    FormCondition,
    FormItem,
    FormOption,
    FormRow,
    Response,
)


@dataclass
class LoadedForm:
    """A form and its items in order, each with `option_list`, `row_list` and
    `condition_list` already read (and `number`, the question's number, blocks aside)."""

    form: Form
    items: list[FormItem]
    by_id: dict[int, FormItem] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {item.pk: item for item in self.items}
        number = 0
        for item in self.items:
            if item.is_question:
                number += 1
                item.number = number
            else:
                item.number = None

    @property
    def questions(self) -> list[FormItem]:
        return [item for item in self.items if item.is_question]

    @property
    def has_conditions(self) -> bool:
        return any(item.condition_list for item in self.items)

    @property
    def has_files(self) -> bool:
        return any(item.kind == "file" for item in self.items)


KEPT_FORMS = 64
_kept: OrderedDict = OrderedDict()
_kept_lock = threading.Lock()


def form_key(form: Form) -> tuple:
    """What identifies a form as it stands: any change of its questions changes it."""
    return (form.pk, form.version, form.updated_at.isoformat() if form.updated_at else "")


def form_load(form: Form) -> LoadedForm:
    """The form's items with their options, rows and conditions: four queries, whatever
    the number of questions, or none when this process read this form as it stands."""
    key = form_key(form)
    with _kept_lock:
        loaded = _kept.get(key)
        if loaded is not None:
            _kept.move_to_end(key)
            return loaded
    loaded = _form_read(form)
    with _kept_lock:
        _kept[key] = loaded
        while len(_kept) > KEPT_FORMS:
            _kept.popitem(last=False)
    return loaded


def forget_kept_forms() -> None:
    with _kept_lock:
        _kept.clear()


def _form_read(form: Form) -> LoadedForm:
    items = list(
        FormItem.objects.filter(form=form)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch(
                "options",
                queryset=FormOption.objects.order_by("position", "id"),
                to_attr="option_list",
            ),
            Prefetch(
                "rows", queryset=FormRow.objects.order_by("position", "id"), to_attr="row_list"
            ),
            Prefetch(
                "conditions",
                queryset=FormCondition.objects.order_by("id"),
                to_attr="condition_list",
            ),
        )
    )
    for item in items:
        item.form = form
    return LoadedForm(form=form, items=items)


def form_has_answers(form: Form) -> bool:
    return Response.objects.filter(form=form).exists()


def response_count(form: Form) -> int:
    return Response.objects.filter(form=form).count()


def response_exists(*, form: Form, respondent: str) -> bool:
    return Response.objects.filter(form=form, respondent=respondent).exists()


def template_list(*, organization: Organization) -> QuerySet[Form]:
    """The organization's reusable forms, newest first."""
    return Form.objects.filter(organization=organization, is_template=True).order_by(
        "-created_at", "-id"
    )


def template_get(*, organization: Organization, template_id: int) -> Form | None:
    return template_list(organization=organization).filter(pk=template_id).first()
