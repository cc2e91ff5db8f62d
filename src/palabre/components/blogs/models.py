"""A blog component holds dated posts: the news of a space."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.translations import TranslatedField, translated
from palabre.core.validators import validate_image


class PostState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


class Post(models.Model):
    """A news item. Signed by the organization (`official`) or by a person (`author`).

    Posts without a publication date are drafts; posts dated in the future are scheduled and
    appear by themselves once their date has passed.
    """

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="posts")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    body = TranslatedField(_("text"), rich=True)
    image = models.ImageField(
        _("image"), upload_to="posts/", blank=True, validators=[validate_image]
    )
    official = models.BooleanField(_("published by the organization"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["component", "-published_at"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "post", pk=self.pk)

    @property
    def state(self) -> str:
        if self.published_at is None:
            return PostState.DRAFT
        if self.published_at > timezone.now():
            return PostState.SCHEDULED
        return PostState.PUBLISHED

    @property
    def is_published(self) -> bool:
        return self.state == PostState.PUBLISHED

    def get_state_display(self) -> str:
        return PostState(self.state).label
