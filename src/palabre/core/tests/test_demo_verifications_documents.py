"""The demo's identity documents and postal letters: both offered in both organizations,
requests waiting for the administrator, finished ones, a conflict, and Alice's posted letter
whose documented code works."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from palabre.core.demo import verifications_documents as demo
from palabre.core.models import Organization, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def built(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


def test_both_organizations_offer_documents_and_letters_with_work_waiting():
    from palabre.verifications.methods.id_document.selectors import id_documents_waiting
    from palabre.verifications.methods.postal_letter.selectors import letters_to_send
    from palabre.verifications.selectors import methods_enabled

    for organization in Organization.objects.all():
        names = {method.name for method in methods_enabled(organization)}
        assert {"id_document", "postal_letter"} <= names
        assert id_documents_waiting(organization=organization).exists()
        assert letters_to_send(organization=organization).exists()


def test_the_city_has_finished_requests_and_a_conflict():
    from palabre.verifications.models import Verification, VerificationConflict

    city = Organization.objects.get(name="Ville de Démo")
    statuses = set(
        Verification.objects.filter(organization=city, method="id_document").values_list(
            "status", flat=True
        )
    )
    assert {"pending", "granted", "rejected"} <= statuses
    assert VerificationConflict.objects.filter(organization=city, resolved_at=None).exists()
    assert Verification.objects.filter(
        organization=city, method="postal_letter", status="granted"
    ).exists()


def test_alice_types_the_code_of_her_letter():
    from palabre.verifications.methods.postal_letter.services import postal_letter_confirm

    city = Organization.objects.get(name="Ville de Démo")
    alice = User.objects.get(email="alice@palabre.test")
    verification = postal_letter_confirm(
        user=alice, organization=city, code=demo.ALICE_LETTER_CODE.lower()
    )
    assert verification.status == "granted"


def test_building_again_adds_nothing():
    from palabre.verifications.models_documents import IdentityDocument, PostalLetter

    counts = (IdentityDocument.objects.count(), PostalLetter.objects.count())
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())
    assert (IdentityDocument.objects.count(), PostalLetter.objects.count()) == counts
