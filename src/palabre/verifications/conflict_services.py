"""Staff's decisions on conflicts (the same identity presented by two accounts) and on
revoking verifications in bulk.

A conflict ends one of two ways: the verification moves to the new account (the account
that held it loses it) — when the old account was deleted, or on an explicit decision with a
reason, since its owner may be the genuine person — or the new account is refused, with a
reason. Both people are told; the decision is in the activity log.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications import crypto
from palabre.verifications.conflict_selectors import verifications_granted_count
from palabre.verifications.models import Verification, VerificationConflict
from palabre.verifications.notices import verification_notice_send
from palabre.verifications.registry import methods
from palabre.verifications.services import (
    verification_grant,
    verification_reject,
    verification_revoke,
    verifications_revoke_all,
)

REASON_MAX_LENGTH = 2000


def old_account_gone(conflict: VerificationConflict) -> bool:
    """Whether the account that held the identity was deleted since."""
    return conflict.existing_user is None or conflict.existing_user.deleted_at is not None


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": [_("This reason is too long (at most 2,000 characters).")]}
        )
    return reason


def _locked_open(actor: User, conflict: VerificationConflict) -> VerificationConflict:
    require(actor, "admin", conflict.organization)
    locked = (
        VerificationConflict.objects.select_for_update(of=("self",))
        .select_related("organization", "existing_user", "new_user")
        .get(pk=conflict.pk)
    )
    if locked.resolved_at is not None:
        raise ValidationError(_("This conflict has already been resolved."))
    return locked


def _waiting_verification(conflict: VerificationConflict) -> Verification:
    verification = (
        Verification.objects.select_for_update()
        .filter(
            organization=conflict.organization,
            user=conflict.new_user,
            method=conflict.method,
            status=Verification.Status.PENDING,
        )
        .first()
    )
    if verification is None:
        raise ValidationError(
            _("The verification of the new account no longer waits: nothing to decide.")
        )
    return verification


def _resolve(conflict: VerificationConflict, actor: User, resolution: str) -> None:
    conflict.resolved_at = timezone.now()
    conflict.resolved_by = actor
    conflict.resolution = resolution
    conflict.save(update_fields=["resolved_at", "resolved_by", "resolution"])


def _method_label(name: str) -> str:
    method = methods.get(name)
    return str(method.label) if method else name


def verification_conflict_transfer(
    *, actor: User, conflict: VerificationConflict, reason: str = ""
) -> Verification:
    """Give the verification to the new account with what it presented, withdrawing it from
    the account that held it. A reason is required while that account still exists."""
    reason = _reason(reason)
    with transaction.atomic():
        conflict = _locked_open(actor, conflict)
        gone = old_account_gone(conflict)
        if not gone and not reason:
            raise ValidationError(
                {
                    "reason": [
                        _(
                            "The account that holds this identity still exists: say why the "
                            "verification moves to the new one."
                        )
                    ]
                }
            )
        waiting = _waiting_verification(conflict)
        metadata = crypto.decrypt(waiting.metadata)
        holders = Verification.objects.filter(
            organization=conflict.organization,
            method=conflict.method,
            unique_id=conflict.unique_id,
            status=Verification.Status.GRANTED,
        ).exclude(user=conflict.new_user)
        for holder in holders:
            verification_revoke(actor=actor, verification=holder, reason=reason)
        verification = verification_grant(
            user=conflict.new_user,
            organization=conflict.organization,
            method=conflict.method,
            unique_id=conflict.unique_id,
            metadata=metadata,
            actor=actor,
        )
        if verification.status != Verification.Status.GRANTED:  # another grant raced this one
            raise ValidationError(_("Another account was verified with this identity meanwhile."))
        _resolve(conflict, actor, VerificationConflict.Resolution.TRANSFERRED)
        log_action(
            actor=actor,
            organization=conflict.organization,
            action="verification_conflict_transfer",
            resource=conflict.new_user,
            resource_type="user",
            data={"method": conflict.method, "reason": reason, "old_account_deleted": gone},
        )
        label = _method_label(conflict.method)
        verification_notice_send(
            user=conflict.new_user,
            organization=conflict.organization,
            template="admin/conflicts_email_transferred",
            context={"method_label": label},
        )
        if not gone:
            verification_notice_send(
                user=conflict.existing_user,
                organization=conflict.organization,
                template="admin/conflicts_email_withdrawn",
                context={"method_label": label, "reason": reason},
            )
    return verification


def verification_conflict_refuse(
    *, actor: User, conflict: VerificationConflict, reason: str
) -> Verification:
    """Keep the identity with the account that holds it: the new account's verification is
    rejected, with the reason it reads."""
    reason = _reason(reason)
    if not reason:
        raise ValidationError({"reason": [_("Say why the verification is refused.")]})
    with transaction.atomic():
        conflict = _locked_open(actor, conflict)
        waiting = _waiting_verification(conflict)
        verification = verification_reject(actor=actor, verification=waiting, reason=reason)
        _resolve(conflict, actor, VerificationConflict.Resolution.REFUSED)
        log_action(
            actor=actor,
            organization=conflict.organization,
            action="verification_conflict_refuse",
            resource=conflict.new_user,
            resource_type="user",
            data={"method": conflict.method, "reason": reason},
        )
        verification_notice_send(
            user=conflict.new_user,
            organization=conflict.organization,
            template="admin/conflicts_email_refused",
            context={"method_label": _method_label(conflict.method), "reason": reason},
        )
    return verification


def verifications_revoke_in_bulk(
    *,
    actor: User,
    organization: Organization,
    method: str,
    before: datetime | None,
    reason: str = "",
    expected: int | None = None,
) -> int:
    """Revoke the granted verifications of `method` (only those granted before `before`, if
    given) through `services.verifications_revoke_all`. With `expected` (the count staff
    confirmed), nothing is revoked when the count changed since: they confirm again."""
    require(actor, "admin", organization)
    reason = _reason(reason)
    if methods.get(method) is None:
        raise ValidationError({"method": [_("Choose a verification method.")]})
    with transaction.atomic():
        if expected is not None:
            current = verifications_granted_count(
                organization=organization, method=method, before=before
            )
            if current != expected:
                raise ValidationError(
                    _(
                        "The number of verifications changed since you looked (%(count)s "
                        "now): check it again."
                    )
                    % {"count": current}
                )
        return verifications_revoke_all(
            organization=organization, method=method, before=before, actor=actor, reason=reason
        )
