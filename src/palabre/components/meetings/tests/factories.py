"""Factories of the meetings component."""

import datetime

import factory
from django.utils import timezone

from palabre.components.meetings.models import AgendaItem, Meeting, MeetingKind
from palabre.core.tests.factories import ComponentFactory

OPEN_STEP = {
    "creation_enabled": True,
    "registrations_enabled": True,
    "comments_blocked": False,
}


def meetings_settings(*, step: dict | None = None, **global_values) -> dict:
    """Settings of a component without steps: `global_values` plus the default step."""
    return {"global": global_values, "default_step": {**OPEN_STEP, **(step or {})}, "steps": {}}


class MeetingsComponentFactory(ComponentFactory):
    manifest_name = "meetings"
    name = {"fr": "Rencontres", "en": "Meetings"}
    settings = factory.LazyFunction(meetings_settings)


def _in_days(days: int, hour: int = 18) -> datetime.datetime:
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published in-person meeting of the organization, a week from now, for two hours."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    component = factory.SubFactory(MeetingsComponentFactory)
    title = factory.Sequence(lambda n: {"fr": f"Réunion publique numéro {n}"})
    description = {"fr": "<p>On parle du quartier.</p>"}
    type_of_meeting = Meeting.Type.IN_PERSON
    address = "1 place de la Mairie, Angers"
    location = {"fr": "Salle du conseil"}
    latitude = 47.4711
    longitude = -0.5518
    start_at = factory.LazyFunction(lambda: _in_days(7))
    end_at = factory.LazyAttribute(lambda o: o.start_at + datetime.timedelta(hours=2))
    published_at = factory.LazyFunction(timezone.now)
    official = True
    reference = factory.Sequence(lambda n: f"TEST-MEET-2026-12-{n}")


class MeetingKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingKind

    name = factory.Sequence(lambda n: {"fr": f"Atelier {n}", "en": f"Workshop {n}"})


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    title = factory.Sequence(lambda n: {"fr": f"Point {n}"})
    duration_minutes = 30
