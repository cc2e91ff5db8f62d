"""Writes of profile questions: who may, what bad input changes (nothing), the log."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.accounts.services import user_delete_account
from palabre.core.models import ActionLog
from palabre.profile_questions import services
from palabre.profile_questions.models import (
    ProfileAnswer,
    ProfileOption,
    ProfileQuestion,
    ProfileQuestionsOffer,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("org_admin", True),
        ("space_admin", False),
        ("participant", False),
        ("other_org_admin", False),
    ],
)
def test_only_the_organization_admins_define_questions(
    request, organization, space, age, who, allowed
):
    actor = request.getfixturevalue(who)
    option = age.options.first()
    writes = [
        lambda: services.profile_question_create(
            actor=actor, organization=organization, label={"fr": "Genre"}
        ),
        lambda: services.profile_question_update(actor=actor, question=age, label={"fr": "Âges"}),
        lambda: services.profile_option_create(
            actor=actor, question=age, label={"fr": "Autre"}, reference_share=None
        ),
        lambda: services.profile_option_update(
            actor=actor, option=option, label={"fr": "16-29"}, reference_share=Decimal(29)
        ),
    ]
    for write in writes:
        if allowed:
            write()
        else:
            with pytest.raises(PermissionDenied):
                write()
    if not allowed:
        assert ProfileQuestion.objects.count() == 1
        assert age.options.count() == 3
        assert not ActionLog.objects.exists()
    else:
        assert ActionLog.objects.filter(organization=organization).count() == 4


def test_every_write_is_logged_with_its_sentence(org_admin, organization, age):
    question = services.profile_question_create(
        actor=org_admin, organization=organization, label={"fr": "Genre", "en": "Gender"}
    )
    option = services.profile_option_create(
        actor=org_admin, question=question, label={"fr": "Femme"}, reference_share=Decimal(52)
    )
    services.profile_option_update(
        actor=org_admin, option=option, label={"fr": "Femme"}, reference_share=Decimal("51.5")
    )
    services.profile_option_delete(actor=org_admin, option=option)
    services.profile_question_delete(actor=org_admin, question=question)

    entries = ActionLog.objects.filter(organization=organization).order_by("pk")
    assert [(e.action, e.resource_type) for e in entries] == [
        ("create", "profilequestion"),
        ("create", "profileoption"),
        ("update", "profileoption"),
        ("delete", "profileoption"),
        ("delete", "profilequestion"),
    ]
    assert entries[2].data == {"fields": ["reference_share"]}


@pytest.mark.parametrize("share", [Decimal(-1), Decimal("100.01"), Decimal(1)])
def test_reference_shares_are_percentages_adding_up_to_100_at_most(org_admin, age, share):
    # The three options hold 30 + 45 + 25 = 100 already: any new share is too much.
    with pytest.raises(ValidationError) as error:
        services.profile_option_create(
            actor=org_admin, question=age, label={"fr": "Autre"}, reference_share=share
        )
    assert "reference_share" in error.value.message_dict
    assert age.options.count() == 3


def test_changing_a_share_counts_the_other_options_only(org_admin, age):
    option = age.options.get(position=1)
    services.profile_option_update(
        actor=org_admin, option=option, label={"fr": "16-29"}, reference_share=Decimal(20)
    )
    with pytest.raises(ValidationError):
        services.profile_option_update(
            actor=org_admin, option=option, label={"fr": "16-29"}, reference_share=Decimal(31)
        )
    option.refresh_from_db()
    assert option.reference_share == Decimal(20)


@pytest.mark.parametrize("label", [{}, {"fr": ""}, {"de": "Alter"}, {"fr": "x" * 201}])
def test_a_bad_label_changes_nothing(org_admin, organization, age, label):
    with pytest.raises(ValidationError):
        services.profile_question_create(actor=org_admin, organization=organization, label=label)
    with pytest.raises(ValidationError):
        services.profile_question_update(actor=org_admin, question=age, label=label)
    age.refresh_from_db()
    assert age.label == {"fr": "Âge", "en": "Age"}
    assert ProfileQuestion.objects.count() == 1
    assert not ActionLog.objects.exists()


def test_a_person_answers_changes_and_erases(participant, organization, age, district):
    young, middle = age.options.all()[:2]
    north = district.options.first()

    services.profile_answers_save(
        actor=participant,
        user=participant,
        organization=organization,
        answers={age.pk: young.pk, district.pk: north.pk},
    )
    assert set(ProfileAnswer.objects.values_list("question_id", "option_id")) == {
        (age.pk, young.pk),
        (district.pk, north.pk),
    }
    # Changing one, leaving the other unanswered.
    services.profile_answers_save(
        actor=participant,
        user=participant,
        organization=organization,
        answers={age.pk: middle.pk, district.pk: None},
    )
    assert set(ProfileAnswer.objects.values_list("question_id", "option_id")) == {
        (age.pk, middle.pk)
    }
    services.profile_answers_erase(actor=participant, user=participant, organization=organization)
    assert not ProfileAnswer.objects.exists()


@pytest.mark.parametrize("case", ["other question", "unknown option", "unknown question"])
def test_an_answer_that_is_not_an_option_of_its_question_changes_nothing(
    participant, organization, age, district, case
):
    young = age.options.first()
    north = district.options.first()
    services.profile_answers_save(
        actor=participant, user=participant, organization=organization, answers={age.pk: young.pk}
    )
    answers = {
        "other question": {age.pk: north.pk},
        "unknown option": {age.pk: 999_999},
        "unknown question": {999_999: young.pk},
    }[case]

    with pytest.raises(ValidationError):
        services.profile_answers_save(
            actor=participant, user=participant, organization=organization, answers=answers
        )

    assert list(ProfileAnswer.objects.values_list("option_id", flat=True)) == [young.pk]


def test_questions_of_another_organization_cannot_be_answered(participant, age, other_org_admin):
    other = other_org_admin.organization
    with pytest.raises(ValidationError):
        services.profile_answers_save(
            actor=participant,
            user=participant,
            organization=other,
            answers={age.pk: age.options.first().pk},
        )
    assert not ProfileAnswer.objects.exists()


def test_only_the_person_answers_for_themselves(participant, org_admin, organization, age):
    with pytest.raises(PermissionDenied):
        services.profile_answers_save(
            actor=org_admin,
            user=participant,
            organization=organization,
            answers={age.pk: age.options.first().pk},
        )
    with pytest.raises(PermissionDenied):
        services.profile_answers_erase(actor=org_admin, user=participant, organization=organization)
    assert not ProfileAnswer.objects.exists()


def test_deleting_the_account_erases_the_answers(participant, organization, age):
    services.profile_answers_save(
        actor=participant,
        user=participant,
        organization=organization,
        answers={age.pk: age.options.first().pk},
    )
    assert ProfileQuestionsOffer.objects.filter(user=participant).exists()

    user_delete_account(actor=participant, user=participant)

    assert not ProfileAnswer.objects.filter(user=participant).exists()
    assert not ProfileQuestionsOffer.objects.filter(user=participant).exists()
    assert ProfileOption.objects.count() == 3
