"""What every space landing page shows, whatever its kind: the blocks shared by the pages
of processes and assemblies (metadata table, components, statistics, share and embed).

Reads only; visibility comes from `palabre.core.selectors`.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from palabre.core import selectors
from palabre.core.models import Space
from palabre.core.translations import translated


@dataclass(frozen=True)
class MetadataRow:
    label: str
    value: str


@dataclass(frozen=True)
class ShareLink:
    name: str
    url: str


def metadata_rows(space: Space) -> list[MetadataRow]:
    """The metadata table: each declared field that has a text, then dates and reference."""
    fallback = space.organization.default_locale
    rows = []
    for key, label in space.space_type.metadata_fields:
        text = translated((space.metadata or {}).get(key), fallback=fallback)
        if text:
            rows.append(MetadataRow(str(label), text))
    if space.start_date:
        rows.append(MetadataRow(_("Start date"), date_format(space.start_date)))
    if space.end_date:
        rows.append(MetadataRow(_("End date"), date_format(space.end_date)))
    if space.reference_code:
        rows.append(MetadataRow(_("Reference code"), space.reference_code))
    return rows


def is_readable_by_all(space: Space) -> bool:
    """Whether anyone, signed in or not, may read the space (so sharing it makes sense)."""
    return space.is_published and (not space.private or space.transparent)


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Plain links to share a page: no third-party script is loaded on our pages."""
    text = f"{title} {url}"
    return [
        ShareLink(
            _("Email"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)
        ),
        ShareLink(
            "Mastodon", "https://mastodonshare.com/?" + urlencode({"text": title, "url": url})
        ),
        ShareLink(
            "X", "https://twitter.com/intent/tweet?" + urlencode({"text": title, "url": url})
        ),
        ShareLink(
            "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})
        ),
        ShareLink(
            "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
        ),
        ShareLink("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
    ]


def embed_code(*, embed_url: str, title: str) -> str:
    """The `<iframe>` an organization pastes into its own website.

    A plain (not "safe") string: templates escape it once more to show it as text.
    """
    return (
        f'<iframe src="{escape(embed_url)}" title="{escape(title)}" width="100%" height="460" '
        'loading="lazy" style="border:0;max-width:420px"></iframe>'
    )


def landing_context(request, space: Space, *, embed_path: str | None = None) -> dict:
    """Context of the blocks shared by every landing page (see `spaces/_landing_blocks.html`)."""
    components = selectors.component_list_visible(user=request.user, space=space)
    statistics = selectors.space_statistics([space])
    labels = selectors.stat_labels()
    title = translated(space.title, fallback=space.organization.default_locale)
    url = request.build_absolute_uri(space.get_absolute_url())
    context = {
        "space": space,
        "metadata_rows": metadata_rows(space),
        "components": components,
        "statistics": [(str(labels.get(key, key)), value) for key, value in statistics.items()],
        "readable_by_all": is_readable_by_all(space),
        "share_url": url,
        "share_links": share_links(url=url, title=title),
        "embed_code": "",
    }
    if embed_path and context["readable_by_all"]:
        context["embed_code"] = embed_code(
            embed_url=request.build_absolute_uri(embed_path), title=title
        )
    return context
