"""What meetings keep about a person, for their archive: their registrations (the answers
to a registration form are in the form answers' file)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.meetings.models import Meeting, Registration
from palabre.core.mail import organization_url
from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section


def registration_rows(user, organization):
    registrations = (
        Registration.objects.filter(user=user, meeting__component__space__organization=organization)
        .select_related("meeting__component__space")
        .order_by("created_at", "pk")
    )
    for registration in registrations:
        meeting: Meeting = registration.meeting
        yield {
            "meeting": translated(meeting.title),
            "starts_at": meeting.start_at,
            "status": registration.get_status_display(),
            "code": registration.code,
            "registered_at": registration.created_at,
            "cancelled_at": registration.cancelled_at,
            "attended_at": registration.attended_at,
            "link": organization_url(organization, meeting.get_absolute_url()),
        }


register_section(
    Section(
        name="meeting_registrations",
        label=_("Your registrations to meetings"),
        columns=(
            ("meeting", _("The meeting")),
            ("starts_at", _("When it starts")),
            ("status", _("Confirmed, on the waiting list or cancelled")),
            ("code", _("Your registration code")),
            ("registered_at", _("When you registered")),
            ("cancelled_at", _("When the registration was cancelled")),
            ("attended_at", _("When your code was checked at the door")),
            ("link", _("The meeting's address on the site")),
        ),
        rows=registration_rows,
    )
)
