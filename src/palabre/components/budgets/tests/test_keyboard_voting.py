"""A project's button brings the voter back to that project: without JavaScript the page
comes back at the project's heading (or at the reason, when the button was refused); with
htmx the answer is the project's card and the basket, updated in place."""

import re
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

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}


@pytest.fixture
def budget(organization):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(minimum_percent=50)
    )
    return BudgetFactory(component=component, envelope=Decimal("100000"))


def url(budget, name="budget", **kwargs):
    return component_url(budget.component, name, budget_id=budget.pk, **kwargs)


def test_without_javascript_the_page_comes_back_at_the_project(client, budget, user):
    park = ProjectFactory(budget=budget, cost=Decimal("60000"), title={"en": "Park"})
    client.force_login(user)
    listing = f"{url(budget)}?sort=title&page=1"
    response = client.post(url(budget, "project_add", pk=park.pk), {"next": listing})
    assert response["Location"] == f"{listing}#project-{park.pk}"
    page = client.get(listing).content.decode()
    # The anchor is the project's heading, which takes the focus.
    assert f'<h3 id="project-{park.pk}" tabindex="-1">' in page

    response = client.post(url(budget, "project_remove", pk=park.pk), {"next": listing})
    assert response["Location"] == f"{listing}#project-{park.pk}"
    assert not Order.objects.get(user=user).lines.exists()


def test_without_javascript_a_refusal_comes_back_at_its_reason(client, budget, user):
    big = ProjectFactory(budget=budget, cost=Decimal("80000"))
    over = ProjectFactory(budget=budget, cost=Decimal("30000"))
    client.force_login(user)
    client.post(url(budget, "project_add", pk=big.pk), {"next": url(budget)})
    response = client.post(url(budget, "project_add", pk=over.pk), {"next": url(budget)})
    assert response["Location"] == f"{url(budget)}#messages"
    page = client.get(url(budget)).content.decode()
    messages = re.search(r'<div[^>]*id="messages" tabindex="-1".*?</div>', page, re.S)
    assert messages and "message-error" in messages.group() and "remain" in messages.group()


def test_several_ticked_projects_come_back_at_the_basket(client, budget, user):
    first, second = ProjectFactory.create_batch(2, budget=budget, cost=Decimal("20000"))
    client.force_login(user)
    response = client.post(
        url(budget, "basket_add"), {"project": [first.pk, second.pk], "next": url(budget)}
    )
    assert response["Location"] == f"{url(budget)}#basket"
    assert 'id="basket" aria-labelledby="basket-title" tabindex="-1"' in (
        client.get(url(budget)).content.decode()
    )


def test_with_htmx_the_card_and_the_basket_are_sent_back(client, budget, user):
    park = ProjectFactory(budget=budget, cost=Decimal("60000"), title={"en": "Park"})
    client.force_login(user)
    page = client.get(url(budget)).content.decode()
    assert f'hx-post="{url(budget, "project_add", pk=park.pk)}"' in page
    assert f'hx-target="#project-card-{park.pk}"' in page

    response = client.post(url(budget, "project_add", pk=park.pk), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="project-card project-chosen" id="project-card-{park.pk}"'
    )
    # The button keeps its id (htmx gives it the focus back) and now removes the project.
    assert f'id="project-{park.pk}-button">Remove' in html
    assert 'id="basket"' in html and 'hx-swap-oob="true"' in html and "60,000" in html
    assert re.search(r'id="basket-status"[^>]*hx-swap-oob="innerHTML"><p>“Park” was added', html)
    # The message was given here: the next page does not show it again.
    assert "was added" not in client.get(url(budget)).content.decode()

    response = client.post(url(budget, "project_remove", pk=park.pk), headers=HTMX)
    html = response.content.decode()
    assert f'id="project-{park.pk}-button">Add' in html and "was removed" in html
    assert not Order.objects.get(user=user).lines.exists()


def test_with_htmx_a_refusal_is_said_in_the_card(client, budget, user):
    big = ProjectFactory(budget=budget, cost=Decimal("80000"))
    over = ProjectFactory(budget=budget, cost=Decimal("30000"))
    client.force_login(user)
    client.post(url(budget, "project_add", pk=big.pk), headers=HTMX)
    html = client.post(url(budget, "project_add", pk=over.pk), headers=HTMX).content.decode()
    alert = re.search(r'<div class="project-feedback" role="alert">.*?</div>', html, re.S)
    assert alert and "remain in your basket" in alert.group()
    assert "remain in your basket" not in html[html.index('id="basket-status"') :]
    assert f'id="project-{over.pk}-button">Add' in html


def test_with_htmx_a_visitor_is_sent_to_sign_in_as_a_whole_page(client, budget):
    project = ProjectFactory(budget=budget)
    response = client.post(url(budget, "project_add", pk=project.pk), headers=HTMX)
    assert response.status_code == 200 and "login" in response["HX-Redirect"]
    assert not Order.objects.exists()


def test_with_htmx_the_answer_takes_the_same_queries_whatever_the_basket(client, budget, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    projects = ProjectFactory.create_batch(12, budget=budget, cost=Decimal("1000"))
    client.force_login(user)

    def queries(project) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url(budget, "project_add", pk=project.pk), headers=HTMX)
        assert response.status_code == 200
        return len(captured)

    queries(projects[0])
    with_one = queries(projects[1])
    for project in projects[2:11]:
        queries(project)
    assert queries(projects[11]) == with_one <= 16
