"""Sentences of the activity log for processes (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_resource_type
from palabre.spaces.processes.models import ProcessGroup

register_resource_type(
    "processgroup",
    _("Process group"),
    _("the process group “%(label)s”"),
    model=ProcessGroup,
    field_labels={"space_ids": _("processes")},
)
