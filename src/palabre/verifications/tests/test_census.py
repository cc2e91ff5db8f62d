from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory
from palabre.verifications.methods import census
from palabre.verifications.models import (
    CensusEntry,
    CensusUpload,
    OrganizationVerificationMethod,
    Verification,
    VerificationConflict,
)
from palabre.verifications.selectors import verification_metadata

IDENTITY_CSV = (
    "nom;prénom;date de naissance;code postal\n"
    "Le Gall-Dupré;Élodie;30/04/2001;75011\n"
    "Martin;Jean;1950-01-02;69003\n"
)
JEAN = {
    "last_name": "martin",
    "first_name": "JEAN",
    "birth_date": date(1950, 1, 2),
    "postal_code": "69003",
}


@pytest.fixture
def offered(organization):
    return OrganizationVerificationMethod.objects.create(organization=organization, method="census")


def upload(organization, admin, text, encoding="utf-8"):
    return census.census_upload(
        actor=admin, organization=organization, raw=text.encode(encoding), filename="c.csv"
    )


def identity_of(**changes):
    return {**JEAN, **changes}


# Reading files ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (IDENTITY_CSV.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + IDENTITY_CSV.encode("utf-8"), "utf-8 with BOM"),
        (IDENTITY_CSV.encode("cp1252"), "windows-1252"),
        (IDENTITY_CSV.replace(";", ",").encode("latin-1"), "latin-1, commas"),
        (IDENTITY_CSV.replace(";", "\t").replace("\n", "\r\n").encode("utf-8"), "tabs, CRLF"),
    ],
)
def test_encodings_and_separators_are_detected(raw, label):
    parsed = census.census_parse(raw)
    assert parsed.kind == "identity" and not parsed.errors, label
    assert (
        census.identity_key(
            last_name="le gall dupre",
            first_name="elodie",
            birth_date=date(2001, 4, 30),
            postal_code="75011",
        )
        in parsed.entries
    )
    assert len(parsed.entries) == 2


def test_an_email_census_reads_the_email_column():
    parsed = census.census_parse(b"Email;Code postal\nAnne@Example.org;75011\nbob@example.org;\n")
    assert parsed.kind == "email" and len(parsed.entries) == 2
    assert parsed.entries[census.email_key("anne@example.org")] == {"postal_code": "75011"}


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \n", b"name;city\nJean;Lyon\n", b"email\n"],
    ids=["empty", "blank", "unknown columns", "nobody"],
)
def test_a_malformed_file_is_refused_with_a_message(raw):
    with pytest.raises(census.CensusInvalid) as refusal:
        census.census_parse(raw)
    assert refusal.value.messages


def test_each_wrong_line_is_reported_and_nothing_is_imported(organization, org_admin, offered):
    upload(organization, org_admin, "email\nanne@example.org\n")
    text = (
        "nom;prénom;date de naissance;code postal\n"
        "Martin;Jean;1950-01-02;69003\n"
        "Durand;;1950-01-02;69003\n"
        "Petit;Paul;31/02/1980;69003\n"
        "Roux;Léa;1990-05-06;!!\n"
        "MARTIN;jean;02/01/1950;69003\n"
    )
    with pytest.raises(census.CensusInvalid) as refusal:
        upload(organization, org_admin, text)
    errors = dict(refusal.value.line_errors)
    assert set(errors) == {3, 4, 5, 6}
    assert "first name" in errors[3]
    assert "31/02/1980" in errors[4]
    assert "!!" in errors[5]
    assert "line 2" in errors[6]
    # The census in force is still the first one.
    assert CensusUpload.objects.count() == 1
    assert CensusEntry.objects.count() == 1


def test_census_lines_are_stored_as_keyed_hashes_only(organization, org_admin, offered):
    upload(organization, org_admin, IDENTITY_CSV)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, metadata FROM verifications_censusentry")
        rows = cursor.fetchall()
    assert len(rows) == 2
    dump = repr(rows).lower()
    for clear in ("martin", "jean", "elodie", "69003", "75011", "1950", "2001"):
        assert clear not in dump
    assert ActionLog.objects.filter(action="census_upload", user=org_admin).exists()


def test_only_administrators_upload(organization, participant, offered):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(organization, participant, IDENTITY_CSV)


# Matching ---------------------------------------------------------------------------------
def test_a_participant_matching_their_identity_is_verified_with_metadata(
    organization, org_admin, participant, offered
):
    upload(organization, org_admin, IDENTITY_CSV)
    verification = census.census_verify(
        user=participant,
        organization=organization,
        identity=identity_of(last_name="  MARTIN "),
    )
    assert verification.status == "granted" and verification.expires_at is None
    assert verification_metadata(verification) == {
        "postal_code": "69003",
        "birth_date": "1950-01-02",
    }


def test_a_participant_is_verified_by_a_confirmed_email_only(
    organization, org_admin, participant, offered
):
    upload(organization, org_admin, "email\nanne@example.org\n")
    EmailAddress.objects.create(user=participant, email="anne@example.org", verified=False)
    with pytest.raises(census.ValidationError):
        census.census_verify(user=participant, organization=organization)
    EmailAddress.objects.filter(user=participant).update(verified=True)
    assert census.census_verify(user=participant, organization=organization).status == "granted"


def test_no_match_is_refused_logged_and_limited(organization, org_admin, participant, offered):
    upload(organization, org_admin, IDENTITY_CSV)
    for _ in range(census.FAILED_MATCHES_PER_HOUR):
        with pytest.raises(census.ValidationError) as refusal:
            census.census_verify(
                user=participant,
                organization=organization,
                identity=identity_of(postal_code="69004"),
            )
        assert "Nobody on the census" in refusal.value.messages[0]
    assert ActionLog.objects.filter(action="verification_attempt_failed").count() == 5
    # Even the right details are refused now, for an hour.
    with pytest.raises(census.ValidationError) as refusal:
        census.census_verify(user=participant, organization=organization, identity=JEAN)
    assert refusal.value.code == "rate_limited"
    assert ActionLog.objects.filter(action="verification_rate_limited").count() == 1
    assert not Verification.objects.filter(status="granted").exists()


def test_the_same_census_line_on_a_second_account_is_a_conflict(
    organization, org_admin, participant, offered
):
    upload(organization, org_admin, IDENTITY_CSV)
    census.census_verify(user=participant, organization=organization, identity=JEAN)
    other = UserFactory(organization=organization)
    second = census.census_verify(user=other, organization=organization, identity=JEAN)
    assert second.status == "pending"
    assert VerificationConflict.objects.get().existing_user == participant


def test_uploading_again_revokes_the_verifications_it_no_longer_supports(
    organization, org_admin, participant, offered
):
    upload(organization, org_admin, IDENTITY_CSV)
    elodie = UserFactory(organization=organization)
    census.census_verify(user=participant, organization=organization, identity=JEAN)
    census.census_verify(
        user=elodie,
        organization=organization,
        identity={
            "last_name": "Le Gall Dupre",
            "first_name": "Elodie",
            "birth_date": date(2001, 4, 30),
            "postal_code": "75011",
        },
    )
    new = upload(
        organization,
        org_admin,
        "nom;prénom;date de naissance;code postal\nLe Gall-Dupré;Élodie;30/04/2001;75011\n",
    )
    assert new.revoked_count == 1
    assert Verification.objects.get(user=participant).status == "revoked"
    assert Verification.objects.get(user=elodie).status == "granted"
    assert CensusEntry.objects.count() == 1


# Pages ------------------------------------------------------------------------------------
def test_the_participant_page_verifies_and_goes_back(
    signed_in, organization, org_admin, participant, offered, django_assert_max_num_queries
):
    upload(organization, org_admin, IDENTITY_CSV)
    browser = signed_in(participant)
    with django_assert_max_num_queries(12):
        page = browser.get("/account/verifications/census/", {"next": "/processes/x/"})
    assert page.status_code == 200 and 'name="postal_code"' in page.text
    response = browser.post(
        "/account/verifications/census/",
        {
            "last_name": "Martin",
            "first_name": "Jean",
            "birth_date": "1950-01-02",
            "postal_code": "69003",
            "next": "/processes/x/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/processes/x/"
    assert Verification.objects.get(user=participant).status == "granted"


def test_the_participant_page_says_why_nothing_matched(
    signed_in, organization, org_admin, participant, offered
):
    upload(organization, org_admin, IDENTITY_CSV)
    response = signed_in(participant).post(
        "/account/verifications/census/",
        {
            "last_name": "Martin",
            "first_name": "Jean",
            "birth_date": "1950-01-03",
            "postal_code": "69003",
            "next": "https://evil.example.com/",
        },
    )
    assert response.status_code == 200 and "Nobody on the census" in response.text
    assert "evil.example.com" not in response.text


def test_a_census_not_offered_answers_404(signed_in, participant):
    assert signed_in(participant).get("/account/verifications/census/").status_code == 404


def test_the_admin_page_uploads_and_lists_line_errors(
    signed_in, organization, org_admin, django_assert_max_num_queries
):
    browser = signed_in(org_admin)
    with django_assert_max_num_queries(20):
        assert browser.get("/admin/verifications/census/").status_code == 200
    bad = SimpleUploadedFile("c.csv", b"email\nnot-an-address\n", content_type="text/csv")
    response = browser.post("/admin/verifications/census/", {"file": bad})
    assert response.status_code == 200
    assert "Line 2" in response.text and "nothing was imported" in response.text
    good = SimpleUploadedFile("c.csv", IDENTITY_CSV.encode(), content_type="text/csv")
    response = browser.post("/admin/verifications/census/", {"file": good})
    assert response.status_code == 302
    assert CensusUpload.objects.get().entries_count == 2


@pytest.mark.parametrize(("who", "status"), [("participant", 403), ("org_admin", 200)])
def test_the_admin_page_is_for_organization_administrators(request, signed_in, who, status):
    browser = signed_in(request.getfixturevalue(who))
    assert browser.get("/admin/verifications/census/").status_code == status


def test_an_identity_census_needs_every_detail(organization, org_admin, participant, offered):
    upload(organization, org_admin, IDENTITY_CSV)
    with pytest.raises(census.ValidationError):
        census.census_verify(
            user=participant, organization=organization, identity=identity_of(birth_date=None)
        )
