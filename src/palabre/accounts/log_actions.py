"""Sentences of the activity log for accounts (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action, register_resource_type

register_action("delete_account", _("Deleted an account"), _("%(who)s deleted their account."))
# A sign-in code asked for an address that has no account yet (the address is not kept).
register_resource_type(
    "code_address", _("Address without an account"), _("an address without an account")
)
register_action(
    "login_code_rejected",
    _("Wrong sign-in code"),
    _("A wrong sign-in code was typed for %(item)s."),
    details=lambda data: {
        "note": _("It was the last try: the code no longer works.") if data.get("last") else ""
    },
)
register_action(
    "login_code_rejected",
    _("Wrong sign-in code"),
    _("A wrong sign-in code was typed for an address without an account."),
    details=lambda data: {
        "note": _("It was the last try: the code no longer works.") if data.get("last") else ""
    },
    resource_type="code_address",
)
