from django import template

from palabre.core.permissions import can
from palabre.core.resources import resource_ref
from palabre.notifications.selectors import is_following

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """A form that follows or stops following `target` (a resource or a space), for
    signed-in people who may view it; nothing for others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can(user, "view", target):
        return {"show": False}
    return {
        "show": True,
        "following": is_following(user, target),
        "ref": resource_ref(target).as_string(),
        "next": request.get_full_path(),
    }
