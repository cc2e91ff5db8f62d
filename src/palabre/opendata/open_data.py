"""The participatory spaces themselves: the first file of the open data archive."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import space_types
from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_spaces, text, url


def space_rows(organization):
    for space in chunked(public_spaces(organization).order_by("pk")):
        space_type = space_types.get(space.kind)
        yield {
            "id": space.pk,
            "kind": space.kind,
            "kind_label": space_type.label if space_type else space.kind,
            "title": text(space.title, organization),
            "subtitle": text(space.subtitle, organization),
            "description": text(space.description, organization, rich=True),
            "reference": space.reference_code,
            "start_date": space.start_date,
            "end_date": space.end_date,
            "published_at": space.published_at,
            "url": url(organization, space),
        }


register_file(
    OpenDataFile(
        name="spaces",
        label=_("Participatory spaces"),
        description=_("The published participatory processes and assemblies that are not private."),
        columns=(
            ("id", _("The space's number, which the other files name in their space_id column")),
            ("kind", _("The kind of space (process, assembly…), as a key")),
            ("kind_label", _("The kind of space, in words")),
            ("title", _("Its title")),
            ("subtitle", _("Its subtitle")),
            ("description", _("Its description, as plain text")),
            ("reference", _("Its reference code, if it has one")),
            ("start_date", _("When it starts, if it has dates")),
            ("end_date", _("When it ends, if it has dates")),
            ("published_at", _("When it was published")),
            ("url", _("Its address on the site")),
        ),
        rows=space_rows,
        position=0,
    )
)
