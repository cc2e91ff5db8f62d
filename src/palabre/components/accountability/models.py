"""An accountability component follows what became of the decisions: results (a tree of
projects and sub-projects, at most three levels deep) with a status, a progress and a
timeline of dated entries, linked to the budget projects and proposals they come from.

Progress is a percentage with one decimal place (`Decimal("37.5")`): a parent's progress is
the average of its children's, and one decimal keeps "2 of 3 sub-projects done" readable
(66.7 %) without pretending to a precision nobody measures.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.translations import TranslatedField, translated

MAX_DEPTH = 3
PROGRESS = {
    "max_digits": 4,
    "decimal_places": 1,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}


class Status(models.Model):
    """A stage a result goes through ("Started", "Done"…), defined per component."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="accountability_statuses"
    )
    key = models.SlugField(_("key"), max_length=50)
    name = TranslatedField(_("name"), blank=False, max_length_per_language=100)
    # The progress a result takes when it gets this status, unless one is given with it;
    # empty for statuses that say nothing about progress ("Suspended").
    progress = models.DecimalField(_("default progress"), null=True, blank=True, **PROGRESS)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "key"], name="accountability_unique_status_key"
            )
        ]
        verbose_name = _("status")
        verbose_name_plural = _("statuses")

    def __str__(self) -> str:
        return translated(self.name)


class Result(models.Model):
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="accountability_results"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    # 1 for a root; kept by the services so that the tree's depth is checked without
    # walking up the parents.
    depth = models.PositiveSmallIntegerField(default=1)
    title = TranslatedField(_("title"), blank=False, max_length_per_language=300)
    description = TranslatedField(_("description"), rich=True)
    category = TranslatedField(_("category"), max_length_per_language=200)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.ForeignKey(
        Status, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    progress = models.DecimalField(_("progress"), default=Decimal(0), **PROGRESS)
    weight = models.DecimalField(
        _("weight"), max_digits=8, decimal_places=2, default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    external_id = models.CharField(_("external identifier"), max_length=64, blank=True)
    # Kept by the comments services.
    comments_count = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "external_id"],
                condition=~Q(external_id=""),
                name="accountability_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="accountability_progress_percent",
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=1) & Q(depth__lte=MAX_DEPTH),
                name="accountability_depth_bounded",
            ),
        ]
        indexes = [
            models.Index(fields=["component", "parent", "position"]),
        ]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "result", pk=self.pk)


class ResultOrigin(models.Model):
    """What a result comes from: a budget project, a proposal… any resource of a component,
    referenced by content type so that this component imports none of them."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="origins")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["result", "content_type", "object_id"],
                name="accountability_origin_once",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}-{self.object_id}"


class TimelineEntry(models.Model):
    """A dated step of a result's life: "Works started", "Inauguration"…"""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="timeline")
    date = models.DateField(_("date"))
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    text = TranslatedField(_("text"), rich=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return translated(self.title)

    @property
    def component(self) -> Component:
        return self.result.component
