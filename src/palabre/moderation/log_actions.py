"""Sentences of the activity log for moderation (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action


def _reason(key: str, sentence):
    def details(data: dict) -> dict:
        reason = data.get(key) or ""
        return {"note": str(sentence) % {"reason": reason}} if reason else {}

    return details


register_action(
    "hide",
    _("Hid"),
    _("%(who)s hid %(item)s."),
    details=_reason("reason", _("Reason: %(reason)s")),
)
register_action("unhide", _("Unhid"), _("%(who)s showed %(item)s again."))
register_action(
    "block",
    _("Blocked a participant"),
    _("%(who)s blocked %(item)s."),
    details=_reason("justification", _("Justification: %(reason)s")),
)
register_action("unblock", _("Unblocked a participant"), _("%(who)s unblocked %(item)s."))
