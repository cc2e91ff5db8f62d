from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.accounts.services import user_delete_account
from palabre.core.models import ActionLog
from palabre.verifications.models import Verification, VerificationConflict
from palabre.verifications.selectors import (
    verification_metadata,
    verification_status,
    verification_statuses,
)
from palabre.verifications.services import (
    verification_grant,
    verification_reject,
    verification_revoke,
    verifications_revoke_all,
)


def test_a_grant_is_granted_with_the_method_validity(organization, participant, test_method):
    verification = verification_grant(
        user=participant,
        organization=organization,
        method="test_method",
        metadata={"postal_code": "75011"},
    )
    assert verification.status == "granted"
    assert verification.expires_at - verification.granted_at == timedelta(days=30)
    assert verification_status(participant, organization, "test_method") == "granted"
    assert verification_metadata(verification) == {"postal_code": "75011"}
    assert ActionLog.objects.filter(action="verification_grant", user=participant).exists()


def test_statuses_are_read_once_per_request(
    organization, participant, test_method, django_assert_num_queries
):
    verification_grant(user=participant, organization=organization, method="test_method")
    participant = type(participant).objects.get(pk=participant.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert verification_status(participant, organization, "test_method") == "granted"
            assert verification_status(participant, organization, "other") == "missing"


def test_every_status_is_told(organization, participant, other_participant, org_admin, test_method):
    def status():
        participant.__dict__.pop("_palabre_verifications", None)
        return verification_status(participant, organization, "test_method")

    assert status() == "missing"
    verification = verification_grant(
        user=participant, organization=organization, method="test_method"
    )
    assert status() == "granted"
    Verification.objects.filter(pk=verification.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert status() == "expired"
    verification = verification_grant(
        user=participant, organization=organization, method="test_method"
    )
    verification_revoke(actor=org_admin, verification=verification, reason="Moved away")
    assert status() == "revoked"
    Verification.objects.filter(pk=verification.pk).update(status="pending")
    verification.refresh_from_db()
    verification_reject(actor=org_admin, verification=verification, reason="Unreadable")
    assert status() == "rejected"
    assert Verification.objects.get(pk=verification.pk).reason == "Unreadable"


def test_only_administrators_revoke_or_grant_for_others(
    organization, participant, other_participant, test_method
):
    verification = verification_grant(
        user=participant, organization=organization, method="test_method"
    )
    with pytest.raises(PermissionDenied):
        verification_revoke(actor=other_participant, verification=verification)
    with pytest.raises(PermissionDenied):
        verification_grant(
            user=participant,
            organization=organization,
            method="test_method",
            actor=other_participant,
        )


def test_a_rejection_says_why(organization, participant, org_admin, test_method):
    verification = Verification.objects.create(
        organization=organization, user=participant, method="test_method", status="pending"
    )
    with pytest.raises(ValidationError):
        verification_reject(actor=org_admin, verification=verification, reason="  ")
    assert Verification.objects.get(pk=verification.pk).status == "pending"


def test_the_same_identity_on_a_second_account_is_a_conflict(
    organization, participant, other_participant, test_method
):
    first = verification_grant(
        user=participant, organization=organization, method="test_method", unique_id="abc"
    )
    second = verification_grant(
        user=other_participant,
        organization=organization,
        method="test_method",
        unique_id="abc",
    )
    assert first.status == "granted" and second.status == "pending"
    conflict = VerificationConflict.objects.get()
    assert (conflict.existing_user, conflict.new_user, conflict.unique_id) == (
        participant,
        other_participant,
        "abc",
    )
    assert Verification.objects.filter(status="granted", unique_id="abc").count() == 1
    # Trying again records no second conflict.
    verification_grant(
        user=other_participant,
        organization=organization,
        method="test_method",
        unique_id="abc",
    )
    assert VerificationConflict.objects.count() == 1
    assert ActionLog.objects.filter(action="verification_conflict").count() == 1


def test_the_same_identity_in_another_organization_is_no_conflict(
    organization, other_organization, participant, other_participant, test_method
):
    verification_grant(
        user=participant, organization=organization, method="test_method", unique_id="abc"
    )
    other = verification_grant(
        user=other_participant,
        organization=other_organization,
        method="test_method",
        unique_id="abc",
    )
    assert other.status == "granted"
    assert not VerificationConflict.objects.exists()


def test_another_organization_s_verifications_are_invisible(
    organization, other_organization, participant, test_method
):
    verification_grant(user=participant, organization=other_organization, method="test_method")
    assert verification_statuses(participant, organization) == {}
    assert verification_status(participant, organization, "test_method") == "missing"
    assert verification_status(participant, other_organization, "test_method") == "granted"


def test_revoke_all_or_those_granted_before_a_date(
    organization, participant, other_participant, org_admin, test_method
):
    old = verification_grant(user=participant, organization=organization, method="test_method")
    Verification.objects.filter(pk=old.pk).update(granted_at=timezone.now() - timedelta(days=10))
    verification_grant(user=other_participant, organization=organization, method="test_method")
    count = verifications_revoke_all(
        organization=organization,
        method="test_method",
        before=timezone.now() - timedelta(days=5),
        actor=org_admin,
    )
    assert count == 1
    assert Verification.objects.get(pk=old.pk).status == "revoked"
    assert (
        verifications_revoke_all(organization=organization, method="test_method", actor=org_admin)
        == 1
    )
    assert not Verification.objects.filter(status="granted").exists()
    with pytest.raises(PermissionDenied):
        verifications_revoke_all(organization=organization, method="test_method", actor=participant)


def test_deleting_an_account_removes_its_verifications(organization, participant, test_method):
    verification_grant(user=participant, organization=organization, method="test_method")
    user_delete_account(actor=participant, user=participant)
    assert not Verification.objects.filter(user=participant).exists()
