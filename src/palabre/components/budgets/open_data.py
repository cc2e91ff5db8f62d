"""What the open data archive publishes of budgets (`palabre.opendata`): the projects, with
their votes once a result is published."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, text, url


def public_projects(organization):
    from palabre.components.budgets.models import Project
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Project.objects.filter(budget__component__in=public_components(organization, "budgets"))
    )


def project_rows(organization):
    from palabre.components.budgets.models import BudgetResult

    published = BudgetResult.objects.filter(
        budget=OuterRef("budget"), published_at__isnull=False, status=BudgetResult.Status.READY
    )
    projects = (
        public_projects(organization)
        .annotate(results_published=Exists(published))
        .select_related("budget__component__space")
        .order_by("pk")
    )
    for project in chunked(projects):
        budget = project.budget
        yield {
            "id": project.pk,
            "space_id": budget.component.space_id,
            "budget_id": budget.pk,
            "budget": text(budget.title, organization),
            "title": text(project.title, organization),
            "description": text(project.description, organization, rich=True),
            "category": text(project.category, organization),
            "cost": project.cost,
            "currency": budget.currency,
            "address": project.address,
            "latitude": project.latitude,
            "longitude": project.longitude,
            "results_published": project.results_published,
            "votes_count": project.votes_count if project.results_published else "",
            "selected": project.selected if project.results_published else "",
            "url": url(organization, project),
        }


register_file(
    OpenDataFile(
        name="budget_projects",
        label=_("Budget projects"),
        description=_(
            "The projects of the participatory budgets, with their votes once the budget's "
            "result is published."
        ),
        columns=(
            ("id", _("The project's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("budget_id", _("The number of its budget")),
            ("budget", _("The title of its budget")),
            ("title", _("Its title")),
            ("description", _("Its description, as plain text")),
            ("category", _("Its category, if it has one")),
            ("cost", _("Its cost")),
            ("currency", _("The currency of the cost")),
            ("address", _("Its address, if given")),
            ("latitude", _("The latitude of that address")),
            ("longitude", _("The longitude of that address")),
            ("results_published", _("Whether the budget's result is published")),
            ("votes_count", _("Its number of votes; empty until the result is published")),
            ("selected", _("Whether it was selected; empty until the result is published")),
            ("url", _("Its address on the site")),
        ),
        rows=project_rows,
        resources=public_projects,
        position=20,
    )
)
