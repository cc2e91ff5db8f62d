"""Links of the budgets' emails (vote summary, reminder): the organization's site."""

from decimal import Decimal

import pytest
from django.core import mail

from palabre.components.budgets import services
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.tests.email_links import assert_links_on_site

ROOT = "http://testserver:8080"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def served_on_http_8080(settings):
    settings.PALABRE_URL_SCHEME = "http"
    settings.PALABRE_URL_PORT = 8080


@pytest.fixture
def budget(organization):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(minimum_percent=0)
    )
    return BudgetFactory(component=component, envelope=Decimal("100000"))


def test_the_vote_summary_links_to_the_budget(budget, user, django_capture_on_commit_callbacks):
    services.order_add_project(user=user, project=ProjectFactory(budget=budget))
    with django_capture_on_commit_callbacks(execute=True):
        services.order_checkout(user=user, budget=budget)
    (message,) = mail.outbox
    assert_links_on_site(message, ROOT, budget.get_absolute_url())


def test_the_reminder_links_to_the_budget(budget, user, django_capture_on_commit_callbacks):
    services.order_add_project(user=user, project=ProjectFactory(budget=budget))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.basket_reminders_send(component=budget.component) == 1
    (message,) = mail.outbox
    assert_links_on_site(message, ROOT, budget.get_absolute_url())
