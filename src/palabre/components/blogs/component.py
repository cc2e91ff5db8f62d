"""The blog component type: dated posts (news) of a space."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.components.blogs import search as component_search
from palabre.core.components import component_url
from palabre.core.permissions import Denied
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting


def permission(*, user, action, component, resource=None, settings=None) -> bool | None:
    """Drafts and scheduled posts are seen only by those who may administer the blog.

    Published posts may be commented unless the step in force blocks comments.
    """
    from palabre.components.blogs.models import Post
    from palabre.core.permissions import can

    if action == "view" and isinstance(resource, Post) and not resource.is_published:
        return None if can(user, "admin", component) else False
    if action == "comment":
        if settings.comments_blocked:
            return Denied(_("Comments are closed in this phase."))
        return isinstance(resource, Post) and resource.is_published
    return None


def stats(component_list: list) -> dict[str, int]:
    from palabre.components.blogs.models import Post

    published = Post.objects.filter(component__in=component_list, published_at__lte=timezone.now())
    return {"posts": published.count()}


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.blogs.models import Post

    # The components come with their space loaded: reuse them rather than one query a post.
    by_id = {component.pk: component for component in component_list}
    published = Post.objects.filter(
        component__in=component_list, published_at__lte=timezone.now()
    ).order_by("-published_at", "-id")
    for post_id, component_id in published.values_list("pk", "component_id"):
        yield component_url(by_id[component_id], "post", pk=post_id)


def seed(component, users=()) -> None:
    from palabre.components.blogs.seeds import seed_posts

    seed_posts(component, users)


manifest = components.register(
    ComponentManifest(
        name="blogs",
        label=_("Blog"),
        description=_("News of the space: dated posts by the organization or by a person."),
        global_settings=(
            Setting(
                "posts_per_page",
                "integer",
                10,
                label=_("Posts per page"),
                help_text=_("How many posts the list shows at once (5 to 50)."),
                min_value=5,
                max_value=50,
            ),
        ),
        step_settings=(
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                help_text=_("Shown above the posts while this step is active."),
                rich=True,
            ),
            Setting(
                "comments_blocked",
                "boolean",
                False,
                label=_("Comments blocked"),
                help_text=_("Nobody may comment on the posts while this step is active."),
            ),
        ),
        actions=(("comment", _("Comment")),),
        permission=permission,
        public_urls="palabre.components.blogs.urls",
        admin_urls="palabre.components.blogs.admin_urls",
        stats=stats,
        stat_labels={"posts": _("Posts")},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="blog",
    )
)
