"""Template helpers available in every template (declared as builtins in settings)."""

from django import template
from django.utils.safestring import mark_safe

from palabre.core.html import html_to_text, video_embed_url
from palabre.core.translations import translated

register = template.Library()


def _fallback(context) -> str | None:
    organization = context.get("organization") if context else None
    return organization.default_locale if organization else None


@register.simple_tag(takes_context=True)
def t(context, value, language=None):
    """The text of a translated value in the current language (with fallback)."""
    return translated(value, language, _fallback(context))


@register.simple_tag(takes_context=True)
def t_html(context, value):
    """A translated rich text; stored values were sanitized when written."""
    return mark_safe(translated(value, None, _fallback(context)))


@register.filter
def tr(value):
    """Filter form of `t`, for attributes and chained filters."""
    return translated(value)


@register.filter
def money(amount, currency=None):
    """An amount in the reader's language and `currency` (`core.money.format_money`):
    `{{ proposal.cost|money:organization.currency }}`."""
    from palabre.core.money import DEFAULT_CURRENCY, format_money

    if amount is None or amount == "":
        return ""
    return format_money(amount, currency or DEFAULT_CURRENCY)


@register.filter
def plain(value):
    return html_to_text(translated(value))


@register.filter
def video_embed(url):
    return video_embed_url(url)


@register.simple_tag
def can(user, action, target):
    """Expose a permission decision to a template; the decision itself stays in `can()`."""
    from palabre.core.permissions import can as can_

    return can_(user, action, target)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
