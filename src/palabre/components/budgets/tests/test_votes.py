"""Baskets and votes: every edge of the three vote rules, workflows, cancel and recount."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from palabre.components.budgets import selectors, services
from palabre.components.budgets.models import Order
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.services import component_update
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_budget(organization, envelope="100000", **global_values):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(**global_values)
    )
    return BudgetFactory(component=component, envelope=Decimal(envelope))


def add_all(user, projects):
    for project in projects:
        services.order_add_project(user=user, project=project)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


# Rule: within the envelope, at least X % of it --------------------------------------
def test_minimum_percent_accepts_a_basket_exactly_at_the_threshold(organization, user):
    budget = make_budget(organization, minimum_percent=70)
    projects = [ProjectFactory(budget=budget, cost=Decimal(c)) for c in ("50000", "20000")]
    add_all(user, projects)
    order = services.order_checkout(user=user, budget=budget)
    assert order.checked_out_at is not None


def test_minimum_percent_refuses_one_cent_under_the_threshold(organization, user):
    budget = make_budget(organization, minimum_percent=70)
    add_all(user, [ProjectFactory(budget=budget, cost=Decimal("69999.99"))])
    with pytest.raises(ValidationError) as error:
        services.order_checkout(user=user, budget=budget)
    assert "70" in messages_of(error)
    assert not Order.objects.get(user=user).is_checked_out


def test_a_project_one_cent_over_the_envelope_is_refused_with_the_money_left(organization, user):
    budget = make_budget(organization, minimum_percent=0)
    add_all(user, [ProjectFactory(budget=budget, cost=Decimal("20000"))])
    too_much = ProjectFactory(budget=budget, cost=Decimal("80000.01"))
    with pytest.raises(ValidationError) as error:
        services.order_add_project(user=user, project=too_much)
    message = messages_of(error)
    assert "80" in message and "remain in your basket" in message
    assert selectors.basket_get(user=user, budget=budget).count == 1


def test_several_projects_are_added_all_or_none(organization, user):
    budget = make_budget(organization, minimum_percent=0)
    held = ProjectFactory(budget=budget, cost=Decimal("30000"))
    services.order_add_project(user=user, project=held)
    fits = ProjectFactory(budget=budget, cost=Decimal("40000"))
    over = ProjectFactory(budget=budget, cost=Decimal("30000.01"))
    with pytest.raises(ValidationError) as error:
        services.order_add_projects(user=user, budget=budget, projects=[held, fits, over])
    assert str(over) in messages_of(error)
    assert selectors.basket_get(user=user, budget=budget).project_ids == {held.pk}
    exact = ProjectFactory(budget=budget, cost=Decimal("30000"))
    services.order_add_projects(user=user, budget=budget, projects=[held, fits, exact, fits])
    basket = selectors.basket_get(user=user, budget=budget)
    assert basket.project_ids == {held.pk, fits.pk, exact.pk}
    assert basket.total == budget.envelope


def test_several_projects_respect_the_most_projects_of_a_range(organization, user):
    budget = make_budget(organization, vote_rule="projects_range", min_projects=1, max_projects=2)
    projects = ProjectFactory.create_batch(3, budget=budget)
    with pytest.raises(ValidationError):
        services.order_add_projects(user=user, budget=budget, projects=projects)
    assert selectors.basket_get(user=user, budget=budget).count == 0
    services.order_add_projects(user=user, budget=budget, projects=projects[:2])
    assert selectors.basket_get(user=user, budget=budget).count == 2


def test_several_projects_are_refused_from_another_budget_or_none(organization, user):
    budget = make_budget(organization, minimum_percent=0)
    stranger = ProjectFactory()
    with pytest.raises(ValidationError):
        services.order_add_projects(user=user, budget=budget, projects=[stranger])
    with pytest.raises(ValidationError):
        services.order_add_projects(user=user, budget=budget, projects=[])
    assert not Order.objects.filter(user=user).exists()


def test_a_basket_filling_the_envelope_exactly_is_accepted(organization, user):
    budget = make_budget(organization, minimum_percent=100)
    add_all(
        user,
        [
            ProjectFactory(budget=budget, cost=Decimal("60000")),
            ProjectFactory(budget=budget, cost=Decimal("40000")),
        ],
    )
    assert services.order_checkout(user=user, budget=budget).is_checked_out


# Rule: within the envelope, at least N projects --------------------------------------
def test_minimum_projects_refuses_n_minus_one_and_accepts_n(organization, user):
    budget = make_budget(organization, vote_rule="minimum_projects", minimum_projects=3)
    projects = ProjectFactory.create_batch(3, budget=budget, cost=Decimal("1000"))
    add_all(user, projects[:2])
    with pytest.raises(ValidationError) as error:
        services.order_checkout(user=user, budget=budget)
    assert "at least 3" in messages_of(error)
    services.order_add_project(user=user, project=projects[2])
    assert services.order_checkout(user=user, budget=budget).is_checked_out


def test_minimum_projects_still_keeps_within_the_envelope(organization, user):
    budget = make_budget(
        organization, envelope="2500", vote_rule="minimum_projects", minimum_projects=1
    )
    first, second, third = ProjectFactory.create_batch(3, budget=budget, cost=Decimal("1000"))
    add_all(user, [first, second])
    with pytest.raises(ValidationError):
        services.order_add_project(user=user, project=third)


# Rule: between N and M projects, costs ignored -------------------------------------
def test_projects_range_refuses_m_plus_one_and_n_minus_one(organization, user):
    budget = make_budget(
        organization, envelope="1000", vote_rule="projects_range", min_projects=2, max_projects=3
    )
    projects = ProjectFactory.create_batch(4, budget=budget, cost=Decimal("900"))
    services.order_add_project(user=user, project=projects[0])
    with pytest.raises(ValidationError) as error:
        services.order_checkout(user=user, budget=budget)
    assert "at least 2" in messages_of(error)
    # Costs are ignored: three projects of 900 in an envelope of 1000 are fine.
    add_all(user, projects[1:3])
    with pytest.raises(ValidationError) as error:
        services.order_add_project(user=user, project=projects[3])
    assert "3 projects" in messages_of(error)
    assert services.order_checkout(user=user, budget=budget).is_checked_out


def test_inconsistent_rule_settings_block_voting_with_a_clear_message(organization, user):
    budget = make_budget(organization, vote_rule="projects_range", min_projects=3, max_projects=2)
    add_all(user, [ProjectFactory(budget=budget)])
    with pytest.raises(ValidationError) as error:
        services.order_checkout(user=user, budget=budget)
    assert "not set up correctly" in messages_of(error)


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            {"vote_rule": "projects_range", "min_projects": 3, "max_projects": 2},
            "global.max_projects",
        ),
        (
            {"vote_rule": "projects_range", "min_projects": 1, "max_projects": None},
            "global.max_projects",
        ),
        ({"vote_rule": "minimum_projects", "minimum_projects": None}, "global.minimum_projects"),
    ],
)
def test_settings_update_refuses_inconsistent_rules(organization, admin_user, values, key):
    budget = make_budget(organization)
    with pytest.raises(ValidationError) as error:
        component_update(
            actor=admin_user, component=budget.component, settings=budgets_settings(**values)
        )
    assert key in error.value.message_dict


def test_settings_update_saves_a_consistent_rule(organization, admin_user):
    budget = make_budget(organization)
    component = component_update(
        actor=admin_user,
        component=budget.component,
        settings=budgets_settings(vote_rule="projects_range", min_projects=1, max_projects=3),
    )
    assert component.settings["global"]["max_projects"] == 3


# Baskets ---------------------------------------------------------------------------
def test_adding_twice_keeps_one_line_and_one_order(organization, user):
    budget = make_budget(organization)
    project = ProjectFactory(budget=budget)
    services.order_add_project(user=user, project=project)
    services.order_add_project(user=user, project=project)
    assert Order.objects.filter(user=user).count() == 1
    assert selectors.basket_get(user=user, budget=budget).project_ids == {project.pk}


def test_a_basket_opened_by_another_request_meanwhile_is_used_not_doubled(
    organization, user, monkeypatch
):
    """The other request's insert wins between our look and ours: ours inserts nothing and
    adds to the basket the other one opened, with what it already holds."""
    budget = make_budget(organization, minimum_percent=0)
    first, second = ProjectFactory.create_batch(2, budget=budget, cost=Decimal("10000"))
    services.order_add_project(user=user, project=first)
    original = services._ORDER_LOCKED.first
    looks = []

    def not_there_at_first_look(**values):
        looks.append(values)
        return None if len(looks) == 1 else original(**values)

    monkeypatch.setattr(services._ORDER_LOCKED, "first", not_there_at_first_look)
    services.order_add_project(user=user, project=second)
    assert len(looks) == 2
    assert Order.objects.filter(user=user).count() == 1
    basket = selectors.basket_get(user=user, budget=budget)
    assert basket.project_ids == {first.pk, second.pk}
    assert basket.total == Decimal("20000")


def test_a_new_basket_is_an_online_order_of_its_person(organization, user):
    budget = make_budget(organization)
    services.order_add_project(user=user, project=ProjectFactory(budget=budget))
    order = Order.objects.get(user=user)
    assert (order.budget, order.source, order.voter_reference) == (budget, "online", "")
    assert order.checked_out_at is None and order.entered_by is None
    assert order.created_at is not None and order.updated_at == order.created_at


def test_a_cast_vote_cannot_be_changed_until_cancelled(organization, user):
    budget = make_budget(organization, minimum_percent=0)
    first, second = ProjectFactory.create_batch(2, budget=budget)
    services.order_add_project(user=user, project=first)
    services.order_checkout(user=user, budget=budget)
    with pytest.raises(ValidationError):
        services.order_remove_project(user=user, project=first)
    with pytest.raises(ValidationError):
        services.order_add_project(user=user, project=second)


def test_cancel_and_recast_keep_counters_equal_to_a_recount(organization):
    budget = make_budget(organization, minimum_percent=0)
    projects = ProjectFactory.create_batch(3, budget=budget)
    alice, bob = UserFactory(organization=organization), UserFactory(organization=organization)
    add_all(alice, projects[:2])
    add_all(bob, projects[1:])
    services.order_checkout(user=alice, budget=budget)
    services.order_checkout(user=bob, budget=budget)
    services.order_checkout(user=bob, budget=budget)  # a double click counts once
    services.order_cancel(user=alice, budget=budget)
    services.order_remove_project(user=alice, project=projects[0])
    services.order_add_project(user=alice, project=projects[2])
    services.order_checkout(user=alice, budget=budget)
    counts = {p.pk: p.votes_count for p in budget.projects.all()}
    assert counts == selectors.budget_recount(budget=budget)
    assert counts == {projects[0].pk: 0, projects[1].pk: 2, projects[2].pk: 2}


def test_cancelling_without_a_vote_is_refused(organization, user):
    budget = make_budget(organization)
    with pytest.raises(ValidationError):
        services.order_cancel(user=user, budget=budget)


def test_the_voter_gets_a_summary_once_the_vote_is_saved(
    organization, user, mailoutbox, django_capture_on_commit_callbacks
):
    budget = make_budget(organization, minimum_percent=0)
    project = ProjectFactory(budget=budget, title={"fr": "Jardin partagé"})
    services.order_add_project(user=user, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_checkout(user=user, budget=budget)
    assert len(mailoutbox) == 1
    assert user.email in mailoutbox[0].to
    assert "Jardin partagé" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("locale", "cost", "total"),
    [("fr", "(12\u202f500\u00a0€)", "12\u202f500\u00a0€"), ("en", "(€12,500)", "€12,500")],
)
def test_the_summary_writes_amounts_in_the_voters_language(
    organization, mailoutbox, django_capture_on_commit_callbacks, locale, cost, total
):
    """The worker writes the email in the voter's language, amounts included (they were
    written in the worker's language before)."""
    voter = UserFactory(organization=organization, locale=locale)
    budget = make_budget(organization, minimum_percent=0)
    project = ProjectFactory(budget=budget, cost=Decimal("12500"), title={"fr": "Jardin"})
    services.order_add_project(user=voter, project=project)
    other_language = translation.override("fr" if locale == "en" else "en")
    with other_language, django_capture_on_commit_callbacks(execute=True):
        services.order_checkout(user=voter, budget=budget)
    body = mailoutbox[0].body
    assert f"Jardin {cost}" in body
    assert body.count(total) == 2  # the project's line and the total


def test_the_summary_lists_the_projects_of_the_vote_even_if_it_changed_since(
    organization, user, mailoutbox, django_capture_on_commit_callbacks
):
    budget = make_budget(organization, minimum_percent=0)
    garden = ProjectFactory(budget=budget, title={"fr": "Jardin partagé"})
    bench = ProjectFactory(budget=budget, title={"fr": "Banc public"})
    order = services.order_add_projects(user=user, budget=budget, projects=[garden, bench])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vote_summary_send(order_id=order.pk, project_ids=[garden.pk])
    assert "Jardin partagé" in mailoutbox[0].body
    assert "Banc public" not in mailoutbox[0].body


def test_no_summary_for_an_account_deleted_before_the_worker_ran(organization, user, mailoutbox):
    budget = make_budget(organization, minimum_percent=0)
    project = ProjectFactory(budget=budget)
    order = services.order_add_project(user=user, project=project)
    user.deleted_at = timezone.now()
    user.save(update_fields=["deleted_at"])
    assert not services.vote_summary_send(order_id=order.pk, project_ids=[project.pk])
    assert not services.vote_summary_send(order_id=order.pk + 1000, project_ids=[project.pk])
    assert mailoutbox == []


# Workflows -------------------------------------------------------------------------
def test_workflow_one_refuses_a_second_budget_after_a_vote(organization, user):
    first = make_budget(organization, minimum_percent=0, workflow="one")
    second = BudgetFactory(component=first.component)
    services.order_add_project(user=user, project=ProjectFactory(budget=first))
    services.order_checkout(user=user, budget=first)
    with pytest.raises(ValidationError) as error:
        services.order_add_project(user=user, project=ProjectFactory(budget=second))
    assert "one budget only" in messages_of(error)
    services.order_cancel(user=user, budget=first)
    services.order_add_project(user=user, project=ProjectFactory(budget=second))


def test_workflow_one_refuses_casting_in_two_budgets(organization, user):
    first = make_budget(organization, minimum_percent=0, workflow="one")
    second = BudgetFactory(component=first.component)
    services.order_add_project(user=user, project=ProjectFactory(budget=first))
    services.order_add_project(user=user, project=ProjectFactory(budget=second))
    services.order_checkout(user=user, budget=first)
    with pytest.raises(ValidationError):
        services.order_checkout(user=user, budget=second)


def test_workflow_all_lets_a_person_vote_in_every_budget(organization, user):
    first = make_budget(organization, minimum_percent=0, workflow="all")
    second = BudgetFactory(component=first.component)
    for budget in (first, second):
        services.order_add_project(user=user, project=ProjectFactory(budget=budget))
        assert services.order_checkout(user=user, budget=budget).is_checked_out


# Voting per step -------------------------------------------------------------------
@pytest.mark.parametrize("voting", ["disabled", "finished"])
def test_nothing_can_be_added_unless_voting_is_open(organization, user, voting):
    budget = make_budget(organization, voting=voting)
    with pytest.raises(PermissionDenied):
        services.order_add_project(user=user, project=ProjectFactory(budget=budget))
    assert not Order.objects.exists()


# Paper ballots ---------------------------------------------------------------------
def test_paper_ballot_is_counted_and_a_reused_reference_refused(organization, admin_user):
    budget = make_budget(organization, minimum_percent=0)
    projects = ProjectFactory.create_batch(2, budget=budget)
    order = services.paper_ballot_enter(
        actor=admin_user,
        budget=budget,
        voter_reference="B-0042",
        project_ids=[p.pk for p in projects],
    )
    assert order.source == Order.Source.PAPER and order.entered_by == admin_user
    with pytest.raises(ValidationError) as error:
        services.paper_ballot_enter(
            actor=admin_user,
            budget=budget,
            voter_reference=" B-0042 ",
            project_ids=[projects[0].pk],
        )
    assert "already been entered" in messages_of(error)
    assert (
        {p.pk: p.votes_count for p in budget.projects.all()}
        == selectors.budget_recount(budget=budget)
        == {projects[0].pk: 1, projects[1].pk: 1}
    )
    from palabre.core.models import ActionLog

    assert ActionLog.objects.filter(action="paper_ballot", user=admin_user).count() == 1


def test_paper_ballot_follows_the_vote_rule(organization, admin_user):
    budget = make_budget(organization, envelope="1000", minimum_percent=0)
    project = ProjectFactory(budget=budget, cost=Decimal("1000.01"))
    with pytest.raises(ValidationError):
        services.paper_ballot_enter(
            actor=admin_user, budget=budget, voter_reference="1", project_ids=[project.pk]
        )


def test_paper_ballot_needs_an_administrator(organization, user):
    budget = make_budget(organization)
    with pytest.raises(PermissionDenied):
        services.paper_ballot_enter(actor=user, budget=budget, voter_reference="1", project_ids=[])


def test_paper_ballot_refuses_projects_of_another_budget(organization, admin_user):
    budget = make_budget(organization, minimum_percent=0)
    elsewhere = ProjectFactory()
    with pytest.raises(ValidationError):
        services.paper_ballot_enter(
            actor=admin_user, budget=budget, voter_reference="1", project_ids=[elsewhere.pk]
        )


def test_a_project_photo_is_stored_without_its_location(organization, admin_user):
    from palabre.core.tests.images import leaks, phone_photo

    budget = make_budget(organization)
    project = services.project_create(
        actor=admin_user,
        budget=budget,
        image=phone_photo("square.jpg"),
        title={"fr": "Square"},
        cost="1000",
    )
    project.image.open("rb")
    assert project.image.read()[:2] == b"\xff\xd8" and project.image.name.endswith(".jpg")
    project.image.open("rb")
    assert leaks(project.image.read()) == []
    replaced = services.project_update(
        actor=admin_user, project=project, image=phone_photo("again.jpg")
    )
    replaced.image.open("rb")
    assert leaks(replaced.image.read()) == []
