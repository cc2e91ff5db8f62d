"""Sentences of the activity log for debates (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.debates.models import Debate
from palabre.core.action_log import register_action, register_resource_type

register_resource_type("debate", _("Debate"), _("the debate “%(label)s”"), model=Debate)
register_action(
    "close",
    _("Closed"),
    _("%(who)s closed %(item)s with its conclusion."),
    resource_type="debate",
)
register_action(
    "post_update",
    _("Posted an information update"),
    _("%(who)s posted an information update in %(item)s."),
    resource_type="debate",
)
