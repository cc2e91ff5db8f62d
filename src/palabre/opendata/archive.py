"""The open data archive of an organization: one CSV file per registered file
(`registry.files`), a README describing every file and column, and a zip of them all, in
`media/open-data/<host>/`. Every file is written under a temporary name in that folder,
then renamed over the previous one (a rename is atomic): a visitor downloading while a
build runs gets the old file or the new one, never half of one."""

import csv
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from palabre.core.exports import spreadsheet_safe
from palabre.core.models import Organization
from palabre.opendata import selectors
from palabre.opendata.registry import ordered_files


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheet_safe(str(value))


def _temporary(directory: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=directory, prefix=".building-", suffix=suffix)
    os.close(handle)
    return Path(name)


def _write_csv(path: Path, columns: list[str], rows) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as output:
        # A byte order mark, so that spreadsheet programs read the accents right.
        output.write("\ufeff")
        writer = csv.writer(output)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])
            count += 1
    return count


def licence() -> dict:
    return {
        "name": settings.PALABRE_OPEN_DATA_LICENCE_NAME,
        "url": settings.PALABRE_OPEN_DATA_LICENCE_URL,
    }


def readme_text(organization: Organization, built_at, counts: dict[str, int]) -> str:
    """The README: what the archive holds, its licence, and every file's every column."""
    lines = [
        _("Open data of %(site)s") % {"site": organization.name},
        "",
        _(
            "These files hold what is public on %(site)s: the participatory spaces that are "
            "published and not private, and in them the published proposals, comments, "
            "budget projects, results, pages, news, surveys, meetings and draws. Nothing "
            "unpublished, withdrawn, hidden by moderation or from a private space is in "
            "them, and no personal data but the public names shown on the site beside what "
            "people published. Each CSV file is UTF-8, comma-separated, with a header line."
        )
        % {"site": organization.name},
        _("Licence: %(name)s (%(url)s).") % licence(),
        _("Built on %(date)s.") % {"date": built_at.strftime("%Y-%m-%d %H:%M %Z")},
        "",
    ]
    for file in ordered_files():
        lines.append(f"{file.name}.csv — {file.label} ({counts.get(file.name, 0)})")
        lines.append(f"  {file.description}")
        for column, description in file.columns:
            lines.append(f"  - {column}: {description}")
        lines.append("")
    return "\n".join(lines)


def archive_build(*, organization: Organization) -> dict:
    """Write the organization's open data files and return the manifest written with them."""
    directory = selectors.folder(organization)
    directory.mkdir(parents=True, exist_ok=True)
    built_at = timezone.localtime()
    written: list[tuple[Path, str]] = []  # (temporary path, final name)
    entries = []
    counts = {}
    try:
        with translation.override(organization.default_locale):
            for file in ordered_files():
                columns = [column for column, _description in file.columns]
                temporary = _temporary(directory, ".csv")
                written.append((temporary, f"{file.name}.csv"))
                counts[file.name] = _write_csv(temporary, columns, file.rows(organization))
                entries.append(
                    {
                        "name": f"{file.name}.csv",
                        "file": file.name,
                        "rows": counts[file.name],
                        "size": temporary.stat().st_size,
                    }
                )
            readme = _temporary(directory, ".txt")
            readme.write_text(readme_text(organization, built_at, counts), encoding="utf-8")
            written.append((readme, selectors.README))
            archive = _temporary(directory, ".zip")
            written.append((archive, selectors.ARCHIVE))
            with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as output:
                for path, name in written[:-1]:
                    output.write(path, arcname=name)
        manifest = {
            "built_at": built_at.isoformat(),
            "files": entries,
            "readme": {"name": selectors.README, "size": readme.stat().st_size},
            "archive": {"name": selectors.ARCHIVE, "size": archive.stat().st_size},
        }
        manifest_path = _temporary(directory, ".json")
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        written.append((manifest_path, selectors.MANIFEST))
        for path, name in written:
            path.chmod(0o644)
            os.replace(path, directory / name)
    finally:
        for path, _name in written:
            path.unlink(missing_ok=True)
    # A file no longer registered (an app taken out) is taken out too.
    kept = {name for _path, name in written}
    for path in directory.glob("*.csv"):
        if path.name not in kept:
            path.unlink(missing_ok=True)
    return manifest


def archives_build(*, host: str | None = None) -> list[str]:
    """Build the archive of every organization (or of the one at `host`); their hosts."""
    organizations = Organization.objects.order_by("pk")
    if host:
        organizations = organizations.filter(host=host)
    built = []
    for organization in organizations:
        archive_build(organization=organization)
        built.append(organization.host)
    return built
