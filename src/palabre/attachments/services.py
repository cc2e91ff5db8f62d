"""Writes of attachments: every file is checked before anything is written, then all are
stored or none.

Components decide who may attach files to their resources: their own services check that
first, then call `uploads_clean` while validating the rest of their form (so that one wrong
file leaves everything unchanged, with a message next to it), and `attachments_store` in
their writing transaction. `attachment_delete` removes one attachment and its file.

Pictures are stored without their metadata (a phone photo tells where it was taken): what is
checked against the limits and stored is the picture written anew, not the file as sent.
Files that no row references any more (a component deleted with its resources, a transaction
that failed after storing) are removed by `palabre attachments_cleanup`.
"""

import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.attachments.files import IMAGE_EXTENSIONS, FileType, extension_of, file_type
from palabre.attachments.models import STORAGE_FOLDER, Attachment, storage_name
from palabre.attachments.registry import is_enabled
from palabre.core.images import image_without_metadata
from palabre.core.models import User
from palabre.core.validation import FieldErrors
from palabre.core.validators import image_max_bytes, limit_megabytes, size_megabytes

MAX_FILE_BYTES = 10_000_000
MAX_FILES_PER_RESOURCE = 10
TITLE_MAX_LENGTH = 200
# A stored file younger than this may belong to an attachment whose transaction has not
# committed yet: the cleanup of orphan files never goes below it.
MIN_ORPHAN_AGE = timedelta(hours=1)
# Storage names checked against the attachments table in one query.
ORPHAN_BATCH = 500


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
    # What is stored: the upload itself for a document, the picture without its metadata
    # for an image.
    content: File


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


def size_limit(extension: str) -> int:
    """The most bytes a file may have: an image has the platform's image limit, which the
    limit of every file caps; a document has the limit of every file."""
    if extension in IMAGE_EXTENSIONS:
        return min(image_max_bytes(), MAX_FILE_BYTES)
    return MAX_FILE_BYTES


def _too_large(name: str, size: int, limit: int) -> str:
    return _("%(name)s is too large (%(size)s MB); the limit is %(max)s MB.") % {
        "name": name,
        "size": size_megabytes(size),
        "max": limit_megabytes(limit),
    }


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
        limit = size_limit(extension_of(name))
        if upload.file.size > limit:
            errors.add(upload.field, _too_large(name, upload.file.size, limit))
            continue
        try:
            found = file_type(upload.file)
            content = image_without_metadata(upload.file) if found.kind == "image" else upload.file
        except ValidationError as error:
            for message in error.messages:
                errors.add(upload.field, f"{name}: {message}")
            continue
        # A picture written anew can be larger than the one sent.
        if content.size > limit:
            errors.add(upload.field, _too_large(name, content.size, limit))
            continue
        checked.append(
            CheckedUpload(
                upload=upload,
                type=found,
                filename=clean_filename(name, found.extension),
                title=title[:TITLE_MAX_LENGTH],
                content=content,
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
                item.content.seek(0)
                name = default_storage.save(storage_name(item.type.extension), item.content)
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
                        size=item.content.size,
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


def _stored_names(storage, folder: str) -> Iterator[str]:
    """Every file under `folder` of `storage`, at any depth."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}")


def _really_inside(storage, name: str) -> bool:
    """Whether the file is inside the attachments folder once links are followed: a link
    an operator left there must not make the cleanup delete a file elsewhere."""
    try:
        root = os.path.realpath(storage.path(STORAGE_FOLDER))
        path = os.path.realpath(storage.path(name))
    except NotImplementedError:  # storages without local paths have no links
        return True
    return path.startswith(root + os.sep)


def attachment_orphans_delete(*, min_age: timedelta, dry_run: bool = False) -> list[str]:
    """Delete the files of the attachments folder that no attachment references and that
    were last written more than `min_age` ago; return their storage names.

    Such files are left by resources deleted with their component (their rows cascade
    away) and by transactions that failed after storing. The age keeps a file whose
    attachment is being saved right now, not yet committed. With `dry_run`, nothing is
    deleted: the names are those that would be.
    """
    if min_age < MIN_ORPHAN_AGE:
        raise ValueError(f"min_age must be at least {MIN_ORPHAN_AGE}.")
    storage = default_storage
    if not storage.exists(STORAGE_FOLDER):
        return []
    cutoff = timezone.now() - min_age
    candidates = [
        name
        for name in _stored_names(storage, STORAGE_FOLDER)
        if storage.get_modified_time(name) < cutoff and _really_inside(storage, name)
    ]
    orphans = []
    for start in range(0, len(candidates), ORPHAN_BATCH):
        batch = candidates[start : start + ORPHAN_BATCH]
        referenced = set(Attachment.objects.filter(file__in=batch).values_list("file", flat=True))
        orphans += [name for name in batch if name not in referenced]
    if not dry_run:
        for name in orphans:
            storage.delete(name)
    return sorted(orphans)
