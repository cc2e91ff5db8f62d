"""Sentences of the activity log for meetings (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

# The sentences of the minutes (closing a meeting, editing its minutes) and of the
# registrations (seats, the door, invitations, exports).
from palabre.components.meetings import (
    minutes_log_actions,  # noqa: F401
    registration_log_actions,  # noqa: F401
)

# The sentences of registrations and minutes, in modules of their own.
from palabre.components.meetings.models import Meeting, MeetingCategory, MeetingKind, MeetingScope
from palabre.core.action_log import register_action, register_resource_type

register_resource_type("meeting", _("Meeting"), _("the meeting “%(label)s”"), model=Meeting)
register_resource_type(
    "meetingkind", _("Kind of meeting"), _("the kind of meeting “%(label)s”"), model=MeetingKind
)
register_resource_type(
    "meetingcategory",
    _("Category of meetings"),
    _("the category of meetings “%(label)s”"),
    model=MeetingCategory,
)
register_resource_type(
    "meetingscope",
    _("Scope of meetings"),
    _("the scope of meetings “%(label)s”"),
    model=MeetingScope,
)

register_action("withdraw", _("Withdrew"), _("%(who)s withdrew %(item)s."))
register_action(
    "duplicate",
    _("Duplicated"),
    _("%(who)s made %(item)s as a copy of the meeting %(source)s."),
    details=lambda data: {"source": data.get("from", "")},
)
register_action(
    "update_agenda", _("Changed the agenda"), _("%(who)s changed the agenda of %(item)s.")
)
register_action(
    "import_meetings",
    _("Imported meetings"),
    _("%(who)s imported meetings into %(item)s: %(count)s."),
    details=lambda data: {"count": data.get("count", 0)},
)
