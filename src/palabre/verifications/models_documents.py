"""What the identity-document and postal-letter methods keep while a verification waits.

Both hang off the person's `Verification` (one per method), whose status they move through
`verifications.services`. Everything that names or locates a person is encrypted
(`crypto.encrypt`): the identity declared, the postal address, the code of a letter not yet
sent. Document files are encrypted too, stored under random names in a folder the site never
serves (`documents.py`), and deleted once staff have reviewed them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization
from palabre.verifications.models import Verification


class IdentityDocument(models.Model):
    """A person's request to be verified with an identity document: sent online (a picture
    or a PDF, with the identity they declare) or shown at the counter."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Sent online")
        COUNTER = "counter", _("Shown at the counter")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    verification = models.OneToOneField(
        Verification, on_delete=models.CASCADE, related_name="identity_document"
    )
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    # crypto.encrypt({document_type, document_number, last_name, first_name, birth_date,
    # postal_code}); emptied once reviewed.
    declared = models.TextField(blank=True, default="")
    # Storage name of the encrypted file ("" without one, or once reviewed).
    file = models.CharField(max_length=255, blank=True, default="")
    file_type = models.CharField(max_length=10, blank=True, default="")  # "image" or "pdf"
    mime_type = models.CharField(max_length=100, blank=True, default="")
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["organization", "reviewed_at", "submitted_at"])]

    def __str__(self) -> str:
        return str(self.verification)


class PostalLetter(models.Model):
    """A letter with a code, sent to the address a person gave: typing the code proves they
    receive mail there.

    The code is kept as a keyed hash to check what is typed; staff must also print it, so a
    copy is kept encrypted until the letter is marked sent, then erased.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    verification = models.OneToOneField(
        Verification, on_delete=models.CASCADE, related_name="postal_letter"
    )
    # crypto.encrypt({name, line1, line2, postal_code, city}); emptied once the code is used.
    address = models.TextField(blank=True, default="")
    code_hash = models.CharField(max_length=64)
    code = models.TextField(blank=True, default="")  # crypto.encrypt({"code": …}) until sent
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "sent_at"])]

    def __str__(self) -> str:
        return str(self.verification)
