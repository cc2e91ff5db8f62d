"""Writes of the meetings component: every change to a meeting goes through here."""

from django.utils import timezone

from palabre.components.meetings.models import Meeting


def meeting_reference(meeting: Meeting) -> str:
    """The public reference of a meeting: `<PREFIX>-MEET-<year>-<month>-<id>`, dated in the
    organization's time zone when it was created."""
    organization = meeting.component.space.organization
    local = timezone.localtime(meeting.created_at or timezone.now(), _zone(organization))
    return f"{organization.reference_prefix}-MEET-{local:%Y}-{local:%m}-{meeting.pk}"


def _zone(organization):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(organization.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
