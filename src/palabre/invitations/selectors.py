"""Reads of staff invitations."""

from django.db.models import Q

from palabre.core.models import Organization, User
from palabre.core.permissions import can
from palabre.invitations.models import Invitation, hash_token


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "space")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitations_for(actor: User, organization: Organization, *, spaces=None):
    """The invitations of `organization` that `actor` manages: all of them for its admins,
    those of the spaces they administer for space admins (`spaces`: those spaces)."""
    queryset = Invitation.objects.filter(organization=organization).select_related(
        "space", "invited_by"
    )
    if can(actor, "admin", organization):
        return queryset
    return queryset.filter(Q(space__in=list(spaces or [])))
