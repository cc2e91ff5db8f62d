"""Small genuine files of every accepted kind, and impostors, as form uploads."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.core.tests.factories import png_upload

OPENDOCUMENT_TEXT = "application/vnd.oasis.opendocument.text"


def pdf_upload(name="report.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_upload(name="letter.docx") -> SimpleUploadedFile:
    content = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def odt_upload(name="minutes.odt") -> SimpleUploadedFile:
    content = _zip({"mimetype": OPENDOCUMENT_TEXT.encode(), "content.xml": b"<office/>"})
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def csv_upload(name="figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, "quartier;arceaux à vélo\nNord;3\n".encode(), content_type="text/csv"
    )


def exe_bytes() -> bytes:
    """The start of a Windows program: its header is full of zero bytes."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


__all__ = ["csv_upload", "docx_upload", "exe_bytes", "odt_upload", "pdf_upload", "png_upload"]
