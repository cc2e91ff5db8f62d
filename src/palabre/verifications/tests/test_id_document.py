"""Identity documents: a participant sends a document (or announces a visit at the counter),
staff compare it with the declared identity and accept or reject it; the file is encrypted,
never public, and deleted once reviewed."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory
from palabre.verifications import crypto
from palabre.verifications.methods.id_document import services
from palabre.verifications.methods.id_document.files import STORAGE_FOLDER, document_read
from palabre.verifications.models import Verification, VerificationConflict
from palabre.verifications.models_documents import IdentityDocument
from palabre.verifications.selectors import verification_metadata
from palabre.verifications.tests import documents_support
from palabre.verifications.tests.documents_support import IDENTITY, jpeg_upload, offer, pdf_upload

pytestmark = pytest.mark.django_db
# Fixtures shared with the other tests of documents, letters and conflicts.
browser_of = documents_support.browser_of
media_root = documents_support.media_root
org_admin_without_second_factor = documents_support.org_admin_without_second_factor
space_admin = documents_support.space_admin
START = "/account/verifications/id-document/"
ADMIN = "/admin/verifications/id-document/"


@pytest.fixture(autouse=True)
def offered(organization):
    offer(organization, "id_document")


@pytest.fixture(autouse=True)
def english_emails(participant):
    """Emails go out in the person's language: English, the language tests read."""
    participant.locale = "en"
    participant.save(update_fields=["locale"])


def _submit(person, organization, upload=None, **identity):
    return services.id_document_submit(
        user=person,
        organization=organization,
        mode="online",
        identity={**IDENTITY, **identity},
        upload=upload or jpeg_upload(),
    )


def _stored_files(media_root):
    folder = media_root / STORAGE_FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


# The participant --------------------------------------------------------------------------
def test_a_participant_sends_a_document_and_waits(signed_in, participant, organization, media_root):
    response = signed_in(participant).post(
        f"{START}?next=/processes/budget/f/3/",
        {"mode": "online", **IDENTITY, "document": jpeg_upload(exif_gps=True)},
    )
    assert response.status_code == 302 and response["Location"] == "/processes/budget/f/3/"
    verification = Verification.objects.get(user=participant, method="id_document")
    assert verification.status == "pending"
    document = verification.identity_document
    assert document.mode == "online" and document.file_type == "image"
    # Stored encrypted, under a random name, without what the camera wrote.
    [stored] = _stored_files(media_root)
    assert stored.read_bytes()[:2] != b"\xff\xd8" and "document" not in stored.name
    with Image.open(io.BytesIO(document_read(document.file))) as image:
        assert image.format == "JPEG" and not image.getexif().get(0x8825)
    # The declared identity is encrypted too.
    assert "Le Gall" not in document.declared
    assert crypto.decrypt(document.declared)["document_number"] == "AB123456"


def test_the_page_shows_the_request_waiting(signed_in, participant, organization):
    _submit(participant, organization)
    response = signed_in(participant).get(START)
    assert "waits for staff to check it" in response.text


def test_a_participant_may_announce_a_visit_at_the_counter(signed_in, participant, organization):
    response = signed_in(participant).post(START, {"mode": "counter"})
    assert response.status_code == 302
    document = IdentityDocument.objects.get(verification__user=participant)
    assert document.mode == "counter" and not document.file and not document.declared
    page = signed_in(participant).get(START)
    assert "at the counter" in page.text


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf_upload("document.jpg").__class__("x.pdf", b"MZ\x90\x00 not a pdf"), "photo"),
        (lambda: jpeg_upload("document.pdf").__class__("virus.exe", b"MZ\x90\x00binary"), "photo"),
        (lambda: jpeg_upload("empty.jpg").__class__("empty.jpg", b""), "empty"),
    ],
)
def test_a_file_that_is_not_a_picture_or_a_pdf_is_refused(
    signed_in, participant, organization, media_root, upload, message
):
    response = signed_in(participant).post(
        START, {"mode": "online", **IDENTITY, "document": upload()}
    )
    assert response.status_code == 200
    assert message in response.text.lower()
    assert not Verification.objects.filter(user=participant).exists()
    assert _stored_files(media_root) == []


def test_a_gif_is_refused_and_a_pdf_is_accepted(participant, organization):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    gif = jpeg_upload().__class__("doc.gif", buffer.getvalue())
    with pytest.raises(ValidationError) as error:
        _submit(participant, organization, upload=gif)
    assert "document" in error.value.message_dict
    document = _submit(participant, organization, upload=pdf_upload("scan.jpg"))
    assert document.file_type == "pdf" and document.mime_type == "application/pdf"


def test_a_file_over_the_limit_is_refused(participant, organization, settings):
    settings.PALABRE_MAX_IMAGE_BYTES = 100
    with pytest.raises(ValidationError) as error:
        _submit(participant, organization)
    assert "too large" in str(error.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("document_number", "A1"),
        ("document_type", "library_card"),
        ("postal_code", "!!"),
        ("birth_date", (datetime.date.today() + datetime.timedelta(days=2)).isoformat()),
        ("last_name", ""),
    ],
)
def test_wrong_identity_data_is_refused_and_nothing_is_kept(
    participant, organization, media_root, field, value
):
    with pytest.raises(ValidationError) as error:
        _submit(participant, organization, **{field: value})
    assert field in error.value.message_dict
    assert not IdentityDocument.objects.exists() and _stored_files(media_root) == []


def test_a_request_sent_again_replaces_the_one_waiting(
    participant, organization, media_root, django_capture_on_commit_callbacks
):
    first = _submit(participant, organization)
    with django_capture_on_commit_callbacks(execute=True):
        second = _submit(participant, organization, upload=pdf_upload())
    assert first.pk == second.pk and second.file_type == "pdf"
    assert [path.name for path in _stored_files(media_root)] == [second.file.split("/")[-1]]


def test_requests_are_limited_per_day(participant, organization):
    for _ in range(services.MAX_REQUESTS_PER_DAY):
        _submit(participant, organization)
    with pytest.raises(ValidationError, match="too many requests"):
        _submit(participant, organization)
    assert ActionLog.objects.filter(action="verification_rate_limited").exists()


def test_the_method_must_be_offered(signed_in, participant, other_organization):
    with pytest.raises(PermissionDenied):
        _submit(participant, other_organization)


# Staff's review ---------------------------------------------------------------------------
def test_staff_accept_with_what_the_document_shows(
    signed_in, org_admin, participant, organization, media_root, django_capture_on_commit_callbacks
):
    document = _submit(participant, organization)
    browser = signed_in(org_admin)
    page = browser.get(f"{ADMIN}{document.pk}/")
    assert page.status_code == 200
    assert "Le Gall" in page.text and "AB123456" in page.text
    assert f"{ADMIN}{document.pk}/document/" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"{ADMIN}{document.pk}/accept/", {**IDENTITY, "first_name": "Anne-Marie"}
        )
    assert response.status_code == 302
    verification = Verification.objects.get(user=participant, method="id_document")
    assert verification.status == "granted"
    assert verification.unique_id == services.unique_id_of(
        {"document_type": "id_card", "document_number": "AB123456"}
    )
    metadata = verification_metadata(verification)
    assert metadata["first_name"] == "Anne-Marie" and metadata["birth_date"] == "1990-05-17"
    assert "document_number" not in metadata
    document.refresh_from_db()
    assert document.reviewed_by == org_admin and not document.file and not document.declared
    assert _stored_files(media_root) == []
    assert ActionLog.objects.filter(action="id_document_accept", user=org_admin).exists()
    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert "accepted" in mail.outbox[0].subject


def test_staff_reject_with_a_reason_and_the_person_may_try_again(
    signed_in, org_admin, participant, organization, media_root, django_capture_on_commit_callbacks
):
    document = _submit(participant, organization, upload=pdf_upload())
    browser = signed_in(org_admin)
    refused = browser.post(f"{ADMIN}{document.pk}/reject/", {"reason": ""})
    assert refused.status_code == 400 and _stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"{ADMIN}{document.pk}/reject/", {"reason": "The photo is blurred."})
    verification = Verification.objects.get(user=participant, method="id_document")
    assert verification.status == "rejected" and verification.reason == "The photo is blurred."
    assert _stored_files(media_root) == []
    assert "The photo is blurred." in mail.outbox[0].body
    page = signed_in(participant).get(START)
    assert "The photo is blurred." in page.text and "Send my document" in page.text
    again = _submit(participant, organization)
    assert again.reviewed_at is None
    assert Verification.objects.get(pk=verification.pk).status == "pending"


def test_a_review_is_done_once(org_admin, participant, organization):
    document = _submit(participant, organization)
    services.id_document_reject(actor=org_admin, document=document, reason="Expired.")
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.id_document_accept(actor=org_admin, document=document, identity=IDENTITY)


def test_at_the_counter_staff_type_what_they_see(org_admin, participant, organization):
    document = services.id_document_submit(
        user=participant, organization=organization, mode="counter"
    )
    verification = services.id_document_accept(
        actor=org_admin, document=document, identity=IDENTITY
    )
    assert verification.status == "granted"
    assert verification_metadata(verification)["postal_code"] == "75011"


def test_a_document_already_used_by_another_account_becomes_a_conflict(
    org_admin, participant, other_participant, organization, django_capture_on_commit_callbacks
):
    first = _submit(other_participant, organization)
    services.id_document_accept(actor=org_admin, document=first, identity=IDENTITY)
    second = _submit(participant, organization)
    with django_capture_on_commit_callbacks(execute=True):
        verification = services.id_document_accept(
            actor=org_admin,
            document=second,
            identity={**IDENTITY, "document_number": "ab-1234-56"},
        )
    assert verification.status == "pending"
    conflict = VerificationConflict.objects.get()
    assert (conflict.existing_user, conflict.new_user) == (other_participant, participant)
    assert "already used" in mail.outbox[-1].body


def test_only_staff_review(participant, other_participant, organization):
    document = _submit(participant, organization)
    with pytest.raises(PermissionDenied):
        services.id_document_accept(actor=other_participant, document=document, identity=IDENTITY)
    with pytest.raises(PermissionDenied):
        services.id_document_reject(actor=participant, document=document, reason="No")


# The document file: reviewing staff only ---------------------------------------------------
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
@pytest.mark.parametrize("page", ["", "{pk}/", "{pk}/document/"])
def test_review_pages_and_the_file_are_for_organization_administrators(
    browser_of, participant, organization, who, status, page
):
    document = _submit(participant, organization)
    response = browser_of(who).get(ADMIN + page.format(pk=document.pk))
    assert response.status_code == status
    if who == "org_admin_without_second_factor":
        assert "/accounts/2fa/" in response["Location"]


@pytest.mark.parametrize("action", ["accept", "reject"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("participant", 403),
        ("space_admin", 403),
        ("org_admin_without_second_factor", 302),
    ],
)
def test_only_organization_administrators_decide(
    browser_of, participant, organization, who, status, action
):
    document = _submit(participant, organization)
    response = browser_of(who).post(f"{ADMIN}{document.pk}/{action}/", {**IDENTITY, "reason": "No"})
    assert response.status_code == status
    assert Verification.objects.get(user=participant).status == "pending"


def test_the_file_is_served_sandboxed_and_never_kept(
    signed_in, org_admin, participant, organization
):
    document = _submit(participant, organization)
    response = signed_in(org_admin).get(f"{ADMIN}{document.pk}/document/")
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "JPEG"
    pdf = _submit(participant, organization, upload=pdf_upload())
    response = signed_in(org_admin).get(f"{ADMIN}{pdf.pk}/document/")
    assert response["Content-Disposition"].startswith("attachment")


def test_the_file_is_unreachable_through_the_media_address(client, participant, organization):
    document = _submit(participant, organization)
    assert client.get(f"/media/{document.file}").status_code == 404
    assert client.get(f"/media/x/../{document.file}").status_code == 404


def test_the_file_is_gone_once_reviewed(signed_in, org_admin, participant, organization):
    document = _submit(participant, organization)
    services.id_document_reject(actor=org_admin, document=document, reason="Expired.")
    assert signed_in(org_admin).get(f"{ADMIN}{document.pk}/document/").status_code == 404
    assert signed_in(org_admin).get(f"{ADMIN}{document.pk}/").status_code == 404


def test_another_organization_s_requests_are_invisible(
    signed_in, participant, organization, other_organization
):
    from palabre.core.models import OrganizationAdmin
    from palabre.core.tests.factories import with_two_factor

    offer(other_organization, "id_document")
    theirs = _submit(participant, other_organization)
    admin = with_two_factor(UserFactory(organization=organization))
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    browser = signed_in(admin)
    assert browser.get(f"{ADMIN}{theirs.pk}/").status_code == 404
    assert browser.get(f"{ADMIN}{theirs.pk}/document/").status_code == 404
    assert participant.email not in browser.get(ADMIN).text


def test_a_deleted_account_leaves_no_file(
    participant, organization, media_root, django_capture_on_commit_callbacks
):
    from palabre.accounts.services import user_delete_account

    _submit(participant, organization)
    with django_capture_on_commit_callbacks(execute=True):
        user_delete_account(actor=participant, user=participant)
    assert _stored_files(media_root) == []
    assert not IdentityDocument.objects.exists()


def test_the_list_of_requests_costs_the_same_whatever_their_number(
    signed_in, org_admin, organization, django_assert_max_num_queries
):
    browser = signed_in(org_admin)
    for _ in range(2):
        services.id_document_submit(user=UserFactory(), organization=organization, mode="counter")
    browser.get(ADMIN)
    with django_assert_max_num_queries(20) as few:
        browser.get(ADMIN)
    for _ in range(15):
        services.id_document_submit(user=UserFactory(), organization=organization, mode="counter")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(ADMIN)
    assert response.text.count("Review<span") == 17
