"""The surveys component type: questionnaires people answer, with results and exports."""

import random
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from palabre.components.surveys import search as component_search
from palabre.components.surveys.permissions import permission
from palabre.core.components import component_url
from palabre.core.registry import ComponentManifest, PermissionResources, components
from palabre.core.settings_schema import Setting
from palabre.notifications.events import register_event, register_event_group

register_event_group("surveys", _("Surveys"))
register_event("surveys.opened", _("A survey opens"), _("A survey is open: “%(title)s”"))


def _surveys_of(component):
    from palabre.components.surveys.models import Survey

    return Survey.objects.filter(component=component).order_by("pk")


def _survey_of(resource):
    """The survey whose own action permissions apply to `resource` (itself)."""
    from palabre.components.surveys.models import Survey

    return (Survey, resource.pk) if isinstance(resource, Survey) else None


def stats(component_list: list) -> dict[str, int]:
    from palabre.components.surveys.models import Survey
    from palabre.forms.models import Response

    published = Survey.objects.filter(component__in=component_list, published_at__isnull=False)
    return {
        "surveys": published.count(),
        "survey_answers": Response.objects.filter(form__survey__in=published.values("pk")).count(),
    }


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.surveys.models import Survey

    by_id = {component.pk: component for component in component_list}
    rows = (
        Survey.objects.filter(component__in=component_list, published_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "component_id", "public_results")
    )
    for survey_id, component_id, public_results in rows:
        yield component_url(by_id[component_id], "survey", pk=survey_id)
        if public_results:
            yield component_url(by_id[component_id], "results", pk=survey_id)


def export_rows(component) -> Iterable[dict]:
    from palabre.components.surveys.exports import public_result_rows

    return public_result_rows(component)


def seed(component, users=()) -> None:
    from palabre.components.surveys.seeds import seed_surveys

    seed_surveys(component, rng=random.Random(component.pk))


manifest = components.register(
    ComponentManifest(
        name="surveys",
        label=_("Surveys"),
        description=_(
            "Questionnaires: short or long answers, choices, rankings, grids, scales, files, "
            "questions shown on conditions; results with charts and exports."
        ),
        global_settings=(
            Setting(
                "unregistered_answers_per_hour",
                "integer",
                30,
                label=_("Answers per hour from one connection, without an account"),
                help_text=_(
                    "For surveys open to people without an account: a limit against robots. "
                    "A public terminal at an event needs a higher one. 0: no limit."
                ),
                min_value=0,
                max_value=100000,
            ),
        ),
        step_settings=(
            Setting(
                "answers_enabled",
                "boolean",
                True,
                label=_("Surveys take answers"),
                help_text=_("Each survey also follows its own opening and closing dates."),
            ),
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                help_text=_("Shown above the surveys while this step is active."),
                rich=True,
            ),
        ),
        actions=(("answer", _("Answer a survey")),),
        permission=permission,
        # One survey may require other verifications than the others of the component.
        permission_resources=PermissionResources(
            label=_("Surveys"), list=_surveys_of, of=_survey_of
        ),
        public_urls="palabre.components.surveys.urls",
        admin_urls="palabre.components.surveys.admin_urls",
        stats=stats,
        stat_labels={"surveys": _("Surveys"), "survey_answers": _("Answers to surveys")},
        # Public data only: the results of the surveys whose results are public, one row
        # per option (answers themselves are exported survey by survey in the backoffice).
        exports={"csv": export_rows, "xlsx": export_rows, "json": export_rows},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="surveys",
    )
)
