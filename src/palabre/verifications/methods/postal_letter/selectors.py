"""Reads of the postal-letter method: the letters staff have to send, with what to print on
them, and the person's own letter."""

from django.db.models import QuerySet

from palabre.core.models import Organization
from palabre.verifications import crypto
from palabre.verifications.models import Verification
from palabre.verifications.models_documents import PostalLetter


def letters_to_send(*, organization: Organization, until: int | None = None) -> QuerySet:
    """Letters asked for and not posted yet, in the order they were asked for, with their
    person (one query); `until`: only up to that letter."""
    letters = (
        PostalLetter.objects.filter(
            organization=organization,
            sent_at__isnull=True,
            verification__status=Verification.Status.PENDING,
        )
        .select_related("verification__user")
        .order_by("pk")
    )
    if until is not None:
        letters = letters.filter(pk__lte=until)
    return letters


def letters_waiting_for_code(*, organization: Organization) -> int:
    """How many posted letters still wait for their code."""
    return PostalLetter.objects.filter(
        organization=organization,
        sent_at__isnull=False,
        used_at__isnull=True,
        verification__status=Verification.Status.PENDING,
    ).count()


def letter_of(*, user, organization: Organization) -> PostalLetter | None:
    return (
        PostalLetter.objects.filter(organization=organization, verification__user=user)
        .select_related("verification")
        .first()
    )


def letter_printable(letter: PostalLetter) -> dict:
    """The address and the code of a letter to send, decrypted, with its person's language."""
    address = crypto.decrypt(letter.address)
    return {
        "reference": letter.pk,
        **{
            field: address.get(field, "")
            for field in ("name", "line1", "line2", "postal_code", "city")
        },
        "code": crypto.decrypt(letter.code).get("code", ""),
        "requested_at": letter.requested_at,
        "user": letter.verification.user,
    }
