"""Template tags of comments: `{% comments_section target %}` and the rendering of a text."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language

from palabre.comments import selectors
from palabre.comments.forms import CommentForm
from palabre.comments.services import MENTION_RE
from palabre.core.permissions import can
from palabre.core.translations import translated

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, target):
    """The comments of a resource: count, sorts, one page of threads and the forms."""
    request = context["request"]
    page = selectors.comment_threads(
        target=target,
        user=request.user,
        sort=request.GET.get("comments_sort"),
        page=selectors.clean_page(request.GET.get("comments_page")),
    )
    return {
        "request": request,
        "user": request.user,
        "organization": getattr(request, "organization", None),
        "LANGUAGE_CODE": get_language(),
        "page": page,
        "sorts": [(key, label) for key, (label, _order) in selectors.SORTS.items()],
        "form": CommentForm(),
        "can_official": page.can_comment and can(request.user, "admin", target.component),
        "closed": bool(getattr(target, "comments_closed", False)),
    }


@register.filter
def comment_text(comment) -> str:
    """A comment's plain text, escaped, with line breaks and `@nickname` mentions shown.

    Escaping first means no text a participant writes ever reaches the page as HTML; a
    nickname holds only letters, digits, dashes and underscores, so the mention markup added
    afterwards wraps already-safe text.
    """
    text = escape(normalize_newlines(translated(comment.body)))
    text = MENTION_RE.sub(r'<strong class="mention">@\1</strong>', text)
    return mark_safe(re.sub(r"\n", "<br>", text))


@register.filter
def comment_key(comment) -> str:
    """Everything the author line and the text of a comment show (`comments/_comment.html`),
    as one string: the key under which their rendering is kept. An edit, a name changed, an
    author blocked or deleted make another key, so a kept rendering is never stale; the
    template adds the language and the organization's name."""
    return repr(
        (
            comment.pk,
            comment.body,
            comment.created_at,
            comment.edited_at,
            comment.official,
            comment.alignment,
            None if comment.official else comment.author.display_name,
        )
    )
