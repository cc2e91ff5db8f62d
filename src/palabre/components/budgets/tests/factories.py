"""Factories of the budgets component."""

from decimal import Decimal

import factory

from palabre.components.budgets.models import Budget, Order, OrderLine, Project
from palabre.core.tests.factories import ComponentFactory


def budgets_settings(*, voting: str = "open", **global_values):
    """A whole settings document: the defaults of the manifest, changed by `global_values`."""
    values = {
        "vote_rule": "minimum_percent",
        "minimum_percent": 70,
        "minimum_projects": None,
        "min_projects": None,
        "max_projects": None,
        "workflow": "all",
        "show_votes_before_end": False,
        "projects_per_page": 24,
    }
    values.update(global_values)
    return {
        "global": values,
        "default_step": {"voting": voting, "announcement": {}},
        "steps": {},
    }


class BudgetsComponentFactory(ComponentFactory):
    manifest_name = "budgets"
    name = {"fr": "Budget participatif", "en": "Participatory budget"}
    settings = factory.LazyFunction(budgets_settings)


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    component = factory.SubFactory(BudgetsComponentFactory)
    title = factory.Sequence(lambda n: {"fr": f"Quartier {n}", "en": f"District {n}"})
    envelope = Decimal("100000.00")
    position = factory.Sequence(lambda n: n)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    budget = factory.SubFactory(BudgetFactory)
    title = factory.Sequence(lambda n: {"fr": f"Projet {n}", "en": f"Project {n}"})
    description = {"fr": "<p>Un projet pour le quartier.</p>"}
    cost = Decimal("10000.00")
    category = factory.LazyFunction(lambda: {"fr": "Nature en ville", "en": "Nature in the city"})
    position = factory.Sequence(lambda n: n)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    budget = factory.SubFactory(BudgetFactory)


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine
