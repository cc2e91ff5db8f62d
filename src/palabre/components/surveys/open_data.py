"""What the open data archive publishes of surveys (`palabre.opendata`): the published
surveys, without their answers (see the module of the archive)."""

from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, text, url


def public_surveys(organization):
    from palabre.components.surveys.models import Survey

    return Survey.objects.filter(
        component__in=public_components(organization, "surveys"), published_at__isnull=False
    )


def survey_rows(organization):
    surveys = public_surveys(organization).select_related("component__space").order_by("pk")
    for survey in chunked(surveys):
        yield {
            "id": survey.pk,
            "space_id": survey.component.space_id,
            "title": text(survey.title, organization),
            "description": text(survey.description, organization, rich=True),
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "anonymous": survey.anonymous,
            "public_results": survey.public_results,
            "published_at": survey.published_at,
            "url": url(organization, survey),
        }


register_file(
    OpenDataFile(
        name="surveys",
        label=_("Surveys"),
        description=_(
            "The published surveys; their results, when public, are on each survey's page."
        ),
        columns=(
            ("id", _("The survey's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("description", _("Its description, as plain text")),
            ("opens_at", _("When it opens for answers, if it has a date")),
            ("closes_at", _("When it closes, if it has a date")),
            ("anonymous", _("Whether answers are anonymous")),
            ("public_results", _("Whether its results are shown to everyone on its page")),
            ("published_at", _("When it was published")),
            ("url", _("Its address on the site")),
        ),
        rows=survey_rows,
        position=70,
    )
)
