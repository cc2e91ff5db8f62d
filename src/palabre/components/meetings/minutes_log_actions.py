"""Sentences of the activity log for minutes (imported by the app's `log_actions.py`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from palabre.core.action_log import register_action


def _closing(data: dict) -> dict:
    created = len(data.get("created_proposals") or ())
    linked = len(data.get("proposals") or ())
    notes = []
    if linked:
        notes.append(
            ngettext("%(count)d proposal linked.", "%(count)d proposals linked.", linked)
            % {"count": linked}
        )
    if created:
        notes.append(
            ngettext(
                "%(count)d official proposal written from it.",
                "%(count)d official proposals written from it.",
                created,
            )
            % {"count": created}
        )
    return {"note": " ".join(notes)} if notes else {}


register_action(
    "close_meeting",
    _("Closed a meeting"),
    _("%(who)s closed %(item)s with its minutes."),
    details=_closing,
)
register_action(
    "update_minutes",
    _("Edited minutes"),
    _("%(who)s edited the minutes of %(item)s."),
    with_changes=_("%(who)s edited the minutes of %(item)s: %(changes)s."),
    details=_closing,
)
