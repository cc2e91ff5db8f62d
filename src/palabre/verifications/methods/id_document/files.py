"""Identity document files: recognised by their content (a JPEG, PNG or WebP picture, or a
PDF), pictures rewritten without their metadata, then stored **encrypted** under a random name
in `verifications/`, a folder of the media storage that the site never serves (the review
view decrypts and streams a file to the staff reviewing it). A file is deleted once the
transaction that reviewed it commits.
"""

import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from palabre.core.images import clean_image
from palabre.core.validators import image_max_bytes, limit_megabytes, size_megabytes
from palabre.verifications import crypto

# Inside the media storage; `attachments.views.serve_public_media` refuses it, and a web
# server serving /media/ itself must refuse it too.
STORAGE_FOLDER = "verifications"
MAX_PDF_BYTES = 10_000_000
IMAGE_MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_MIME_TYPE = "application/pdf"


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    file_type: str  # "image" or "pdf"
    mime_type: str


def _refused() -> ValidationError:
    return ValidationError(
        _("Send a photo (JPEG, PNG or WebP) or a PDF of your document."), code="type_not_accepted"
    )


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("This file is too large (%(size)s MB); the limit is %(max)s MB.")
        % {"size": size_megabytes(size), "max": limit_megabytes(limit)},
        code="too_large",
    )


def document_clean(upload) -> CheckedDocument:
    """What to store for an uploaded document, whatever its name says: a PDF (recognised by
    its header) or a picture (opened, then rewritten without its metadata); ValidationError
    for anything else, an empty file or one over the limit."""
    if not upload or not upload.size:
        raise ValidationError(_("This file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" in head:
        if upload.size > MAX_PDF_BYTES:
            raise _too_large(upload.size, MAX_PDF_BYTES)
        return CheckedDocument(upload.read(), "pdf", PDF_MIME_TYPE)
    if upload.size > image_max_bytes():
        raise _too_large(upload.size, image_max_bytes())
    try:
        cleaned = clean_image(upload)
    except ValidationError as error:
        raise _refused() from error
    data = cleaned.read()
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
    if image_format not in IMAGE_MIME_TYPES:  # a GIF is not a photo of a document
        raise _refused()
    return CheckedDocument(data, "image", IMAGE_MIME_TYPES[image_format])


def document_store(document: CheckedDocument) -> str:
    """Write the document encrypted under an unguessable name; returns the storage name."""
    name = f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}.bin"
    return default_storage.save(name, ContentFile(crypto.encrypt_bytes(document.content)))


def document_read(name: str) -> bytes:
    """The decrypted content of a stored document (FileNotFoundError when it is gone)."""
    with default_storage.open(name, "rb") as handle:
        return crypto.decrypt_bytes(handle.read())


def document_delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def document_delete_on_commit(name: str) -> None:
    """Delete the file once the current transaction commits (a rollback keeps it)."""
    if name:
        transaction.on_commit(lambda: document_delete(name))
