"""Sentences of the activity log for pages (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.pages.models import Page
from palabre.core.action_log import register_resource_type

register_resource_type("page", _("Page"), _("the page “%(label)s”"), model=Page)
