"""Reads of the blog component. The component itself was checked visible by the caller."""

import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from palabre.components.blogs.models import Post
from palabre.core.models import Component
from palabre.core.permissions import can


def post_list_published(
    *, component: Component, now: datetime.datetime | None = None
) -> QuerySet[Post]:
    """Posts whose publication date has come, newest first (drafts and scheduled left out)."""
    return (
        Post.objects.filter(component=component, published_at__lte=now or timezone.now())
        .select_related("author")
        .order_by("-published_at", "-id")
    )


def post_page_published(*, component: Component, page_number, per_page: int) -> PaginatorPage:
    """One page of published posts; a page number out of range gives the nearest page."""
    page = Paginator(post_list_published(component=component), per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    for post in page.object_list:
        post.component = component
    return page


def post_list_all(*, component: Component) -> list[Post]:
    """Every post, drafts first then newest first, for the backoffice."""
    posts = list(
        Post.objects.filter(component=component)
        .select_related("author")
        .order_by("-published_at", "-id")
    )
    # Drafts have no date: put them first, where staff look for work in progress.
    posts.sort(key=lambda post: post.published_at is not None)
    for post in posts:
        post.component = component
    return posts


def post_get(*, component: Component, post_id: int) -> Post:
    """A post of this component, whatever its state (backoffice); else 404."""
    post = Post.objects.select_related("author").filter(component=component, pk=post_id).first()
    if post is None:
        raise Http404
    post.component = component
    return post


def post_get_visible(*, user, component: Component, post_id: int) -> Post:
    """A post the person may see: published, or any post for those who administer it.

    A draft answers exactly like a missing post, so that its existence does not leak.
    """
    post = post_get(component=component, post_id=post_id)
    if not can(user, "view", post):
        raise Http404
    return post
