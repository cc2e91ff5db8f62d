"""Refusals of the budgets say why, and lead back to the budgets."""

from decimal import Decimal

import pytest

from palabre.components.budgets.models import Order
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.components import component_url

pytestmark = pytest.mark.django_db


def budget_with(organization, voting):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(voting=voting)
    )
    return BudgetFactory(component=component, envelope=Decimal("100000"))


@pytest.mark.parametrize(
    ("voting", "reason"),
    [
        ("disabled", "Voting is not open in this phase."),
        ("finished", "Voting is over: votes can no longer be cast or changed."),
    ],
)
def test_voting_closed_says_so_and_leads_back_to_the_budgets(
    signed_in, organization, user, voting, reason
):
    budget = budget_with(organization, voting)
    project = ProjectFactory(budget=budget)
    browser = signed_in(user)
    checkout = component_url(budget.component, "checkout", budget_id=budget.pk)
    for response in (
        browser.get(checkout),
        browser.post(
            component_url(budget.component, "project_add", budget_id=budget.pk, pk=project.pk)
        ),
    ):
        assert response.status_code == 403
        html = response.content.decode()
        assert reason in html
        assert f'href="{budget.component.get_absolute_url()}">Back to ' in html
    assert not Order.objects.exists()
