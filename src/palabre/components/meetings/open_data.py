"""What the open data archive publishes of meetings (`palabre.opendata`): the published
meetings that are not private and not withdrawn, without their online link nor anything of
their registrations."""

from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, public_name, text, url


def public_meetings(organization):
    from palabre.components.meetings.models import Meeting
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Meeting.objects.filter(
            component__in=public_components(organization, "meetings"),
            published_at__isnull=False,
            withdrawn_at__isnull=True,
            private=False,
        )
    )


def meeting_rows(organization):
    meetings = (
        public_meetings(organization)
        .select_related("component__space", "author", "kind", "category", "scope")
        .order_by("pk")
    )
    for meeting in chunked(meetings):
        closed = meeting.closed_at is not None
        minutes = closed and meeting.minutes_public
        yield {
            "id": meeting.pk,
            "reference": meeting.reference,
            "space_id": meeting.component.space_id,
            "title": text(meeting.title, organization),
            "description": text(meeting.description, organization, rich=True),
            "type_of_meeting": meeting.type_of_meeting,
            "kind": text(meeting.kind.name, organization) if meeting.kind else "",
            "category": text(meeting.category.name, organization) if meeting.category else "",
            "scope": text(meeting.scope.name, organization) if meeting.scope else "",
            "organizer": organization.name if meeting.official else public_name(meeting.author),
            "address": meeting.address,
            "location": text(meeting.location, organization),
            "latitude": meeting.latitude,
            "longitude": meeting.longitude,
            "start_at": meeting.start_at,
            "end_at": meeting.end_at,
            "closed_at": meeting.closed_at,
            "attendees_count": meeting.attendees_count if closed else "",
            "contributions_count": meeting.contributions_count if closed else "",
            "minutes": text(meeting.minutes, organization, rich=True) if minutes else "",
            "url": url(organization, meeting),
        }


register_file(
    OpenDataFile(
        name="meetings",
        label=_("Meetings"),
        description=_(
            "The published meetings open to everyone, with their minutes once public; neither "
            "the links of online meetings nor who registered."
        ),
        columns=(
            ("id", _("The meeting's number")),
            ("reference", _("Its reference, as shown on the site")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("description", _("Its description, as plain text")),
            ("type_of_meeting", _("in_person, online or hybrid")),
            ("kind", _("Its kind, if it has one")),
            ("category", _("Its category, if it has one")),
            ("scope", _("Its district or scope, if it has one")),
            (
                "organizer",
                _("The organization's name, or the public name of the participant organizing it"),
            ),
            ("address", _("Its address, for a meeting in person")),
            ("location", _("The place, in words")),
            ("latitude", _("The latitude of the address")),
            ("longitude", _("The longitude of the address")),
            ("start_at", _("When it starts")),
            ("end_at", _("When it ends")),
            ("closed_at", _("When it was closed with its minutes, if it was")),
            ("attendees_count", _("How many people attended, once closed")),
            ("contributions_count", _("How many contributions were made, once closed")),
            ("minutes", _("Its minutes, as plain text, when they are public")),
            ("url", _("Its address on the site")),
        ),
        rows=meeting_rows,
        resources=public_meetings,
        position=60,
    )
)
