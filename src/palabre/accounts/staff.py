"""What a session needs to enter a staff area (the backoffice, /system/).

The person must have a second factor set up, and **this session** must have passed it: the
sign-in asks for it (allauth's MFA stage), or, for a session that has not given it yet, its
reauthentication page. allauth records each step of an authentication in the session
(`get_authentication_records`); a record of method "mfa" is the proof. Sensitive actions
(role changes, exports) ask for the second factor again when it was given longer ago than
`PALABRE_STAFF_REAUTH_MINUTES`.
"""

import time
from collections.abc import Callable
from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from palabre.core.models import OrganizationAdmin, SpaceRole
from palabre.core.permissions import can
from palabre.core.security import mark_staff_session, session_started


def second_factor_passed_at(request) -> float | None:
    """When this session last passed the second factor (a Unix time), or None."""
    records = get_authentication_records(request, request.user)
    times = [record.get("at", 0) for record in records if record.get("method") == "mfa"]
    return max(times) if times else None


def _reauthenticate_url(next_url: str) -> str:
    return f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def staff_session_refusal(request, next_url: str | None = None) -> HttpResponseRedirect | None:
    """None when this signed-in session may enter a staff area; otherwise where to send it.

    A person without a second factor sets one up; one whose session has not passed it gives
    it now, then comes back to `next_url` (default: this page).
    """
    if not is_mfa_enabled(request.user):
        messages.warning(
            request,
            _(
                "The administration requires two-factor authentication. Set up an "
                "authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")
    if second_factor_passed_at(request) is None:
        messages.info(
            request,
            _("To enter the administration, confirm it is you with your authenticator app."),
        )
        return HttpResponseRedirect(_reauthenticate_url(next_url or request.get_full_path()))
    mark_staff_session(request)
    return None


def recent_second_factor_required(
    view=None,
    *,
    methods: tuple[str, ...] | None = None,
    permission: Callable[..., object] | None = None,
):
    """Ask for the second factor again before a sensitive action, when this session gave it
    longer ago than `PALABRE_STAFF_REAUTH_MINUTES` (only for the HTTP `methods` given, if
    any). A form sent meanwhile is kept and sent again once the code is confirmed.

    `permission(request, *args, **kwargs)`, when given, runs first and raises
    `PermissionDenied` for someone who may not do the action at all: they are refused at
    once instead of being asked for a code that would not help.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                if permission is not None:
                    permission(request, *args, **kwargs)
                passed_at = second_factor_passed_at(request)
                max_age = settings.PALABRE_STAFF_REAUTH_MINUTES * 60
                if passed_at is None or time.time() - passed_at > max_age:
                    messages.info(
                        request,
                        _(
                            "This action needs a fresh confirmation: type the code of your "
                            "authenticator app."
                        ),
                    )
                    return suspend_request(request, reverse("mfa_reauthenticate"))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


# Receivers (connected in AccountsConfig.ready) --------------------------------------------
def on_signed_in(sender, request, user, **kwargs) -> None:
    """Stamp the new session: when it was signed in, and whether its person is staff."""
    organization = getattr(request, "organization", None)
    if user.is_staff:
        staff = True
    elif organization is not None:
        staff = can(user, "backoffice", organization)
    else:
        staff = (
            OrganizationAdmin.objects.filter(user=user).exists()
            or SpaceRole.objects.filter(user=user).exists()
        )
    session_started(request, staff=staff)


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator app means typing one of its codes: the session has
    passed the second factor, as a sign-in with it would have."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )
