"""Background work of personal data: building an archive."""

from django.tasks import task


@task
def build_data_export(*, export_id: int) -> int:
    """Build the archive a person asked for and email them; returns its id."""
    from palabre.privacy.models import DataExport
    from palabre.privacy.services import data_export_build, data_export_fail

    export = (
        DataExport.objects.select_related("user", "organization")
        .filter(pk=export_id, status=DataExport.Status.PENDING)
        .first()
    )
    if export is None:  # built already (a task run twice) or given up
        return export_id
    try:
        return data_export_build(export=export).pk
    except Exception:
        data_export_fail(export_id=export_id)
        raise


@task
def expire_data_exports() -> int:
    """Delete the archives past their date (the daily run of `palabre data_exports_expire`)."""
    from palabre.privacy.services import data_exports_expire

    return data_exports_expire()
