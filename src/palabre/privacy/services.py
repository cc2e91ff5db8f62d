"""Writes of personal data archives: a person asks for one, a task builds it, its owner
downloads it, and expired ones are deleted."""

import tempfile
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User
from palabre.core.queue import enqueue_with_transaction
from palabre.privacy.models import DataExport

# How long a ready archive can be downloaded, and how often a person may ask for one.
VALID_FOR = timedelta(days=7)
ONE_PER = timedelta(hours=24)


def data_export_request(*, user: User, organization: Organization) -> DataExport:
    """Ask for an archive of the person's data on this organization's site: built in the
    background, announced by email. Once a day at most (an archive being prepared or
    asked for less than a day ago is the one they get)."""
    from palabre.privacy.tasks import build_data_export

    if not user.is_authenticated or user.deleted_at is not None:
        raise ValidationError(_("Sign in to ask for your data."))
    with transaction.atomic():
        # The person's row is locked: two clicks at once make one archive.
        User.objects.select_for_update().filter(pk=user.pk).first()
        recent = DataExport.objects.filter(
            user=user,
            organization=organization,
            created_at__gte=timezone.now() - ONE_PER,
        ).exclude(status=DataExport.Status.FAILED)
        if recent.exists():
            raise ValidationError(
                _(
                    "You asked for an archive less than a day ago: it is below, or on its "
                    "way to your inbox. You can ask again tomorrow."
                )
            )
        export = DataExport.objects.create(user=user, organization=organization)
        enqueue_with_transaction(build_data_export, export_id=export.pk)
    return export


def data_export_build(*, export: DataExport) -> DataExport:
    """Write the archive, keep it for `VALID_FOR` and email its owner the link."""
    from django.core.files import File

    from palabre.core.mail import organization_url, send_templated_email
    from palabre.privacy.archive import archive_write

    user, organization = export.user, export.organization
    language = user.locale or organization.default_locale
    with tempfile.TemporaryFile(suffix=".zip") as file:
        archive_write(file, user=user, organization=organization, language=language)
        size = file.tell()
        file.seek(0)
        with transaction.atomic():
            export.file.save("archive.zip", File(file), save=False)
            export.size = size
            export.status = DataExport.Status.READY
            export.ready_at = timezone.now()
            export.expires_at = export.ready_at + VALID_FOR
            export.save()
            send_templated_email(
                to=user.email,
                subject_template="privacy/email/archive_ready_subject.txt",
                body_template="privacy/email/archive_ready_body.txt",
                context={
                    "user": user,
                    "organization": organization,
                    "url": organization_url(organization, "/account/data/"),
                    "expires_at": export.expires_at,
                },
                language=language,
                organization=organization,
            )
    return export


def data_export_fail(*, export_id: int) -> None:
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.FAILED
    )


def data_exports_expire(*, now=None) -> int:
    """Delete the files of archives past their date (run daily); the rows stay, marked
    expired, so that the person sees what happened. Returns how many were deleted."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(
        status=DataExport.Status.READY, expires_at__lte=now
    ).iterator():
        export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.EXPIRED, file="")
        expired += 1
    # An archive whose build stopped (a worker killed) is given up after a day.
    DataExport.objects.filter(
        status=DataExport.Status.PENDING, created_at__lte=now - ONE_PER
    ).update(status=DataExport.Status.FAILED)
    return expired


def data_export_downloaded(*, export: DataExport) -> None:
    if export.downloaded_at is None:
        DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())
