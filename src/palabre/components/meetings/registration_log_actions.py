"""Sentences of the activity log for meeting registrations (imported by the component's
`log_actions.py`, which `core.action_log` discovers)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action

register_action(
    "registrations_capacity",
    _("Changed the seats"),
    _(
        "%(who)s set the seats of %(item)s to %(capacity)s, %(reserved)s of them reserved "
        "(%(promoted)s people seated from the waiting list)."
    ),
    details=lambda data: {
        "capacity": data.get("capacity", ""),
        "reserved": data.get("reserved", 0),
        "promoted": data.get("promoted", 0),
    },
)
register_action(
    "registration_seat_give",
    _("Gave a seat"),
    _("%(who)s gave a seat at %(item)s to the registration %(code)s, from the waiting list."),
    details=lambda data: {"code": data.get("code", "")},
)
register_action(
    "registration_cancel",
    _("Cancelled a registration"),
    _("%(who)s cancelled the registration %(code)s for %(item)s."),
    details=lambda data: {"code": data.get("code", "")},
)
register_action(
    "registration_attend",
    _("Validated a code at the door"),
    _("%(who)s validated the code %(code)s at the door of %(item)s."),
    details=lambda data: {"code": data.get("code", "")},
)
register_action(
    "registrations_invite",
    _("Invited people to register"),
    _("%(who)s sent invitations to register for %(item)s: %(count)s."),
    details=lambda data: {"count": data.get("count", 0)},
)
register_action(
    "registrations_export",
    _("Exported the registrations"),
    _("%(who)s exported the registrations of %(item)s (%(format)s)."),
    details=lambda data: {"format": str(data.get("format", "")).upper()},
)
register_action(
    "registration_form_remove",
    _("Removed the registration form"),
    _("%(who)s removed the questions asked to register for %(item)s."),
)
