"""Helpers for tests posting forms that carry the anti-spam check."""

import re
from html import unescape

from palabre.captcha import services


def challenge_of(html: str) -> str:
    """The challenge a page shows (its `data-challenge` attribute)."""
    return unescape(re.search(r'data-challenge="([^"]+)"', html).group(1))


def solved_from(html: str) -> str:
    """What the page's script would send, solving the page's own challenge."""
    return services.solve(challenge_of(html))
