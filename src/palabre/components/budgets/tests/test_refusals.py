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


def test_a_voter_refused_for_another_reason_reads_it_next_to_the_basket(
    signed_in, organization, user, admin_user
):
    """Voting is open, but the person may not vote yet (here: new terms of use to accept):
    the basket says why and links the step that lifts it, coming back to the basket."""
    from palabre.legal.services import legal_pages_setup, terms_publish

    budget = budget_with(organization, "open")
    ProjectFactory(budget=budget)
    legal_pages_setup(organization=organization)
    terms_publish(actor=admin_user, organization=organization, summary={"fr": "Nouvelles règles"})
    html = signed_in(user).get(budget.get_absolute_url()).content.decode()
    basket = html[html.index('id="basket"') :]
    assert "accept the new version to take part" in basket
    assert f'href="/legal/terms/accept/?next={budget.get_absolute_url()}%23basket"' in basket
