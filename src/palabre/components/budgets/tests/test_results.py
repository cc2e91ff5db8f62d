"""Results: counted in the background, explained project by project, shown when allowed."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from palabre.components.budgets import services
from palabre.components.budgets.models import BudgetResult
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.components import component_admin_url, component_url
from palabre.core.settings_schema import current_settings
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_budget(organization, **settings):
    component = BudgetsComponentFactory(
        space__organization=organization,
        settings=budgets_settings(
            vote_rule="projects_range", min_projects=1, max_projects=5, **settings
        ),
    )
    return BudgetFactory(component=component, envelope=Decimal("100"), currency="PLN")


def vote(budget, ballots, organization):
    """Cast `ballots` (lists of projects) online while voting is open."""
    for projects in ballots:
        user = UserFactory(organization=organization)
        for project in projects:
            services.order_add_project(user=user, project=project)
        services.order_checkout(user=user, budget=budget)


def compute(budget, admin_user, rule, capture):
    with capture(execute=True):
        result = services.budget_result_request(actor=admin_user, budget=budget, rule=rule)
    result.refresh_from_db()
    return result


def set_voting(budget, voting):
    component = budget.component
    component.settings = budgets_settings(
        voting=voting,
        vote_rule="projects_range",
        min_projects=1,
        max_projects=5,
    )
    component.save()


@pytest.fixture
def election(organization):
    """Envelope 100 PLN. A (60) has 3 votes, B (50) 2, C (30) 1, D (10) none."""
    budget = make_budget(organization)
    a, b, c, d = (
        ProjectFactory(budget=budget, cost=Decimal(cost), title={"en": name})
        for name, cost in (("Alpha", 60), ("Beta", 50), ("Gamma", 30), ("Delta", 10))
    )
    vote(budget, [[a], [a, b], [a, b, c]], organization)
    return budget, (a, b, c, d)


def test_the_count_runs_in_the_background_and_is_computing_until_then(
    client, election, admin_user, django_capture_on_commit_callbacks
):
    budget, (a, *_rest) = election
    result = services.budget_result_request(actor=admin_user, budget=budget, rule="greedy")
    # Outside `capture`, the transaction of the test never commits: the task has not run.
    assert result.status == BudgetResult.Status.COMPUTING
    client.force_login(admin_user)
    url = component_admin_url(budget.component, "result", budget_id=budget.pk, result_id=result.pk)
    assert "Computing…" in client.get(url).content.decode()
    publish = component_admin_url(
        budget.component, "result_publish", budget_id=budget.pk, result_id=result.pk
    )
    client.post(publish)
    result.refresh_from_db()
    assert result.published_at is None
    ready = compute(budget, admin_user, "greedy", django_capture_on_commit_callbacks)
    assert ready.status == BudgetResult.Status.READY
    assert ready.selected_projects[0] == a.pk
    assert (
        "Computing…"
        not in client.get(
            component_admin_url(budget.component, "result", budget_id=budget.pk, result_id=ready.pk)
        ).content.decode()
    )


def test_greedy_explains_rank_votes_cost_and_money_left(
    client, election, admin_user, django_capture_on_commit_callbacks
):
    budget, (a, _b, c, d) = election
    result = compute(budget, admin_user, "greedy", django_capture_on_commit_callbacks)
    assert result.selected_projects == [a.pk, c.pk, d.pk]
    client.force_login(admin_user)
    page = client.get(
        component_admin_url(budget.component, "result", budget_id=budget.pk, result_id=result.pk)
    ).content.decode()
    assert "Ranked 1 by votes (3 votes); it costs PLN60 and PLN100 remained" in page
    assert "Did not fit: it costs PLN50, only PLN40 remained." in page
    assert "Ranked 3 by votes (1 vote); it costs PLN30 and PLN40 remained" in page
    assert page.count("Selected.") == 3


def test_equal_shares_explains_rounds_prices_shortfalls_and_the_completion(
    client, organization, admin_user, django_capture_on_commit_callbacks
):
    budget = make_budget(organization)
    a, b, c = (
        ProjectFactory(budget=budget, cost=Decimal(cost), title={"en": name})
        for name, cost in (("Alpha", 40), ("Beta", 40), ("Gamma", 30))
    )
    # Three voters, one project each. Raising the equal shares buys Gamma alone until the
    # next step would buy all three (110 zł, over the envelope): the count keeps Gamma, then
    # the completion adds Alpha or Beta (equal votes) and has too little left for the other.
    vote(budget, [[a], [b], [c]], organization)
    result = compute(budget, admin_user, "mes", django_capture_on_commit_callbacks)
    assert result.selected_projects[0] == c.pk and len(result.selected_projects) == 2
    client.force_login(admin_user)
    page = client.get(
        component_admin_url(budget.component, "result", budget_id=budget.pk, result_id=result.pk)
    ).content.decode()
    assert "Bought by its supporters in round 1 of the equal shares: each paid at most" in page
    assert "Its supporters did not have enough money left" in page
    assert "Added by the completion step" in page
    assert (
        "The completion step could not add it: Did not fit: it costs PLN40, only "
        "PLN30 remained." in page
    )
    assert "each paid at most PLN30" in page
    assert "an equal share of PLN33,33" in page or "an equal share of PLN33.33" in page
    assert "a budget of PLN39.67 per voter" in page.replace(",", ".")
    assert "Projects were then added with the money left" in page


def test_ties_go_to_the_project_entered_first_and_the_table_follows_the_ranks(
    client, organization, admin_user, django_capture_on_commit_callbacks
):
    """Projects 99 and 100 have as many votes: compared as text, "100" came first; the
    earliest entered (99) is considered first, the table lists ranks as numbers and the
    explanation says how the tie was broken."""
    budget = make_budget(organization)
    early = ProjectFactory(pk=99, budget=budget, cost=Decimal(60), title={"en": "Early"})
    late = ProjectFactory(pk=100, budget=budget, cost=Decimal(60), title={"en": "Late"})
    others = [
        ProjectFactory(budget=budget, cost=Decimal(200), title={"en": f"Costly {n}"})
        for n in range(10)
    ]
    vote(
        budget,
        [[early, late, *(others[(n + k) % 10] for k in range(3))] for n in range(10)],
        organization,
    )
    result = compute(budget, admin_user, "greedy", django_capture_on_commit_callbacks)
    assert result.selected_projects == [early.pk]
    assert result.explanations[str(late.pk)]["rank"] > result.explanations[str(early.pk)]["rank"]
    client.force_login(admin_user)
    page = client.get(
        component_admin_url(budget.component, "result", budget_id=budget.pk, result_id=result.pk)
    ).content.decode()
    ranks = [int(rank) for rank in re.findall(r"Ranked (\d+) by votes", page)]
    assert ranks == sorted(ranks) and 9 in ranks and 10 in ranks
    assert (
        "One other project had as many votes: projects with as many votes are considered in "
        "the order they were entered, the earliest first." in page
    )
    assert "Projects with as many votes are considered in the order they were entered" in page


@pytest.mark.parametrize(
    ("voting", "publish", "shown"),
    [
        ("disabled", True, True),
        ("finished", True, True),
        ("finished", False, False),
    ],
)
def test_a_published_result_is_public_whatever_the_step_settings(
    client, election, admin_user, django_capture_on_commit_callbacks, voting, publish, shown
):
    """Publishing is the one action that shows a result: no step setting has to follow it."""
    budget, _projects = election
    result = compute(budget, admin_user, "greedy", django_capture_on_commit_callbacks)
    set_voting(budget, voting)
    if publish:
        services.budget_result_publish(actor=admin_user, result=result)
    page = client.get(component_url(budget.component, "results", budget_id=budget.pk))
    content = page.content.decode()
    assert ("Did not fit" in content) is shown
    assert ("The results are not published yet." in content) is not shown
    budget_page = client.get(component_url(budget.component, "budget", budget_id=budget.pk))
    assert ("See the results" in budget_page.content.decode()) is shown


def test_publishing_while_voting_is_open_says_why_and_offers_to_finish_the_vote(
    client, election, admin_user, django_capture_on_commit_callbacks
):
    budget, _projects = election
    result = compute(budget, admin_user, "greedy", django_capture_on_commit_callbacks)
    client.force_login(admin_user)
    admin_page = client.get(
        component_admin_url(budget.component, "result", budget_id=budget.pk, result_id=result.pk)
    ).content.decode()
    assert "Voting is still open" in admin_page
    assert "Finish voting and publish" in admin_page
    publish = component_admin_url(
        budget.component, "result_publish", budget_id=budget.pk, result_id=result.pk
    )
    # A plain "Publish" (an old form, a script) changes nothing and says why.
    response = client.post(publish, follow=True)
    assert "Voting is still open" in response.content.decode()
    result.refresh_from_db()
    assert result.published_at is None
    # The button the page offers finishes the vote and publishes, in one action.
    response = client.post(publish, {"finish_voting": "1"}, follow=True)
    assert "Voting is finished and the results are published" in response.content.decode()
    result.refresh_from_db()
    assert result.published_at is not None
    budget.component.refresh_from_db()
    assert current_settings(budget.component).voting == "finished"
    public = client.get(component_url(budget.component, "results", budget_id=budget.pk))
    assert "Did not fit" in public.content.decode()
    with pytest.raises(PermissionDenied):
        vote(budget, [[_projects[0]]], budget.component.space.organization)


def test_results_page_queries_do_not_grow_with_projects(
    client,
    organization,
    admin_user,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    def page_queries(count):
        budget = make_budget(organization, voting="finished")
        projects = [ProjectFactory(budget=budget, cost=Decimal(1)) for _ in range(count)]
        set_voting(budget, "open")
        vote(budget, [projects[:2]], organization)
        result = compute(budget, admin_user, "mes", django_capture_on_commit_callbacks)
        set_voting(budget, "finished")
        services.budget_result_publish(actor=admin_user, result=result)
        url = component_url(budget.component, "results", budget_id=budget.pk)
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert page_queries(2) == page_queries(25)
