"""Sentences of the activity log for debates (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.debates.models import Category, Debate, Scope
from palabre.core.action_log import register_action, register_resource_type

register_resource_type("debate", _("Debate"), _("the debate “%(label)s”"), model=Debate)
register_resource_type(
    "debatecategory", _("Category"), _("the category “%(label)s”"), model=Category
)
register_resource_type("debatescope", _("Scope"), _("the scope “%(label)s”"), model=Scope)
for _kind, _type in (("category", "debatecategory"), ("scope", "debatescope")):
    register_action(
        f"create_{_kind}", _("Created"), _("%(who)s created %(item)s."), resource_type=_type
    )
    register_action(
        f"delete_{_kind}", _("Deleted"), _("%(who)s deleted %(item)s."), resource_type=_type
    )
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
