"""Reads of the budgets component. The component itself was checked visible by the caller.

Pages read a constant number of queries whatever the number of projects: counters are kept
by the services (`Project.votes_count`) and a basket is read in one query.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Mod, TruncDate
from django.http import Http404

from palabre.components.budgets.models import Budget, BudgetResult, Order, OrderLine, Project
from palabre.components.budgets.voting_rules.rules import greedy, method_of_equal_shares
from palabre.core import structure
from palabre.core.models import Component
from palabre.core.prepared import Prepared
from palabre.core.translations import translated

PROJECT_SORTS = ("random", "title", "cost_asc", "cost_desc", "votes")


def budget_list(*, component: Component) -> list[Budget]:
    """The budgets in their order, with their number of projects."""
    budgets = list(
        Budget.objects.filter(component=component)
        .annotate(projects_total=Count("projects"))
        .order_by("position", "id")
    )
    for budget in budgets:
        budget.component = component
    return budgets


def budget_get(*, component: Component, budget_id: int) -> Budget:
    """A budget of this component; one of any other component is a 404, like a missing one."""
    budget = structure.cached(
        ("budget", component.pk, budget_id),
        lambda: Budget.objects.filter(component_id=component.pk, pk=budget_id).first(),
    )
    if budget is None:
        raise Http404
    budget.component = component
    return budget


def project_categories(*, budget: Budget, languages: list[str]) -> list[tuple[str, str]]:
    """The categories of the budget's projects, for a filter: `(key, name)` pairs, the key
    being the category's text in the organization's default language (`languages[0]`), the
    name its text in the reader's."""
    categories: dict[str, str] = {}
    for names in budget.projects.values_list("category", flat=True).distinct():
        key = translated(names, languages[0])
        if key:
            categories.setdefault(key, translated(names, fallback=languages[0]))
    return sorted(categories.items(), key=lambda item: item[1].casefold())


def project_list(
    *,
    budget: Budget,
    languages: list[str],
    category: str = "",
    query: str = "",
    sort: str = "random",
    seed: int = 0,
) -> QuerySet[Project]:
    """Projects of a budget, filtered and sorted.

    "random" is a shuffle that stays the same for one visitor (same `seed`) from page to
    page, so that no project always comes first and paging never repeats or skips one.
    """
    projects = Project.objects.filter(budget=budget)
    if category:
        # Categories are named by their text in the default language (`project_categories`).
        projects = projects.filter(**{f"category__{languages[0]}": category})
    query = query.strip()
    if query:
        # Each language's text, read out of the JSON: searching the raw JSON would miss
        # accented letters, which it stores escaped.
        matches = Q()
        for code in languages:
            matches |= Q(**{f"title_{code}__icontains": query})
            matches |= Q(**{f"description_{code}__icontains": query})
        projects = projects.annotate(
            **{f"title_{code}": KeyTextTransform(code, "title") for code in languages},
            **{f"description_{code}": KeyTextTransform(code, "description") for code in languages},
        ).filter(matches)
    if sort == "title":
        language = languages[0] if languages else "fr"
        projects = projects.annotate(sort_title=KeyTextTransform(language, "title")).order_by(
            "sort_title", "pk"
        )
    elif sort == "cost_asc":
        projects = projects.order_by("cost", "pk")
    elif sort == "cost_desc":
        projects = projects.order_by("-cost", "pk")
    elif sort == "votes":
        projects = projects.order_by("-votes_count", "pk")
    else:
        projects = projects.annotate(
            shuffle=Mod(F("pk") * Value(7919) + Value(seed % 100_003), Value(100_003))
        ).order_by("shuffle", "pk")
    return projects


def project_get(*, budget: Budget, project_id: int) -> Project:
    project = Project.objects.filter(budget=budget, pk=project_id).first()
    if project is None:
        raise Http404
    project.budget = budget
    return project


# Compiled once per number of ids (`palabre.core.prepared`): every vote reads its projects.
_PROJECTS_BY_IDS = Prepared(
    lambda budget, ids: Project.objects.filter(budget_id=budget, pk__in=ids).only(
        "id", "budget_id", "title", "cost", "position"
    )
)


def projects_by_ids(*, budget: Budget, project_ids: list[int]) -> list[Project]:
    """The projects of `budget` among `project_ids`, in the order given; 404 if one is not.

    Only what adding them to a basket needs is read (title, cost, position): the other fields
    are loaded on first use.
    """
    wanted = list(dict.fromkeys(project_ids))
    if any(not -(2**63) <= pk < 2**63 for pk in wanted):
        raise Http404  # beyond what a database id can hold
    found = {p.pk: p for p in _PROJECTS_BY_IDS.objects(budget=budget.pk, ids=wanted)}
    if len(found) != len(wanted):
        raise Http404
    for project in found.values():
        project.budget = budget
    return [found[pk] for pk in wanted]


@dataclass
class Basket:
    """What a person has chosen in one budget."""

    order: Order | None = None
    project_ids: set[int] = field(default_factory=set)
    total: Decimal = Decimal(0)

    @property
    def count(self) -> int:
        return len(self.project_ids)

    @property
    def checked_out(self) -> bool:
        return self.order is not None and self.order.is_checked_out


def basket_get(*, user, budget: Budget) -> Basket:
    """The person's basket in `budget` (empty for visitors), in one query."""
    if not getattr(user, "is_authenticated", False):
        return Basket()
    rows = list(
        Order.objects.filter(budget=budget, user=user).values_list(
            "pk", "checked_out_at", "lines__project_id", "lines__project__cost"
        )
    )
    if not rows:
        return Basket()
    order = Order(pk=rows[0][0], budget=budget, user=user, checked_out_at=rows[0][1])
    lines = {(project_id, cost) for _pk, _at, project_id, cost in rows if project_id}
    return Basket(
        order=order,
        project_ids={project_id for project_id, _cost in lines},
        total=sum((cost for _p, cost in lines), Decimal(0)),
    )


def orders_by_budget(*, user, component: Component) -> dict[int, Order]:
    """The person's orders in every budget of the component, by budget id."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        order.budget_id: order
        for order in Order.objects.filter(user=user, budget__component=component).annotate(
            lines_total=Count("lines")
        )
    }


def budget_recount(*, budget: Budget) -> dict[int, int]:
    """Votes per project counted again from the cast orders (every project, zeros included).

    The services keep `Project.votes_count`; this proves them right.
    """
    counts = dict.fromkeys(budget.projects.values_list("pk", flat=True), 0)
    for project_id, votes in (
        OrderLine.objects.filter(order__budget=budget, order__checked_out_at__isnull=False)
        .values("project_id")
        .annotate(votes=Count("pk"))
        .values_list("project_id", "votes")
    ):
        counts[project_id] = votes
    return counts


def budget_ballots(*, budget: Budget) -> dict[int, set[int]]:
    """The project ids of every cast order, by order id."""
    ballots: dict[int, set[int]] = {}
    for order_id, project_id in (
        OrderLine.objects.filter(order__budget=budget, order__checked_out_at__isnull=False)
        .order_by("order_id")
        .values_list("order_id", "project_id")
        .iterator(chunk_size=5000)
    ):
        ballots.setdefault(order_id, set()).add(project_id)
    return ballots


@dataclass(frozen=True)
class _Candidate:
    id: str
    cost: Decimal


def rule_id(pk: int) -> str:
    """A project's id as the counting rules know it (see `budget_outcome`)."""
    return f"{pk:020d}"


def budget_outcome(*, budget: Budget, rule: str):
    """Run a counting rule over the cast votes: `(Outcome, number of voters)`.

    Projects are known to the rules by their primary key as text, padded with zeros
    (`rule_id`): the rules break ties of votes by id compared as text, as pabutools does, and
    padded ids compare as numbers, so projects with as many votes go in the order they were
    entered (project 9 before project 10). `int()` reads them back.
    """
    candidates = [
        _Candidate(rule_id(pk), cost)
        for pk, cost in budget.projects.order_by("pk").values_list("pk", "cost")
    ]
    ballots = [
        {rule_id(p) for p in projects} for projects in budget_ballots(budget=budget).values()
    ]
    count = method_of_equal_shares if rule == BudgetResult.Rule.MES else greedy
    return count(candidates, ballots, budget.envelope), len(ballots)


def _published_results(budget: Budget):
    return BudgetResult.objects.filter(
        budget=budget, published_at__isnull=False, status=BudgetResult.Status.READY
    )


def result_published(*, budget: Budget) -> BudgetResult | None:
    return _published_results(budget).first()


def result_is_published(*, budget: Budget) -> bool:
    return _published_results(budget).exists()


@dataclass
class Participation:
    baskets_started: int
    votes_cast: int
    online: int
    paper: int
    imported: int


def budget_participation(*, budget: Budget) -> Participation:
    """Live figures of one budget for the backoffice, in one query."""
    return budgets_participation(budgets=[budget])[budget.pk]


def budgets_participation(*, budgets: list[Budget]) -> dict[int, Participation]:
    """Live figures of several budgets, by budget id, in one query whatever their number
    (per-project votes are on the projects)."""
    cast = Q(checked_out_at__isnull=False)
    rows = (
        Order.objects.filter(budget__in=[budget.pk for budget in budgets])
        .values("budget_id")
        .annotate(
            started=Count(
                "pk", filter=Q(checked_out_at__isnull=True, lines__isnull=False), distinct=True
            ),
            cast=Count("pk", filter=cast, distinct=True),
            online=Count("pk", filter=cast & Q(source="online"), distinct=True),
            paper=Count("pk", filter=cast & Q(source="paper"), distinct=True),
            imported=Count("pk", filter=cast & Q(source="import"), distinct=True),
        )
        .order_by()
    )
    figures = {budget.pk: Participation(0, 0, 0, 0, 0) for budget in budgets}
    for row in rows:
        figures[row["budget_id"]] = Participation(
            baskets_started=row["started"],
            votes_cast=row["cast"],
            online=row["online"],
            paper=row["paper"],
            imported=row["imported"],
        )
    return figures


def budget_votes_per_day(*, budget: Budget) -> list[tuple]:
    """Votes cast now standing, by the day they were cast (in the site's time zone), oldest
    first, in one query. A withdrawn vote is counted on the day it was cast again."""
    return list(
        Order.objects.filter(budget=budget, checked_out_at__isnull=False)
        .annotate(day=TruncDate("checked_out_at"))
        .values("day")
        .annotate(votes=Count("pk"))
        .order_by("day")
        .values_list("day", "votes")
    )
