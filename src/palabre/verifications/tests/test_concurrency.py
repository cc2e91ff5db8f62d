"""Grants and codes at the same instant (PostgreSQL or a SQLite file; skipped on the
in-memory SQLite test database)."""

import re

import pytest
from django.core.exceptions import ValidationError

from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory
from palabre.verifications.methods import code as code_method
from palabre.verifications.models import (
    OrganizationVerificationMethod,
    Verification,
    VerificationConflict,
)
from palabre.verifications.services import verification_grant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def test_one_identity_granted_to_two_accounts_at_once_is_granted_once(organization, test_method):
    people = [UserFactory(organization=organization) for _ in range(4)]
    outcomes = run_together(
        [
            (lambda person=person: verification_grant(
                user=person, organization=organization, method="test_method", unique_id="same"
            ))
            for person in people
        ]
    )  # fmt: skip
    assert sorted(o.status for o in outcomes) == ["granted", "pending", "pending", "pending"]
    assert Verification.objects.filter(status="granted", unique_id="same").count() == 1
    assert VerificationConflict.objects.count() == 3


def test_a_double_click_makes_one_verification(organization, test_method):
    person = UserFactory(organization=organization)
    run_together(
        [lambda: verification_grant(user=person, organization=organization, method="test_method")]
        * 3
    )
    assert Verification.objects.filter(user=person).count() == 1


def test_a_code_typed_in_two_tabs_is_used_once(
    organization, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PALABRE_SMS_DIR = str(tmp_path)
    OrganizationVerificationMethod.objects.create(organization=organization, method="code")
    person = UserFactory(organization=organization)
    code_method.code_send(
        user=person, organization=organization, channel="sms", destination="0612345678"
    )
    # on_commit ran (transactional test): the console backend wrote the message.
    text = next(tmp_path.iterdir()).read_text()
    code = re.search(r"\b(\d{6})\b", text).group(1)
    outcomes = run_together(
        [lambda: code_method.code_confirm(user=person, organization=organization, code=code)] * 2
    )
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert Verification.objects.get(user=person).status == "granted"
