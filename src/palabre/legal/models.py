"""What an organization publishes about itself: terms of use (versioned, with who accepted
which version and when), legal notice, privacy policy, cookies, help, and the accessibility
statement in the RGAA format."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization
from palabre.core.structure import WatchedManager
from palabre.core.translations import TranslatedField


class Compliance(models.TextChoices):
    """The three states of the RGAA (article 47 of law 2005-102)."""

    TOTAL = "total", _("totally compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class LegalPages(models.Model):
    """One row per organization: the texts of its legal and information pages.

    `terms` is the text being written; readers see the last published `TermsVersion` once
    there is one.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="legal_pages"
    )
    terms = TranslatedField(_("terms of use"), rich=True)
    notice = TranslatedField(_("legal notice"), rich=True)
    privacy = TranslatedField(_("privacy policy"), rich=True)
    cookies = TranslatedField(_("cookies"), rich=True)
    help = TranslatedField(_("help"), rich=True)
    # The accessibility statement (RGAA 4.1 model).
    accessibility_status = models.CharField(
        _("compliance status"), max_length=10, choices=Compliance.choices, default=Compliance.NONE
    )
    audit_date = models.DateField(_("date of the audit"), null=True, blank=True)
    auditor = models.CharField(_("auditor"), max_length=200, blank=True)
    compliance_rate = models.PositiveSmallIntegerField(
        _("rate of compliance (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    statement_date = models.DateField(_("date of the statement"), null=True, blank=True)
    audited_pages = TranslatedField(_("pages audited"), rich=True)
    non_compliant = TranslatedField(_("non-compliant content"), rich=True)
    disproportionate_burden = TranslatedField(_("disproportionate burden"), rich=True)
    exempted = TranslatedField(_("content not subject to the obligation"), rich=True)
    technologies = TranslatedField(_("technologies used"), rich=True)
    contact = TranslatedField(_("feedback and contact"), rich=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WatchedManager()

    class Meta:
        verbose_name = _("legal pages")
        verbose_name_plural = _("legal pages")

    def __str__(self) -> str:
        return str(self.organization)


class TermsVersion(models.Model):
    """A published version of the terms of use, kept as it was published."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="terms_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = TranslatedField(_("terms of use"), rich=True)
    summary = TranslatedField(_("summary of the changes"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WatchedManager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="one_terms_version_number"
            )
        ]
        verbose_name = _("version of the terms of use")
        verbose_name_plural = _("versions of the terms of use")

    def __str__(self) -> str:
        return f"{self.organization} v{self.number}"


class TermsAcceptance(models.Model):
    """Who accepted which version of the terms, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_acceptances"
    )
    version = models.ForeignKey(TermsVersion, on_delete=models.CASCADE, related_name="acceptances")
    accepted_at = models.DateTimeField(_("accepted"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="one_acceptance_per_version")
        ]
        verbose_name = _("acceptance of the terms of use")
        verbose_name_plural = _("acceptances of the terms of use")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.version}"
