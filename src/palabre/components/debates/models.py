"""A debates component holds questions put to discussion, with arguments for and against."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.translations import TranslatedField, translated


class Label(models.Model):
    """What categories and scopes share: a translated name and a place in the list."""

    name = TranslatedField(_("name"), blank=False, max_length_per_language=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return translated(self.name)


class Category(Label):
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="debate_categories"
    )

    class Meta(Label.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Scope(Label):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="debate_scopes")

    class Meta(Label.Meta):
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")


class Debate(models.Model):
    """A question put to discussion. Opened by the organization (`official`) or by a
    participant (`author`); a debate without dates stays open until it is closed."""

    class Layout(models.TextChoices):
        SINGLE = "single", _("One column")
        TWO_COLUMNS = "two_columns", _("Two columns: in favour and against")

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="debates")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    instructions = TranslatedField(_("instructions"), rich=True)
    start_at = models.DateTimeField(_("start"), null=True, blank=True)
    end_at = models.DateTimeField(_("end"), null=True, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="debates"
    )
    scope = models.ForeignKey(
        Scope, on_delete=models.SET_NULL, null=True, blank=True, related_name="debates"
    )
    official = models.BooleanField(_("opened by the organization"), default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    layout = models.CharField(
        _("layout"), max_length=12, choices=Layout.choices, default=Layout.SINGLE
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closing date"), null=True, blank=True)
    conclusion = TranslatedField(_("conclusion"), rich=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Counters kept by the services (and by the comments app), so lists never count rows.
    comments_count = models.PositiveIntegerField(default=0)
    endorsements_count = models.PositiveIntegerField(default=0)
    last_comment_at = models.DateTimeField(null=True, blank=True)
    last_comment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reference = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["component", "-published_at"]),
            models.Index(fields=["component", "-comments_count"]),
            models.Index(fields=["component", "-last_comment_at"]),
        ]
        verbose_name = _("debate")
        verbose_name_plural = _("debates")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "debate", pk=self.pk)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_closed(self) -> bool:
        """Closed by someone, or past its end date."""
        if self.closed_at is not None:
            return True
        return self.end_at is not None and self.end_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.start_at is None or self.start_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.is_published and self.has_started and not self.is_closed

    @property
    def comments_closed(self) -> bool:
        """A closed debate is read-only: the comments app takes no new argument."""
        return self.is_closed

    @property
    def two_columns(self) -> bool:
        return self.layout == self.Layout.TWO_COLUMNS


class DebateUpdate(models.Model):
    """Information the organizer posts during the debate, shown above the arguments."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="updates")
    body = TranslatedField(_("text"), rich=True, blank=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("information update")
        verbose_name_plural = _("information updates")

    def __str__(self) -> str:
        return f"{self.debate}: {self.created_at:%Y-%m-%d}"

    @property
    def component(self):
        return self.debate.component


class Endorsement(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debate_endorsements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["debate", "user"], name="unique_debate_endorsement")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.debate}"
