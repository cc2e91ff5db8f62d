"""Writes of open data: an administrator asks for the archive to be rebuilt now."""

from django.db import transaction

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.queue import enqueue_with_transaction
from palabre.core.services import log_action


def opendata_build_request(*, actor: User, organization: Organization) -> None:
    """Queue a build of the organization's open data archive (organization admins only)."""
    from palabre.opendata.tasks import build_open_data

    require(actor, "admin", organization)
    with transaction.atomic():
        log_action(actor=actor, organization=organization, action="opendata_build")
        enqueue_with_transaction(build_open_data, organization_id=organization.pk)
