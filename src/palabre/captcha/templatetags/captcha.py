from django import template

from palabre.captcha import services

register = template.Library()


@register.inclusion_tag("captcha/block.html")
def captcha_block(id_prefix: str = "captcha", errors=None):
    """The captcha with its own legend, for a page's own form (check it with
    `services.verify(request.POST)` in the view)."""
    return {
        "captcha": services.new_challenge(),
        "widget": {"attrs": {"id": f"id_{id_prefix}_answer"}},
        "errors": errors or [],
    }
