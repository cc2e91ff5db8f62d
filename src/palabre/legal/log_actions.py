"""Sentences of the activity log for the legal pages (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action, register_resource_type
from palabre.legal.models import LegalPages, TermsVersion

register_resource_type("legalpages", _("Legal pages"), _("the legal pages"), model=LegalPages)
register_resource_type(
    "termsversion",
    _("Terms of use"),
    _("the terms of use (%(label)s)"),
    model=TermsVersion,
)
register_action(
    "publish",
    _("Published"),
    _("%(who)s published version %(number)s of the terms of use."),
    details=lambda data: {"number": data.get("number", "?")},
    resource_type="termsversion",
)
