"""What the open data archive publishes of blogs (`palabre.opendata`): the posts whose
publication date has come."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, public_name, text, url


def public_posts(organization):
    from palabre.components.blogs.models import Post
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Post.objects.filter(
            component__in=public_components(organization, "blogs"),
            published_at__lte=timezone.now(),
        )
    )


def post_rows(organization):
    posts = public_posts(organization).select_related("component__space", "author").order_by("pk")
    for post in chunked(posts):
        yield {
            "id": post.pk,
            "space_id": post.component.space_id,
            "title": text(post.title, organization),
            "body": text(post.body, organization, rich=True),
            "author": organization.name if post.official else public_name(post.author),
            "published_at": post.published_at,
            "url": url(organization, post),
        }


register_file(
    OpenDataFile(
        name="posts",
        label=_("News posts"),
        description=_("The published news posts of the spaces."),
        columns=(
            ("id", _("The post's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("body", _("Its text, as plain text")),
            (
                "author",
                _("The public name of its author; the organization's name for an official one"),
            ),
            ("published_at", _("When it was published")),
            ("url", _("Its address on the site")),
        ),
        rows=post_rows,
        resources=public_posts,
        position=40,
    )
)
