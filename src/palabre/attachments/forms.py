"""Form fields for attaching files: a few slots, each a file and its optional title, so
that several files can be sent at once by a plain form, without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.attachments.files import ACCEPTED_EXTENSIONS
from palabre.attachments.services import (
    MAX_FILES_PER_RESOURCE,
    TITLE_MAX_LENGTH,
    Upload,
    size_limit,
)
from palabre.core.validators import limit_megabytes

SLOTS = 3
FILE_FIELD = "attachment_{number}"
TITLE_FIELD = "attachment_{number}_title"


def slots_for(existing: int) -> int:
    """How many files a form offers to add to a resource that has `existing` ones."""
    return max(0, min(SLOTS, MAX_FILES_PER_RESOURCE - existing))


def help_text() -> str:
    """The limits `uploads_clean` applies, from the same values."""
    return _(
        "Images (JPEG, PNG, GIF, WebP) of at most %(image_size)s MB or documents (PDF, ODT, "
        "ODS, ODP, DOCX, XLSX, PPTX, TXT, CSV) of at most %(size)s MB, %(count)d files in all."
    ) % {
        "image_size": limit_megabytes(size_limit("png")),
        "size": limit_megabytes(size_limit("pdf")),
        "count": MAX_FILES_PER_RESOURCE,
    }


class AttachmentSlotsMixin:
    """Adds `slots` pairs of fields to a form; `attachment_uploads()` gives what was sent."""

    def add_attachment_slots(self, slots: int) -> None:
        self.attachment_slots = slots
        accept = ",".join(f".{extension}" for extension in ACCEPTED_EXTENSIONS)
        for number in range(1, slots + 1):
            self.fields[FILE_FIELD.format(number=number)] = forms.FileField(
                label=_("File %(number)d") % {"number": number},
                required=False,
                widget=forms.FileInput(attrs={"accept": accept}),
            )
            self.fields[TITLE_FIELD.format(number=number)] = forms.CharField(
                label=_("Title of file %(number)d (optional)") % {"number": number},
                help_text=_("Describes the file; for an image, what it shows."),
                required=False,
                max_length=TITLE_MAX_LENGTH,
            )

    def attachment_field_names(self) -> set[str]:
        names = set()
        for number in range(1, getattr(self, "attachment_slots", 0) + 1):
            names |= {FILE_FIELD.format(number=number), TITLE_FIELD.format(number=number)}
        return names

    def attachment_fields(self) -> list:
        """The bound fields of the slots, in order (file, title, file, title…)."""
        names = self.attachment_field_names()
        return [field for field in self if field.name in names]

    def other_fields(self) -> list:
        names = self.attachment_field_names()
        return [field for field in self if field.name not in names]

    def attachment_uploads(self) -> list[Upload]:
        uploads = []
        for number in range(1, getattr(self, "attachment_slots", 0) + 1):
            name = FILE_FIELD.format(number=number)
            file = self.cleaned_data.get(name)
            if file:
                title = self.cleaned_data.get(TITLE_FIELD.format(number=number)) or ""
                uploads.append(Upload(file=file, title=title, field=name))
        return uploads


class AttachmentsForm(AttachmentSlotsMixin, forms.Form):
    """Files to add to a resource, on their own (backoffice pages)."""

    def __init__(self, *args, slots: int = SLOTS, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attachment_slots(slots)
