"""Reminders to people whose basket is started but not cast."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from palabre.components.budgets import services
from palabre.components.budgets.models import Order
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(organization):
    return BudgetsComponentFactory(
        space__organization=organization,
        settings=budgets_settings(vote_rule="projects_range", min_projects=1, max_projects=3),
    )


@pytest.fixture
def people(component, organization):
    """Ann has baskets in two budgets, Bob has voted, Cy has an empty basket, Dee one basket."""
    north, south = BudgetFactory(component=component), BudgetFactory(component=component)
    north_project, south_project = ProjectFactory(budget=north), ProjectFactory(budget=south)
    ann, bob, cy, dee = (
        UserFactory(organization=organization, email=f"{name}@example.org")
        for name in ("ann", "bob", "cy", "dee")
    )
    services.order_add_project(user=ann, project=north_project)
    services.order_add_project(user=ann, project=south_project)
    services.order_add_project(user=bob, project=north_project)
    services.order_checkout(user=bob, budget=north)
    services.order_add_project(user=cy, project=north_project)
    services.order_remove_project(user=cy, project=north_project)
    services.order_add_project(user=dee, project=south_project)
    mail.outbox.clear()
    return {"ann": ann, "bob": bob, "cy": cy, "dee": dee}


def remind(client, component, admin_user, capture):
    client.force_login(admin_user)
    with capture(execute=True):
        return client.post(component_admin_url(component, "reminders"))


def test_one_email_per_person_with_an_unfinished_basket_and_never_twice_a_day(
    client, component, people, admin_user, django_capture_on_commit_callbacks
):
    response = remind(client, component, admin_user, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@example.org",
        "dee@example.org",
    ]
    ann_mail = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    assert ann_mail.body.count("https://") == 2  # both of Ann's budgets in one email
    assert Order.objects.filter(user=people["ann"], reminded_at__isnull=False).count() == 2
    assert ActionLog.objects.filter(action="remind_baskets").count() == 1

    mail.outbox.clear()
    remind(client, component, admin_user, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    # A day later a new round writes again to whoever still has not voted.
    Order.objects.update(reminded_at=timezone.now() - timedelta(hours=25))
    services.order_checkout(user=people["dee"], budget=Order.objects.get(user=people["dee"]).budget)
    mail.outbox.clear()
    remind(client, component, admin_user, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]


def test_nothing_is_sent_unless_voting_is_open(
    client, component, people, admin_user, django_capture_on_commit_callbacks
):
    component.settings = budgets_settings(
        voting="finished", vote_rule="projects_range", min_projects=1, max_projects=3
    )
    component.save()
    remind(client, component, admin_user, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Order.objects.filter(reminded_at__isnull=False).exists()
    assert services.basket_reminders_send(component=component) == 0


def test_blocked_people_are_not_reminded(component, people):
    people["dee"].blocked_at = timezone.now()
    people["dee"].save()
    assert services.basket_reminders_send(component=component) == 1


def test_participants_cannot_start_a_round(client, component, user):
    client.force_login(user)
    response = client.post(component_admin_url(component, "reminders"))
    assert response.status_code in {302, 403, 404}
    assert not ActionLog.objects.filter(action="remind_baskets").exists()
