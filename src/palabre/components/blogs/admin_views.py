"""Backoffice views of the blog component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.blogs import selectors, services
from palabre.components.blogs.forms import PostForm
from palabre.core.components import component_admin_url
from palabre.core.permissions import can, require


def _form_data(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def index(request):
    require(request.user, "read_admin", request.component)
    component = request.component
    rows = [
        {
            "post": post,
            "edit_url": component_admin_url(component, "post_edit", pk=post.pk),
            "delete_url": component_admin_url(component, "post_delete", pk=post.pk),
            "publish_url": component_admin_url(component, "post_publish", pk=post.pk),
            "unpublish_url": component_admin_url(component, "post_unpublish", pk=post.pk),
        }
        for post in selectors.post_list_all(component=component)
    ]
    return render(
        request,
        "blogs/admin/index.html",
        component_admin_context(
            request,
            rows=rows,
            new_url=component_admin_url(component, "post_new"),
            may_admin=can(request.user, "admin", component),
        ),
    )


def _save(request, form: PostForm, post=None):
    """Run the service with the form's data; its errors land on the form's fields."""
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "body": data["body"],
        "image": data.get("image") or None,
        "official": data["official"],
        "published_at": data["published_at"],
    }
    try:
        if post is None:
            return services.post_create(actor=request.user, component=request.component, **fields)
        return services.post_update(
            actor=request.user, post=post, remove_image=data.get("remove_image", False), **fields
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def post_new(request):
    require_component_admin(request)
    form = PostForm(*_form_data(request), languages=request.organization.locales)
    if form.is_bound and form.is_valid() and _save(request, form):
        messages.success(request, _("The post was saved."))
        return redirect(component_admin_url(request.component))
    return render(
        request, "blogs/admin/form.html", component_admin_context(request, form=form, post=None)
    )


def post_edit(request, pk: int):
    require_component_admin(request)
    post = selectors.post_get(component=request.component, post_id=pk)
    form = PostForm(
        *_form_data(request),
        languages=request.organization.locales,
        has_image=bool(post.image),
        initial={
            "title": post.title,
            "body": post.body,
            "official": post.official,
            "published_at": (timezone.localtime(post.published_at) if post.published_at else None),
        },
    )
    if form.is_bound and form.is_valid() and _save(request, form, post):
        messages.success(request, _("The post was saved."))
        return redirect(component_admin_url(request.component))
    return render(
        request, "blogs/admin/form.html", component_admin_context(request, form=form, post=post)
    )


def post_delete(request, pk: int):
    require_component_admin(request)
    post = selectors.post_get(component=request.component, post_id=pk)
    if request.method == "POST":
        services.post_delete(actor=request.user, post=post)
        messages.success(request, _("The post was deleted."))
        return redirect(component_admin_url(request.component))
    return render(
        request, "blogs/admin/confirm_delete.html", component_admin_context(request, post=post)
    )


@require_POST
def post_publish(request, pk: int):
    require_component_admin(request)
    post = selectors.post_get(component=request.component, post_id=pk)
    services.post_publish(actor=request.user, post=post)
    messages.success(request, _("The post is published."))
    return redirect(component_admin_url(request.component))


@require_POST
def post_unpublish(request, pk: int):
    require_component_admin(request)
    post = selectors.post_get(component=request.component, post_id=pk)
    services.post_unpublish(actor=request.user, post=post)
    messages.success(request, _("The post is back to draft."))
    return redirect(component_admin_url(request.component))
