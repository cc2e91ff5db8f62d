"""Rich text: what HTML participants and staff may write, and how videos are embedded."""

import re
from urllib.parse import parse_qs, urlsplit

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "code", "pre", "hr", "img", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope"},
    "td": {"colspan", "rowspan"},
}


def sanitize_html(html: str) -> str:
    """Keep formatting, links and images; drop scripts, styles, event handlers and iframes."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def html_to_text(html: str) -> str:
    """Plain text of sanitized HTML, for search, summaries and emails."""
    text = nh3.clean(html or "", tags=set())
    return re.sub(r"\s+", " ", text).strip()


def video_embed_url(url: str) -> str | None:
    """The privacy-friendly embed address of a YouTube, Vimeo, Dailymotion or PeerTube link.

    Only these well-known forms are turned into an iframe; any other link stays a link, so
    staff can never make the site frame an arbitrary page.
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if path == "/watch":
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = path.split("/")[2]
        if video_id and re.fullmatch(r"[\w-]{6,20}", video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = path.lstrip("/")
        if re.fullmatch(r"[\w-]{6,20}", video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        match = re.search(r"/(\d{5,12})$", path)
        if match:
            return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1"
    elif host in {"dailymotion.com", "dai.ly"}:
        match = re.search(r"/(?:video/)?([a-zA-Z0-9]{5,12})(?:_|$)", path)
        if match:
            return f"https://www.dailymotion.com/embed/video/{match.group(1)}"
    elif "/videos/watch/" in path or path.startswith("/w/"):
        # PeerTube instances are self-hosted: recognise the path shape on any host.
        video_id = path.rstrip("/").split("/")[-1]
        if re.fullmatch(r"[\w-]{6,40}", video_id):
            return f"https://{parts.hostname}/videos/embed/{video_id}"
    return None
