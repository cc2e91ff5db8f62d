"""Background tasks of the core (run by a `django.tasks` worker)."""

from django.tasks import task

from palabre.core.services import steps_activate_by_calendar


@task
def activate_steps_by_calendar() -> int:
    """Follow the calendar in every space that asks for it; returns how many spaces changed.

    Safe to enqueue as often as wanted (e.g. every hour): it changes nothing when every
    space already has today's step active.
    """
    return steps_activate_by_calendar()
