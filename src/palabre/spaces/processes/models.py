"""Groups of participatory processes (e.g. every participatory budget of a city, by year)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization, Space
from palabre.core.translations import TranslatedField, translated
from palabre.core.validators import validate_image


class ProcessGroup(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="process_groups"
    )
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    hero_image = models.ImageField(
        _("main image"), upload_to="process_groups/", blank=True, validators=[validate_image]
    )
    spaces = models.ManyToManyField(
        Space,
        verbose_name=_("processes"),
        related_name="process_groups",
        limit_choices_to={"kind": "process"},
        blank=True,
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("process group")
        verbose_name_plural = _("process groups")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("processes:group", kwargs={"pk": self.pk})
