"""What the form engine keeps about a person, for their archive: the answers they gave
with their account (surveys that are not anonymous, registration forms). Anonymous
answers are not linked to anyone, so they cannot be found here."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import translated
from palabre.forms.models import Answer, AnswerChoice, Response
from palabre.privacy.registry import Section, register_section


def _form_title(form) -> str:
    survey = getattr(form, "survey", None)
    if survey is not None:
        return translated(survey.title)
    return str(form)


def _choice(choice) -> str:
    text = translated(choice.option.body)
    if choice.row_id:
        text = f"{translated(choice.row.body)}: {text}"
    if choice.position is not None:
        text = f"{choice.position}. {text}"
    if choice.custom_text:
        text = f"{text} ({choice.custom_text})"
    return text


def answer_rows(user, organization):
    responses = (
        Response.objects.filter(user=user, form__organization=organization)
        .select_related("form")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question")
                .prefetch_related(
                    Prefetch(
                        "choices",
                        queryset=AnswerChoice.objects.select_related("option", "row").order_by(
                            "row_id", "position", "pk"
                        ),
                    )
                )
                .order_by("question__position", "pk"),
            )
        )
        .order_by("created_at", "pk")
    )
    for response in responses:
        title = _form_title(response.form)
        for answer in response.answers.all():
            yield {
                "form": title,
                "question": translated(answer.question.body),
                "answer": answer.text if answer.number is None else str(answer.number),
                "choices": "; ".join(_choice(choice) for choice in answer.choices.all()),
                "answered_at": response.created_at,
            }


register_section(
    Section(
        name="form_answers",
        label=_("Your answers to surveys and forms (those not anonymous)"),
        columns=(
            ("form", _("The survey or form")),
            ("question", _("The question")),
            ("answer", _("What you wrote, or the number you chose")),
            ("choices", _("The options you chose, with their rank or row")),
            ("answered_at", _("When you answered")),
        ),
        rows=answer_rows,
    )
)
