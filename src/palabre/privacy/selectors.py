"""Reads of personal data archives: a person's own, on this organization's site."""

from django.http import Http404
from django.utils import timezone

from palabre.privacy.models import DataExport


def data_export_list(*, user, organization, limit: int = 5) -> list[DataExport]:
    return list(DataExport.objects.filter(user=user, organization=organization)[:limit])


def data_export_downloadable(*, user, organization, export_id: int) -> DataExport:
    """The person's own ready archive of this site, before its date; 404 for anything else
    (someone else's archive answers exactly like a missing one)."""
    export = DataExport.objects.filter(
        pk=export_id,
        user=user,
        organization=organization,
        status=DataExport.Status.READY,
        expires_at__gt=timezone.now(),
    ).first()
    if export is None or not export.file:
        raise Http404
    return export
