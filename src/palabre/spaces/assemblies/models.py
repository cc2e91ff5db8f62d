"""Members of an assembly: the people who sit on a council, a committee or a jury."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Space
from palabre.core.translations import TranslatedField


class AssemblyMember(models.Model):
    # Members are listed publicly by name; `user` only links the name to a profile when the
    # person has an account, and a member who leaves keeps a row with `ceased_at` for history.
    assembly = models.ForeignKey(
        Space,
        on_delete=models.CASCADE,
        related_name="assembly_members",
        limit_choices_to={"kind": "assembly"},
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = TranslatedField(_("position"), max_length_per_language=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assembly_memberships",
        verbose_name=_("participant account"),
    )
    ceased_at = models.DateField(_("end of membership"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "full_name", "id"]
        verbose_name = _("assembly member")
        verbose_name_plural = _("assembly members")

    def __str__(self) -> str:
        return self.full_name
