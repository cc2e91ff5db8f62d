"""Reads of assemblies and their members."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import selectors as core_selectors
from palabre.core.models import Organization, Space, User
from palabre.core.permissions import can
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
    """Assemblies, published or not, that the person may administer, with `member_count`."""
    assemblies = (
        Space.objects.filter(organization=organization, kind=KIND)
        .select_related("organization")
        .annotate(member_count=Count("assembly_members"))
    )
    return [space for space in assemblies if can(user, "admin", space)]


def assembly_get_administered(*, user, organization: Organization, pk: int) -> Space:
    """The assembly, or Http404 if there is none; PermissionDenied unless one administers it."""
    space = (
        Space.objects.filter(organization=organization, kind=KIND, pk=pk)
        .select_related("organization")
        .first()
    )
    if space is None:
        raise Http404
    if not can(user, "admin", space):
        raise PermissionDenied(_("Only the administrators of this assembly manage its members."))
    return space


def assembly_member_get(*, assembly: Space, pk: int) -> AssemblyMember:
    member = AssemblyMember.objects.filter(assembly=assembly, pk=pk).select_related("user").first()
    if member is None:
        raise Http404
    member.assembly = assembly
    return member


def user_get_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), deleted_at__isnull=True).first()
