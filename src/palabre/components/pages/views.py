"""Public views of the pages component; `request.component` was checked visible already."""

from django.shortcuts import render

from palabre.components.pages import selectors
from palabre.core.settings_schema import current_settings


def _context(request, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        **extra,
    }


def index(request):
    """One page is shown directly; several are listed (or shown in full, as set)."""
    pages = selectors.page_list(component=request.component)
    if len(pages) == 1:
        return render(request, "pages/page.html", _context(request, page=pages[0], alone=True))
    return render(request, "pages/index.html", _context(request, pages=pages))


def page_detail(request, pk: int):
    page = selectors.page_get(component=request.component, page_id=pk)
    return render(request, "pages/page.html", _context(request, page=page, alone=False))
