"""Reads of the pages component. The component itself was checked visible by the caller."""

from django.http import Http404

from palabre.components.pages.models import Page
from palabre.core.models import Component


def page_list(*, component: Component) -> list[Page]:
    """The pages in their order, each pointing at the given component (no query per page)."""
    pages = list(Page.objects.filter(component=component).order_by("position", "id"))
    for page in pages:
        page.component = component
    return pages


def page_get(*, component: Component, page_id: int) -> Page:
    """A page of this component; a page of any other component is a 404, like a missing one."""
    page = Page.objects.filter(component=component, pk=page_id).first()
    if page is None:
        raise Http404
    page.component = component
    return page
