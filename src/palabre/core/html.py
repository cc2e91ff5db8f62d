"""Rich text: what HTML participants and staff may write, and how videos are embedded."""

import posixpath
import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

import nh3
from django.conf import settings

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
    """Keep formatting, links and images; drop scripts, styles, event handlers and iframes.

    Images come from the platform's own uploads or from the hosts an operator allows
    (`image_source`): any other image is dropped, so that a page cannot make its readers'
    browsers call a third party that would learn who reads it.
    """
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_filter_attribute,
    )
    return _IMAGE_TAG.sub(_drop_sourceless_image, cleaned).strip()


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return image_source(value)
    return value


# nh3 writes every attribute value between double quotes with `"`, `<` and `>` escaped: a tag
# ends at the first `>`, and ` src="` inside a tag can only be its own `src` attribute.
_IMAGE_TAG = re.compile(r"<img\b[^>]*>")


def _drop_sourceless_image(match: re.Match) -> str:
    return match.group(0) if ' src="' in match.group(0) else ""


def image_source(src: str) -> str | None:
    """The address a rich-text image may keep, or None to drop the image.

    Kept: the platform's uploads (`MEDIA_URL`, e.g. `/media/…`), the same files addressed
    through the host of one of the installation's organizations (written back as a path,
    served by whatever site shows the page), and images on the hosts of
    `PALABRE_RICH_TEXT_IMAGE_HOSTS`.
    """
    media_url = settings.MEDIA_URL
    src = (src or "").strip()
    parts = urlsplit(src)
    if not parts.scheme and not parts.netloc:
        path = _normalized(parts.path)
        if path is not None and media_url.startswith("/") and path.startswith(media_url):
            return path + (f"?{parts.query}" if parts.query else "")
        return None
    if parts.scheme not in {"http", "https", ""} or not parts.hostname:
        return None
    if media_url.startswith(("http://", "https://")) and src.startswith(media_url):
        return src
    host = parts.hostname.lower().rstrip(".")
    if host in settings.PALABRE_RICH_TEXT_IMAGE_HOSTS:
        return src
    path = _normalized(parts.path)
    if path is not None and media_url.startswith("/") and path.startswith(media_url):
        from palabre.core.models import Organization

        if Organization.objects.filter(host=host).exists():
            return path + (f"?{parts.query}" if parts.query else "")
    return None


def _normalized(path: str) -> str | None:
    """An absolute path with its `.` and `..` resolved, or None for anything else."""
    if not path.startswith("/") or path.startswith("//"):
        return None
    normalized = posixpath.normpath(unquote(path))
    if path.endswith("/"):
        normalized += "/"
    return quote(normalized)


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
