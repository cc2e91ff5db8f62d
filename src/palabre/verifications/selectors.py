"""Reads of verifications: a person's statuses (one query per request, kept on the person
like their roles), metadata decrypted on demand, the methods an organization offers."""

from django.db.models import Count, Q
from django.utils import timezone

from palabre.core.models import Organization
from palabre.verifications import crypto
from palabre.verifications.models import (
    OrganizationVerificationMethod,
    Verification,
    VerificationConflict,
)
from palabre.verifications.registry import VerificationMethod, methods

STATUSES = ("missing", "pending", "granted", "rejected", "expired", "revoked")


def _organization_id(organization: Organization | int) -> int:
    return organization if isinstance(organization, int) else organization.pk


def verification_statuses(user, organization: Organization | int) -> dict[str, Verification]:
    """The person's verifications in the organization, by method name (missing methods are
    absent): one query, then kept on the person for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    organization_id = _organization_id(organization)
    cache = getattr(user, "_palabre_verifications", None)
    if cache is None:
        cache = user._palabre_verifications = {}
    if organization_id not in cache:
        cache[organization_id] = {
            verification.method: verification
            for verification in Verification.objects.filter(
                user=user, organization_id=organization_id
            )
        }
    return cache[organization_id]


def forget_verifications(user) -> None:
    """Drop the statuses kept on the person (after a grant, a revocation…)."""
    if hasattr(user, "_palabre_verifications"):
        del user._palabre_verifications


def verification_status(user, organization: Organization | int, method: str) -> str:
    """One of STATUSES: "missing" without a row, "expired" for a grant past its expiry."""
    verification = verification_statuses(user, organization).get(method)
    return verification.current_status if verification is not None else "missing"


def verification_metadata(verification: Verification | None) -> dict:
    """What the method kept (postal code, birth date…), decrypted; {} for none."""
    if verification is None:
        return {}
    return crypto.decrypt(verification.metadata)


def methods_enabled(organization: Organization) -> list[VerificationMethod]:
    """The registered methods the organization offers, in the registry's order."""
    names = set(
        OrganizationVerificationMethod.objects.filter(
            organization=organization, enabled=True
        ).values_list("method", flat=True)
    )
    return [method for method in methods.all() if method.name in names]


def method_setting(
    organization: Organization, method: str
) -> OrganizationVerificationMethod | None:
    return OrganizationVerificationMethod.objects.filter(
        organization=organization, method=method
    ).first()


def method_counts(organization: Organization) -> dict[str, dict[str, int]]:
    """Per method, how many people hold each status, and open conflicts (two queries)."""
    counts: dict[str, dict[str, int]] = {}
    rows = (
        Verification.objects.filter(organization=organization)
        .values("method", "status")
        .annotate(
            total=Count("id"),
            expired=Count(
                "id",
                filter=Q(status="granted", expires_at__isnull=False)
                & Q(expires_at__lte=timezone.now()),
            ),
        )
    )
    for row in rows:
        method = counts.setdefault(row["method"], dict.fromkeys(STATUSES[1:], 0))
        if row["status"] == "granted":
            method["granted"] += row["total"] - row["expired"]
            method["expired"] += row["expired"]
        else:
            method[row["status"]] += row["total"]
    conflicts = (
        VerificationConflict.objects.filter(organization=organization, resolved_at__isnull=True)
        .values("method")
        .annotate(total=Count("id"))
    )
    for row in conflicts:
        counts.setdefault(row["method"], dict.fromkeys(STATUSES[1:], 0))["conflicts"] = row["total"]
    return counts
