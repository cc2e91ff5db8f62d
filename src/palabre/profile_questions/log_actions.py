"""Sentences of the activity log for profile questions (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_resource_type
from palabre.profile_questions.models import ProfileOption, ProfileQuestion

register_resource_type(
    "profilequestion",
    _("Profile question"),
    _("the profile question “%(label)s”"),
    model=ProfileQuestion,
    field_labels={"label": _("Question")},
)
register_resource_type(
    "profileoption",
    _("Option of a profile question"),
    _("the option “%(label)s” of a profile question"),
    model=ProfileOption,
    field_labels={"label": _("Option"), "reference_share": _("Reference share (%)")},
)
