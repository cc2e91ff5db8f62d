"""Verifications of people, per organization and method, and what the methods keep.

Identity data are never stored in clear: metadata are encrypted (`crypto.encrypt`), identities
compared through keyed hashes (`crypto.keyed_hash`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization


class OrganizationVerificationMethod(models.Model):
    """A method an organization offers its participants, with its settings (`options`, in
    clear) and its secrets (`secrets`, encrypted: an SMS gateway's token, for instance)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("method"), max_length=50)
    enabled = models.BooleanField(_("enabled"), default=True)
    options = models.JSONField(default=dict, blank=True)
    secrets = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "method"], name="verification_method_once_per_org"
            )
        ]

    def __str__(self) -> str:
        from palabre.verifications.registry import methods

        method = methods.get(self.method)
        return str(method.label) if method else self.method


class Verification(models.Model):
    """One person's verification by one method in one organization (none: "missing").

    "expired" is not stored: a granted row past `expires_at` reads as expired.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications"
    )
    method = models.CharField(_("method"), max_length=50)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # A keyed hash of the identity the method saw: the same identity granted to two accounts
    # is refused by the constraint below and becomes a conflict.
    unique_id = models.CharField(max_length=64, null=True, blank=True)
    metadata = models.TextField(blank=True, default="")  # crypto.encrypt(dict)
    granted_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "method"], name="verification_one_per_method"
            ),
            models.UniqueConstraint(
                fields=["organization", "method", "unique_id"],
                condition=Q(status="granted") & Q(unique_id__isnull=False),
                name="verification_identity_granted_once",
            ),
        ]
        indexes = [models.Index(fields=["organization", "method", "status"])]

    def __str__(self) -> str:
        from palabre.verifications.registry import methods

        method = methods.get(self.method)
        return f"{method.label if method else self.method} — {self.user}"

    @property
    def current_status(self) -> str:
        """The status as the person reads it: "expired" for a grant past its expiry."""
        if (
            self.status == self.Status.GRANTED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        ):
            return "expired"
        return self.status


class VerificationConflict(models.Model):
    """A second account presenting an identity already granted to another: its verification
    stays pending until staff decide (transfer it, or refuse it)."""

    class Resolution(models.TextChoices):
        TRANSFERRED = "transferred", _("Transferred to the new account")
        REFUSED = "refused", _("Refused to the new account")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=50)
    unique_id = models.CharField(max_length=64)
    existing_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    new_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.method} — {self.new_user}"


class VerificationAttempt(models.Model):
    """One try of a direct method (a census match, a code typed, a code asked for): what
    rate limits count. `key` is a keyed hash of what was tried on (a phone number…), or ""."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=50)
    action = models.CharField(max_length=20)  # "match", "send", "confirm"
    key = models.CharField(max_length=64, blank=True, default="")
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["user", "method", "created_at"]),
            models.Index(fields=["organization", "method", "key", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.action}"


# Census -----------------------------------------------------------------------------------
class CensusUpload(models.Model):
    """One census file an administrator uploaded; the last one is the census in force."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email addresses")
        IDENTITY = "identity", _("Identity (name, birth date, postal code)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255, blank=True)
    entries_count = models.PositiveIntegerField(default=0)
    revoked_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename or str(self.get_kind_display())


class CensusEntry(models.Model):
    """A person the census entitles: a keyed hash of their email or of their identity (last
    name, first name, birth date, postal code), and the metadata kept on a grant, encrypted."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    upload = models.ForeignKey(CensusUpload, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=64)
    metadata = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="census_entry_once")
        ]

    def __str__(self) -> str:
        return self.key[:12]


# Codes by SMS or email -----------------------------------------------------------------------
class VerificationCode(models.Model):
    """A one-time code sent to a phone number or an email address: stored as a keyed hash,
    used once, dead after `expires_at` or too many wrong tries."""

    class Channel(models.TextChoices):
        SMS = "sms", _("Text message")
        EMAIL = "email", _("Email")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    destination_hash = models.CharField(max_length=64)
    destination = models.TextField(blank=True, default="")  # crypto.encrypt({"value": …})
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "organization", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel} code"


# Per-action permissions (the verifications an action requires) live in their own module.
from palabre.verifications.action_permission_models import ActionPermission  # noqa: E402, F401

# What the identity-document and postal-letter methods keep while a verification waits.
from palabre.verifications.models_documents import IdentityDocument, PostalLetter  # noqa: E402, F401
