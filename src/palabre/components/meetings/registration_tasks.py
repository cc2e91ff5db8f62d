"""Emails of meeting registrations, sent by a worker: each task reads the registration as
it stands and writes to the person in their language (their account's, or the language
a guest registered in), with the meeting's `.ics` attached to the emails carrying a seat.
"""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import formats, timezone, translation

from palabre.core.components import component_url
from palabre.core.mail import organization_url, render_email

# Emails of a seat (or a reminder of it) carry the meeting's calendar file.
WITH_CALENDAR = {"confirmed", "promoted", "reminder"}
# What each email needs the registration to still be.
STATUS_NEEDED = {
    "confirmed": "confirmed",
    "promoted": "confirmed",
    "reminder": "confirmed",
    "waiting": "waiting",
    "guest_confirm": "pending",
}


def _language(organization, *candidates: str) -> str:
    for language in candidates:
        if language and language in organization.locales:
            return language
    return organization.default_locale


def _when(meeting, organization) -> str:
    zone = zoneinfo.ZoneInfo(organization.time_zone or settings.TIME_ZONE)
    return formats.date_format(timezone.localtime(meeting.start_at, zone), "DATETIME_FORMAT")


def _send(
    *, to: str, subject: str, body: str, html_body: str = "", ics: bytes = b"", name=""
) -> None:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    if html_body:
        message.attach_alternative(html_body, "text/html")
    if ics:
        message.attach(name, ics, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


@task
def send_registration_email(*, registration_id: int, kind: str) -> bool:
    """Email a registrant about their registration (`kind`: confirmed, waiting, promoted,
    reminder, guest_confirm, already). Nothing is sent when the registration changed
    meanwhile (a promotion cancelled since, for instance); returns whether it was sent."""
    from palabre.components.meetings import registrations as services
    from palabre.components.meetings.models import Registration
    from palabre.components.meetings.registration_selectors import waiting_rank

    registration = (
        Registration.objects.select_related("meeting__component__space__organization", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    needed = STATUS_NEEDED.get(kind)
    if needed is not None and registration.status != needed:
        return False
    meeting = registration.meeting
    component = meeting.component
    organization = component.space.organization
    person = registration.user
    if person is not None:
        if not person.is_active or person.is_deleted or not person.email:
            return False
        to, name = person.email, person.display_name
        language = _language(organization, person.locale, registration.locale)
    else:
        to, name = registration.guest_email, registration.guest_name
        language = _language(organization, registration.locale)
    context = {
        "organization": organization,
        "meeting": meeting,
        "registration": registration,
        "name": name,
        "meeting_url": organization_url(organization, meeting.get_absolute_url()),
        "mine_url": organization_url(
            organization, component_url(component, "registration_mine", pk=meeting.pk)
        ),
    }
    if person is None:
        context["cancel_url"] = organization_url(
            organization,
            component_url(
                component,
                "registration_guest_cancel",
                token=services.guest_token(registration, services.GUEST_CANCEL_SALT),
            ),
        )
        context["confirm_url"] = organization_url(
            organization,
            component_url(
                component,
                "registration_guest_confirm",
                token=services.guest_token(registration, services.GUEST_CONFIRM_SALT),
            ),
        )
    if registration.status == "waiting":
        context["rank"] = waiting_rank(registration)
    with translation.override(language):
        context["when"] = _when(meeting, organization)
        subject, body, html_body = render_email(
            subject_template=f"meetings/registrations/email/{kind}_subject.txt",
            body_template=f"meetings/registrations/email/{kind}_body.txt",
            context=context,
            language=language,
            subject_prefix=organization.name,
        )
    ics = b""
    if kind in WITH_CALENDAR:
        from palabre.components.meetings.calendar import meeting_ics

        ics = meeting_ics(meeting)
    _send(
        to=to,
        subject=subject,
        body=body,
        html_body=html_body,
        ics=ics,
        name=f"meeting-{meeting.pk}.ics",
    )
    return True


@task
def send_invitation_email(*, meeting_id: int, email: str, language: str) -> bool:
    """Email an invitation to register for a meeting, with its personal link."""
    from palabre.components.meetings import registrations as services
    from palabre.components.meetings.models import Meeting

    meeting = (
        Meeting.objects.select_related("component__space__organization")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return False
    organization = meeting.component.space.organization
    language = _language(organization, language)
    register_url = component_url(meeting.component, "registration_new", pk=meeting.pk)
    token = services.invitation_token(meeting, email)
    context = {
        "organization": organization,
        "meeting": meeting,
        "register_url": organization_url(organization, f"{register_url}?invitation={token}"),
        "meeting_url": organization_url(organization, meeting.get_absolute_url()),
    }
    with translation.override(language):
        context["when"] = _when(meeting, organization)
        subject, body, html_body = render_email(
            subject_template="meetings/registrations/email/invitation_subject.txt",
            body_template="meetings/registrations/email/invitation_body.txt",
            context=context,
            language=language,
            subject_prefix=organization.name,
        )
    _send(to=email, subject=subject, body=body, html_body=html_body)
    return True


@task
def remind_registrants() -> int:
    """Email tomorrow's registrants (see `registrations_remind`); safe to run every hour."""
    from palabre.components.meetings.registrations import registrations_remind

    return registrations_remind()
