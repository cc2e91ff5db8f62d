"""Reads of the form engine: a form with its structure, in a fixed number of queries."""

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


def form_load(form: Form) -> LoadedForm:
    """The form's items with their options, rows and conditions: four queries, whatever
    the number of questions."""
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
