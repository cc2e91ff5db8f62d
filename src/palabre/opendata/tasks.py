"""Background work of open data: building the archives (daily, and when an administrator
asks)."""

from django.tasks import task


@task
def build_open_data(*, organization_id: int | None = None) -> list[str]:
    """Build the open data archive of one organization, or of every one; their hosts."""
    from palabre.core.models import Organization
    from palabre.opendata.archive import archive_build, archives_build

    if organization_id is None:
        return archives_build()
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return []
    archive_build(organization=organization)
    return [organization.host]
