"""Sentences of the activity log for identity documents, postal letters, conflicts and
revocations by staff (imported by `log_actions.py`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action
from palabre.verifications.registry import methods


def _method(data: dict) -> dict:
    method = methods.get(data.get("method", ""))
    return {"method": method.label if method else data.get("method", "?")}


def _count(data: dict) -> dict:
    return {"count": data.get("count", "?")}


def _reason(data: dict) -> dict:
    reason = data.get("reason", "")
    return {**_method(data), "note": _("Reason: %(reason)s") % {"reason": reason} if reason else ""}


register_action(
    "id_document_accept",
    _("Identity document accepted"),
    _("%(who)s accepted the identity document of %(item)s."),
)
register_action(
    "postal_letters_export",
    _("Postal letters exported"),
    _("%(who)s exported %(count)s postal letters to send, with their codes."),
    details=_count,
)
register_action(
    "postal_letters_sent",
    _("Postal letters posted"),
    _("%(who)s marked %(count)s postal letters as posted."),
    details=_count,
)
register_action(
    "verification_conflict_transfer",
    _("Verification transferred"),
    _("%(who)s resolved a conflict by transferring the verification “%(method)s” to %(item)s."),
    details=_reason,
)
register_action(
    "verification_conflict_refuse",
    _("Verification conflict refused"),
    _("%(who)s resolved a conflict by refusing the verification “%(method)s” to %(item)s."),
    details=_reason,
)
