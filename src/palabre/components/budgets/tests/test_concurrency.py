"""Many requests at once: double clicks, two tabs, a crowd of voters. Run on PostgreSQL (or
a SQLite file); the in-memory SQLite test database cannot be shared between threads."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from palabre.components.budgets import selectors, services
from palabre.components.budgets.models import Order, OrderLine
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def make_budget(organization, **global_values):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(**global_values)
    )
    return BudgetFactory(component=component, envelope=Decimal("100000"))


def test_one_person_adding_everything_at_once_never_exceeds_the_envelope(organization):
    budget = make_budget(organization, minimum_percent=0)
    projects = ProjectFactory.create_batch(10, budget=budget, cost=Decimal("30000"))
    user = UserFactory(organization=organization)
    run_together([(lambda p=p: services.order_add_project(user=user, project=p)) for p in projects])
    assert Order.objects.filter(user=user).count() == 1
    basket = selectors.basket_get(user=user, budget=budget)
    assert basket.count == 3 and basket.total <= budget.envelope


def test_ticked_projects_sent_from_two_tabs_never_exceed_the_envelope(organization):
    budget = make_budget(organization, minimum_percent=0)
    projects = ProjectFactory.create_batch(6, budget=budget, cost=Decimal("30000"))
    user = UserFactory(organization=organization)
    outcomes = run_together(
        [
            lambda: services.order_add_projects(user=user, budget=budget, projects=projects[:3]),
            lambda: services.order_add_projects(user=user, budget=budget, projects=projects[3:]),
        ],
    )
    assert Order.objects.filter(user=user).count() == 1
    basket = selectors.basket_get(user=user, budget=budget)
    # One tab's three projects fit; the other's are refused whole, never mixed in.
    assert basket.count == 3 and basket.total <= budget.envelope
    assert basket.project_ids in ({p.pk for p in projects[:3]}, {p.pk for p in projects[3:]})
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1


def test_double_clicks_on_vote_count_once(organization):
    budget = make_budget(organization, minimum_percent=0)
    project = ProjectFactory(budget=budget)
    user = UserFactory(organization=organization)
    services.order_add_project(user=user, project=project)
    run_together([lambda: services.order_checkout(user=user, budget=budget)] * 8)
    project.refresh_from_db()
    assert project.votes_count == 1
    assert selectors.budget_recount(budget=budget) == {project.pk: 1}


def test_adding_and_casting_at_once_never_casts_a_broken_basket(organization):
    budget = make_budget(organization, vote_rule="projects_range", min_projects=1, max_projects=2)
    projects = ProjectFactory.create_batch(4, budget=budget)
    user = UserFactory(organization=organization)
    services.order_add_project(user=user, project=projects[0])
    calls = [(lambda p=p: services.order_add_project(user=user, project=p)) for p in projects[1:]]
    calls += [lambda: services.order_checkout(user=user, budget=budget)] * 3
    run_together(calls)
    order = Order.objects.get(user=user)
    assert order.is_checked_out
    assert 1 <= OrderLine.objects.filter(order=order).count() <= 2
    counts = {p.pk: p.votes_count for p in budget.projects.all()}
    assert counts == selectors.budget_recount(budget=budget)


def test_two_tabs_casting_in_two_budgets_under_one_budget_only(organization):
    first = make_budget(organization, minimum_percent=0, workflow="one")
    second = BudgetFactory(component=first.component)
    user = UserFactory(organization=organization)
    services.order_add_project(user=user, project=ProjectFactory(budget=first))
    services.order_add_project(user=user, project=ProjectFactory(budget=second))
    outcomes = run_together(
        [
            lambda: services.order_checkout(user=user, budget=first),
            lambda: services.order_checkout(user=user, budget=second),
        ]
    )
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert Order.objects.filter(user=user, checked_out_at__isnull=False).count() == 1


def test_a_crowd_of_voters_is_counted_exactly(organization):
    budget = make_budget(organization, minimum_percent=0)
    projects = ProjectFactory.create_batch(3, budget=budget, cost=Decimal("10000"))
    voters = UserFactory.create_batch(12, organization=organization)

    def vote(user):
        def run():
            for project in projects:
                services.order_add_project(user=user, project=project)
            services.order_checkout(user=user, budget=budget)

        return run

    outcomes = run_together([vote(user) for user in voters])
    assert not [o for o in outcomes if isinstance(o, ValidationError)]
    assert {p.votes_count for p in budget.projects.all()} == {12}
    assert selectors.budget_recount(budget=budget) == {p.pk: 12 for p in projects}
    assert Order.objects.filter(budget=budget, checked_out_at__isnull=False).count() == 12


def test_votes_and_withdrawals_on_the_same_projects_never_deadlock(organization):
    """Counters of many projects change in every vote: rows taken in different orders by
    two transactions would deadlock and one vote would fail."""
    budget = make_budget(organization, minimum_percent=0)
    projects = ProjectFactory.create_batch(12, budget=budget, cost=Decimal("1000"))
    voters = UserFactory.create_batch(12, organization=organization)
    for number, user in enumerate(voters):
        # Each basket lists the projects in its own order.
        ordered = projects[number:] + projects[:number]
        services.order_add_projects(user=user, budget=budget, projects=ordered)

    def vote_twice(user):
        def run():
            for _round in range(3):
                services.order_checkout(user=user, budget=budget)
                services.order_cancel(user=user, budget=budget)
            services.order_checkout(user=user, budget=budget)

        return run

    def fill_basket(user, ordered):
        def run():
            # Adding a project checks it exists (a key lock on its row) while votes change
            # its counter: neither may wait on the other in a circle.
            for _round in range(3):
                services.order_add_projects(user=user, budget=budget, projects=ordered)
                for project in ordered:
                    services.order_remove_project(user=user, project=project)

        return run

    fillers = UserFactory.create_batch(6, organization=organization)
    run_together(
        [vote_twice(user) for user in voters]
        + [fill_basket(user, list(reversed(projects))) for user in fillers]
    )
    assert {p.votes_count for p in budget.projects.all()} == {12}
    assert selectors.budget_recount(budget=budget) == {p.pk: 12 for p in projects}


def test_two_reminder_rounds_at_once_write_to_each_person_once(organization):
    budget = make_budget(organization, vote_rule="projects_range", min_projects=1, max_projects=3)
    project = ProjectFactory(budget=budget)
    for _ in range(5):
        services.order_add_project(user=UserFactory(organization=organization), project=project)
    component = budget.component
    sent = run_together(
        [lambda: services.basket_reminders_send(component=component) for _ in range(3)]
    )
    assert sorted(sent) == [0, 0, 5]
    assert Order.objects.filter(reminded_at__isnull=False).count() == 5
