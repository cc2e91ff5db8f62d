"""Time-based one-time codes (RFC 6238) as allauth computes them, for the demo admin."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` at time `at` (default: now)."""
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def seconds_left(at: float | None = None) -> int:
    """How long the current code stays valid."""
    now = time.time() if at is None else at
    return app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
