"""Reads for staff's conflicts and bulk revocations: the conflicts of an organization with
both accounts (one query a page), what each account holds, how many a revocation takes."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from palabre.core.models import Organization
from palabre.verifications import crypto
from palabre.verifications.models import Verification, VerificationConflict


def conflicts_of(*, organization: Organization, open_only: bool = True) -> QuerySet:
    """The organization's conflicts, newest first, with both accounts and who resolved."""
    conflicts = VerificationConflict.objects.filter(organization=organization).select_related(
        "existing_user", "new_user", "resolved_by"
    )
    if open_only:
        conflicts = conflicts.filter(resolved_at__isnull=True)
    else:
        conflicts = conflicts.filter(resolved_at__isnull=False).order_by("-resolved_at", "-pk")
    return conflicts


def conflict_get(*, organization: Organization, pk: int) -> VerificationConflict:
    """A conflict of the organization (404 for another organization's)."""
    conflict = (
        VerificationConflict.objects.filter(organization=organization, pk=pk)
        .select_related("existing_user", "new_user", "resolved_by", "organization")
        .first()
    )
    if conflict is None:
        raise Http404
    return conflict


def _readable(verification: Verification | None) -> dict:
    if verification is None:
        return {}
    try:
        return crypto.decrypt(verification.metadata)
    except crypto.DecryptionError:
        return {}


def conflict_sides(conflict: VerificationConflict) -> dict:
    """Each account's verification of the method, and what it keeps (decrypted): what staff
    compare before deciding (one query)."""
    users = [user for user in (conflict.existing_user, conflict.new_user) if user is not None]
    rows = {
        row.user_id: row
        for row in Verification.objects.filter(
            organization=conflict.organization, method=conflict.method, user__in=users
        )
    }
    existing = rows.get(conflict.existing_user_id) if conflict.existing_user_id else None
    new = rows.get(conflict.new_user_id)
    return {
        "existing": existing,
        "existing_metadata": _readable(existing),
        "new": new,
        "new_metadata": _readable(new),
    }


def verifications_granted_count(
    *, organization: Organization, method: str, before: datetime | None
) -> int:
    """How many verifications of `method` a bulk revocation would withdraw."""
    rows = Verification.objects.filter(
        organization=organization, method=method, status=Verification.Status.GRANTED
    )
    if before is not None:
        rows = rows.filter(granted_at__lt=before)
    return rows.count()
