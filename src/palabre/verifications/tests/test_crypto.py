import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from palabre.verifications import crypto
from palabre.verifications.models import Verification
from palabre.verifications.services import verification_grant


def test_encrypted_values_read_back_and_say_nothing_in_clear():
    token = crypto.encrypt({"postal_code": "75011", "birth_date": "1990-04-02"})
    assert "75011" not in token and "1990" not in token
    assert crypto.decrypt(token) == {"postal_code": "75011", "birth_date": "1990-04-02"}
    assert crypto.encrypt({}) == "" and crypto.decrypt("") == {}


def test_a_value_written_with_another_key_is_refused(settings):
    token = crypto.encrypt({"a": 1})
    settings.PALABRE_ENCRYPTION_KEY = "another-secret-of-the-installation"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_a_new_key_in_front_still_reads_old_values_and_keeps_hashes(settings):
    settings.PALABRE_ENCRYPTION_KEY = "first-secret"
    old_token = crypto.encrypt({"a": 1})
    old_hash = crypto.keyed_hash("Jean Dupont")
    settings.PALABRE_ENCRYPTION_KEY = "second-secret,first-secret"
    assert crypto.decrypt(old_token) == {"a": 1}
    assert crypto.keyed_hash("Jean Dupont") == old_hash
    settings.PALABRE_ENCRYPTION_KEY = "second-secret"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(old_token)


def test_production_without_a_key_refuses_to_encrypt(settings):
    settings.PALABRE_ENCRYPTION_KEY = ""
    settings.DEBUG = False
    settings.DEMO = False
    settings.TESTING = False
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt({"a": 1})


def test_keyed_hashes_ignore_case_accents_and_spaces():
    assert crypto.keyed_hash("  Le Gall-Dupré ") == crypto.keyed_hash("le gall dupre")
    assert crypto.keyed_hash("Élodie") == crypto.keyed_hash("ELODIE")
    assert crypto.keyed_hash("Jean") != crypto.keyed_hash("Jeanne")
    assert len(crypto.keyed_hash("x")) == 64


def test_the_raw_database_holds_no_clear_metadata(organization, participant, test_method):
    verification_grant(
        user=participant,
        organization=organization,
        method="test_method",
        unique_id=crypto.keyed_hash("dupont|jean|1990-04-02|75011"),
        metadata={"postal_code": "75011", "birth_date": "1990-04-02"},
    )
    row = Verification.objects.get(user=participant)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT metadata, unique_id FROM verifications_verification WHERE id = %s", [row.pk]
        )
        metadata, unique_id = cursor.fetchone()
    assert "75011" not in metadata and "1990" not in metadata and "dupont" not in unique_id
    assert crypto.decrypt(metadata)["postal_code"] == "75011"


def test_production_without_a_key_is_warned_at_start(settings):
    from palabre.verifications.checks import encryption_key_check

    assert encryption_key_check(None) == []
    settings.DEBUG = settings.DEMO = settings.TESTING = False
    settings.PALABRE_ENCRYPTION_KEY = ""
    assert [w.id for w in encryption_key_check(None)] == ["palabre.verifications.W001"]
    settings.PALABRE_ENCRYPTION_KEY = "a-long-random-value"
    assert encryption_key_check(None) == []
