"""Public views of the blog component; `request.component` was checked visible already."""

from django.shortcuts import render

from palabre.components.blogs import selectors
from palabre.core.settings_schema import current_settings


def index(request):
    component = request.component
    component_settings = current_settings(component)
    posts = selectors.post_page_published(
        component=component,
        page_number=request.GET.get("page"),
        per_page=component_settings.posts_per_page,
    )
    return render(
        request,
        "blogs/index.html",
        {
            "space": request.space,
            "component": component,
            "component_settings": component_settings,
            "posts": posts,
        },
    )


def post_detail(request, pk: int):
    post = selectors.post_get_visible(user=request.user, component=request.component, post_id=pk)
    return render(
        request,
        "blogs/post.html",
        {
            "space": request.space,
            "component": request.component,
            "component_settings": current_settings(request.component),
            "post": post,
        },
    )
