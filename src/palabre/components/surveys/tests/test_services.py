"""Surveys' services: creating and publishing, answering once, anonymity, people without an
account, the limit per address, and the announcement of an opening."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.components.surveys import services
from palabre.components.surveys.models import Survey
from palabre.components.surveys.tests.factories import (
    by_bus,
    mobility_survey,
    questions,
    survey_create,
    surveys_settings,
)
from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory
from palabre.forms.models import Answer, Response
from palabre.forms.services import AlreadyAnswered, respondent_key

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def answer(survey, user, data=None, **kwargs):
    return services.survey_answer(survey=survey, user=user, data=data or by_bus(survey), **kwargs)


# Administration ------------------------------------------------------------------------
def test_a_survey_is_created_with_its_own_form_and_logged(component, space_admin):
    survey = services.survey_create(
        actor=space_admin,
        component=component,
        title={"fr": "Vos trajets"},
        opens_at=NOW,
        closes_at=NOW + datetime.timedelta(days=3),
        anonymous=True,
    )
    assert survey.form.component == component and survey.form.title == {"fr": "Vos trajets"}
    assert not survey.is_published and survey.anonymous
    assert ActionLog.objects.filter(action="create", resource_type="survey").exists()


@pytest.mark.parametrize(
    "fields,key",
    [
        ({"title": {}}, "title"),
        ({"title": {"de": "Umfrage"}}, "title"),
        ({"opens_at": NOW, "closes_at": NOW - datetime.timedelta(hours=1)}, "closes_at"),
        ({"opens_at": "tomorrow"}, "opens_at"),
    ],
)
def test_bad_surveys_are_refused_and_change_nothing(component, space_admin, fields, key):
    fields = {"title": {"fr": "Enquête"}, **fields}
    with pytest.raises(ValidationError) as error:
        services.survey_create(actor=space_admin, component=component, **fields)
    assert key in error.value.message_dict
    assert not Survey.objects.exists()


def test_participants_cannot_create_surveys(component, participant):
    with pytest.raises(PermissionDenied):
        services.survey_create(actor=participant, component=component, title={"fr": "X"})


def test_a_survey_without_question_cannot_be_published(component, space_admin):
    survey = survey_create(component, published=False)
    with pytest.raises(ValidationError):
        services.survey_set_published(actor=space_admin, survey=survey, published=True)
    survey.refresh_from_db()
    assert not survey.is_published


def test_publishing_and_unpublishing_are_logged(survey, space_admin):
    services.survey_set_published(actor=space_admin, survey=survey, published=False)
    services.survey_set_published(actor=space_admin, survey=survey, published=True)
    survey.refresh_from_db()
    assert survey.is_published
    assert list(ActionLog.objects.order_by("id").values_list("action", flat=True)) == [
        "unpublish",
        "publish",
    ]


def test_anonymity_cannot_change_once_answered(survey, space_admin, participant):
    answer(survey, participant)
    with pytest.raises(ValidationError) as error:
        services.survey_update(actor=space_admin, survey=survey, title=survey.title, anonymous=True)
    assert "anonymous" in error.value.message_dict
    survey.refresh_from_db()
    assert not survey.anonymous


def test_deleting_a_survey_deletes_its_answers(survey, space_admin, participant):
    answer(survey, participant)
    services.survey_delete(actor=space_admin, survey=survey)
    assert not Survey.objects.exists() and not Response.objects.exists()
    assert not Answer.objects.exists()
    assert ActionLog.objects.filter(action="delete", data__responses=1).exists()


# Answering ------------------------------------------------------------------------------
def test_a_participant_answers_once(survey, participant):
    response = answer(survey, participant)
    assert response.user == participant
    assert response.respondent == respondent_key(survey.form, f"user:{participant.pk}")
    with pytest.raises(AlreadyAnswered):
        answer(survey, participant)
    assert Response.objects.count() == 1


def test_anonymous_answers_keep_a_pseudonym_only(component, participant):
    survey = mobility_survey(component, anonymous=True)
    response = answer(survey, participant)
    assert response.user is None
    assert not Response.objects.filter(user=participant).exists()
    assert response.respondent == respondent_key(survey.form, f"user:{participant.pk}")
    with pytest.raises(AlreadyAnswered):
        answer(survey, participant)


def test_pseudonyms_are_stable_in_a_survey_and_differ_across_surveys(component, participant):
    first = mobility_survey(component, anonymous=True)
    second = mobility_survey(component, anonymous=True)
    one = answer(first, participant).respondent
    two = answer(second, participant).respondent
    assert one != two
    assert one == services.respondent_of(first, user=participant, session_key="ignored")


def test_wrong_answers_raise_with_the_checked_submission_and_save_nothing(survey, participant):
    q = questions(survey)
    data = by_bus(survey, **{q["Anything else?"].name: "x" * 201})
    with pytest.raises(services.AnswersInvalid) as error:
        answer(survey, participant, data)
    assert error.value.submission.errors == {
        q["Anything else?"].pk: ["At most 200 characters (201 now)."]
    }
    assert not Response.objects.exists()


def test_terms_must_be_accepted(component, participant):
    survey = mobility_survey(component, terms={"fr": "<p>Conditions</p>"})
    with pytest.raises(services.AnswersInvalid) as error:
        answer(survey, participant)
    assert error.value.field_errors == {"terms": ["Accept the terms to answer."]}
    assert not Response.objects.exists()
    answer(survey, participant, by_bus(survey, accept_terms="1"))
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    "opens,closes,published,allowed",
    [
        (None, None, True, True),
        (-1, None, True, True),
        (1, None, True, False),
        (None, 1, True, True),
        (None, -1, True, False),
        (-1, 1, True, True),
        (1, 2, True, False),
        (-2, -1, True, False),
        (None, None, False, False),
    ],
)
def test_dates_and_publication(component, participant, opens, closes, published, allowed):
    days = datetime.timedelta(days=1)
    survey = mobility_survey(
        component,
        opens_at=NOW + opens * days if opens is not None else None,
        closes_at=NOW + closes * days if closes is not None else None,
        published=published,
    )
    if allowed:
        answer(survey, participant)
    else:
        with pytest.raises(PermissionDenied):
            answer(survey, participant)
        assert not Response.objects.exists()


def test_the_step_can_close_answers(component, participant, survey):
    component.settings = {"default_step": {"answers_enabled": False}}
    component.save()
    survey.component.refresh_from_db()
    with pytest.raises(PermissionDenied) as error:
        answer(survey, participant)
    assert str(error.value) == "Answers are closed in this phase."


# Without an account -----------------------------------------------------------------------
def test_visitors_answer_only_where_the_survey_allows_it(component):
    from django.contrib.auth.models import AnonymousUser

    closed = mobility_survey(component)
    with pytest.raises(PermissionDenied) as error:
        answer(closed, AnonymousUser(), session_key="s1")
    assert str(error.value) == "Sign in to answer this survey."
    open_ = mobility_survey(component, allow_unregistered=True)
    response = answer(open_, AnonymousUser(), session_key="s1", address="10.0.0.1")
    assert response.user is None
    with pytest.raises(AlreadyAnswered):
        answer(open_, AnonymousUser(), session_key="s1", address="10.0.0.1")
    answer(open_, AnonymousUser(), session_key="s2", address="10.0.0.1")
    assert Response.objects.filter(form=open_.form).count() == 2


def test_visitors_need_a_session(component):
    from django.contrib.auth.models import AnonymousUser

    survey = mobility_survey(component, allow_unregistered=True)
    with pytest.raises(PermissionDenied):
        answer(survey, AnonymousUser(), session_key=None)


def test_visitors_are_limited_per_address_and_hour(space):
    from django.contrib.auth.models import AnonymousUser

    from palabre.components.surveys.tests.factories import SurveysComponentFactory

    component = SurveysComponentFactory(
        space=space, settings=surveys_settings(unregistered_answers_per_hour=2)
    )
    survey = mobility_survey(component, allow_unregistered=True)
    for key in ("a", "b"):
        answer(survey, AnonymousUser(), session_key=key, address="10.0.0.1")
    with pytest.raises(ValidationError) as error:
        answer(survey, AnonymousUser(), session_key="c", address="10.0.0.1")
    assert "Too many answers" in error.value.messages[0]
    answer(survey, AnonymousUser(), session_key="c", address="10.0.0.2")
    # Signed-in participants are not counted against the address.
    answer(survey, UserFactory(organization=space.organization), address="10.0.0.1")
    assert Response.objects.count() == 4


def test_visitors_cannot_answer_in_a_private_space(private_space):
    from django.contrib.auth.models import AnonymousUser

    from palabre.components.surveys.tests.factories import SurveysComponentFactory

    survey = mobility_survey(SurveysComponentFactory(space=private_space), allow_unregistered=True)
    with pytest.raises(PermissionDenied):
        answer(survey, AnonymousUser(), session_key="s")


# Announcements ---------------------------------------------------------------------------
def test_followers_hear_once_that_a_survey_opens(component, space_admin, participant):
    from palabre.notifications.models import Notification
    from palabre.notifications.services import follow_create

    follow_create(user=participant, target=component.space)
    later = mobility_survey(component, published=False, opens_at=NOW + datetime.timedelta(hours=2))
    services.survey_set_published(actor=space_admin, survey=later, published=True)
    assert not Notification.objects.exists()
    assert services.surveys_announce_openings(now=NOW + datetime.timedelta(hours=3)) == 1
    assert services.surveys_announce_openings(now=NOW + datetime.timedelta(hours=4)) == 0
    notification = Notification.objects.get()
    assert notification.recipient == participant and notification.event == "surveys.opened"
    now_open = mobility_survey(component, published=False)
    services.survey_set_published(actor=space_admin, survey=now_open, published=True)
    assert Notification.objects.count() == 2


def test_the_reason_of_a_refusal_is_told(survey, participant, private_space, organization):
    from palabre.components.surveys.permissions import answer_check
    from palabre.components.surveys.tests.factories import SurveysComponentFactory

    participant.blocked_at = NOW
    participant.save()
    check = answer_check(participant, survey)
    assert not check.allowed and check.reason == "Your account is blocked: you cannot take part."
    outsider = UserFactory(organization=organization)
    private = mobility_survey(SurveysComponentFactory(space=private_space))
    assert answer_check(outsider, private).reason == (
        "Only the members of this private space can answer."
    )
