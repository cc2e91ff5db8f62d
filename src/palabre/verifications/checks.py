"""Start-up check: production needs its own encryption key for verifications."""

from django.conf import settings
from django.core.checks import Warning, register


@register("security")
def encryption_key_check(app_configs, **kwargs):
    local = settings.DEBUG or getattr(settings, "DEMO", False) or settings.TESTING
    if local or settings.PALABRE_ENCRYPTION_KEY.strip():
        return []
    return [
        Warning(
            "PALABRE_ENCRYPTION_KEY is not set: verifications cannot keep identity data "
            "(they refuse to start a census, a code or any method until it is).",
            hint="Set PALABRE_ENCRYPTION_KEY to a long random value and keep it safe: "
            "losing it makes the verifications' metadata unreadable.",
            id="palabre.verifications.W001",
        )
    ]
