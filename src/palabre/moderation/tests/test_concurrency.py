"""Simultaneous reports of one contribution. Run on PostgreSQL (or a SQLite file); the
in-memory SQLite test database cannot be shared between threads."""

import pytest
from django.core.exceptions import ValidationError

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import ComponentFactory, UserFactory
from palabre.moderation import services
from palabre.moderation.models import Moderation, Report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


@pytest.fixture
def post(organization):
    component = ComponentFactory(space__organization=organization, manifest_name="blogs")
    return PostFactory(component=component, author=UserFactory(organization=organization))


def test_simultaneous_reports_count_once_each_and_hide_once(organization, post):
    people = UserFactory.create_batch(10, organization=organization)
    outcomes = run_together(
        [
            (
                lambda person=person: services.report_create(
                    reporter=person, target=post, reason="spam"
                )
            )
            for person in people
        ]
    )
    assert all(isinstance(outcome, Report) for outcome in outcomes)
    moderation = Moderation.objects.get()
    assert moderation.reports_count == 10 == Report.objects.count()
    assert moderation.hidden_at is not None


def test_simultaneous_reports_cross_the_threshold_exactly_once(organization, post, monkeypatch):
    hidings = []
    monkeypatch.setattr(services, "_notify_hidden", lambda **kwargs: hidings.append(kwargs))
    people = UserFactory.create_batch(8, organization=organization)
    run_together(
        [
            (
                lambda person=person: services.report_create(
                    reporter=person, target=post, reason="spam"
                )
            )
            for person in people
        ]
    )
    assert len(hidings) == 1
    assert hidings[0]["reports_count"] == organization.report_hide_threshold


def test_double_clicks_of_one_person_count_once(organization, post):
    person = UserFactory(organization=organization)
    outcomes = run_together(
        [lambda: services.report_create(reporter=person, target=post, reason="spam")] * 6
    )
    assert sum(isinstance(outcome, Report) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 5
    assert Moderation.objects.get().reports_count == 1
