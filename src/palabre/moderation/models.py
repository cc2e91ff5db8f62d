"""Reports of contributions and participants, the moderation state of each contribution,
and the blocks of participants (with their justification)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Space

DETAILS_MAX_LENGTH = 1000


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    OFFENSIVE = "offensive", _("Offensive, hateful or harassing")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Other")


class Report(models.Model):
    """One person's report of one contribution (a person reports a contribution once)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    # The moderation row of the same resource, so that the backoffice lists reports with
    # one prefetch instead of one query per contribution.
    moderation = models.ForeignKey(
        "moderation.Moderation", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), blank=True, max_length=DETAILS_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"], name="unique_report_per_person"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.content_type_id}-{self.object_id})"


class Moderation(models.Model):
    """The moderation state of one contribution: how often it was reported, whether it is
    hidden. Its row is locked by every report so that counting and hiding never race."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="moderations")
    reports_count = models.PositiveIntegerField(default=0)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Empty when the reports hid the contribution by themselves.
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(blank=True)
    # Set when a moderator shows a contribution again: they judged it acceptable, so later
    # reports list it again but no longer hide it by themselves.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_moderation_per_resource"
            )
        ]
        indexes = [models.Index(fields=["space", "hidden_at"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}-{self.object_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class UserReport(models.Model):
    """One person's report of another participant (once per pair)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_reports_made"
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_received"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), blank=True, max_length=DETAILS_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "reported"], name="unique_user_report_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.reported_id})"


class UserBlock(models.Model):
    """A block of a participant by an administrator; `lifted_at` is set when it ends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    justification = models.TextField(_("justification"))
    hide_content = models.BooleanField(_("hide all their contributions"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.created_at:%Y-%m-%d})"
