"""Comments on any resource of a component, threaded, voted and moderated."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Component, Space
from palabre.core.translations import TranslatedField

MAX_DEPTH = 3
MAX_LENGTH = 2000


class Alignment(models.IntegerChoices):
    AGAINST = -1, _("Against")
    NEUTRAL = 0, _("Neutral")
    IN_FAVOUR = 1, _("In favour")


class Comment(models.Model):
    """A comment on a resource (`content_type`, `object_id`), or a reply to another comment.

    `root` points at the first comment of the thread (itself excepted), so that a page can
    load every reply of its threads in one query whatever their depth.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="+")
    # Accounts are anonymized, never deleted: a comment always keeps its author.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=1)
    body = TranslatedField(_("comment"))
    alignment = models.SmallIntegerField(
        _("alignment"), choices=Alignment.choices, null=True, blank=True
    )
    official = models.BooleanField(_("in the name of the organization"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    up_votes = models.PositiveIntegerField(default=0)
    down_votes = models.PositiveIntegerField(default=0)
    replies_count = models.PositiveIntegerField(default=0)
    # On roots only: every comment of the thread, the root included.
    thread_comments_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "depth", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=MAX_DEPTH), name="comment_depth_range"
            ),
            models.CheckConstraint(
                condition=models.Q(alignment__isnull=True) | models.Q(alignment__in=[-1, 0, 1]),
                name="comment_alignment_values",
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.target.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def score(self) -> int:
        return self.up_votes - self.down_votes

    @property
    def target(self):
        """The commented resource (cached: pages set it on every comment they show)."""
        cached = self.__dict__.get("_target")
        if cached is None:
            cached = self.content_type.get_object_for_this_type(pk=self.object_id)
            self.__dict__["_target"] = cached
        return cached

    @target.setter
    def target(self, value) -> None:
        self.__dict__["_target"] = value


class CommentVote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_vote_per_comment"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 1]), name="vote_up_or_down"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d} #{self.comment_id}"
