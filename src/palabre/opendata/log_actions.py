"""Sentences of the activity log for open data (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action

register_action(
    "opendata_build",
    _("Open data rebuilt"),
    _("%(who)s asked for the open data archive to be rebuilt."),
)
