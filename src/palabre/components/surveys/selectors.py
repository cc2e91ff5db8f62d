"""Reads of the surveys component. The component itself was checked visible by the caller."""

from django.db.models import Count, Q
from django.http import Http404

from palabre.components.surveys.models import Survey
from palabre.components.surveys.services import respondent_of
from palabre.core.models import Component, Organization
from palabre.core.permissions import can
from palabre.forms.models import Response


def _attach(surveys, component: Component) -> list[Survey]:
    surveys = list(surveys)
    for survey in surveys:
        survey.component = component
    return surveys


def survey_list_published(*, component: Component) -> list[Survey]:
    return _attach(
        Survey.objects.filter(component=component, published_at__isnull=False).order_by("id"),
        component,
    )


def survey_get(*, component: Component, user, survey_id: int) -> Survey:
    """A survey of this component the person may see (unpublished: the space's staff);
    anything else is a 404, like a missing one."""
    survey = Survey.objects.filter(component=component, pk=survey_id).select_related("form").first()
    if survey is None:
        raise Http404
    survey.component = component
    survey.form.component = component
    if not survey.is_published and not can(user, "read_admin", component):
        raise Http404
    return survey


def answered_survey_ids(*, surveys: list[Survey], user, session_key: str | None) -> set[int]:
    """The surveys among `surveys` the person (or this browser) answered, in one query."""
    keys = {
        survey.form_id: respondent_of(survey, user=user, session_key=session_key)
        for survey in surveys
    }
    condition = Q()
    for form_id, respondent in keys.items():
        if respondent:
            condition |= Q(form_id=form_id, respondent=respondent)
    if not condition:
        return set()
    answered_forms = set(Response.objects.filter(condition).values_list("form_id", flat=True))
    return {survey.pk for survey in surveys if survey.form_id in answered_forms}


def backoffice_list(*, component: Component) -> list[Survey]:
    """Every survey of the component with its number of answers (one query)."""
    return _attach(
        Survey.objects.filter(component=component)
        .annotate(answers_count=Count("form__responses"))
        .order_by("id"),
        component,
    )


def copy_sources(*, user, organization: Organization, exclude: Survey) -> list[Survey]:
    """Surveys of the organization whose questions the person may copy: those of the spaces
    whose administration they may read."""
    surveys = (
        Survey.objects.filter(component__space__organization=organization)
        .exclude(pk=exclude.pk)
        .select_related("component__space")
        .order_by("-id")
    )
    return [survey for survey in surveys if can(user, "read_admin", survey.component)]
