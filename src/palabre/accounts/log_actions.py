"""Sentences of the activity log for accounts (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action

register_action("delete_account", _("Deleted an account"), _("%(who)s deleted their account."))
