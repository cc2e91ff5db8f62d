"""Exports of a meetings component: one row per meeting, read in chunks. Never the
registrations (their own export, in the backoffice of each meeting).

The manifest's exports (`public_rows`) hold what anyone may read: published meetings that
are not private, without the link of online meetings. The backoffice's (`staff_rows`) add
the meetings not published, the private ones and the links, for the space's staff.
"""

from collections.abc import Iterator

from django.contrib.auth.models import AnonymousUser

from palabre.components.meetings.models import Meeting
from palabre.core.html import html_to_text
from palabre.core.models import Component
from palabre.core.permissions import can
from palabre.core.translations import translated
from palabre.moderation.selectors import exclude_hidden

COLUMNS = (
    "id",
    "reference",
    "title",
    "description",
    "type",
    "kind",
    "official",
    "start",
    "end",
    "address",
    "location",
    "latitude",
    "longitude",
    "category",
    "scope",
    "registration_type",
    "capacity",
    "published_at",
    "withdrawn_at",
    "closed_at",
    "attendees_count",
    "contributions_count",
    "comments_count",
    "url",
)
STAFF_COLUMNS = (*COLUMNS, "online_url", "private", "transparent", "published")


def _rows(queryset, *, staff: bool, language: str) -> Iterator[dict]:
    from palabre.core.mail import organization_url

    for meeting in queryset.iterator(chunk_size=2000):
        organization = meeting.component.space.organization
        row = {
            "id": meeting.pk,
            "reference": meeting.reference,
            "title": translated(meeting.title, language),
            "description": html_to_text(translated(meeting.description, language)),
            "type": meeting.type_of_meeting,
            "kind": translated(meeting.kind.name, language) if meeting.kind else "",
            "official": meeting.official,
            "start": meeting.start_at.isoformat(),
            "end": meeting.end_at.isoformat(),
            "address": meeting.address,
            "location": translated(meeting.location, language),
            "latitude": meeting.latitude,
            "longitude": meeting.longitude,
            "category": translated(meeting.category.name, language) if meeting.category else "",
            "scope": translated(meeting.scope.name, language) if meeting.scope else "",
            "registration_type": meeting.registration_type,
            "capacity": meeting.capacity,
            "published_at": meeting.published_at.isoformat() if meeting.published_at else "",
            "withdrawn_at": meeting.withdrawn_at.isoformat() if meeting.withdrawn_at else "",
            "closed_at": meeting.closed_at.isoformat() if meeting.closed_at else "",
            # Minutes' figures only where the minutes are public.
            "attendees_count": meeting.attendees_count
            if meeting.closed_at and (meeting.minutes_public or staff)
            else "",
            "contributions_count": meeting.contributions_count
            if meeting.closed_at and (meeting.minutes_public or staff)
            else "",
            "comments_count": meeting.comments_count,
            "url": organization_url(organization, meeting.get_absolute_url()),
        }
        if staff:
            row.update(
                {
                    "online_url": meeting.online_url,
                    "private": meeting.private,
                    "transparent": meeting.transparent,
                    "published": meeting.published_at is not None,
                }
            )
        yield row


def _base(component: Component):
    return Meeting.objects.filter(component=component).select_related(
        "component__space__organization", "kind", "category", "scope"
    )


def public_rows(component: Component) -> Iterator[dict]:
    """Published meetings that are not private, of a component anyone may see."""
    if not can(AnonymousUser(), "view", component):
        return
    queryset = exclude_hidden(
        _base(component).filter(published_at__isnull=False, private=False)
    ).order_by("start_at", "id")
    yield from _rows(queryset, staff=False, language=component.space.organization.default_locale)


def staff_rows(component: Component) -> Iterator[dict]:
    """Every meeting of the component, for its staff."""
    yield from _rows(
        _base(component).order_by("start_at", "id"),
        staff=True,
        language=component.space.organization.default_locale,
    )
