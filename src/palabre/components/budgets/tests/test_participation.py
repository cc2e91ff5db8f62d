"""Live participation figures of the backoffice."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palabre.components.budgets import selectors, services
from palabre.components.budgets.models import Order
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.components import component_admin_url
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(organization):
    component = BudgetsComponentFactory(
        space__organization=organization,
        settings=budgets_settings(vote_rule="projects_range", min_projects=1, max_projects=3),
    )
    return BudgetFactory(component=component)


def test_baskets_votes_and_votes_per_day(budget, organization):
    first, second = ProjectFactory(budget=budget), ProjectFactory(budget=budget)
    voters = [UserFactory(organization=organization) for _ in range(3)]
    for voter in voters:
        services.order_add_project(user=voter, project=first)
    for voter in voters[:2]:
        services.order_add_project(user=voter, project=second)
        services.order_checkout(user=voter, budget=budget)
    Order.objects.filter(user=voters[0]).update(checked_out_at=timezone.now() - timedelta(days=2))
    figures = selectors.budget_participation(budget=budget)
    assert (figures.baskets_started, figures.votes_cast, figures.online) == (1, 2, 2)
    assert [votes for _day, votes in selectors.budget_votes_per_day(budget=budget)] == [1, 1]


def test_budget_page_shows_the_figures_in_constant_queries(
    client, budget, admin_user, organization
):
    client.force_login(admin_user)
    url = component_admin_url(budget.component, "budget", budget_id=budget.pk)

    def queries_with(count):
        for _ in range(count):
            ProjectFactory(budget=budget)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    voter = UserFactory(organization=organization)
    services.order_add_project(user=voter, project=ProjectFactory(budget=budget))
    services.order_checkout(user=voter, budget=budget)
    few, content = queries_with(1)
    assert "Votes cast per day" in content
    assert few == queries_with(30)[0]
