"""What every component's backoffice views share: the write check and the page context.

The backoffice dispatcher has already loaded `request.space` and `request.component` and let
in only people who may read the space's administration (or valuators, where the component
allows them).
"""

from django.core.exceptions import PermissionDenied

from palabre.core.components import component_admin_url
from palabre.core.permissions import can


def require_component_admin(request) -> None:
    """Refuse a write to people who may only read the component's administration."""
    if not can(request.user, "admin", request.component):
        raise PermissionDenied


def component_admin_context(request, **extra) -> dict:
    index_url = component_admin_url(request.component)
    return {
        "space": request.space,
        "component": request.component,
        "may_admin": can(request.user, "admin", request.component),
        "index_url": index_url,
        "cancel_url": index_url,
        **extra,
    }
