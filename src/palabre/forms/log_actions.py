"""Sentences of the activity log for the form engine (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action, register_resource_type
from palabre.forms.models import Form, FormItem

register_resource_type("form", _("Form"), _("the form “%(label)s”"), model=Form)
register_resource_type(
    "form_template", _("Form template"), _("the form template “%(label)s”"), model=Form
)
register_resource_type(
    "form_question", _("Question"), _("the question “%(label)s”"), model=FormItem
)

register_action(
    "add_condition",
    _("Added a display condition"),
    _("%(who)s added a display condition to %(item)s."),
)
register_action(
    "remove_condition",
    _("Removed a display condition"),
    _("%(who)s removed a display condition from %(item)s."),
)
register_action(
    "clear_answers",
    _("Cleared the answers"),
    _("%(who)s cleared the answers of the form “%(label)s”: %(count)s."),
    details=lambda data: {"count": data.get("responses", 0)},
)
