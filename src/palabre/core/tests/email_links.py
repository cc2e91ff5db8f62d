"""What the tests of each email's links share: the addresses an email holds."""

import re

LINK = re.compile(r"https?://[^\s\"'<>]+")


def links_in(message) -> list[str]:
    """Every address in an email's text and HTML bodies."""
    texts = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return [link for text in texts for link in LINK.findall(str(text))]


def assert_links_on_site(message, root: str, *paths: str) -> None:
    """Every link of `message` is on the site at `root`, and each of `paths` is linked."""
    links = links_in(message)
    assert links, "the email links nowhere"
    assert all(link.startswith(root + "/") for link in links), links
    for path in paths:
        assert root + path in links, (path, links)
