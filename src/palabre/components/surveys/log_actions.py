"""Sentences of the activity log for surveys (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.surveys.models import Survey
from palabre.core.action_log import register_resource_type

register_resource_type("survey", _("Survey"), _("the survey “%(label)s”"), model=Survey)
