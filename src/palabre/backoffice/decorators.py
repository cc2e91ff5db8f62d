"""The gate of the backoffice: signed in, allowed in this organization, two-factor on."""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from palabre.core.permissions import can


def backoffice_required(view):
    """Let a view run only for people with a role in the organization and two-factor set up.

    The role is checked before two-factor so that a participant who wanders here gets a
    plain refusal instead of being asked to set up an authenticator they will never need.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, "backoffice", request.organization):
            raise PermissionDenied(_("You have no role in the administration of this site."))
        if not is_mfa_enabled(request.user):
            messages.warning(
                request,
                _(
                    "The administration requires two-factor authentication. Set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
