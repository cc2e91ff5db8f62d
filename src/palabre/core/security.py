"""What every response carries for the browser's protection, and how sessions end.

- `PermissionsPolicyMiddleware`: the browser features no page of Palabre uses are denied.
- `SessionTimeoutMiddleware`: a signed-in session ends after a time without activity (the
  organization's staff or participant limit) and, in any case, some time after signing in.
- `PrivateCacheMiddleware`: pages holding a person's own or administrative data are never
  kept by a shared computer's browser cache or a proxy.
- `embeddable`: the views other websites may show in an iframe.
- `client_ip`: the visitor's address, behind as many trusted proxies as configured.

Django's own middlewares send the rest: `SecurityMiddleware` (HSTS, nosniff, referrer
policy, cross-origin opener policy), `ContentSecurityPolicyMiddleware` (the policy in
`SECURE_CSP`), `XFrameOptionsMiddleware`.
"""

import ipaddress
import logging
import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

# Session keys: when the session was last seen active, when its person signed in, and
# whether its person holds a role in the administration (stricter idle limit).
LAST_ACTIVITY_KEY = "palabre_last_activity"
SIGNED_IN_AT_KEY = "palabre_signed_in_at"
STAFF_SESSION_KEY = "palabre_staff"

# The last-activity stamp is written at most this often: reading a page writes no session
# row, except the first page of each minute.
ACTIVITY_RESOLUTION_SECONDS = 60

DEFAULT_STAFF_IDLE_MINUTES = 30
DEFAULT_PARTICIPANT_IDLE_MINUTES = 7 * 24 * 60


# Browser features ---------------------------------------------------------------------
# Only features that browsers know: Chromium writes a console warning on every page for each
# name it does not recognise (it did for ambient-light-sensor and bluetooth).
DENIED_FEATURES = (
    "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation",
    "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
)  # fmt: skip
# Left allowed: fullscreen, autoplay and picture-in-picture, which the embedded videos of
# pages use; publickey-credentials, which security keys would need.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Framing -------------------------------------------------------------------------------
def embeddable(view):
    """Let any website show this view in an iframe (the embed cards of spaces).

    Every other page refuses to be framed (`frame-ancestors 'none'` and `X-Frame-Options:
    DENY`), which keeps clickjacking out.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
        return response

    return xframe_options_exempt(wrapper)


# Sessions ------------------------------------------------------------------------------
def session_started(request, *, staff: bool) -> None:
    """Stamp a session that has just been signed in: when, and with which idle limit."""
    now = int(time.time())
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[LAST_ACTIVITY_KEY] = now
    request.session[STAFF_SESSION_KEY] = staff


def mark_staff_session(request) -> None:
    """The person holds a role in the administration: their session idles out sooner."""
    if not request.session.get(STAFF_SESSION_KEY):
        request.session[STAFF_SESSION_KEY] = True


def idle_limit_seconds(request) -> int:
    organization = getattr(request, "organization", None)
    if request.session.get(STAFF_SESSION_KEY):
        minutes = getattr(organization, "staff_idle_minutes", None) or DEFAULT_STAFF_IDLE_MINUTES
    else:
        minutes = (
            getattr(organization, "participant_idle_minutes", None)
            or DEFAULT_PARTICIPANT_IDLE_MINUTES
        )
    return minutes * 60


class SessionTimeoutMiddleware:
    """End signed-in sessions left idle too long, or signed in too long ago.

    Idle: the organization's `staff_idle_minutes` for people who hold a role in its
    administration, `participant_idle_minutes` for everyone else. Lifetime:
    `SESSION_COOKIE_AGE` after signing in, whatever the activity. The last activity is
    written into the session at most once a minute, so most pages write nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        # A visitor without a session cookie costs nothing here; with one, the session is
        # read now instead of by the authentication a moment later.
        if SESSION_KEY in session:
            now = int(time.time())
            signed_in_at = session.get(SIGNED_IN_AT_KEY)
            last_activity = session.get(LAST_ACTIVITY_KEY)
            if signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
                self._sign_out(request, _("You were signed out: please sign in again."))
            elif last_activity is not None and now - last_activity > idle_limit_seconds(request):
                self._sign_out(request, _("You were signed out after a time without activity."))
            elif last_activity is None or now - last_activity >= ACTIVITY_RESOLUTION_SECONDS:
                session[LAST_ACTIVITY_KEY] = now
                session.setdefault(SIGNED_IN_AT_KEY, now)
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, message: str) -> None:
        logout(request)
        messages.info(request, message)


# Caching -------------------------------------------------------------------------------
# Where pages hold a person's own data (account, notifications) or administrative data
# (the backoffice and its exports, the operators' area).
PRIVATE_PATH_PREFIXES = ("/account/", "/accounts/", "/notifications/", "/admin/", "/system/")


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on those pages when a person is signed in, so that
    neither a shared computer's browser nor a proxy keeps a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PATH_PREFIXES) and (
            getattr(request, "user", None) is not None and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


# Client address ------------------------------------------------------------------------
def _address(value: str | None) -> str | None:
    """An IP address in its canonical form, from "1.2.3.4", "1.2.3.4:5678", "[::1]:80"…"""
    value = (value or "").strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates = [value[1 : value.index("]")]]
    elif value.count(":") == 1:
        candidates.append(value.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request) -> str | None:
    """The visitor's address, as rate limits count it (the sign-in's included, through the
    account adapter).

    `REMOTE_ADDR`, unless the installation says which header its proxy fills with the
    address (`PALABRE_TRUSTED_CLIENT_IP_HEADER`) or how many proxies of its own stand in
    front (`PALABRE_TRUSTED_PROXY_COUNT`: each appends the address it received the request
    from to `X-Forwarded-For`, so the client is that many places from the right; what a
    visitor wrote themselves is further left and never read). A header that holds fewer
    addresses than proxies (the request skipped one) gives its leftmost address. A request
    without a usable address there (one that did not pass through the proxy) counts under
    `REMOTE_ADDR`, the address it came from.
    """
    header = settings.PALABRE_TRUSTED_CLIENT_IP_HEADER
    if header:
        address = _address(request.headers.get(header))
        if address:
            return address
        return _address(request.META.get("REMOTE_ADDR"))
    count = settings.PALABRE_TRUSTED_PROXY_COUNT
    forwarded = [
        part for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
    ]
    if count > 0 and forwarded:
        address = _address(forwarded[-min(count, len(forwarded))])
        if address:
            return address
    return _address(request.META.get("REMOTE_ADDR"))


# Logging -------------------------------------------------------------------------------
class ClientErrorsOnOneLine(logging.Filter):
    """A refused request (403, 404…) is logged as one line, without the traceback of the
    exception that refused it: it is the visitor's mistake or the permission doing its job,
    not a fault of the code."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
