"""Sentences of the activity log for sortitions (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.sortitions.models import Panel, ProposalDraw
from palabre.core.action_log import register_action, register_resource_type
from palabre.core.translations import translated

register_resource_type("proposaldraw", _("Draw"), _("the draw “%(label)s”"), model=ProposalDraw)
register_resource_type("panel", _("Citizen panel"), _("the panel “%(label)s”"), model=Panel)

register_action("create_draw", _("Prepared a draw"), _("%(who)s prepared %(item)s."))
register_action("make_draw", _("Drew by lot"), _("%(who)s carried out %(item)s."))
register_action(
    "cancel_draw",
    _("Cancelled a draw"),
    _("%(who)s cancelled %(item)s."),
    details=lambda data: (
        {"note": str(_("Reason: %(reason)s")) % {"reason": translated(data["reason"])}}
        if data.get("reason")
        else {}
    ),
)
register_action("create_panel", _("Created"), _("%(who)s created %(item)s."))
register_action("update_panel", _("Updated"), _("%(who)s changed %(item)s."))
register_action(
    "import_quotas",
    _("Imported quotas"),
    _("%(who)s imported the quotas of the panel “%(label)s”: %(count)s."),
    details=lambda data: {"count": data.get("quotas", 0)},
)
register_action(
    "set_quotas", _("Set quotas"), _("%(who)s set the quotas of the panel “%(label)s”.")
)
register_action(
    "import_volunteers",
    _("Imported volunteers"),
    _("%(who)s imported the volunteers of the panel “%(label)s”: %(count)s."),
    details=lambda data: {"count": data.get("volunteers", 0)},
)
register_action(
    "compute_panel",
    _("Computed selection chances"),
    _("%(who)s computed the selection chances of the panel “%(label)s”."),
)
register_action("publish_panel", _("Published"), _("%(who)s published %(item)s."))
register_action(
    "draw_panel", _("Drew by lot"), _("%(who)s drew the members of the panel “%(label)s” by lot.")
)
register_action(
    "replace_member",
    _("Replaced a member"),
    _("%(who)s replaced a member of the panel “%(label)s” who declined."),
)
register_action(
    "send_numbers",
    _("Sent the volunteers their numbers"),
    _("%(who)s sent the volunteers of the panel “%(label)s” their numbers: %(count)s emails."),
    details=lambda data: {"count": data.get("emails", 0)},
)
register_action(
    "open_call",
    _("Opened the call for volunteers"),
    _("%(who)s opened the call for volunteers of the panel “%(label)s”."),
)
register_action(
    "close_call",
    _("Closed the call for volunteers"),
    _("%(who)s closed the call for volunteers of the panel “%(label)s”."),
)
