"""Checking and storing files: real types only, sizes and numbers limited, all or none."""

import io

import pytest
from django.core.exceptions import ValidationError

from palabre.attachments import services
from palabre.attachments.models import Attachment
from palabre.attachments.services import Upload
from palabre.attachments.tests.files import (
    csv_upload,
    docx_upload,
    exe_bytes,
    odt_upload,
    pdf_upload,
    png_upload,
    upload,
)
from palabre.core.validation import FieldErrors

pytestmark = pytest.mark.django_db


def check(*uploads, existing=0):
    errors = FieldErrors()
    checked = services.uploads_clean(list(uploads), existing=existing, errors=errors)
    return checked, errors.errors


def store(proposal, *uploads, existing=0):
    checked, errors = check(*uploads, existing=existing)
    assert not errors
    return services.attachments_store(
        target=proposal, files=checked, created_by=None, language="fr"
    )


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("make", "kind", "mime_type", "extension"),
    [
        (lambda: png_upload("photo.png"), "image", "image/png", "png"),
        (lambda: pdf_upload(), "document", "application/pdf", "pdf"),
        (
            lambda: docx_upload(),
            "document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (lambda: odt_upload(), "document", "application/vnd.oasis.opendocument.text", "odt"),
        (lambda: csv_upload(), "document", "text/csv", "csv"),
    ],
)
def test_genuine_files_are_recognised(make, kind, mime_type, extension):
    checked, errors = check(Upload(file=make(), title="Un titre"))
    assert errors == {}
    [item] = checked
    assert (item.type.kind, item.type.mime_type, item.type.extension) == (
        kind,
        mime_type,
        extension,
    )


def test_the_type_comes_from_the_content_not_the_browser():
    # A JPEG called .png is kept as what it is.
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="JPEG")
    sent = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="application/pdf")
    [item], errors = check(Upload(file=sent))
    assert errors == {}
    assert item.type.mime_type == "image/jpeg"
    assert item.filename == "photo.jpg"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"not an image at all", "This file is not an image"),
        ("setup.exe", exe_bytes(), "Files of this type are not accepted"),
        ("setup.pdf", exe_bytes(), "This file is not a real PDF file"),
        ("setup.docx", exe_bytes(), "This file is not a real DOCX file"),
        ("setup.odt", exe_bytes(), "This file is not a real ODT file"),
        ("setup.txt", exe_bytes(), "This file is not a real TXT file"),
        ("page.html", b"<script>alert(1)</script>", "Files of this type are not accepted"),
        ("noextension", b"hello", "Files of this type are not accepted"),
    ],
)
def test_wrong_files_are_refused_with_a_clear_message(name, content, message):
    checked, errors = check(Upload(file=upload(name, content), field="attachment_1"))
    assert checked == []
    assert list(errors) == ["attachment_1"]
    assert errors["attachment_1"][0].startswith(f"{name}: {message}")


def test_a_word_archive_is_not_a_spreadsheet():
    checked, errors = check(Upload(file=docx_upload("figures.xlsx")))
    assert checked == [] and "not a real XLSX file" in errors["attachments"][0]


def test_too_large_files_are_refused():
    large = upload("big.pdf", b"%PDF-1.4\n" + b"0" * services.MAX_FILE_BYTES)
    checked, errors = check(Upload(file=large))
    assert checked == []
    assert errors["attachments"] == ["big.pdf is too large (10.1 MB); the limit is 10 MB."]


@pytest.mark.parametrize("megabytes", [7, 12])
def test_an_image_too_large_is_refused_with_the_limit_the_help_states(settings, megabytes):
    """Images have their own limit, below the documents' one: the help text and the error
    state the same number, whatever the size of the image sent."""
    from django.utils import translation

    from palabre.attachments.forms import help_text

    settings.PALABRE_MAX_IMAGE_BYTES = 5 * 1024 * 1024
    sent = upload("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (megabytes * 1_000_000))
    checked, errors = check(Upload(file=sent))
    assert checked == []
    assert errors["attachments"] == [
        f"big.png is too large ({megabytes}.1 MB); the limit is 5.2 MB."
    ]
    assert "Images (JPEG, PNG, GIF, WebP) of at most 5.2 MB" in str(help_text())
    with translation.override("fr"):
        assert "5,2" in str(help_text())


def test_empty_files_and_long_titles_are_refused():
    _checked, errors = check(
        Upload(file=upload("empty.pdf", b"")),
        Upload(file=pdf_upload(), title="x" * 201, field="attachment_2"),
    )
    assert errors["attachments"] == ["empty.pdf is empty."]
    assert "at most 200 characters" in errors["attachment_2"][0]


def test_too_many_files_are_refused(proposal):
    _checked, errors = check(*[Upload(file=pdf_upload()) for _ in range(3)], existing=8)
    assert errors["attachments"] == [
        "At most 10 files can be attached; with these there would be 11."
    ]


def test_stored_files_get_unguessable_names_and_keep_a_clean_name(proposal, media_root):
    first, second = store(
        proposal,
        Upload(file=png_upload("../../etc/vue du parc.png"), title="Le parc"),
        Upload(file=pdf_upload("../rapport final.pdf")),
    )
    assert first.kind == "image" and second.kind == "document"
    assert first.title == {"fr": "Le parc"} and second.title == {}
    assert first.filename == "vue_du_parc.png" and second.filename == "rapport_final.pdf"
    assert (first.position, second.position) == (0, 1)
    assert first.component == proposal.component
    assert second.size == len(pdf_upload().read())
    for attachment in (first, second):
        assert attachment.file.name.startswith("attachments/")
        assert "parc" not in attachment.file.name and "rapport" not in attachment.file.name
        assert (media_root / attachment.file.name).is_file()
    assert first.file.name != second.file.name
    third = store(proposal, Upload(file=csv_upload()), existing=2)[0]
    assert third.position == 2


def test_the_limit_holds_when_storing(proposal, media_root):
    store(proposal, *[Upload(file=pdf_upload()) for _ in range(services.MAX_FILES_PER_RESOURCE)])
    # Checked against a stale count, as two simultaneous requests would be.
    checked, _errors = check(Upload(file=pdf_upload()), existing=0)
    with pytest.raises(ValidationError) as raised:
        services.attachments_store(target=proposal, files=checked, created_by=None, language="fr")
    assert "At most 10 files" in raised.value.message_dict["attachments"][0]
    assert Attachment.objects.count() == services.MAX_FILES_PER_RESOURCE
    assert len(stored_files(media_root)) == services.MAX_FILES_PER_RESOURCE


def test_nothing_is_stored_on_a_resource_without_attachments(proposal, media_root):
    from palabre.components.proposals.tests.factories import proposals_settings

    proposal.component.settings = proposals_settings(attachments_enabled=False)
    proposal.component.save()
    checked, _errors = check(Upload(file=pdf_upload()))
    with pytest.raises(ValidationError):
        services.attachments_store(target=proposal, files=checked, created_by=None, language="fr")
    assert not Attachment.objects.exists() and stored_files(media_root) == []


def test_a_failure_while_storing_removes_the_files_already_written(
    proposal, media_root, monkeypatch
):
    checked, _errors = check(Upload(file=pdf_upload()), Upload(file=csv_upload()))
    create = Attachment.objects.create
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return create(**kwargs)

    monkeypatch.setattr(Attachment.objects, "create", fail_on_second)
    with pytest.raises(RuntimeError):
        services.attachments_store(target=proposal, files=checked, created_by=None, language="fr")
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_deleting_removes_the_file_once_committed(
    proposal, media_root, django_capture_on_commit_callbacks
):
    attachment = store(proposal, Upload(file=pdf_upload()))[0]
    path = media_root / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment)
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_deleting_inside_a_transaction_keeps_the_file_until_it_commits(
    proposal, media_root, django_capture_on_commit_callbacks
):
    from django.db import transaction

    attachment = store(proposal, Upload(file=pdf_upload()))[0]
    path = media_root / attachment.file.name
    # Undone: the row comes back and its file is still there.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.attachment_delete(attachment=attachment)
        raise RuntimeError("a later step failed")
    assert Attachment.objects.filter(pk=attachment.pk).exists() and path.is_file()
    # Committed: the file goes only then.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            services.attachment_delete(attachment=attachment)
            assert path.is_file()
        assert path.is_file()
    assert len(callbacks) == 1 and not path.exists()


def test_photos_are_stored_without_their_location_and_upright(proposal, media_root):
    from PIL import Image

    from palabre.core.tests.images import leaks, phone_photo

    sent = phone_photo("IMG_0042.jpg")
    [attachment] = store(proposal, Upload(file=sent, title="Le banc"))
    stored = (media_root / attachment.file.name).read_bytes()
    assert leaks(stored) == []
    assert attachment.size == len(stored) and attachment.mime_type == "image/jpeg"
    assert attachment.filename == "IMG_0042.jpg"
    with Image.open(media_root / attachment.file.name) as picture:
        assert picture.format == "JPEG" and dict(picture.getexif()) == {}
        assert picture.size == (20, 40)
        assert picture.getpixel((10, 5))[2] > 200  # the blue half is at the top


def test_pngs_are_stored_without_their_text(proposal, media_root):
    from PIL import Image

    from palabre.core.tests.images import annotated_png, leaks

    [attachment] = store(proposal, Upload(file=annotated_png("plan.png")))
    stored = (media_root / attachment.file.name).read_bytes()
    assert leaks(stored) == [] and attachment.size == len(stored)
    with Image.open(media_root / attachment.file.name) as picture:
        assert picture.format == "PNG" and picture.text == {}


def test_documents_are_stored_as_sent(proposal, media_root):
    sent = csv_upload()
    [attachment] = store(proposal, Upload(file=sent))
    sent.seek(0)
    assert (media_root / attachment.file.name).read_bytes() == sent.read()


def test_an_image_that_cannot_be_decoded_is_refused_and_nothing_is_stored(media_root):
    from palabre.core.tests.images import cut_photo

    checked, errors = check(Upload(file=cut_photo("cut.jpg"), field="attachment_1"))
    assert checked == []
    assert errors["attachment_1"][0].startswith("cut.jpg: This file is not an image.")
    assert stored_files(media_root) == []


def test_an_image_too_large_once_written_again_is_refused(monkeypatch):
    from PIL import Image

    noise = Image.effect_noise((64, 64), 80).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, format="WEBP", quality=5)
    sent = upload("noise.webp", buffer.getvalue())
    # Within the limit as sent; a lossy WebP is written back at a high quality, larger.
    monkeypatch.setattr(services, "MAX_FILE_BYTES", sent.size)
    checked, errors = check(Upload(file=sent))
    assert checked == []
    assert errors["attachments"][0].startswith("noise.webp is too large")


def test_the_help_text_states_the_image_and_document_limits(settings):
    from palabre.attachments.forms import help_text

    settings.PALABRE_MAX_IMAGE_BYTES = 3_000_000
    text = str(help_text())
    assert "at most 3 MB or documents" in text and "of at most 10 MB" in text
