"""Sentences of the activity log for accountability (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.accountability.models import Result, Status, TimelineEntry
from palabre.core.action_log import register_action, register_resource_type

register_resource_type(
    "result", _("Accountability result"), _("the result “%(label)s”"), model=Result
)
register_resource_type("status", _("Result status"), _("the status “%(label)s”"), model=Status)
register_resource_type(
    "timelineentry", _("Timeline entry"), _("the timeline entry “%(label)s”"), model=TimelineEntry
)

register_action(
    "import_budget",
    _("Imported a budget's projects"),
    _("%(who)s imported the selected projects of the budget “%(label)s”: %(created)s results."),
    details=lambda data: {"created": data.get("created", 0)},
)
register_action(
    "import_results",
    _("Imported results"),
    _("%(who)s imported results into %(item)s: %(created)s created, %(updated)s updated."),
    details=lambda data: {"created": data.get("created", 0), "updated": data.get("updated", 0)},
)
register_action(
    "link_origin",
    _("Linked an origin"),
    _("%(who)s linked %(item)s to what it comes from."),
)
