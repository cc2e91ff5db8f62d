"""Backoffice views of the pages component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.pages import selectors, services
from palabre.components.pages.forms import PageForm
from palabre.core.components import component_admin_url
from palabre.core.permissions import can, require


def index(request):
    require(request.user, "read_admin", request.component)
    component = request.component
    rows = [
        {
            "page": page,
            "edit_url": component_admin_url(component, "page_edit", pk=page.pk),
            "move_url": component_admin_url(component, "page_move", pk=page.pk),
            "delete_url": component_admin_url(component, "page_delete", pk=page.pk),
        }
        for page in selectors.page_list(component=component)
    ]
    return render(
        request,
        "pages/admin/index.html",
        component_admin_context(
            request,
            rows=rows,
            new_url=component_admin_url(component, "page_new"),
            may_admin=can(request.user, "admin", component),
        ),
    )


def _form_data(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _save(request, form: PageForm, page=None):
    """Run the service with the form's data; its errors land on the form's fields."""
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "body": data["body"],
        "image": data.get("image") or None,
        "video_url": data["video_url"],
    }
    try:
        if page is None:
            return services.page_create(actor=request.user, component=request.component, **fields)
        return services.page_update(
            actor=request.user, page=page, remove_image=data.get("remove_image", False), **fields
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def page_new(request):
    require_component_admin(request)
    languages = request.organization.locales
    form = PageForm(*_form_data(request), languages=languages)
    if form.is_bound and form.is_valid() and _save(request, form):
        messages.success(request, _("The page was created."))
        return redirect(component_admin_url(request.component))
    return render(
        request, "pages/admin/form.html", component_admin_context(request, form=form, page=None)
    )


def page_edit(request, pk: int):
    require_component_admin(request)
    page = selectors.page_get(component=request.component, page_id=pk)
    languages = request.organization.locales
    form = PageForm(
        *_form_data(request),
        languages=languages,
        has_image=bool(page.image),
        initial={"title": page.title, "body": page.body, "video_url": page.video_url},
    )
    if form.is_bound and form.is_valid() and _save(request, form, page):
        messages.success(request, _("The page was saved."))
        return redirect(component_admin_url(request.component))
    return render(
        request, "pages/admin/form.html", component_admin_context(request, form=form, page=page)
    )


def page_delete(request, pk: int):
    require_component_admin(request)
    page = selectors.page_get(component=request.component, page_id=pk)
    if request.method == "POST":
        services.page_delete(actor=request.user, page=page)
        messages.success(request, _("The page was deleted."))
        return redirect(component_admin_url(request.component))
    return render(
        request, "pages/admin/confirm_delete.html", component_admin_context(request, page=page)
    )


@require_POST
def page_move(request, pk: int):
    require_component_admin(request)
    page = selectors.page_get(component=request.component, page_id=pk)
    offsets = {"up": -1, "down": 1}
    direction = request.POST.get("direction")
    if direction not in offsets:
        return HttpResponseBadRequest(_("Choose to move the page up or down."))
    services.page_move(actor=request.user, page=page, offset=offsets[direction])
    return redirect(component_admin_url(request.component))
