"""Reads of the open data archive: what is public, and the last build of an organization.

Public means: a published space that is not private (transparent ones are left out too:
their members may not expect their words to be republished), a published component of it,
and, inside, the rows each file keeps (published, not withdrawn, not hidden by moderation).
"""

import json
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from palabre.core.html import html_to_text
from palabre.core.mail import organization_url
from palabre.core.models import Component, Organization, Space
from palabre.core.translations import translated

FOLDER = "open-data"
MANIFEST = "manifest.json"
ARCHIVE = "open-data.zip"
README = "README.txt"
CHUNK = 500


def public_spaces(organization: Organization) -> QuerySet[Space]:
    from palabre.core.registry import space_types

    return Space.objects.filter(
        organization=organization,
        published_at__isnull=False,
        private=False,
        kind__in=space_types.names(),
    )


def public_components(organization: Organization, manifest_name: str) -> QuerySet[Component]:
    return Component.objects.filter(
        space__in=public_spaces(organization),
        published_at__isnull=False,
        manifest_name=manifest_name,
    )


def chunked(queryset: QuerySet):
    """The rows of `queryset` read by chunks (prefetches done per chunk): memory stays flat."""
    return queryset.iterator(chunk_size=CHUNK)


def text(value, organization: Organization, *, rich: bool = False) -> str:
    """A translated field in the organization's default language (another one if empty);
    rich text as plain text."""
    result = translated(value, organization.default_locale, organization.default_locale)
    return html_to_text(result) if rich else result


def url(organization: Organization, item) -> str:
    return organization_url(organization, item.get_absolute_url())


def public_name(user) -> str:
    """The name shown on the site beside what someone published."""
    return user.display_name if user is not None else ""


def folder(organization: Organization) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / organization.host


def file_url(organization: Organization, name: str) -> str:
    return f"{settings.MEDIA_URL}{FOLDER}/{organization.host}/{name}"


def last_build(organization: Organization) -> dict | None:
    """What the last build wrote (`manifest.json`: its date, and each file's name, label,
    description, size, number of rows), with each file's address; None before the first."""
    path = folder(organization) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    for entry in manifest.get("files", []):
        entry["url"] = file_url(organization, entry["name"])
    for key in ("archive", "readme"):
        if key in manifest:
            manifest[key]["url"] = file_url(organization, manifest[key]["name"])
    return manifest
