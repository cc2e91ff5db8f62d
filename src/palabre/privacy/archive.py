"""The archive of a person's data: a zip with one CSV file per section the apps declared
(`registry.sections`), the files they uploaded, and a README describing every file and
column in the person's language."""

import csv
import io
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from palabre.core.exports import spreadsheet_safe
from palabre.core.models import Organization, User
from palabre.privacy.registry import sections


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheet_safe(str(value))


def _csv_bytes(columns: list[str], rows) -> tuple[bytes, int]:
    buffer = io.StringIO()
    # A byte order mark, so that spreadsheet programs read the accents right.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def _readme(user: User, organization: Organization, described: list) -> str:
    lines = [
        _("Your data on %(site)s") % {"site": organization.name},
        "",
        _(
            "This archive holds what %(site)s keeps about you: your account, and what you "
            "did on its site. Each CSV file (UTF-8, comma-separated) is described below, "
            "column by column. Files you uploaded are in the folder files/."
        )
        % {"site": organization.name},
        _("Prepared on %(date)s for %(email)s.")
        % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"), "email": user.email},
        "",
    ]
    for section, count in described:
        lines.append(f"{section.name}.csv — {section.label} ({count})")
        for column, description in section.columns:
            lines.append(f"  - {column}: {description}")
        lines.append("")
    return "\n".join(lines)


def archive_write(file, *, user: User, organization: Organization, language: str) -> None:
    """Write the zip of `user`'s data on `organization`'s site into `file`."""
    described = []
    with (
        translation.override(language),
        zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for section in sorted(sections.all(), key=lambda s: (s.name != "account", s.name)):
            columns = [column for column, _description in section.columns]
            data, count = _csv_bytes(columns, section.rows(user, organization))
            archive.writestr(f"{section.name}.csv", data)
            described.append((section, count))
            if section.files is not None:
                for name, stored in section.files(user, organization):
                    with stored.open("rb") as source, archive.open(f"files/{name}", "w") as target:
                        while chunk := source.read(1 << 16):
                            target.write(chunk)
        archive.writestr("README.txt", _readme(user, organization, described))
