"""Writes of attachments: every file is checked before anything is written, then all are
stored or none.

Components decide who may attach files to their resources: their own services check that
first, then call `uploads_clean` while validating the rest of their form (so that one wrong
file leaves everything unchanged, with a message next to it), and `attachments_store` in
their writing transaction. `attachment_delete` removes one attachment and its file.
"""

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.attachments.files import FileType, file_type
from palabre.attachments.models import Attachment, storage_name
from palabre.attachments.registry import is_enabled
from palabre.core.models import User
from palabre.core.validation import FieldErrors

MAX_FILE_BYTES = 10_000_000
MAX_FILES_PER_RESOURCE = 10
TITLE_MAX_LENGTH = 200


@dataclass(frozen=True)
class Upload:
    """A file sent with a form, the title its sender gave it, and the form field it came
    from, where its errors are shown."""

    file: object
    title: str = ""
    field: str = "attachments"


@dataclass(frozen=True)
class CheckedUpload:
    upload: Upload
    type: FileType
    filename: str
    title: str


def clean_filename(name: str, extension: str) -> str:
    """The sender's file name without folders or odd characters, ending with the extension
    its content was recognised as."""
    base = os.path.basename((name or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(c for c in unicodedata.normalize("NFC", stem) if c.isprintable())
    try:
        stem = get_valid_filename(stem)[:150]
    except SuspiciousFileOperation:  # names such as "..": a neutral one replaces them
        stem = ""
    return f"{stem or 'file'}.{extension}"


def _too_many(*, existing: int, adding: int) -> str:
    return ngettext(
        "At most %(max)d file can be attached; with these there would be %(total)d.",
        "At most %(max)d files can be attached; with these there would be %(total)d.",
        MAX_FILES_PER_RESOURCE,
    ) % {"max": MAX_FILES_PER_RESOURCE, "total": existing + adding}


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def uploads_clean(
    uploads: Iterable[Upload], *, existing: int, errors: FieldErrors
) -> list[CheckedUpload]:
    """Check files before anything is written: the number of files of the resource
    (`existing` plus these), each file's size, title and real type. Errors go to `errors`,
    under each upload's field."""
    uploads = [upload for upload in uploads if upload.file]
    if existing + len(uploads) > MAX_FILES_PER_RESOURCE:
        errors.add("attachments", _too_many(existing=existing, adding=len(uploads)))
    checked = []
    for upload in uploads:
        name = os.path.basename((upload.file.name or "").replace("\\", "/"))
        title = (upload.title or "").strip()
        if len(title) > TITLE_MAX_LENGTH:
            errors.add(
                upload.field,
                _("The title of %(name)s is too long: at most %(max)d characters.")
                % {"name": name, "max": TITLE_MAX_LENGTH},
            )
        if not upload.file.size:
            errors.add(upload.field, _("%(name)s is empty.") % {"name": name})
            continue
        if upload.file.size > MAX_FILE_BYTES:
            errors.add(
                upload.field,
                _("%(name)s is too large (%(size)s MB); the limit is %(max)d MB.")
                % {
                    "name": name,
                    "size": _megabytes(upload.file.size),
                    "max": MAX_FILE_BYTES // 1_000_000,
                },
            )
            continue
        try:
            found = file_type(upload.file)
        except ValidationError as error:
            for message in error.messages:
                errors.add(upload.field, f"{name}: {message}")
            continue
        checked.append(
            CheckedUpload(
                upload=upload,
                type=found,
                filename=clean_filename(name, found.extension),
                title=title[:TITLE_MAX_LENGTH],
            )
        )
    return checked


def attachments_store(
    *, target: models.Model, files: list[CheckedUpload], created_by: User | None, language: str
) -> list[Attachment]:
    """Store checked files on `target`, after them already there; titles are kept in
    `language`. Runs in the caller's transaction; the target's row is locked so that two
    additions at once cannot pass the limit of files together."""
    if not files:
        return []
    content_type = ContentType.objects.get_for_model(target)
    stored_names: list[str] = []
    with transaction.atomic():
        type(target)._default_manager.select_for_update().filter(pk=target.pk).values_list(
            "pk", flat=True
        ).first()
        if not is_enabled(target):
            raise ValidationError({"attachments": [_("Attachments are not enabled here.")]})
        existing = Attachment.objects.filter(content_type=content_type, object_id=target.pk)
        summary = existing.aggregate(count=models.Count("pk"), last=Max("position"))
        if summary["count"] + len(files) > MAX_FILES_PER_RESOURCE:
            raise ValidationError(
                {"attachments": [_too_many(existing=summary["count"], adding=len(files))]}
            )
        position = summary["last"] + 1 if summary["last"] is not None else 0
        created = []
        try:
            for offset, item in enumerate(files):
                item.upload.file.seek(0)
                name = default_storage.save(storage_name(item.type.extension), item.upload.file)
                stored_names.append(name)
                created.append(
                    Attachment.objects.create(
                        content_type=content_type,
                        object_id=target.pk,
                        component=target.component,
                        title={language: item.title} if item.title else {},
                        file=name,
                        filename=item.filename,
                        kind=item.type.kind,
                        size=item.upload.file.size,
                        mime_type=item.type.mime_type,
                        position=position + offset,
                        created_by=created_by,
                    )
                )
        except BaseException:
            # The rows roll back with the transaction; the files written so far go too.
            for name in stored_names:
                default_storage.delete(name)
            raise
    return created


def attachment_delete(*, attachment: Attachment) -> None:
    """Delete an attachment; its file goes once the deletion is committed. Callers check
    who may delete it first."""
    name = attachment.file.name
    storage = attachment.file.storage
    with transaction.atomic():
        deleted, _rows = Attachment.objects.filter(pk=attachment.pk).delete()
        if deleted:
            transaction.on_commit(lambda: storage.delete(name))
