"""Calendars of meetings (RFC 5545, made with the `icalendar` library).

`meeting_ics(meeting)` is the `.ics` of one meeting (the registrations' confirmation email
attaches it); `meetings_ics(meetings, …)` a feed of several. Times are written in the
organization's time zone with its VTIMEZONE, so calendars show them right on both sides of
a change of the clocks. Callers pass only what the requesting person may see: the
selectors decide that, never this module. The link of an online meeting is never written
in a calendar (who may see it, and from when, is decided on the meeting's page).
"""

import datetime
import zoneinfo
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event, vText

from palabre.components.meetings.models import Meeting
from palabre.core.html import html_to_text
from palabre.core.mail import organization_url
from palabre.core.translations import translated

PRODID = "-//Palabre//Meetings//EN"


def _zone(organization) -> zoneinfo.ZoneInfo:
    from palabre.components.meetings.services import organization_zone

    return organization_zone(organization)


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _event(meeting: Meeting, *, organization, zone, language: str | None) -> Event:
    event = Event()
    host = organization.host
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", meeting.start_at.astimezone(zone))
    event.add("dtend", meeting.end_at.astimezone(zone))
    event.add("summary", translated(meeting.title, language))
    description = html_to_text(translated(meeting.description, language))
    url = organization_url(organization, meeting.get_absolute_url())
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("url", url)
    if meeting.is_in_person:
        place = translated(meeting.location, language)
        event.add("location", vText(", ".join(part for part in (place, meeting.address) if part)))
        if meeting.latitude is not None and meeting.longitude is not None:
            event.add("geo", (meeting.latitude, meeting.longitude))
    elif meeting.is_online:
        event.add("location", vText(url))
    if meeting.reference:
        event.add("x-palabre-reference", meeting.reference)
    event.add("status", "CANCELLED" if meeting.is_withdrawn else "CONFIRMED")
    event.add("last-modified", (meeting.updated_at or timezone.now()).astimezone(datetime.UTC))
    return event


def meetings_ics(
    meetings: Iterable[Meeting], *, organization, name: str = "", language: str | None = None
) -> bytes:
    """A calendar of `meetings` (all of one organization), with the organization's
    VTIMEZONE."""
    zone = _zone(organization)
    calendar = _calendar(name)
    first = last = None
    for meeting in meetings:
        calendar.add_component(
            _event(meeting, organization=organization, zone=zone, language=language)
        )
        start, end = meeting.start_at.date(), meeting.end_at.date()
        first = start if first is None or start < first else first
        last = end if last is None or end > last else last
    if first is not None:
        # The zone's rules over the years the events cover (one year around them), not the
        # whole of history: feeds stay small.
        calendar.add_component(
            _vtimezone(
                zone, first - datetime.timedelta(days=366), last + datetime.timedelta(days=366)
            )
        )
    return calendar.to_ical()


def _vtimezone(zone: zoneinfo.ZoneInfo, first: datetime.date, last: datetime.date):
    from icalendar import Timezone

    return Timezone.from_tzinfo(zone, tzid=zone.key, first_date=first, last_date=last)


def meeting_ics(meeting: Meeting) -> bytes:
    """The `.ics` of one meeting, in the organization's default language."""
    organization = meeting.component.space.organization
    return meetings_ics(
        [meeting],
        organization=organization,
        name=translated(meeting.title, organization.default_locale),
        language=organization.default_locale,
    )
