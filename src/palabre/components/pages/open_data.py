"""What the open data archive publishes of pages (`palabre.opendata`)."""

from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, text, url


def public_pages(organization):
    from palabre.components.pages.models import Page

    return Page.objects.filter(component__in=public_components(organization, "pages"))


def page_rows(organization):
    for page in chunked(
        public_pages(organization).select_related("component__space").order_by("pk")
    ):
        yield {
            "id": page.pk,
            "space_id": page.component.space_id,
            "title": text(page.title, organization),
            "body": text(page.body, organization, rich=True),
            "updated_at": page.updated_at,
            "url": url(organization, page),
        }


register_file(
    OpenDataFile(
        name="pages",
        label=_("Pages"),
        description=_("The pages of text of the spaces."),
        columns=(
            ("id", _("The page's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("body", _("Its text, as plain text")),
            ("updated_at", _("When it was last changed")),
            ("url", _("Its address on the site")),
        ),
        rows=page_rows,
        position=50,
    )
)
