"""A pages component holds static rich-text pages: a FAQ, the rules of a process."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.html import video_embed_url
from palabre.core.models import Component
from palabre.core.translations import TranslatedField, translated
from palabre.core.validators import validate_image


class Page(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="pages")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    body = TranslatedField(_("text"), rich=True)
    image = models.ImageField(
        _("image"), upload_to="pages/", blank=True, validators=[validate_image]
    )
    video_url = models.URLField(_("video address"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["component", "position"])]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "page", pk=self.pk)

    @property
    def video_embed_url(self) -> str | None:
        return video_embed_url(self.video_url)
