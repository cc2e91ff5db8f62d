"""What a file really is, read from its content: the browser's name and type are not trusted.

Images must open as a JPEG, PNG, GIF or WebP picture (the project's image check); documents
must be of an allowed type, recognised by their first bytes or their inner layout, whatever
their name says.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from palabre.core.validators import validate_image

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
IMAGE_TYPES = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
OPENDOCUMENT = "application/vnd.oasis.opendocument."
OFFICE_XML = "application/vnd.openxmlformats-officedocument."
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "odt": OPENDOCUMENT + "text",
    "ods": OPENDOCUMENT + "spreadsheet",
    "odp": OPENDOCUMENT + "presentation",
    "docx": OFFICE_XML + "wordprocessingml.document",
    "xlsx": OFFICE_XML + "spreadsheetml.sheet",
    "pptx": OFFICE_XML + "presentationml.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
}
# The folder inside an Office Open XML archive that holds the document of each type.
OFFICE_XML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ACCEPTED_EXTENSIONS = sorted(IMAGE_EXTENSIONS | set(DOCUMENT_TYPES))


@dataclass(frozen=True)
class FileType:
    kind: str  # "image" or "document"
    extension: str
    mime_type: str


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _not_of_type(extension: str) -> ValidationError:
    return ValidationError(
        _("This file is not a real %(type)s file."),
        params={"type": extension.upper()},
        code="not_of_its_type",
    )


def _check_image(upload) -> FileType:
    try:
        validate_image(upload)
        with Image.open(upload) as image:
            image_format = image.format
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("This image has too many pixels."), code="image_too_large"
        ) from error
    finally:
        upload.seek(0)
    extension, mime_type = IMAGE_TYPES[image_format]
    return FileType("image", extension, mime_type)


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_archive_of(upload, extension: str) -> bool:
    """Whether the file is the zip archive an OpenDocument or Office Open XML file is."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in OFFICE_XML_FOLDERS:
                folder = OFFICE_XML_FOLDERS[extension]
                return "[Content_Types].xml" in names and any(
                    name.startswith(folder) for name in names
                )
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as entry:
                return entry.read(100).strip() == DOCUMENT_TYPES[extension].encode()
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return False
    finally:
        upload.seek(0)


def _is_text(upload) -> bool:
    """A text or CSV file: no NUL byte anywhere (every executable and binary format has
    some), so a renamed program is never offered as text."""
    upload.seek(0)
    try:
        while chunk := upload.read(64 * 1024):
            if b"\x00" in chunk:
                return False
        return True
    finally:
        upload.seek(0)


def file_type(upload) -> FileType:
    """The type of an uploaded file, from its extension checked against its content; raise
    ValidationError when the type is not accepted or the content does not match."""
    extension = extension_of(upload.name or "")
    if extension in IMAGE_EXTENSIONS:
        return _check_image(upload)
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted types: %(types)s."),
            params={"types": ", ".join(ext.upper() for ext in ACCEPTED_EXTENSIONS)},
            code="type_not_accepted",
        )
    if extension == "pdf":
        genuine = b"%PDF-" in _head(upload, 1024)
    elif extension in ("txt", "csv"):
        genuine = _is_text(upload)
    else:
        genuine = _is_archive_of(upload, extension)
    if not genuine:
        raise _not_of_type(extension)
    return FileType("document", extension, DOCUMENT_TYPES[extension])
