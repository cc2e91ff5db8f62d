"""Template tags of comments: `{% comments_section target %}`, the rendering of a thread and of
a text."""

import hashlib
import re

from django import template
from django.core.cache import caches
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language

from palabre.comments import selectors
from palabre.comments.forms import CommentForm
from palabre.comments.services import MENTION_RE
from palabre.core.permissions import can, why_not
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
        # Why a signed-in person may not comment, and the step that may lift it (the new
        # terms of use to accept, for instance).
        "denial": (
            why_not(request.user, "comment", target)
            if request.user.is_authenticated and not page.can_comment
            else None
        ),
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


# Kept renderings of whole threads, for readers who can do nothing with any of their comments.
THREAD_SECONDS = 3600


def _thread(root) -> list:
    """The root and every reply below it, in the order of the page."""
    found = [root]
    for child in root.children:
        found.extend(_thread(child))
    return found


@register.simple_tag(takes_context=True)
def comment_thread(context, root) -> str:
    """A thread: its root comment and all its replies (`comments/_comment.html`).

    A reader who can do nothing with any of its comments (every visitor who is not signed
    in) reads what every such reader reads: the whole rendering is kept, keyed by what each
    comment shows (`comment_key`), its vote counts, whether it is hidden or deleted and where
    it stands in the thread, with the language and the organization's name; any change of
    one of them gives another key, so a kept thread is never stale.
    """
    template = context.template.engine.get_template("comments/_comment.html")
    comments = _thread(root)
    if not all(comment.read_only for comment in comments):
        with context.push(comment=root):
            return template.render(context)
    organization = context.get("organization")
    source = repr(
        (
            context.get("LANGUAGE_CODE"),
            organization.name if organization else "",
            [
                (
                    comment_key(comment),
                    comment.parent_id,
                    comment.up_votes,
                    comment.down_votes,
                    comment.is_hidden,
                    comment.is_deleted,
                )
                for comment in comments
            ],
        )
    )
    key = "comment-thread-" + hashlib.sha256(source.encode()).hexdigest()
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        with context.push(comment=root):
            html = template.render(context)
        fragments.set(key, str(html), THREAD_SECONDS)
    return mark_safe(html)


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
