"""A surveys component holds surveys: questionnaires of the form engine with their dates,
their terms, and who may answer them how."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.translations import TranslatedField, translated
from palabre.forms.models import Form


class Survey(models.Model):
    """A survey: its questions are a `Form` of the form engine (one per survey).

    It takes answers once published, between its opening and closing dates when it has
    them (either may be left empty), while the component's step lets answers in.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not published")
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="surveys")
    form = models.OneToOneField(Form, on_delete=models.CASCADE, related_name="survey")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    terms = TranslatedField(_("terms to accept"), rich=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Answers keep a pseudonym only, never the person.
    anonymous = models.BooleanField(_("anonymous answers"), default=False)
    allow_unregistered = models.BooleanField(_("answers without an account"), default=False)
    public_results = models.BooleanField(_("results shown to everyone"), default=False)
    # When the followers were told that the survey is open (once).
    opening_announced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
            )
        ]
        indexes = [models.Index(fields=["component", "published_at"])]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "survey", pk=self.pk)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def status(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if not self.is_published:
            return self.Status.DRAFT
        if self.opens_at is not None and now < self.opens_at:
            return self.Status.UPCOMING
        if self.closes_at is not None and now >= self.closes_at:
            return self.Status.CLOSED
        return self.Status.OPEN

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.status(now) == self.Status.OPEN

    def status_label(self) -> str:
        return str(self.Status(self.status()).label)
