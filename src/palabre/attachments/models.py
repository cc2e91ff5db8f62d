"""Files attached to a resource: images shown on its page and documents to download.

An attachment points at its resource through a content type and a primary key, like
comments and follows, so that any component can attach files without this app knowing it.
Files are never linked by their storage address: they are served by a view that checks
that the person may see the resource (see `views.download`).
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Component
from palabre.core.translations import TranslatedField

# The folder, inside the media storage, that holds every attached file. It must not be
# served by the web server: files are read only through the download view.
STORAGE_FOLDER = "attachments"


def storage_name(extension: str) -> str:
    """An unguessable storage name: knowing one file's name tells nothing of another's."""
    token = secrets.token_urlsafe(24)
    return f"{STORAGE_FOLDER}/{token[:2]}/{token}.{extension}"


def _upload_to(instance: "Attachment", filename: str) -> str:
    # The services name files themselves (`storage_name`); this only keeps that name.
    return filename


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Deleting a component deletes the attachments of its resources with it.
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="+")
    title = TranslatedField(_("title"), max_length_per_language=200)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200)
    # The name the file had on the sender's computer, cleaned: offered when downloading.
    filename = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size"))
    # Read from the file's content by the services, never taken from the browser.
    mime_type = models.CharField(_("file type"), max_length=100)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "position"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", kwargs={"pk": self.pk})

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""
