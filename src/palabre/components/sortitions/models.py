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
