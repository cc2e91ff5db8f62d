"""Addresses of component pages: the public side of the component framework."""

from django.urls import reverse


def component_url(component, name: str = "index", *args, **kwargs) -> str:
    """Absolute path of a view of a component, e.g. `component_url(c, "post", pk=3)`.

    Each component type has its own urlconf, mounted under `<space url>f/<component id>/`.
    """
    manifest = component.manifest
    inner = reverse(name, urlconf=manifest.public_urls, args=args, kwargs=kwargs)
    return f"{component.get_absolute_url()}{inner.lstrip('/')}"


def component_admin_url(component, name: str = "index", *args, **kwargs) -> str:
    """Path of a backoffice view of a component, from the component's `admin_urls`.

    The backoffice mounts them under `/admin/spaces/<space id>/components/<id>/manage/`.
    """
    manifest = component.manifest
    inner = reverse(name, urlconf=manifest.admin_urls, args=args, kwargs=kwargs)
    return (
        f"/admin/spaces/{component.space_id}/components/{component.pk}/manage/{inner.lstrip('/')}"
    )
