"""What attachments keep about a person, for their archive: the files they uploaded, listed
and included."""

from itertools import batched

from django.utils.translation import gettext_lazy as _

from palabre.attachments.models import Attachment
from palabre.privacy.helpers import described, resources_of
from palabre.privacy.registry import Section, register_section


def _uploaded(user, organization):
    return Attachment.objects.filter(
        created_by=user, component__space__organization=organization
    ).order_by("created_at", "pk")


def _archive_name(attachment) -> str:
    return f"{attachment.pk}-{attachment.filename}"


def attachment_rows(user, organization):
    for chunk in batched(_uploaded(user, organization).iterator(chunk_size=500), 500):
        targets = resources_of((a.content_type_id, a.object_id) for a in chunk)
        for attachment in chunk:
            target = targets.get((attachment.content_type_id, attachment.object_id))
            yield {
                **described(target, organization),
                "file": f"files/{_archive_name(attachment)}",
                "file_name": attachment.filename,
                "size": attachment.size,
                "uploaded_at": attachment.created_at,
            }


def attachment_files(user, organization):
    for attachment in _uploaded(user, organization).iterator(chunk_size=500):
        if attachment.file:
            yield _archive_name(attachment), attachment.file


register_section(
    Section(
        name="files",
        label=_("The files you attached"),
        columns=(
            ("about", _("What you attached it to")),
            ("address", _("Its address on the site")),
            ("file", _("The file, in this archive")),
            ("file_name", _("Its name when you sent it")),
            ("size", _("Its size in bytes")),
            ("uploaded_at", _("When you sent it")),
        ),
        rows=attachment_rows,
        files=attachment_files,
    )
)
