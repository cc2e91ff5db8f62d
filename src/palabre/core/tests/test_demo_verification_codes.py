"""The demo's codes by text message or email and the metropolis's email census: offered in
both organizations, Alice already verified by a code in each, Bob verified in one click by
the census of the metropolis."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from palabre.core.models import Organization, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def built(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PALABRE_SMS_DIR = str(tmp_path / "sms")
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


def test_both_organizations_offer_codes_with_alice_verified():
    from palabre.verifications.selectors import methods_enabled, verification_status

    alice = User.objects.get(email="alice@palabre.test")
    for organization in Organization.objects.all():
        assert "code" in {method.name for method in methods_enabled(organization)}
        alice.__dict__.pop("_palabre_verifications", None)
        assert verification_status(alice, organization, "code") == "granted"


def test_bob_is_verified_by_the_metropolis_email_census_at_once(signed_in):
    from palabre.verifications.models import Verification

    metropolis = Organization.objects.get(host="localhost")
    bob = User.objects.get(email="bob@palabre.test")
    browser = signed_in(bob)
    response = browser.post("/account/verifications/census/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert Verification.objects.get(user=bob, organization=metropolis, method="census").status == (
        "granted"
    )


def test_a_second_run_adds_nothing():
    from palabre.verifications.models import CensusUpload, Verification

    before = (Verification.objects.count(), CensusUpload.objects.count())
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())
    assert (Verification.objects.count(), CensusUpload.objects.count()) == before
