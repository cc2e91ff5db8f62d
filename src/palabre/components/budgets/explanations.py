"""Why each project won or lost, in sentences, from the explanations a counting rule stored.

The counting rules return codes and exact numbers (see `voting_rules.rules`), stored as plain
JSON on the result: amounts as text, per-voter amounts of the Method of Equal Shares as
fractions such as "250000/3". The sentences are made here, when a page is shown, so that they
follow the reader's language and the budget's currency.
"""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.components.budgets.models import Budget, BudgetResult
from palabre.components.budgets.money import CENT
from palabre.core.money import format_money


def _amount(value) -> Decimal:
    """An amount stored as text ("1200.50" or "250000/3"), to the cent."""
    exact = Fraction(str(value))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def explain_project(
    explanation: dict, *, budget: Budget, rule: str, tied_with: int = 0
) -> list[str]:
    """Sentences saying why the rule funded the project or not (none if nothing is known).

    `tied_with` is the number of other projects that had as many votes: the greedy order
    then depends on how ties are broken, which the reader is told.
    """
    if not explanation:
        return []
    if rule == BudgetResult.Rule.MES:
        return _explain_mes(explanation, budget)
    return _explain_greedy(explanation, budget, tied_with)


def _money(value, budget: Budget) -> str:
    return format_money(_amount(value), budget.currency)


def _votes(count: int) -> str:
    return ngettext("%(count)s vote", "%(count)s votes", count) % {"count": count}


def _tie_sentence(tied_with: int) -> str:
    return ngettext(
        "One other project had as many votes: projects with as many votes are considered in "
        "the order they were entered, the earliest first.",
        "%(count)s other projects had as many votes: projects with as many votes are "
        "considered in the order they were entered, the earliest first.",
        tied_with,
    ) % {"count": tied_with}


def _explain_greedy(explanation: dict, budget: Budget, tied_with: int = 0) -> list[str]:
    considered = _(
        "Ranked %(rank)s by votes (%(votes)s); it costs %(cost)s and %(left)s remained when "
        "its turn came."
    ) % {
        "rank": explanation["rank"],
        "votes": _votes(explanation["votes"]),
        "cost": _money(explanation["cost"], budget),
        "left": _money(explanation["remaining_budget"], budget),
    }
    sentences = [considered]
    if tied_with:
        sentences.append(_tie_sentence(tied_with))
    sentences.append(_greedy_verdict(explanation, explanation["cost"], budget))
    return sentences


def _greedy_verdict(step: dict, cost, budget: Budget) -> str:
    if step["status"] == "selected":
        return _("Selected.")
    return _("Did not fit: it costs %(cost)s, only %(left)s remained.") % {
        "cost": _money(cost, budget),
        "left": _money(step["remaining_budget"], budget),
    }


def _explain_mes(explanation: dict, budget: Budget) -> list[str]:
    status = explanation["status"]
    sentences = [
        _("%(votes)s; it costs %(cost)s.")
        % {"votes": _votes(explanation["votes"]), "cost": _money(explanation["cost"], budget)}
    ]
    purchase = explanation.get("purchase")
    if status == "selected_free":
        sentences.append(_("Selected: it costs nothing and people voted for it."))
    elif purchase:
        sentences.append(
            _(
                "Bought by its supporters in round %(round)s of the equal shares: each paid at "
                "most %(price)s."
            )
            % {"round": purchase["round"], "price": _money(purchase["price_per_voter"], budget)}
        )
    rejection = explanation.get("rejection")
    if rejection and rejection.get("reason") == "no_supporters":
        sentences.append(_("Nobody voted for it, so the equal shares could not buy it."))
    elif rejection:
        sentences.append(
            _(
                "Its supporters did not have enough money left: together they held "
                "%(funds)s of their equal shares."
            )
            % {"funds": _money(rejection["supporters_funds"], budget)}
        )
    completion = explanation.get("completion")
    if completion and completion["status"] == "selected":
        sentences.append(
            _(
                "Added by the completion step (most voted first with the money left): "
                "%(left)s remained, enough for its cost."
            )
            % {"left": _money(completion["remaining_budget"], budget)}
        )
    elif completion:
        sentences.append(
            _("The completion step could not add it: %(verdict)s")
            % {"verdict": _greedy_verdict(completion, explanation["cost"], budget)}
        )
    return sentences


def _ties() -> str:
    return _(
        "Projects with as many votes are considered in the order they were entered, the "
        "earliest first."
    )


def explain_summary(result: BudgetResult, *, budget: Budget) -> list[str]:
    """Sentences about the whole count: how the rule went through the projects, how ties
    were broken, the equal shares' budget per voter."""
    summary = result.summary or {}
    if result.rule != BudgetResult.Rule.MES:
        return [
            _(
                "Projects were considered from the most voted to the least voted; each was "
                "selected if its cost fit in the money left."
            ),
            _ties(),
        ]
    if not summary:
        return [_ties()]
    sentences = [
        _(
            "Each voter started with an equal share of %(initial)s; the count kept a budget "
            "of %(final)s per voter."
        )
        % {
            "initial": _money(summary["initial_budget_per_voter"], budget),
            "final": _money(summary["budget_per_voter"], budget),
        }
    ]
    if summary.get("completed"):
        sentences.append(_("Projects were then added with the money left, most voted first."))
    sentences.append(_ties())
    return sentences


def _rank(explanation: dict) -> int | None:
    """The position at which greedy (or the completion of the equal shares) considered the
    project, a number: a table in that order never puts rank 10 before rank 9."""
    rank = explanation.get("rank")
    if rank is None:
        rank = (explanation.get("completion") or {}).get("rank")
    return int(rank) if rank is not None else None


def result_rows(result: BudgetResult, projects: list, *, budget: Budget) -> list[dict]:
    """One row per project for a results table: selected ones first in selection order, then
    the others in the order the rule considered them (by rank, a number), then by votes."""
    order = {pk: position for position, pk in enumerate(result.selected_projects)}
    explanations = {
        project.pk: result.explanations.get(str(project.pk)) or {} for project in projects
    }
    votes = {
        project.pk: explanations[project.pk].get("votes", project.votes_count)
        for project in projects
    }
    same_votes = Counter(votes.values())
    rows = []
    for project in projects:
        explanation = explanations[project.pk]
        rows.append(
            {
                "project": project,
                "cost": format_money(project.cost, budget.currency),
                "votes": votes[project.pk],
                "selected": project.pk in order,
                "rank": _rank(explanation),
                "why": explain_project(
                    explanation,
                    budget=budget,
                    rule=result.rule,
                    tied_with=same_votes[votes[project.pk]] - 1,
                ),
            }
        )
    unranked = len(projects) + 1
    rows.sort(
        key=lambda row: (
            order.get(row["project"].pk, len(order)),
            row["rank"] if row["rank"] is not None else unranked,
            -row["votes"],
            row["project"].pk,
        )
    )
    return rows
