from django import template

from palabre.sso import selectors
from palabre.sso.buttons import Button, buttons

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_buttons(context) -> list[Button]:
    """The sign-in buttons of the organization's providers (one query)."""
    request = context.get("request")
    if request is None:
        return []
    return buttons(selectors.providers_offered_for_request(request))
