"""Template helpers of the proposals component."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def card_key(proposal) -> str:
    """Everything a proposal's card (`proposals/_card.html`) shows, as one string: the key
    under which its rendering is kept. Any change of what it shows (a title, a counter, an
    answer, an author's name, a category renamed) makes another key, so a kept card is
    never stale; the template adds the language, the fallback language, the address of the
    component and its supports setting. The colours of a custom answer state are not in the
    card but in the page's `<style>` (`custom_state_styles`), outside the kept rendering."""
    custom = proposal.custom_state
    return repr(
        (
            proposal.pk,
            proposal.title,
            proposal.body,
            proposal.state,
            proposal.source,
            proposal.published_at,
            proposal.answer_state,
            proposal.answer_published_at,
            custom and custom.name,
            proposal.category and proposal.category.name,
            proposal.scope and proposal.scope.name,
            proposal.anonymous,
            [] if proposal.anonymous else [a.user.display_name for a in proposal.accepted_authors],
            proposal.supports_count,
            proposal.comments_count,
            proposal.endorsements_count,
            bool(getattr(proposal, "supported", False)),
        )
    )


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@register.simple_tag(takes_context=True)
def custom_state_styles(context, items) -> str:
    """The colours of the custom answer states shown on the page (`items`: a proposal, a list
    of them, or states), as one `<style>` element carrying the page's CSP nonce: a style
    attribute on each badge would be refused by the Content-Security-Policy. Badges name
    their state with the class `proposal-state-custom-<id>`."""
    if hasattr(items, "custom_state"):  # one proposal
        items = [items]
    states = {}
    for item in items or ():
        if hasattr(item, "custom_state"):  # a proposal: its state, once the answer is public
            state = item.custom_state if item.answer_published_at else None
        else:
            state = item
        if state is not None:
            states[state.pk] = state
    rules = [
        f".badge.proposal-state-custom-{pk}{{color:{state.text_color};"
        f"background:{state.background_color}}}"
        for pk, state in sorted(states.items())
        if _COLOUR.fullmatch(state.text_color) and _COLOUR.fullmatch(state.background_color)
    ]
    if not rules:
        return ""
    return format_html(
        '<style nonce="{}">{}</style>', context.get("csp_nonce") or "", mark_safe("".join(rules))
    )
