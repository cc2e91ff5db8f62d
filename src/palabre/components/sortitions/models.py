"""A sortitions component holds draws by lot: draws of proposals and citizen panels.

Every draw keeps the inputs it publishes (`inputs()`, the JSON file its page offers) and what
follows from them by the procedure of `lottery` (docs/sortition.md). A draw that was made is
never deleted nor redone: it can be cancelled with a reason, and stays listed, marked
cancelled.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.components.sortitions import lottery
from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.translations import TranslatedField, translated


def timestamp(moment) -> str:
    """A moment as the inputs write it: UTC, to the second."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ProposalDraw(models.Model):
    """N proposals drawn among the candidates of a proposals component of the same space."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="proposal_draws"
    )
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    # PROTECT: a published draw names its candidates; their component cannot vanish under it.
    proposals_component = models.ForeignKey(
        Component, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposals")
    )
    category = models.ForeignKey(
        "proposals.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope = models.ForeignKey(
        "proposals.Scope", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(_("number of proposals to draw"))
    # Where the public value comes from, said before it is known ("the die thrown at the
    # public meeting of 12 March").
    value_source = TranslatedField(_("where the public value comes from"))
    public_value = models.CharField(_("public value"), max_length=200, blank=True)
    requested_at = models.DateTimeField()
    candidates = models.JSONField(default=list)
    selected = models.JSONField(default=list)
    seed = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = TranslatedField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept by the comments services.
    comments_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["component", "requested_at"])]
        verbose_name = _("draw of proposals")
        verbose_name_plural = _("draws of proposals")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "draw", pk=self.pk)

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def is_calling(self) -> bool:
        """People may volunteer on the site: the call is open and the pool can change."""
        return self.call_open and self.published_at is None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def inputs(self) -> dict:
        """The published inputs of the draw (what its JSON file holds)."""
        return {
            "format": lottery.FORMAT,
            "kind": "proposals",
            "candidates": list(self.candidates),
            "count": self.count,
            "public_value": self.public_value,
            "requested_at": timestamp(self.requested_at),
        }

    def inputs_filename(self) -> str:
        return f"draw-{self.pk}.json"


class Panel(models.Model):
    """A citizen panel: a pool of volunteers, quotas, a size; the distribution of panels
    computed under the quotas, published; the final panel drawn from it.

    Volunteers appear in everything public under their pseudonymous `Volunteer.number` only.
    """

    class Method(models.TextChoices):
        MAXIMIN = "maximin", _("Maximin: the highest smallest chance")
        NASH = "nash", _("Nash: the highest product of chances")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        COMPUTING = "computing", _("Computing…")
        FAILED = "failed", _("Computation failed")
        COMPUTED = "computed", _("Computed, not published")
        PUBLISHED = "published", _("Published, waiting for the draw")
        DRAWN = "drawn", _("Drawn")

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="panels")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    size = models.PositiveIntegerField(_("panel size"))
    method = models.CharField(
        _("selection method"), max_length=10, choices=Method.choices, default=Method.MAXIMIN
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A call for volunteers: while it is open, people register on the site themselves,
    # answering the features the quotas name (the pool also holds imported people).
    call_open = models.BooleanField(_("call for volunteers open"), default=False)
    # What the background computation last said, and when.
    progress = models.CharField(max_length=255, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # The distribution, by pseudonymous numbers: {"<number>": probability}, the smallest,
    # the panels (ascending numbers) with their weights and the tickets drawn among.
    probabilities = models.JSONField(default=dict, blank=True)
    minimum = models.FloatField(null=True, blank=True)
    panels = models.JSONField(default=list, blank=True)
    weights = models.JSONField(default=list, blank=True)
    tickets = models.JSONField(default=list, blank=True)
    # The legacy greedy method on the same pool, for comparison.
    greedy_probabilities = models.JSONField(default=dict, blank=True)
    greedy_minimum = models.FloatField(null=True, blank=True)
    greedy_runs = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    value_source = TranslatedField(_("where the public value comes from"))
    public_value = models.CharField(_("public value"), max_length=200, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    selected = models.JSONField(default=list, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comments_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen panel")
        verbose_name_plural = _("citizen panels")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "panel", pk=self.pk)

    @property
    def is_public(self) -> bool:
        """Visitors see a panel once its distribution is published."""
        return self.published_at is not None

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def is_calling(self) -> bool:
        """People may volunteer on the site: the call is open and the pool can change."""
        return self.call_open and self.published_at is None

    @property
    def is_frozen(self) -> bool:
        """Published: its pool, quotas and size can no longer change."""
        return self.published_at is not None

    def inputs(self) -> dict:
        """The published inputs of the final draw."""
        return {
            "format": lottery.FORMAT,
            "kind": "panel",
            "panels": self.panels,
            "tickets": self.tickets,
            "public_value": self.public_value,
            "requested_at": timestamp(self.requested_at) if self.requested_at else "",
        }

    def inputs_filename(self) -> str:
        return f"panel-{self.pk}.json"


class Quota(models.Model):
    """At least `minimum` and at most `maximum` panel members with `value` for `feature`."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(_("feature"), max_length=100)
    value = models.CharField(_("value"), max_length=100)
    minimum = models.PositiveIntegerField(_("minimum"))
    maximum = models.PositiveIntegerField(_("maximum"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "feature", "value"], name="sortitions_one_quota_per_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feature} = {self.value} [{self.minimum}, {self.maximum}]"


class Volunteer(models.Model):
    """A person of the pool. `name` and `contact` are seen by the panel's administrators
    only; everything public shows the pseudonymous `number`, which each volunteer receives
    privately."""

    class Source(models.TextChoices):
        IMPORT = "import", _("Imported")
        SITE = "site", _("Registered on the site")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="volunteers")
    number = models.PositiveIntegerField(_("pseudonymous number"))
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.IMPORT)
    # The account of a person who volunteered on the site (one registration per panel).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=254, blank=True)
    features = models.JSONField(default=dict)
    # When the volunteer was sent their number by email (never twice).
    number_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="sortitions_one_number"),
            models.UniqueConstraint(
                fields=["panel", "user"],
                condition=models.Q(user__isnull=False),
                name="sortitions_one_registration_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class Replacement(models.Model):
    """A member who declined, and the volunteer drawn to replace them while keeping every
    quota met, with the inputs of that draw."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="replacements")
    declined = models.PositiveIntegerField(_("declined"))
    replacement = models.PositiveIntegerField(_("replacement"))
    members = models.JSONField(default=list)
    candidates = models.JSONField(default=list)
    public_value = models.CharField(_("public value"), max_length=200)
    requested_at = models.DateTimeField()
    seed = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"#{self.declined} → #{self.replacement}"

    def inputs(self) -> dict:
        return {
            "format": lottery.FORMAT,
            "kind": "replacement",
            "members": self.members,
            "declined": self.declined,
            "candidates": self.candidates,
            "count": 1,
            "public_value": self.public_value,
            "requested_at": timestamp(self.requested_at),
        }

    def inputs_filename(self) -> str:
        return f"panel-{self.panel_id}-replacement-{self.pk}.json"
