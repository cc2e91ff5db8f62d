from django import template

from palabre.core.resources import resource_ref
from palabre.moderation import hideable

register = template.Library()


@register.inclusion_tag("moderation/_report_button.html", takes_context=True)
def report_button(context, target):
    """A link to the report form of `target`, for signed-in people other than its author.

    Reads no more than the content type cache: safe to use on every item of a list.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = bool(
        user is not None
        and user.is_authenticated
        and not user.is_blocked
        and hideable.author_id_of(target) != user.pk
    )
    return {"shown": shown, "ref": resource_ref(target).as_string() if shown else ""}
