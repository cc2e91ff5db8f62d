"""Postal letters and document reviews at the same instant (PostgreSQL or a SQLite file;
skipped on the in-memory SQLite test database): wrong codes typed together are all counted
and no more than the limit pass; two administrators reviewing one document decide once."""

import pytest
from django.core.exceptions import ValidationError

from palabre.core.models import OrganizationAdmin
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory
from palabre.verifications import crypto
from palabre.verifications.methods.id_document import services as documents
from palabre.verifications.methods.postal_letter import services as letters
from palabre.verifications.models_documents import PostalLetter
from palabre.verifications.tests.documents_support import IDENTITY, offer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


@pytest.fixture
def staff(organization):
    offer(organization, "postal_letter", "id_document")
    people = [UserFactory(organization=organization) for _ in range(2)]
    for person in people:
        OrganizationAdmin.objects.create(organization=organization, user=person)
    return people


def test_wrong_codes_typed_together_are_all_counted(organization, staff):
    person = UserFactory(organization=organization)
    letter = letters.postal_letter_request(
        user=person,
        organization=organization,
        address={"name": "A", "line1": "1 rue", "postal_code": "75011", "city": "Paris"},
    )
    code = crypto.decrypt(letter.code)["code"]
    letters.postal_letters_mark_sent(actor=staff[0], organization=organization, until=letter.pk)
    outcomes = run_together(
        [lambda: letters.postal_letter_confirm(
            user=person, organization=organization, code="AAAA-AAAA"
        )] * 8
    )  # fmt: skip
    assert all(isinstance(outcome, ValidationError) for outcome in outcomes)
    assert PostalLetter.objects.get(pk=letter.pk).attempts == letters.MAX_ATTEMPTS
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        letters.postal_letter_confirm(user=person, organization=organization, code=code)


def test_two_administrators_reviewing_one_document_decide_once(organization, staff):
    person = UserFactory(organization=organization)
    document = documents.id_document_submit(user=person, organization=organization, mode="counter")
    outcomes = run_together(
        [
            lambda: documents.id_document_accept(
                actor=staff[0], document=document, identity=IDENTITY
            ),
            lambda: documents.id_document_reject(
                actor=staff[1], document=document, reason="Expired."
            ),
        ]
    )
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    document.refresh_from_db()
    assert document.reviewed_at is not None
    assert document.verification.status in {"granted", "rejected"}
