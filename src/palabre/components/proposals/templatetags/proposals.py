"""Template helpers of the proposals component."""

from django import template

register = template.Library()


@register.filter
def card_key(proposal) -> str:
    """Everything a proposal's card (`proposals/_card.html`) shows, as one string: the key
    under which its rendering is kept. Any change of what it shows (a title, a counter, an
    answer, an author's name, a category renamed) makes another key, so a kept card is
    never stale; the template adds the language, the fallback language, the address of the
    component and its supports setting."""
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
            custom and (custom.name, custom.text_color, custom.background_color),
            proposal.category and proposal.category.name,
            proposal.scope and proposal.scope.name,
            [author.user.display_name for author in proposal.accepted_authors],
            proposal.supports_count,
            proposal.comments_count,
            proposal.endorsements_count,
            bool(getattr(proposal, "supported", False)),
        )
    )
