"""Follows and notifications.

Both point at what they are about through a content type and a primary key: a resource of a
component (see `palabre.core.resources`) or a space.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Space


class Follow(models.Model):
    """A person asks to hear about a resource or a space."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="unique_follow"
            )
        ]
        # Finding the followers of a target is the hot path (every notification).
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}-{self.object_id}"


class Notification(models.Model):
    """Something that happened, for one person.

    `title` and `url` are snapshots taken when it happened, so that the list page needs no
    query per item and keeps making sense if the target is renamed.

    `in_app` and `by_email` are the recipient's choices for this event when it happened (see
    `NotificationPreference`): a notification not shown in the app exists only to be emailed,
    and one not to be emailed is never sent, not even if emails are turned back on later.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True)
    by_email = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def sentence(self) -> str:
        from palabre.notifications.events import notification_sentence

        return notification_sentence(self)


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification: in the app, by email, both or none.

    Only choices that differ from the default (everything on) have a row, so a new event
    reaches everyone until they turn it off, and the people who never open their settings
    cost nothing. One row per person and event rather than a JSON value per person: `notify`
    reads the choices of all the recipients of one event in one indexed query, digests
    leave out turned-off events with a plain subquery, and saving one choice cannot lose
    another saved at the same time. Kept here rather than on the user: notifications own
    what they need, the core user model knows nothing of events.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(max_length=60)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="unique_notification_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}: in app {self.in_app}, email {self.email}"
