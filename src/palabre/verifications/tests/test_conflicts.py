"""Conflicts (the same identity presented by two accounts) resolved by staff, and bulk
revocations with their confirmation step."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.accounts.services import user_delete_account
from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory
from palabre.verifications.conflict_services import (
    verification_conflict_refuse,
    verification_conflict_transfer,
    verifications_revoke_in_bulk,
)
from palabre.verifications.models import Verification, VerificationConflict
from palabre.verifications.selectors import verification_metadata
from palabre.verifications.services import verification_grant
from palabre.verifications.tests import documents_support
from palabre.verifications.tests.documents_support import offer

pytestmark = pytest.mark.django_db
# Fixtures shared with the other tests of documents, letters and conflicts.
browser_of = documents_support.browser_of
media_root = documents_support.media_root
org_admin_without_second_factor = documents_support.org_admin_without_second_factor
space_admin = documents_support.space_admin
ADMIN = "/admin/verifications/"


@pytest.fixture(autouse=True)
def offered(organization):
    offer(organization, "id_document")


def _grant(person, organization, unique_id="same-identity", **metadata):
    return verification_grant(
        user=person,
        organization=organization,
        method="id_document",
        unique_id=unique_id,
        metadata={"postal_code": "75011", **metadata},
    )


@pytest.fixture
def holder(organization):
    return UserFactory(organization=organization, email="holder@example.org")


@pytest.fixture
def conflict(organization, holder, participant):
    _grant(holder, organization, first_name="Old")
    assert _grant(participant, organization, first_name="New").status == "pending"
    return VerificationConflict.objects.get()


def test_staff_see_both_accounts(signed_in, org_admin, conflict, holder, participant):
    browser = signed_in(org_admin)
    listing = browser.get(f"{ADMIN}conflicts/")
    assert holder.email in listing.text and participant.email in listing.text
    page = browser.get(f"{ADMIN}conflicts/{conflict.pk}/")
    assert page.status_code == 200
    assert "Old" in page.text and "New" in page.text and "still exists" in page.text


def test_transferring_while_the_old_account_exists_needs_a_reason(
    signed_in, org_admin, conflict, holder, participant, django_capture_on_commit_callbacks
):
    browser = signed_in(org_admin)
    refused = browser.post(f"{ADMIN}conflicts/{conflict.pk}/transfer/", {"reason": ""})
    assert refused.status_code == 400 and "say why" in refused.text
    assert Verification.objects.get(user=holder).status == "granted"
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"{ADMIN}conflicts/{conflict.pk}/transfer/", {"reason": "Checked at the counter."}
        )
    assert response.status_code == 302
    old = Verification.objects.get(user=holder)
    new = Verification.objects.get(user=participant)
    assert old.status == "revoked" and old.reason == "Checked at the counter."
    assert new.status == "granted" and verification_metadata(new)["first_name"] == "New"
    conflict.refresh_from_db()
    assert conflict.resolution == "transferred" and conflict.resolved_by == org_admin
    entry = ActionLog.objects.get(action="verification_conflict_transfer")
    assert entry.data["reason"] == "Checked at the counter."
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [holder.email, participant.email]
    )
    withdrawn = next(message for message in mail.outbox if message.to == [holder.email])
    assert "Checked at the counter." in withdrawn.body


def test_when_the_old_account_was_deleted_the_transfer_needs_no_reason(
    signed_in, org_admin, conflict, holder, participant
):
    user_delete_account(actor=holder, user=holder)
    page = signed_in(org_admin).get(f"{ADMIN}conflicts/{conflict.pk}/")
    assert "account deleted" in page.text and "was deleted" in page.text
    verification_conflict_transfer(actor=org_admin, conflict=conflict)
    assert Verification.objects.get(user=participant).status == "granted"


def test_refusing_tells_the_new_account_why(
    org_admin, conflict, holder, participant, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        verification_conflict_refuse(actor=org_admin, conflict=conflict, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        verification_conflict_refuse(actor=org_admin, conflict=conflict, reason="Not you.")
    new = Verification.objects.get(user=participant)
    assert new.status == "rejected" and new.reason == "Not you."
    assert Verification.objects.get(user=holder).status == "granted"
    assert ActionLog.objects.filter(action="verification_conflict_refuse").exists()
    assert mail.outbox[0].to == [participant.email] and "Not you." in mail.outbox[0].body


def test_a_conflict_is_resolved_once(org_admin, conflict):
    verification_conflict_refuse(actor=org_admin, conflict=conflict, reason="Not you.")
    with pytest.raises(ValidationError, match="already been resolved"):
        verification_conflict_transfer(actor=org_admin, conflict=conflict, reason="Sure?")


def test_only_organization_administrators_resolve(conflict, participant, space_admin):
    for person in (participant, space_admin):
        with pytest.raises(PermissionDenied):
            verification_conflict_transfer(actor=person, conflict=conflict, reason="Mine")
    assert VerificationConflict.objects.get().resolved_at is None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("participant", 403),
        ("space_admin", 403),
        ("org_admin_without_second_factor", 302),
        ("org_admin", 200),
    ],
)
@pytest.mark.parametrize("page", ["conflicts/", "conflicts/{pk}/", "revocations/"])
def test_conflict_pages_are_for_organization_administrators(
    browser_of, conflict, who, status, page
):
    assert browser_of(who).get(ADMIN + page.format(pk=conflict.pk)).status_code == status


@pytest.mark.parametrize("action", ["transfer", "refuse"])
@pytest.mark.parametrize(
    "who", ["visitor", "participant", "space_admin", "org_admin_without_second_factor"]
)
def test_only_organization_administrators_decide(browser_of, conflict, who, action):
    browser_of(who).post(f"{ADMIN}conflicts/{conflict.pk}/{action}/", {"reason": "Because"})
    assert VerificationConflict.objects.get().resolved_at is None


def test_another_organization_s_conflicts_are_invisible(
    signed_in, org_admin, participant, other_organization
):
    offer(other_organization, "id_document")
    _grant(UserFactory(), other_organization)
    _grant(participant, other_organization)
    theirs = VerificationConflict.objects.get()
    browser = signed_in(org_admin)
    assert participant.email not in browser.get(f"{ADMIN}conflicts/").text
    assert browser.get(f"{ADMIN}conflicts/{theirs.pk}/").status_code == 404
    assert browser.post(f"{ADMIN}conflicts/{theirs.pk}/refuse/", {"reason": "x"}).status_code == 404


def test_the_list_of_conflicts_costs_the_same_whatever_their_number(
    signed_in, org_admin, organization, django_assert_max_num_queries
):
    def make(count):
        for index in range(count):
            identity = f"identity-{make.counter}-{index}"
            _grant(UserFactory(), organization, unique_id=identity)
            _grant(UserFactory(), organization, unique_id=identity)
        make.counter += 1

    make.counter = 0
    browser = signed_in(org_admin)
    make(2)
    browser.get(f"{ADMIN}conflicts/")
    with django_assert_max_num_queries(25) as few:
        browser.get(f"{ADMIN}conflicts/")
    make(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(f"{ADMIN}conflicts/")
    assert "12 conflicts to resolve" in response.text


# Bulk revocations -------------------------------------------------------------------------
@pytest.fixture
def granted(organization):
    """Three identity documents granted 40, 20 and 0 days ago."""
    people = []
    for index, days in enumerate((40, 20, 0)):
        person = UserFactory(organization=organization)
        verification = _grant(person, organization, unique_id=f"id-{index}")
        Verification.objects.filter(pk=verification.pk).update(
            granted_at=timezone.now() - timedelta(days=days)
        )
        people.append(person)
    return people


def test_revoking_those_granted_before_a_date_shows_how_many_first(
    signed_in, org_admin, granted, django_capture_on_commit_callbacks
):
    browser = signed_in(org_admin)
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    preview = browser.get(f"{ADMIN}revocations/", {"method": "id_document", "before": day})
    assert "2 verifications “Identity document” granted before" in preview.text
    assert Verification.objects.filter(status="granted").count() == 3
    response = browser.post(
        f"{ADMIN}revocations/",
        {"method": "id_document", "before": day, "reason": "New census", "expected": "2"},
    )
    assert response.status_code == 302
    statuses = [Verification.objects.get(user=person).status for person in granted]
    assert statuses == ["revoked", "revoked", "granted"]
    assert Verification.objects.filter(reason="New census").count() == 2
    entry = ActionLog.objects.get(action="verifications_revoke_all")
    assert entry.data["count"] == 2


def test_revoking_every_verification_of_a_method(org_admin, organization, granted):
    count = verifications_revoke_in_bulk(
        actor=org_admin, organization=organization, method="id_document", before=None, expected=3
    )
    assert count == 3 and not Verification.objects.filter(status="granted").exists()


def test_a_count_that_changed_since_the_preview_revokes_nothing(
    signed_in, org_admin, organization, granted
):
    response = signed_in(org_admin).post(
        f"{ADMIN}revocations/", {"method": "id_document", "before": "", "expected": "2"}
    )
    assert response.status_code == 400 and "changed since you looked" in response.text
    assert Verification.objects.filter(status="granted").count() == 3


@pytest.mark.parametrize(
    "who", ["visitor", "participant", "space_admin", "org_admin_without_second_factor"]
)
def test_only_organization_administrators_revoke(browser_of, granted, who):
    browser_of(who).post(f"{ADMIN}revocations/", {"method": "id_document", "expected": "3"})
    assert Verification.objects.filter(status="granted").count() == 3
