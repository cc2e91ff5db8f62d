"""Elections in the Pabulib format (pabulib.org) in and out of the budgets component.

An import creates, in one transaction, a budget with the file's envelope, its projects and
one cast order per ballot (`source=import`, the voter reference being the file's voter id),
with bulk inserts so that a city of thousands of ballots imports in seconds. An export writes
the cast votes of a budget back as a `.pb` file.
"""

from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palabre.components.budgets import services
from palabre.components.budgets.models import Budget, Order, OrderLine, Project
from palabre.components.budgets.money import parse_money
from palabre.components.budgets.voting_rules.pabulib import PBBallot, PBElection, PBProject
from palabre.core import services as core_services
from palabre.core.models import Organization, Space, User
from palabre.core.permissions import require
from palabre.core.settings_schema import global_settings
from palabre.core.translations import translated


def _election_title(meta: dict) -> str:
    parts = [
        meta.get("unit", ""),
        meta.get("subunit") or meta.get("district", ""),
        meta.get("instance", ""),
    ]
    return " ".join(part for part in parts if part) or meta.get("description", "Pabulib")


def _settings_for(election: PBElection, component) -> dict:
    """Settings that accept every ballot of the file: its length limits, costs ignored
    (a Pabulib approval ballot need not fit in the envelope); voting is over."""
    values = dict(global_settings(component))
    values.update(
        vote_rule="projects_range",
        min_projects=election.min_length or 1,
        max_projects=election.max_length or max(len(election.projects), 1),
    )
    return {
        "global": values,
        "default_step": {"voting": "finished", "announcement": {}},
        "steps": {
            step_id: {"voting": "finished"}
            for step_id in (component.settings or {}).get("steps", {})
        },
    }


def election_import(
    *,
    actor: User,
    organization: Organization,
    election: PBElection,
    process_slug: str = "",
    projects_only: bool = False,
) -> dict:
    """Import `election` into a process (created, or reused when `process_slug` exists).

    With `projects_only`, the ballots are left out: the budget and its projects are ready for
    a vote held on the platform (no votes, nothing selected).

    Returns the ids the command prints. Runs as `actor`, who must administer the
    organization: every space and component is created through the core services, which
    check that and leave their entries in the action log.
    """
    require(actor, "admin", organization)
    title = _election_title(election.meta)
    language = organization.default_locale
    slug = process_slug or slugify(title)[:80] or "pabulib"
    try:
        envelope = parse_money(str(election.budget), label=_("The budget"))
    except ValidationError as error:
        raise ValidationError(
            _("The file's budget: %(error)s") % {"error": error.messages[0]}
        ) from error
    with transaction.atomic():
        space = Space.objects.filter(organization=organization, kind="process", slug=slug).first()
        if space is None:
            space = core_services.space_create(
                actor=actor,
                organization=organization,
                kind="process",
                title={language: title[:200]},
                slug=slug,
            )
        component = space.components.filter(manifest_name="budgets").first()
        if component is None:
            component = core_services.component_create(
                actor=actor, space=space, manifest_name="budgets"
            )
            component = core_services.component_update(
                actor=actor, component=component, settings=_settings_for(election, component)
            )
        budget = services.budget_create(
            actor=actor,
            component=component,
            title={language: title[:200]},
            envelope=envelope,
            currency=election.meta.get("currency", "EUR")[:3] or "EUR",
            scope={
                language: (election.meta.get("subunit") or election.meta.get("district") or "")[
                    :200
                ]
            },
        )
        Budget.objects.filter(pk=budget.pk).update(pabulib_meta=election.meta)
        ballots = [] if projects_only else election.ballots
        votes = Counter(project_id for ballot in ballots for project_id in ballot.votes)
        projects = []
        errors = []
        for position, item in enumerate(election.projects):
            try:
                fields = services.project_fields_clean(
                    budget,
                    {
                        "title": {language: (item.name or item.id)[:300]},
                        "cost": str(item.cost),
                        "category": {language: (item.category or "")[:200]},
                        "external_id": item.id,
                        "latitude": item.latitude,
                        "longitude": item.longitude,
                    },
                )
            except ValidationError as error:
                errors.append(
                    _("Project %(id)s: %(errors)s")
                    % {"id": item.id, "errors": " ".join(error.messages)}
                )
                continue
            projects.append(
                Project(
                    budget=budget,
                    position=position,
                    votes_count=votes[item.id],
                    selected=bool(item.selected) and not projects_only,
                    **fields,
                )
            )
        if errors:
            raise ValidationError(errors)
        Project.objects.bulk_create(projects, batch_size=1000)
        by_external = dict(budget.projects.values_list("external_id", "pk"))
        now = timezone.now()
        orders = Order.objects.bulk_create(
            [
                Order(
                    budget=budget,
                    voter_reference=ballot.voter_id[:100],
                    source=Order.Source.IMPORT,
                    entered_by=actor,
                    checked_out_at=now,
                )
                for ballot in ballots
            ],
            batch_size=2000,
        )
        OrderLine.objects.bulk_create(
            [
                OrderLine(order=order, project_id=by_external[project_id])
                for order, ballot in zip(orders, ballots, strict=True)
                for project_id in ballot.votes
            ],
            batch_size=5000,
        )
        core_services.log_action(
            actor=actor,
            organization=organization,
            action="import_pabulib",
            resource=budget,
            space=space,
            data={"projects": len(projects), "ballots": len(orders)},
        )
    return {
        "process": space.slug,
        "component": component.pk,
        "budget": budget.pk,
        "projects": len(projects),
        "ballots": len(orders),
    }


def _plain_amount(amount: Decimal) -> Decimal:
    """`100000` rather than `100000.00`: whole amounts as whole numbers."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def budget_to_election(*, budget: Budget) -> PBElection:
    """The cast votes of `budget` as a Pabulib approval election.

    Projects keep their external id (their primary key when they have none); voters their
    reference, or an opaque `order-<id>` for online voters, who stay anonymous.
    """
    projects = list(budget.projects.order_by("position", "pk"))
    ids = {project.pk: project.external_id or str(project.pk) for project in projects}
    language = budget.component.space.organization.default_locale
    any_selected = any(project.selected for project in projects)
    items = [
        PBProject(
            id=ids[project.pk],
            cost=_plain_amount(project.cost),
            name=translated(project.title, language),
            category=translated(project.category, language) or None,
            votes=project.votes_count,
            selected=int(project.selected) if any_selected else None,
            latitude=project.latitude,
            longitude=project.longitude,
        )
        for project in projects
    ]
    references = dict(
        Order.objects.filter(budget=budget, checked_out_at__isnull=False).values_list(
            "pk", "voter_reference"
        )
    )
    from palabre.components.budgets.selectors import budget_ballots

    ballots = [
        PBBallot(
            voter_id=references.get(order_id) or f"order-{order_id}",
            votes=[ids[p] for p in sorted(chosen)],
        )
        for order_id, chosen in budget_ballots(budget=budget).items()
    ]
    meta = dict(budget.pabulib_meta or {})
    meta.setdefault("description", translated(budget.title, language))
    meta["budget"] = str(_plain_amount(budget.envelope))
    meta["vote_type"] = "approval"
    meta.setdefault("currency", budget.currency)
    return PBElection(meta=meta, projects=items, ballots=ballots)
