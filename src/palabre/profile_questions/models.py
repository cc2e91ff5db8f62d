"""Optional profile questions an organization asks its participants (age band, gender,
district…), the options of each with the reference share the organization enters (the
city's census, for instance), and each person's answers.

Answers are read only in aggregate (`selectors.space_representation`), never shown per
person; a person may change or erase theirs at any time, and deleting the account erases
them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization
from palabre.core.translations import TranslatedField, translated


class ProfileQuestion(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="profile_questions"
    )
    label = TranslatedField(_("question"), blank=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("profile question")
        verbose_name_plural = _("profile questions")

    def __str__(self) -> str:
        return translated(self.label)


class ProfileOption(models.Model):
    question = models.ForeignKey(ProfileQuestion, on_delete=models.CASCADE, related_name="options")
    label = TranslatedField(_("option"), blank=False)
    position = models.PositiveIntegerField(default=0)
    # The share of the reference population with this answer, in percent (none: unknown).
    reference_share = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return translated(self.label)


class ProfileAnswer(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_answers"
    )
    question = models.ForeignKey(ProfileQuestion, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(ProfileOption, on_delete=models.CASCADE, related_name="answers")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_profile_answer")
        ]
        indexes = [models.Index(fields=["option", "user"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.option}"


class ProfileQuestionsOffer(models.Model):
    """The questions were offered to this person on this organization's site (asked once:
    the page after sign-up does not come back, the account page stays)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    offered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="one_profile_questions_offer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.organization}"
