"""An archive of a person's data, asked for by that person, built in the background and
downloadable by them only, for a few days."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization

# The media folder of archives: never served by its storage address (see
# `attachments.views.PRIVATE_FOLDERS`), only by the download view to their owner.
STORAGE_FOLDER = "personal-data"


def _upload_to(instance: "DataExport", filename: str) -> str:
    return f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}.zip"


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=_upload_to, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "organization", "-created_at"])]
        verbose_name = _("archive of personal data")
        verbose_name_plural = _("archives of personal data")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.status})"
