"""Factories of the debates component."""

import datetime

import factory
from django.utils import timezone

from palabre.components.debates.models import Debate
from palabre.core.tests.factories import ComponentFactory


class DebateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debate

    component = factory.SubFactory(ComponentFactory, manifest_name="debates")
    title = factory.Sequence(lambda n: {"fr": f"Débat {n}", "en": f"Debate {n}"})
    description = {"fr": "<p>La question</p>", "en": "<p>The question</p>"}
    official = True
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
