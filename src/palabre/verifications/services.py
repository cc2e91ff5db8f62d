"""Writes of verifications, whatever the method: grant, reject, revoke, revoke all, the
methods an organization offers.

A grant with a `unique_id` already granted to another account of the organization (same
method) never makes a second grant: the new verification stays pending and a
`VerificationConflict` waits for staff. The partial unique constraint on granted rows is the
last guard when two grants race.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications import crypto
from palabre.verifications.models import (
    OrganizationVerificationMethod,
    Verification,
    VerificationAttempt,
    VerificationConflict,
)
from palabre.verifications.registry import methods
from palabre.verifications.selectors import forget_verifications

Status = Verification.Status


def _method(name: str):
    method = methods.get(name)
    if method is None:
        raise ValueError(f"Unknown verification method: {name!r}")
    return method


def _check_actor(actor, user, organization) -> None:
    """The person for themselves (a direct method), or an administrator of the organization."""
    if actor is None or actor.pk == user.pk:
        return
    require(actor, "admin", organization)


def _log(actor, organization, action: str, verification: Verification, **data) -> None:
    log_action(
        actor=actor,
        organization=organization,
        action=action,
        resource=verification,
        resource_type="verification",
        data={"method": verification.method, **data},
    )


def _locked_row(*, user, organization, method: str) -> Verification:
    now = timezone.now()
    Verification.objects.get_or_create(
        organization=organization,
        user=user,
        method=method,
        defaults={"status": Status.PENDING, "created_at": now, "updated_at": now},
    )
    return Verification.objects.select_for_update().get(
        organization=organization, user=user, method=method
    )


def verification_pending(
    *,
    user: User,
    organization: Organization,
    method: str,
    metadata: dict | None = None,
    unique_id: str | None = None,
) -> Verification:
    """Record that the person started a method that waits (for staff, or for a code): the
    verification reads "pending". A verification already granted and in force is kept."""
    _method(method)
    with transaction.atomic():
        row = _locked_row(user=user, organization=organization, method=method)
        if row.current_status != Status.GRANTED:
            row.status = Status.PENDING
            row.reason = ""
            if metadata is not None:
                row.metadata = crypto.encrypt(metadata)
            if unique_id is not None:
                row.unique_id = unique_id
            row.updated_at = timezone.now()
            row.save()
    forget_verifications(user)
    return row


def verification_grant(
    *,
    user: User,
    organization: Organization,
    method: str,
    unique_id: str | None = None,
    metadata: dict | None = None,
    validity: timedelta | None = None,
    actor: User | None = None,
) -> Verification:
    """Grant the verification `method` to the person, keeping `metadata` encrypted, until
    `validity` (default: the method's) has passed.

    With a `unique_id` (a keyed hash of the identity seen) granted to another account, the
    person's verification stays pending and a conflict is recorded for staff: check the
    returned row's status. `actor` is the person themselves (None too) or an administrator.
    """
    definition = _method(method)
    _check_actor(actor, user, organization)
    validity = validity if validity is not None else definition.validity
    now = timezone.now()
    with transaction.atomic():
        row = _locked_row(user=user, organization=organization, method=method)
        if metadata is not None:
            row.metadata = crypto.encrypt(metadata)
        row.unique_id = unique_id
        row.reason = ""
        row.updated_at = now
        holder = None
        if unique_id is not None:
            holder = (
                Verification.objects.filter(
                    organization=organization,
                    method=method,
                    unique_id=unique_id,
                    status=Status.GRANTED,
                )
                .exclude(user=user)
                .values_list("user_id", flat=True)
                .first()
            )
        if holder is None:
            row.status = Status.GRANTED
            row.granted_at = now
            row.expires_at = now + validity if validity else None
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                # Another account was granted the same identity meanwhile.
                holder = (
                    Verification.objects.filter(
                        organization=organization,
                        method=method,
                        unique_id=unique_id,
                        status=Status.GRANTED,
                    )
                    .values_list("user_id", flat=True)
                    .first()
                )
                if holder is None:
                    raise
        if holder is not None:
            row.status = Status.PENDING
            row.granted_at = None
            row.expires_at = None
            row.save()
            _conflict, created = VerificationConflict.objects.get_or_create(
                organization=organization,
                method=method,
                unique_id=unique_id,
                new_user=user,
                resolved_at=None,
                defaults={"existing_user_id": holder, "created_at": now},
            )
            if created:
                _log(actor or user, organization, "verification_conflict", row)
        else:
            if actor is None or actor.pk == user.pk:
                _log(user, organization, "verification_grant", row)
            else:
                # Staff granting (a document reviewed, a conflict transferred): the log
                # names who was verified, not the member of staff.
                _log(actor, organization, "verification_grant_to", row, person=str(user))
    forget_verifications(user)
    return row


def _staff_change(
    *, actor: User, verification: Verification, status: str, reason: str, action: str
) -> Verification:
    require(actor, "admin", verification.organization)
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": _("This reason is too long (at most 2,000 characters).")})
    with transaction.atomic():
        row = Verification.objects.select_for_update().get(pk=verification.pk)
        row.status = status
        row.reason = reason
        row.updated_at = timezone.now()
        row.save()
        _log(actor, row.organization, action, row)
    forget_verifications(row.user)
    return row


def verification_reject(*, actor: User, verification: Verification, reason: str) -> Verification:
    """Refuse a pending verification (staff: a document that does not match…), saying why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the verification is rejected.")})
    if verification.status != Status.PENDING:
        raise ValidationError(_("Only a pending verification can be rejected."))
    return _staff_change(
        actor=actor,
        verification=verification,
        status=Status.REJECTED,
        reason=reason,
        action="verification_reject",
    )


def verification_revoke(
    *, actor: User, verification: Verification, reason: str = ""
) -> Verification:
    """Withdraw a granted verification: the person no longer holds it."""
    if verification.status != Status.GRANTED:
        raise ValidationError(_("Only a granted verification can be revoked."))
    return _staff_change(
        actor=actor,
        verification=verification,
        status=Status.REVOKED,
        reason=reason,
        action="verification_revoke",
    )


def verifications_revoke_all(
    *,
    organization: Organization,
    method: str,
    before: datetime | None = None,
    actor: User | None,
    reason: str = "",
    keep_unique_ids=None,
) -> int:
    """Revoke every granted verification of `method` in the organization (only those granted
    before `before`, if given; all but those whose unique_id is in `keep_unique_ids`, a
    queryset or list, if given). Returns how many. `actor` None is the platform itself
    (a census re-uploaded revokes what it no longer supports, on behalf of its uploader)."""
    _method(method)
    if actor is not None:
        require(actor, "admin", organization)
    now = timezone.now()
    with transaction.atomic():
        rows = Verification.objects.filter(
            organization=organization, method=method, status=Status.GRANTED
        )
        if before is not None:
            rows = rows.filter(granted_at__lt=before)
        if keep_unique_ids is not None:
            rows = rows.exclude(unique_id__in=keep_unique_ids)
        count = rows.update(status=Status.REVOKED, reason=reason, updated_at=now)
        if count and actor is not None:
            log_action(
                actor=actor,
                organization=organization,
                action="verifications_revoke_all",
                resource_type="verification",
                data={
                    "method": method,
                    "count": count,
                    "before": before.isoformat() if before else "",
                },
            )
    return count


def verification_methods_set(
    *, actor: User, organization: Organization, enabled: list[str]
) -> list[str]:
    """Offer exactly the methods `enabled` to the organization's participants (the others'
    settings are kept, switched off). Verifications already granted are not touched."""
    require(actor, "admin", organization)
    unknown = set(enabled) - set(methods.names())
    if unknown:
        raise ValidationError(
            _("Unknown verification method: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        rows = {
            row.method: row
            for row in OrganizationVerificationMethod.objects.select_for_update().filter(
                organization=organization
            )
        }
        changed = []
        for name in methods.names():
            want = name in enabled
            row = rows.get(name)
            if row is None and want:
                OrganizationVerificationMethod.objects.create(
                    organization=organization, method=name, enabled=True
                )
                changed.append(name)
            elif row is not None and row.enabled != want:
                row.enabled = want
                row.save(update_fields=["enabled", "updated_at"])
                changed.append(name)
        if changed:
            log_action(
                actor=actor,
                organization=organization,
                action="verification_methods_set",
                resource_type="verification",
                data={"enabled": sorted(enabled), "changed": changed},
            )
    return changed


def verification_method_configure(
    *,
    actor: User,
    organization: Organization,
    method: str,
    options: dict | None = None,
    secrets: dict | None = None,
) -> OrganizationVerificationMethod:
    """Save a method's settings for the organization: `options` in clear, `secrets`
    encrypted (a key left out of `secrets` keeps its saved value)."""
    _method(method)
    require(actor, "admin", organization)
    with transaction.atomic():
        row, _created = OrganizationVerificationMethod.objects.select_for_update().get_or_create(
            organization=organization, method=method, defaults={"enabled": False}
        )
        changed = []
        if options is not None and options != row.options:
            changed += sorted(
                k for k in set(options) | set(row.options) if options.get(k) != row.options.get(k)
            )
            row.options = options
        if secrets:
            saved = crypto.decrypt(row.secrets)
            saved.update(secrets)
            row.secrets = crypto.encrypt(saved)
            changed += sorted(secrets)
        row.save()
        log_action(
            actor=actor,
            organization=organization,
            action="verification_method_configure",
            resource_type="verification",
            data={"method": method, "fields": changed},
        )
    return row


def attempt_record(
    *,
    user: User,
    organization: Organization,
    method: str,
    action: str,
    key: str = "",
    succeeded: bool = False,
) -> VerificationAttempt:
    """Record one try of a direct method (what rate limits count)."""
    return VerificationAttempt.objects.create(
        organization=organization,
        user=user,
        method=method,
        action=action,
        key=key,
        succeeded=succeeded,
    )


def attempts_count(
    *,
    method: str,
    action: str,
    since: datetime,
    user: User | None = None,
    organization: Organization | None = None,
    key: str = "",
    failed_only: bool = False,
) -> int:
    """How many tries since `since`, by this person, or on this key in the organization."""
    rows = VerificationAttempt.objects.filter(method=method, action=action, created_at__gte=since)
    if user is not None:
        rows = rows.filter(user=user)
    if key:
        rows = rows.filter(organization=organization, key=key)
    if failed_only:
        rows = rows.filter(succeeded=False)
    return rows.count()


def rate_limit_refuse(*, user: User, organization: Organization, method: str, message: str) -> None:
    """Log a refusal for too many tries in the activity log, then refuse."""
    log_action(
        actor=user,
        organization=organization,
        action="verification_rate_limited",
        resource_type="verification",
        data={"method": method},
    )
    raise ValidationError(message, code="rate_limited")


def verifications_delete_for_user(*, user: User) -> None:
    """Remove every verification of a person whose account is deleted (their conflicts
    as the new account go too; as the existing one, the conflict stays for staff, who may
    now transfer the verification)."""
    Verification.objects.filter(user=user).delete()
    VerificationConflict.objects.filter(new_user=user, resolved_at__isnull=True).delete()
    forget_verifications(user)
