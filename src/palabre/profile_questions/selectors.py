"""Reads of profile questions: the questions of an organization, a person's answers, and
how the participants of a space compare with the reference figures (aggregates only)."""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Prefetch, Q

from palabre.core.models import Organization, Space, User
from palabre.core.translations import translated
from palabre.profile_questions.models import ProfileAnswer, ProfileOption, ProfileQuestion

# Groups smaller than this are shown as "fewer than 5": a handful of people in a space
# could otherwise be recognised by their answers.
SMALL_GROUP = 5

# Who took part in a space, as the installed components record it: (app label, model,
# the person's field, the path to the space, what must hold for it to count). Read as one
# OR of subqueries, so the count does not depend on how many sources there are.
PARTICIPATION_SOURCES = (
    (
        "proposals",
        "ProposalAuthor",
        "user",
        "proposal__component__space",
        {"accepted_at__isnull": False},
    ),
    ("proposals", "Support", "user", "proposal__component__space", {"temporary": False}),
    ("proposals", "Endorsement", "user", "proposal__component__space", {}),
    ("comments", "Comment", "author", "space", {}),
    ("comments", "CommentVote", "user", "comment__space", {}),
    ("budgets", "Order", "user", "budget__component__space", {"checked_out_at__isnull": False}),
    ("forms", "Response", "user", "form__component__space", {}),
    ("meetings", "Meeting", "author", "component__space", {}),
    ("meetings", "Registration", "user", "meeting__component__space", {"status": "confirmed"}),
)


def profile_questions_of(*, organization: Organization) -> list[ProfileQuestion]:
    """The organization's questions with their options (two queries)."""
    return list(
        ProfileQuestion.objects.filter(organization=organization).prefetch_related(
            Prefetch("options", queryset=ProfileOption.objects.order_by("position", "id"))
        )
    )


def profile_answers_of(*, user: User, organization: Organization) -> dict[int, int]:
    """A person's answers: question id → option id."""
    if not user.is_authenticated:
        return {}
    return dict(
        ProfileAnswer.objects.filter(user=user, question__organization=organization).values_list(
            "question_id", "option_id"
        )
    )


def participants_filter(space: Space, field: str = "pk") -> Q:
    """A condition on `field` (a person's id) true for the people who took part in the
    space: authors of proposals, supporters, commenters, voters, respondents…"""
    condition = Q(pk__in=[])
    for app_label, model_name, person, path, extra in PARTICIPATION_SOURCES:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        people = model.objects.filter(**{path: space, f"{person}__isnull": False}, **extra)
        condition |= Q(**{f"{field}__in": people.values(person)})
    return condition


@dataclass
class OptionFigure:
    label: str
    count: int
    percent: float | None  # None when the question's shares are not shown
    reference: Decimal | None
    small: bool

    @property
    def difference(self) -> float | None:
        if self.reference is None or self.percent is None:
            return None
        return round(self.percent - float(self.reference), 1)


@dataclass
class QuestionFigures:
    question: ProfileQuestion
    label: str
    answered: int
    shares_shown: bool
    options: list[OptionFigure]


def space_representation(*, space: Space) -> tuple[int, list[QuestionFigures]]:
    """The number of participants of the space and, per question, how many of them chose
    each option (counts under `SMALL_GROUP` marked small, shares among those who answered)
    next to the reference shares. Four queries whatever the number of people."""
    organization = space.organization
    participants = User.objects.filter(participants_filter(space))
    total = participants.count()
    questions = profile_questions_of(organization=organization)
    counts = dict(
        ProfileAnswer.objects.filter(
            participants_filter(space, "user_id"), question__organization=organization
        )
        .values("option_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("option_id", "people")
    )
    language = organization.default_locale
    figures = []
    for question in questions:
        options = list(question.options.all())
        answered = sum(counts.get(option.pk, 0) for option in options)
        rows = []
        for option in options:
            count = counts.get(option.pk, 0)
            percent = 100 * count / answered if answered else 0.0
            rows.append(
                OptionFigure(
                    label=translated(option.label, fallback=language),
                    count=count,
                    percent=percent,
                    reference=option.reference_share,
                    small=0 < count < SMALL_GROUP,
                )
            )
        # With a group too small to show, the shares and the number who answered would let
        # a reader work its size out: they are shown only when every group is large enough.
        shares_shown = answered > 0 and not any(row.small for row in rows)
        if not shares_shown:
            for row in rows:
                row.percent = None
        figures.append(
            QuestionFigures(
                question=question,
                label=translated(question.label, fallback=language),
                answered=answered if shares_shown else 0,
                shares_shown=shares_shown,
                options=rows,
            )
        )
    return total, figures
