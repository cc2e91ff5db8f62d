"""The letters staff print: a CSV for a mail merge, and a PDF with one letter per page, each
in its recipient's language, addressed in the place a window envelope shows.

The PDF is drawn by WeasyPrint from HTML that holds no link to anything: its URL fetcher
refuses every address, so a name or an address typed by a participant can never make the
server fetch a resource.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from palabre.core.mail import organization_url
from palabre.verifications.methods.postal_letter.selectors import letter_printable

CSV_COLUMNS = ("reference", "name", "line1", "line2", "postal_code", "city", "code", "requested_at")


def letter_csv_rows(letters):
    """One dict per letter, for `core.exports.csv_lines`."""
    for letter in letters:
        printable = letter_printable(letter)
        yield {
            **{column: printable[column] for column in CSV_COLUMNS if column != "requested_at"},
            "requested_at": printable["requested_at"].isoformat(),
        }


def _language(user, organization) -> str:
    if user.locale and user.locale in organization.available_locales:
        return user.locale
    return organization.default_locale


def letters_pdf(*, organization, letters, validity_days: int) -> bytes:
    """A PDF with one page per letter."""
    from PIL import ImageFile
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Importing WeasyPrint tells Pillow, for the whole process, to accept truncated
    # pictures; uploads must still be refused when they cannot be read to the end
    # (`core.validators.validate_image`). The letters hold no picture.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    confirm_url = organization_url(organization, reverse("verifications:postal_letter:start"))
    pages = []
    for letter in letters:
        printable = letter_printable(letter)
        language = _language(printable["user"], organization)
        with translation.override(language):
            pages.append(
                render_to_string(
                    "verifications/postal_letter/letter.html",
                    {
                        "letter": printable,
                        "organization": organization,
                        "confirm_url": confirm_url,
                        "validity_days": validity_days,
                        "language": language,
                    },
                )
            )
    html = render_to_string(
        "verifications/postal_letter/letters.html",
        {"pages": [mark_safe(page) for page in pages], "organization": organization},
    )
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
