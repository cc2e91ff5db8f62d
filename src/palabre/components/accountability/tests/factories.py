"""Factories of the accountability component."""

from decimal import Decimal

import factory

from palabre.components.accountability.models import Result, Status, TimelineEntry
from palabre.core.tests.factories import ComponentFactory


def accountability_settings(*, comments_blocked=False, **global_values) -> dict:
    values = {"display_progress": True, "weighted_progress": False, "intro": {}}
    values.update(global_values)
    return {
        "global": values,
        "default_step": {"announcement": {}, "comments_blocked": comments_blocked},
        "steps": {},
    }


class AccountabilityComponentFactory(ComponentFactory):
    manifest_name = "accountability"
    name = {"fr": "Suivi des projets", "en": "Project follow-up"}
    settings = factory.LazyFunction(accountability_settings)


class StatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Status

    component = factory.SubFactory(AccountabilityComponentFactory)
    key = factory.Sequence(lambda n: f"status-{n}")
    name = factory.Sequence(lambda n: {"fr": f"Statut {n}", "en": f"Status {n}"})
    progress = Decimal(0)
    position = factory.Sequence(lambda n: n)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    component = factory.SubFactory(AccountabilityComponentFactory)
    title = factory.Sequence(lambda n: {"fr": f"Résultat {n}", "en": f"Result {n}"})
    description = {"fr": "<p>Un résultat.</p>", "en": "<p>A result.</p>"}
    category = factory.LazyFunction(lambda: {"fr": "Nature", "en": "Nature"})
    position = factory.Sequence(lambda n: n)
    depth = factory.LazyAttribute(lambda o: 1 if o.parent is None else o.parent.depth + 1)
    parent = None


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    result = factory.SubFactory(ResultFactory)
    date = factory.Faker("date_object")
    title = factory.Sequence(lambda n: {"fr": f"Étape {n}", "en": f"Milestone {n}"})
