"""The gate of the backoffice: signed in, allowed in this organization, and a session that
passed the second factor."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from palabre.accounts.staff import staff_session_refusal
from palabre.core.permissions import can


def backoffice_required(view):
    """Let a view run only for people with a role in the organization whose session passed
    the second factor (set up first if they have none, given now if this session has not).

    The role is checked before two-factor so that a participant who wanders here gets a
    plain refusal instead of being asked to set up an authenticator they will never need.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, "backoffice", request.organization):
            raise PermissionDenied(_("You have no role in the administration of this site."))
        refusal = staff_session_refusal(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapper
