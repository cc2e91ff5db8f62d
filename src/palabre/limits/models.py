from django.db import models
from django.utils.translation import gettext_lazy as _


class ContributionLimits(models.Model):
    """An organization's limits: {kind: {"hour": n, "day": n}}; a kind or window left out
    takes its default (`limits.services.DEFAULTS`), 0 means no limit."""

    organization = models.OneToOneField(
        "core.Organization", on_delete=models.CASCADE, related_name="contribution_limits"
    )
    limits = models.JSONField(_("limits"), default=dict, blank=True)

    class Meta:
        verbose_name = _("contribution limits")
        verbose_name_plural = _("contribution limits")

    def __str__(self) -> str:
        return f"{self.organization}"
