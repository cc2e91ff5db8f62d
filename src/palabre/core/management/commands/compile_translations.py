"""Compile the .po catalogues into .mo files without GNU gettext (pure Python, via Babel).

`make messages` extracts strings with Django's makemessages (which needs gettext) and then
runs this; a fresh machine needs neither, because the compiled .mo files are committed.
"""

import gettext
import io
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues() -> list[Path]:
    return sorted(
        Path(p) for base in settings.LOCALE_PATHS for p in Path(base).glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogue(po_path: Path) -> bytes:
    """The .mo bytes of one catalogue; fuzzy entries are left out, as msgfmt does."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def compiled_messages(data: bytes) -> dict:
    """What a .mo file translates, header included but for the compiler's version, which
    changes the bytes and nothing else: so a catalogue compiled by another release of Babel
    is still up to date."""
    messages = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)
    messages[""] = re.sub(r"(?m)^Generated-By:.*\n", "", messages.get("", ""))
    return messages


def is_up_to_date(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    return mo_path.exists() and compiled_messages(mo_path.read_bytes()) == compiled_messages(
        compile_catalogue(po_path)
    )


class Command(BaseCommand):
    help = "Compile every .po catalogue of the project into its .mo file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if a .mo file is missing or out of date."
        )

    def handle(self, *args, check: bool = False, **options):
        paths = catalogues()
        if not paths:
            raise CommandError("No catalogue found under LOCALE_PATHS.")
        stale = []
        for po_path in paths:
            mo_path = po_path.with_suffix(".mo")
            if is_up_to_date(po_path):
                continue
            if check:
                stale.append(str(mo_path))
                continue
            mo_path.write_bytes(compile_catalogue(po_path))
            self.stdout.write(f"compiled {mo_path}")
        if stale:
            raise CommandError("Out of date: " + ", ".join(stale))
