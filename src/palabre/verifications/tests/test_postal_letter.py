"""Postal letters: a participant gives an address, staff export the letters (CSV, and a PDF
with one letter per page), mark them posted, and the participant types the code; codes expire,
tries are limited, codes are compared in constant time and stored hashed."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from palabre.accounts.tests.signing_in import pass_second_factor, sign_in_without_second_factor
from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory
from palabre.verifications import crypto
from palabre.verifications.methods.postal_letter import codes, services
from palabre.verifications.models import Verification
from palabre.verifications.models_documents import PostalLetter
from palabre.verifications.selectors import verification_metadata
from palabre.verifications.tests import documents_support
from palabre.verifications.tests.documents_support import offer

pytestmark = pytest.mark.django_db
# Fixtures shared with the other tests of documents, letters and conflicts.
browser_of = documents_support.browser_of
media_root = documents_support.media_root
org_admin_without_second_factor = documents_support.org_admin_without_second_factor
space_admin = documents_support.space_admin
START = "/account/verifications/postal-letter/"
ADMIN = "/admin/verifications/postal-letter/"
ADDRESS = {
    "name": "Anne Le Gall",
    "line1": "12 rue de la Roquette",
    "line2": "Bâtiment B",
    "postal_code": "75011",
    "city": "Paris",
}


@pytest.fixture(autouse=True)
def offered(organization):
    offer(organization, "postal_letter")


def _request(person, organization, **address):
    return services.postal_letter_request(
        user=person, organization=organization, address={**ADDRESS, **address}
    )


def _code_of(letter) -> str:
    return crypto.decrypt(PostalLetter.objects.get(pk=letter.pk).code)["code"]


def _sent(letter, admin, *, days_ago=0):
    code = _code_of(letter)
    services.postal_letters_mark_sent(
        actor=admin, organization=letter.organization, until=letter.pk
    )
    if days_ago:
        PostalLetter.objects.filter(pk=letter.pk).update(
            sent_at=timezone.now() - timedelta(days=days_ago)
        )
    return code


# Codes ------------------------------------------------------------------------------------
def test_codes_are_random_unambiguous_and_typed_in_any_form():
    made = {codes.code_new() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == 9 and code[4] == "-"
        assert not set(code.replace("-", "")) & set("0O1IL2Z5S8B")
    code = "ACDE-F347"
    stored = codes.code_hash(code)
    assert code not in stored and len(stored) == 64
    assert codes.code_matches("acde f347", stored) and codes.code_matches("ACDEF347", stored)
    assert not codes.code_matches("ACDE-F346", stored)


# The participant --------------------------------------------------------------------------
def test_a_participant_asks_for_a_letter(signed_in, participant, organization):
    response = signed_in(participant).post(f"{START}?next=/processes/x/", ADDRESS)
    assert response.status_code == 302 and response["Location"] == f"{START}?next=/processes/x/"
    letter = PostalLetter.objects.get(verification__user=participant)
    assert letter.verification.status == "pending" and letter.sent_at is None
    assert "Roquette" not in letter.address and crypto.decrypt(letter.address)["city"] == "Paris"
    code = _code_of(letter)
    assert code.replace("-", "") not in letter.code_hash
    page = signed_in(participant).get(START)
    assert "will be posted to 12 rue de la Roquette" in page.text


def test_a_wrong_address_is_refused(signed_in, participant):
    response = signed_in(participant).post(START, {**ADDRESS, "postal_code": "!!", "city": ""})
    assert response.status_code == 400
    assert not PostalLetter.objects.exists()


def test_the_right_code_grants_with_the_postal_code(
    signed_in, participant, organization, org_admin
):
    letter = _request(participant, organization)
    code = _sent(letter, org_admin)
    browser = signed_in(participant)
    assert "Type the code of your letter" in browser.get(START).text
    response = browser.post(
        f"{START}code/", {"code": code.lower().replace("-", " "), "next": "/processes/x/"}
    )
    assert response.status_code == 302 and response["Location"] == "/processes/x/"
    verification = Verification.objects.get(user=participant, method="postal_letter")
    assert verification.status == "granted"
    assert verification_metadata(verification) == {"postal_code": "75011"}
    letter.refresh_from_db()
    assert letter.used_at is not None and letter.address == ""


def test_a_wrong_code_counts_and_says_how_many_tries_are_left(
    signed_in, participant, organization, org_admin
):
    letter = _request(participant, organization)
    _sent(letter, org_admin)
    response = signed_in(participant).post(f"{START}code/", {"code": "AAAA-AAAA"})
    assert response.status_code == 400 and "4 tries left" in response.text
    letter.refresh_from_db()
    assert letter.attempts == 1
    assert ActionLog.objects.filter(action="verification_attempt_failed", user=participant).exists()


def test_after_five_wrong_codes_even_the_right_one_fails(participant, organization, org_admin):
    letter = _request(participant, organization)
    code = _sent(letter, org_admin)
    for _ in range(services.MAX_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.postal_letter_confirm(
                user=participant, organization=organization, code="AAAAAAAA"
            )
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.postal_letter_confirm(user=participant, organization=organization, code=code)
    assert Verification.objects.get(user=participant).status == "pending"
    assert ActionLog.objects.filter(action="verification_rate_limited").exists()


def test_a_new_letter_gives_new_tries_and_a_new_code(participant, organization, org_admin):
    letter = _request(participant, organization)
    old_code = _sent(letter, org_admin)
    PostalLetter.objects.filter(pk=letter.pk).update(attempts=services.MAX_ATTEMPTS)
    letter = _request(participant, organization, line1="3 place Léon Blum")
    new_code = _sent(letter, org_admin)
    with pytest.raises(ValidationError):
        services.postal_letter_confirm(user=participant, organization=organization, code=old_code)
    services.postal_letter_confirm(user=participant, organization=organization, code=new_code)
    assert Verification.objects.get(user=participant).status == "granted"


def test_a_code_expires_thirty_days_after_the_letter_is_posted(
    signed_in, participant, organization, org_admin
):
    letter = _request(participant, organization)
    code = _sent(letter, org_admin, days_ago=services.CODE_VALIDITY.days)
    with pytest.raises(ValidationError, match="expired"):
        services.postal_letter_confirm(user=participant, organization=organization, code=code)
    assert "no longer works" in signed_in(participant).get(START).text
    PostalLetter.objects.filter(pk=letter.pk).update(
        sent_at=timezone.now() - services.CODE_VALIDITY + timedelta(minutes=1)
    )
    services.postal_letter_confirm(user=participant, organization=organization, code=code)


def test_no_code_works_before_the_letter_is_posted(participant, organization):
    letter = _request(participant, organization)
    with pytest.raises(ValidationError, match="not been posted"):
        services.postal_letter_confirm(
            user=participant, organization=organization, code=_code_of(letter)
        )


def test_letters_are_limited(participant, organization):
    for _ in range(services.MAX_LETTERS):
        _request(participant, organization)
    with pytest.raises(ValidationError, match="wait before asking again"):
        _request(participant, organization)


def test_the_method_must_be_offered(participant, other_organization):
    with pytest.raises(PermissionDenied):
        _request(participant, other_organization)


# Staff ------------------------------------------------------------------------------------
def test_staff_export_csv_with_codes_and_mark_letters_posted(
    signed_in, org_admin, participant, other_participant, organization
):
    first = _request(participant, organization)
    second = _request(other_participant, organization, name="=HYPERLINK(1)")
    browser = signed_in(org_admin)
    page = browser.get(ADMIN)
    assert f"until={second.pk}" in page.text and "2 letters to send" in page.text
    response = browser.get(f"{ADMIN}letters.csv", {"until": second.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["code"] for row in rows] == [_code_of(first), _code_of(second)]
    assert rows[0]["line2"] == "Bâtiment B" and rows[1]["name"] == "'=HYPERLINK(1)"
    assert ActionLog.objects.filter(action="postal_letters_export").exists()
    # A letter asked for after the export is neither exported nor marked.
    late = _request(UserFactory(), organization)
    response = browser.post(f"{ADMIN}sent/", {"until": second.pk})
    assert response.status_code == 302
    assert list(
        PostalLetter.objects.filter(sent_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    ) == [first.pk, second.pk]
    # Once posted, no printable copy of the code is kept.
    assert PostalLetter.objects.get(pk=first.pk).code == ""
    assert PostalLetter.objects.get(pk=late.pk).sent_at is None
    assert ActionLog.objects.get(action="postal_letters_sent").data["count"] == 2


def test_the_pdf_has_one_page_per_letter(signed_in, org_admin, organization):
    people = [UserFactory(locale=locale) for locale in ("fr", "en", "fr")]
    letters = [
        _request(person, organization, name=f"Person {i}") for i, person in enumerate(people)
    ]
    response = signed_in(org_admin).get(f"{ADMIN}letters.pdf", {"until": letters[-1].pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    texts = [page.extract_text() for page in reader.pages]
    for letter, text in zip(letters, texts, strict=True):
        assert _code_of(letter) in text
    assert "Bonjour Person 0" in texts[0] and "Hello Person 1" in texts[1]


def test_an_export_asks_again_for_a_second_factor_given_long_ago(
    org_admin, participant, organization, settings
):
    import time

    _request(participant, organization)
    browser = sign_in_without_second_factor(Client(), org_admin)
    minutes_ago = settings.PALABRE_STAFF_REAUTH_MINUTES + 1
    pass_second_factor(browser, org_admin, at=time.time() - minutes_ago * 60)
    assert browser.get(ADMIN).status_code == 200
    for export in ("letters.csv", "letters.pdf"):
        response = browser.get(f"{ADMIN}{export}")
        assert (
            response.status_code == 302 and "/accounts/2fa/reauthenticate/" in response["Location"]
        )


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
@pytest.mark.parametrize("page", ["", "letters.csv", "letters.pdf"])
def test_letters_are_for_organization_administrators(
    browser_of, participant, organization, who, status, page
):
    _request(participant, organization)
    response = browser_of(who).get(ADMIN + page)
    assert response.status_code == status


@pytest.mark.parametrize(
    "who", ["visitor", "participant", "space_admin", "org_admin_without_second_factor"]
)
def test_only_organization_administrators_mark_letters_posted(
    browser_of, participant, organization, who
):
    letter = _request(participant, organization)
    browser_of(who).post(f"{ADMIN}sent/", {"until": letter.pk})
    assert PostalLetter.objects.get(pk=letter.pk).sent_at is None


def test_another_organization_s_letters_are_invisible(
    signed_in, org_admin, participant, organization, other_organization
):
    offer(other_organization, "postal_letter")
    theirs = _request(participant, other_organization)
    browser = signed_in(org_admin)
    assert participant.email not in browser.get(ADMIN).text
    response = browser.get(f"{ADMIN}letters.csv", {"until": theirs.pk})
    assert _code_of(theirs) not in b"".join(response.streaming_content).decode()
    browser.post(f"{ADMIN}sent/", {"until": theirs.pk})
    assert PostalLetter.objects.get(pk=theirs.pk).sent_at is None


def test_the_list_of_letters_costs_the_same_whatever_their_number(
    signed_in, org_admin, organization, django_assert_max_num_queries
):
    browser = signed_in(org_admin)
    for _ in range(2):
        _request(UserFactory(), organization)
    browser.get(ADMIN)
    with django_assert_max_num_queries(25) as few:
        browser.get(ADMIN)
    for _ in range(15):
        _request(UserFactory(), organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(ADMIN)
    assert "17 letters to send" in response.text
