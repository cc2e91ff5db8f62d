"""Helpers shared by the backoffice views: loading what a URL names, within the
organization of the request and the person's rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from palabre.core.models import Component, Space
from palabre.core.permissions import can


def load_space(request, space_id: int, *, actions: tuple[str, ...] = ("read_admin",)) -> Space:
    """The space of this organization on which the person may do one of `actions` (by
    default: read it in the backoffice).

    Spaces of other organizations and spaces the person has no role in answer 404: the
    backoffice does not tell who runs which space.
    """
    space = get_object_or_404(
        Space.objects.select_related("organization"),
        pk=space_id,
        organization=request.organization,
    )
    if not any(can(request.user, action, space) for action in actions):
        raise Http404
    request.space = space
    return space


def load_component(request, space: Space, component_id: int) -> Component:
    component = get_object_or_404(Component, pk=component_id, space=space)
    component.space = space
    request.component = component
    return component


def require_admin(request, target) -> None:
    """Refuse writes to read-only people before anything is parsed."""
    if not can(request.user, "admin", target):
        raise PermissionDenied


def moved(order: list[int], item: int, direction: str | None) -> list[int]:
    """`order` with `item` swapped with its neighbour ("up" or "down"); unchanged at an end."""
    index = order.index(item)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else index
    if not 0 <= target < len(order) or target == index:
        return order
    new_order = list(order)
    new_order[index], new_order[target] = new_order[target], new_order[index]
    return new_order
