"""What the profile questions keep about a person, for their archive: their answers."""

from django.utils.translation import gettext_lazy as _

from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section
from palabre.profile_questions.models import ProfileAnswer


def answer_rows(user, organization):
    answers = (
        ProfileAnswer.objects.filter(user=user, question__organization=organization)
        .select_related("question", "option")
        .order_by("question__position", "pk")
    )
    for answer in answers:
        yield {
            "question": translated(answer.question.label),
            "answer": translated(answer.option.label),
            "answered_at": answer.answered_at,
        }


register_section(
    Section(
        name="profile_answers",
        label=_("Your answers to the questions about you"),
        columns=(
            ("question", _("The question")),
            ("answer", _("Your answer")),
            ("answered_at", _("When you answered or last changed it")),
        ),
        rows=answer_rows,
    )
)
