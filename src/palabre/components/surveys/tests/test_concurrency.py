"""Double submissions and simultaneous answers: one response per person, none lost. Run on
PostgreSQL (or a SQLite file); the in-memory SQLite test database is one connection."""

import pytest

from palabre.components.surveys import services
from palabre.components.surveys.tests.factories import (
    SurveysComponentFactory,
    by_bus,
    mobility_survey,
)
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import SpaceFactory, UserFactory
from palabre.forms.models import Answer, Response
from palabre.forms.services import AlreadyAnswered

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


@pytest.fixture
def survey(organization):
    component = SurveysComponentFactory(space=SpaceFactory(organization=organization))
    return mobility_survey(component, anonymous=True)


def test_a_double_submission_saves_one_response(organization, survey):
    person = UserFactory(organization=organization)
    outcomes = run_together(
        [lambda: services.survey_answer(survey=survey, user=person, data=by_bus(survey))] * 8
    )
    assert sum(not isinstance(outcome, Exception) for outcome in outcomes) == 1
    assert all(isinstance(o, AlreadyAnswered) for o in outcomes if isinstance(o, Exception))
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 2


def test_a_crowd_answering_at_once_loses_no_answer(organization, survey):
    people = UserFactory.create_batch(12, organization=organization)
    run_together(
        [
            (lambda p=p: services.survey_answer(survey=survey, user=p, data=by_bus(survey)))
            for p in people
        ]
    )
    assert Response.objects.filter(form=survey.form).count() == 12
    assert len(set(Response.objects.values_list("respondent", flat=True))) == 12
