"""Reads of assemblies and their members."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from palabre.core import selectors as core_selectors
from palabre.core.models import Organization, Space
from palabre.spaces.assemblies.models import AssemblyMember

KIND = "assembly"


def assembly_list_visible(*, user, organization: Organization) -> QuerySet[Space]:
    return core_selectors.space_list_visible(user=user, organization=organization, kind=KIND)


def assembly_member_list(
    *, assembly: Space, today: datetime.date | None = None
) -> tuple[list[AssemblyMember], list[AssemblyMember]]:
    """(current members, former members) of an assembly, in their display order."""
    today = today or timezone.localdate()
    current, former = [], []
    for member in AssemblyMember.objects.filter(assembly=assembly).select_related("user"):
        if member.ceased_at is not None and member.ceased_at <= today:
            former.append(member)
        else:
            current.append(member)
    return current, former


def assembly_list_administered(*, user, organization: Organization) -> list[Space]:
    """Assemblies, published or not, that the person may administer (for the backoffice)."""
    from palabre.core.permissions import can

    return [
        space
        for space in Space.objects.filter(organization=organization, kind=KIND).select_related(
            "organization"
        )
        if can(user, "admin", space)
    ]
