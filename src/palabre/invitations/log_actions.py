"""Sentences of the activity log for staff invitations (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action, register_resource_type
from palabre.invitations.models import Invitation

register_resource_type(
    "invitation", _("Invitation"), _("the invitation of %(label)s"), model=Invitation
)


def _role(data: dict) -> dict:
    from palabre.invitations.models import ROLE_CHOICES

    return {"role": str(dict(ROLE_CHOICES).get(data.get("role"), data.get("role", "?")))}


register_action(
    "invite",
    _("Invited"),
    _("%(who)s invited %(item)s as “%(role)s”."),
    details=_role,
    resource_type="invitation",
)
register_action(
    "resend_invitation",
    _("Invitation sent again"),
    _("%(who)s sent %(item)s again (the previous link no longer works)."),
    resource_type="invitation",
)
register_action(
    "revoke_invitation",
    _("Invitation revoked"),
    _("%(who)s revoked %(item)s."),
    resource_type="invitation",
)
register_action(
    "accept_invitation",
    _("Invitation accepted"),
    _("%(who)s accepted %(item)s and became “%(role)s”."),
    details=_role,
    resource_type="invitation",
)
