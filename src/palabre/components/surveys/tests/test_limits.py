"""The organization's limit on survey answers per person and per address (palabre.limits)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from palabre.components.surveys import services
from palabre.components.surveys.tests.factories import by_bus, mobility_survey
from palabre.core.tests.factories import UserFactory
from palabre.forms.models import Response
from palabre.limits.services import limits_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _answer(survey, **who):
    return services.survey_answer(survey=survey, data=by_bus(survey), files={}, **who)


def test_answers_beyond_the_limit_are_refused_and_not_saved(
    admin_user, organization, component, django_capture_on_commit_callbacks
):
    limits_save(
        actor=admin_user, organization=organization, limits={"answers": {"hour": 1, "day": 0}}
    )
    first, second = mobility_survey(component), mobility_survey(component)
    person = UserFactory(organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(first, user=person, address="10.0.0.1")

    with pytest.raises(ValidationError) as refused:
        _answer(second, user=person, address="10.0.0.1")

    assert "limit of 1 survey answers per hour" in " ".join(refused.value.messages)
    assert Response.objects.count() == 1
