"""Writes of profile questions: the organization's questions and options (organization
administrators, logged), and each person's answers (the person only)."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User
from palabre.core.permissions import can
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.profile_questions.models import (
    ProfileAnswer,
    ProfileOption,
    ProfileQuestion,
    ProfileQuestionsOffer,
)

LABEL_MAX_LENGTH = 200


def _require_admin(actor: User, organization: Organization) -> None:
    if not can(actor, "admin", organization):
        raise PermissionDenied(_("Only the organization's administrators can change this."))


def _clean_label(label, organization: Organization, field_label: str) -> dict:
    try:
        return clean_translations(
            label,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=LABEL_MAX_LENGTH,
            field_label=field_label,
        )
    except ValidationError as error:
        raise ValidationError({"label": error.messages}) from error


def _clean_share(
    share: Decimal | None, *, question: ProfileQuestion, option: ProfileOption | None = None
) -> Decimal | None:
    """A share in percent, between 0 and 100; the shares of a question add up to 100 at
    most. Called with the question's row locked."""
    if share is None:
        return None
    if not Decimal(0) <= share <= Decimal(100):
        raise ValidationError(
            {"reference_share": _("A reference share is a percentage between 0 and 100.")}
        )
    others = ProfileOption.objects.filter(question=question, reference_share__isnull=False)
    if option is not None:
        others = others.exclude(pk=option.pk)
    total = (others.aggregate(total=Sum("reference_share"))["total"] or Decimal(0)) + share
    if total > Decimal(100):
        raise ValidationError(
            {
                "reference_share": _(
                    "The reference shares of this question would add up to %(total)s%%, "
                    "more than 100%%."
                )
                % {"total": total.normalize()}
            }
        )
    return share


def profile_question_create(*, actor: User, organization: Organization, label) -> ProfileQuestion:
    """Add a question at the end of the organization's questions."""
    _require_admin(actor, organization)
    label = _clean_label(label, organization, _("Question"))
    with transaction.atomic():
        last = ProfileQuestion.objects.filter(organization=organization).aggregate(
            last=Max("position")
        )["last"]
        question = ProfileQuestion.objects.create(
            organization=organization, label=label, position=(last or 0) + 1
        )
        log_action(
            actor=actor,
            organization=organization,
            action="create",
            resource=question,
            resource_type="profilequestion",
        )
    return question


def profile_question_update(*, actor: User, question: ProfileQuestion, label) -> ProfileQuestion:
    organization = question.organization
    _require_admin(actor, organization)
    label = _clean_label(label, organization, _("Question"))
    with transaction.atomic():
        changed = ["label"] if label != question.label else []
        question.label = label
        question.save(update_fields=["label"])
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=question,
            resource_type="profilequestion",
            data={"fields": changed},
        )
    return question


def profile_question_delete(*, actor: User, question: ProfileQuestion) -> None:
    """Delete a question with its options and every answer to it."""
    organization = question.organization
    _require_admin(actor, organization)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=organization,
            action="delete",
            resource=question,
            resource_type="profilequestion",
        )
        ProfileAnswer.objects.filter(question=question).delete()
        question.delete()


def profile_option_create(
    *, actor: User, question: ProfileQuestion, label, reference_share: Decimal | None
) -> ProfileOption:
    organization = question.organization
    _require_admin(actor, organization)
    label = _clean_label(label, organization, _("Option"))
    with transaction.atomic():
        question = ProfileQuestion.objects.select_for_update().get(pk=question.pk)
        share = _clean_share(reference_share, question=question)
        last = question.options.aggregate(last=Max("position"))["last"]
        option = ProfileOption.objects.create(
            question=question, label=label, reference_share=share, position=(last or 0) + 1
        )
        log_action(
            actor=actor,
            organization=organization,
            action="create",
            resource=option,
            resource_type="profileoption",
        )
    return option


def profile_option_update(
    *, actor: User, option: ProfileOption, label, reference_share: Decimal | None
) -> ProfileOption:
    question = option.question
    organization = question.organization
    _require_admin(actor, organization)
    label = _clean_label(label, organization, _("Option"))
    with transaction.atomic():
        ProfileQuestion.objects.select_for_update().get(pk=question.pk)
        share = _clean_share(reference_share, question=question, option=option)
        changed = [
            name
            for name, value in (("label", label), ("reference_share", share))
            if getattr(option, name) != value
        ]
        option.label = label
        option.reference_share = share
        option.save(update_fields=["label", "reference_share"])
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=option,
            resource_type="profileoption",
            data={"fields": changed},
        )
    return option


def profile_option_delete(*, actor: User, option: ProfileOption) -> None:
    """Delete an option and the answers that chose it."""
    organization = option.question.organization
    _require_admin(actor, organization)
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=organization,
            action="delete",
            resource=option,
            resource_type="profileoption",
        )
        option.delete()


def profile_answers_save(
    *, actor: User, user: User, organization: Organization, answers: Mapping[int, int | None]
) -> None:
    """Save a person's answers (question id → option id; None erases that answer). Every
    answer is checked before anything is written: an option of another question or of
    another organization changes nothing."""
    if actor.pk != user.pk or not user.is_authenticated:
        raise PermissionDenied(_("Only the person can answer their profile questions."))
    options = {
        option.pk: option
        for option in ProfileOption.objects.filter(
            question__organization=organization,
            pk__in=[pk for pk in answers.values() if pk is not None],
        )
    }
    questions = set(
        ProfileQuestion.objects.filter(organization=organization, pk__in=list(answers)).values_list(
            "pk", flat=True
        )
    )
    for question_id, option_id in answers.items():
        if question_id not in questions or (
            option_id is not None
            and (option_id not in options or options[option_id].question_id != question_id)
        ):
            raise ValidationError(_("This answer is not one of the question's options."))
    with transaction.atomic():
        ProfileAnswer.objects.filter(user=user, question_id__in=list(answers)).delete()
        ProfileAnswer.objects.bulk_create(
            ProfileAnswer(user=user, question_id=question_id, option_id=option_id)
            for question_id, option_id in answers.items()
            if option_id is not None
        )
        ProfileQuestionsOffer.objects.get_or_create(user=user, organization=organization)


def profile_answers_erase(*, actor: User, user: User, organization: Organization) -> None:
    """Erase every answer of the person to this organization's questions."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the person can erase their answers."))
    ProfileAnswer.objects.filter(user=user, question__organization=organization).delete()


def profile_questions_offered(*, user: User, organization: Organization) -> None:
    """Remember the questions were offered (the page after sign-up comes once)."""
    ProfileQuestionsOffer.objects.get_or_create(user=user, organization=organization)


def profile_answers_remove_all(*, user: User) -> None:
    """Account deletion: every answer and offer of the person goes."""
    ProfileAnswer.objects.filter(user=user).delete()
    ProfileQuestionsOffer.objects.filter(user=user).delete()
