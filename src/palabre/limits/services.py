"""Checking and counting contributions against the organization's limits."""

import time
from hashlib import sha256

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What can be limited, with its name for the backoffice.
KINDS = {
    "proposals": gettext_lazy("Proposals"),
    "comments": gettext_lazy("Comments"),
    "reports": gettext_lazy("Reports"),
    "registrations": gettext_lazy("Meeting registrations"),
    "answers": gettext_lazy("Survey answers"),
}
WINDOWS = {"hour": 3600, "day": 86400}
DEFAULTS = {
    "proposals": {"hour": 10, "day": 30},
    "comments": {"hour": 30, "day": 200},
    "reports": {"hour": 20, "day": 50},
    "registrations": {"hour": 20, "day": 50},
    "answers": {"hour": 20, "day": 100},
}


def limits_of(organization) -> dict[str, dict[str, int]]:
    """The organization's limits, each kind and window filled from the defaults."""
    from palabre.limits.models import ContributionLimits

    stored = (
        ContributionLimits.objects.filter(organization=organization)
        .values_list("limits", flat=True)
        .first()
        or {}
    )
    result = {}
    for kind, windows in DEFAULTS.items():
        chosen = stored.get(kind) if isinstance(stored.get(kind), dict) else {}
        result[kind] = {}
        for window, default in windows.items():
            value = chosen.get(window, default)
            result[kind][window] = value if isinstance(value, int) and value >= 0 else default
    return result


def limits_save(*, actor, organization, limits: dict[str, dict[str, int]]):
    """Store the organization's limits (its administrators), in the activity log."""
    from palabre.core.permissions import require
    from palabre.core.services import log_action
    from palabre.limits.models import ContributionLimits

    require(actor, "admin", organization)
    clean = {}
    for kind in KINDS:
        for window in WINDOWS:
            value = (limits.get(kind) or {}).get(window, DEFAULTS[kind][window])
            if not isinstance(value, int) or value < 0:
                raise ValidationError(_("A limit is a whole number, 0 for none."))
            clean.setdefault(kind, {})[window] = value
    with transaction.atomic():
        before = limits_of(organization)
        row, _created = ContributionLimits.objects.update_or_create(
            organization=organization, defaults={"limits": clean}
        )
        if before != clean:
            log_action(
                actor=actor,
                organization=organization,
                action="update",
                resource=organization,
                data={"fields": ["contribution_limits"]},
            )
    return row


def _subjects(user, address: str) -> list[str]:
    subjects = []
    if user is not None and getattr(user, "is_authenticated", False):
        subjects.append(f"person:{user.pk}")
    if address:
        subjects.append("address:" + sha256(address.encode()).hexdigest()[:32])
    return subjects


def _key(organization, kind: str, subject: str, window: str, now: float) -> str:
    start = int(now // WINDOWS[window])
    return f"palabre:limits:{organization.pk}:{kind}:{subject}:{window}:{start}"


def enforce(*, organization, kind: str, user=None, address: str = "") -> None:
    """Refuse (ValidationError, code "rate_limited") when the person or the address has
    reached one of the organization's limits for this kind of contribution."""
    limits = limits_of(organization)[kind]
    now = time.time()
    for subject in _subjects(user, address):
        for window, limit in limits.items():
            if limit and cache.get(_key(organization, kind, subject, window, now), 0) >= limit:
                message = (
                    _(
                        "You have reached the limit of %(limit)s %(kind)s per hour on this "
                        "site: try again later."
                    )
                    if window == "hour"
                    else _(
                        "You have reached the limit of %(limit)s %(kind)s per day on this "
                        "site: try again tomorrow."
                    )
                )
                # Not tied to one field: the form shows it above its fields.
                raise ValidationError(
                    {
                        "__all__": ValidationError(
                            message % {"limit": limit, "kind": str(KINDS[kind]).lower()},
                            code="rate_limited",
                        )
                    }
                )


def record(*, organization, kind: str, user=None, address: str = "") -> None:
    """Count one contribution, once its transaction commits."""
    subjects = _subjects(user, address)

    def count():
        now = time.time()
        for subject in subjects:
            for window, seconds in WINDOWS.items():
                key = _key(organization, kind, subject, window, now)
                cache.add(key, 0, timeout=seconds)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, timeout=seconds)

    transaction.on_commit(count)
