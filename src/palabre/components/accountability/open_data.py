"""What the open data archive publishes of accountability (`palabre.opendata`): the results
with their progress."""

from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, text, url


def public_results(organization):
    from palabre.components.accountability.models import Result
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Result.objects.filter(component__in=public_components(organization, "accountability"))
    )


def result_rows(organization):
    results = (
        public_results(organization).select_related("component__space", "status").order_by("pk")
    )
    for result in chunked(results):
        yield {
            "id": result.pk,
            "space_id": result.component.space_id,
            "parent_id": result.parent_id,
            "title": text(result.title, organization),
            "description": text(result.description, organization, rich=True),
            "category": text(result.category, organization),
            "status": text(result.status.name, organization) if result.status else "",
            "progress": result.progress,
            "start_date": result.start_date,
            "end_date": result.end_date,
            "address": result.address,
            "latitude": result.latitude,
            "longitude": result.longitude,
            "url": url(organization, result),
        }


register_file(
    OpenDataFile(
        name="results",
        label=_("Results"),
        description=_("The follow-up of decisions: each result, its status and its progress."),
        columns=(
            ("id", _("The result's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("parent_id", _("The number of the result it is part of, if any")),
            ("title", _("Its title")),
            ("description", _("Its description, as plain text")),
            ("category", _("Its category, if it has one")),
            ("status", _("Its status, in words")),
            ("progress", _("Its progress, in percent")),
            ("start_date", _("When it starts, if known")),
            ("end_date", _("When it ends, if known")),
            ("address", _("Its address, if given")),
            ("latitude", _("The latitude of that address")),
            ("longitude", _("The longitude of that address")),
            ("url", _("Its address on the site")),
        ),
        rows=result_rows,
        resources=public_results,
        position=30,
    )
)
