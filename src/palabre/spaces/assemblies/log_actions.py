"""Sentences of the activity log for assemblies (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_resource_type
from palabre.spaces.assemblies.models import AssemblyMember

register_resource_type(
    "assemblymember",
    _("Assembly member"),
    _("the assembly member “%(label)s”"),
    model=AssemblyMember,
)
