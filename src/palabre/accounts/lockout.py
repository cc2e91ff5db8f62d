"""Sign-in under attack: the anti-spam check instead of a lock that would keep the owner out.

Failed sign-ins are counted for the account (its email) and for the client address, over
`WINDOW_SECONDS`. From `CAPTCHA_AFTER` failures for either, the sign-in form asks the
anti-spam check (palabre.captcha) before it even tries the password; from `HARD_AFTER`
failures for the account, the check asks for more work from the browser, so that each try
is slower. An account is never locked: its owner, who knows the password, passes the check
and signs in (which clears its count). A burst from one address is still refused by
allauth's `login_failed` limit (per address only, see ACCOUNT_RATE_LIMITS).
"""

from hashlib import sha256

from django.core.cache import cache

from palabre.core.security import client_ip

WINDOW_SECONDS = 15 * 60
CAPTCHA_AFTER = 3
HARD_AFTER = 10


def _key(kind: str, value: str) -> str:
    return f"palabre:signin-failures:{kind}:{sha256(value.encode()).hexdigest()}"


def _keys(request, email: str) -> list[str]:
    keys = []
    if email:
        keys.append(_key("account", email.strip().lower()))
    address = client_ip(request) if request is not None else None
    if address:
        keys.append(_key("address", address))
    return keys


def record_failure(request, email: str) -> None:
    for key in _keys(request, email):
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=WINDOW_SECONDS)


def clear_account(email: str) -> None:
    cache.delete(_key("account", email.strip().lower()))


def failures(request, email: str = "") -> dict[str, int]:
    counts = {"account": 0, "address": 0}
    if email:
        counts["account"] = cache.get(_key("account", email.strip().lower()), 0)
    address = client_ip(request) if request is not None else None
    if address:
        counts["address"] = cache.get(_key("address", address), 0)
    return counts


def captcha_needed(request, email: str = "") -> tuple[bool, bool]:
    """(the check is asked, the harder one is)."""
    counts = failures(request, email)
    needed = max(counts.values()) >= CAPTCHA_AFTER
    return needed, counts["account"] >= HARD_AFTER
