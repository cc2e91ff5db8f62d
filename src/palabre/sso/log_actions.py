"""Sentences of the activity log for single sign-on (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_resource_type
from palabre.sso.models import IdentityProvider

register_resource_type(
    "identityprovider",
    _("Sign-in provider"),
    _("the sign-in provider “%(label)s”"),
    model=IdentityProvider,
)
