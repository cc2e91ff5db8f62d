"""Simultaneous reports of one contribution. Run on PostgreSQL (or a SQLite file); the
in-memory SQLite test database cannot be shared between threads."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.tests.factories import ComponentFactory, UserFactory
from palabre.moderation import services
from palabre.moderation.models import Moderation, Report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("in-memory SQLite is one connection; races need a file or PostgreSQL")


def run_together(calls) -> list:
    """Start every call at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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
