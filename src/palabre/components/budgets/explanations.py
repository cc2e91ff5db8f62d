"""Why each project won or lost, in sentences, from the explanations a counting rule stored.

The counting rules return codes and exact numbers (see `voting_rules.rules`), stored as plain
JSON on the result: amounts as text, per-voter amounts of the Method of Equal Shares as
fractions such as "250000/3". The sentences are made here, when a page is shown, so that they
follow the reader's language and the budget's currency.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.components.budgets.models import Budget, BudgetResult
from palabre.components.budgets.money import CENT, format_money


def _amount(value) -> Decimal:
    """An amount stored as text ("1200.50" or "250000/3"), to the cent."""
    exact = Fraction(str(value))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def explain_project(explanation: dict, *, budget: Budget, rule: str) -> list[str]:
    """Sentences saying why the rule funded the project or not (none if nothing is known)."""
    if not explanation:
        return []
    if rule == BudgetResult.Rule.MES:
        return _explain_mes(explanation, budget)
    return _explain_greedy(explanation, budget)


def _money(value, budget: Budget) -> str:
    return format_money(_amount(value), budget.currency)


def _votes(count: int) -> str:
    return ngettext("%(count)s vote", "%(count)s votes", count) % {"count": count}


def _explain_greedy(explanation: dict, budget: Budget) -> list[str]:
    considered = _(
        "Ranked %(rank)s by votes (%(votes)s); it costs %(cost)s and %(left)s remained when "
        "its turn came."
    ) % {
        "rank": explanation["rank"],
        "votes": _votes(explanation["votes"]),
        "cost": _money(explanation["cost"], budget),
        "left": _money(explanation["remaining_budget"], budget),
    }
    return [considered, _greedy_verdict(explanation, explanation["cost"], budget)]


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


def explain_summary(result: BudgetResult, *, budget: Budget) -> list[str]:
    """Sentences about the whole count, such as the equal shares' budget per voter."""
    summary = result.summary or {}
    if result.rule != BudgetResult.Rule.MES or not summary:
        return []
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
    return sentences


def result_rows(result: BudgetResult, projects: list, *, budget: Budget) -> list[dict]:
    """One row per project for a results table: selected ones first in selection order, then
    the others by votes."""
    order = {pk: position for position, pk in enumerate(result.selected_projects)}
    rows = []
    for project in projects:
        explanation = result.explanations.get(str(project.pk)) or {}
        rows.append(
            {
                "project": project,
                "cost": format_money(project.cost, budget.currency),
                "votes": explanation.get("votes", project.votes_count),
                "selected": project.pk in order,
                "why": explain_project(explanation, budget=budget, rule=result.rule),
            }
        )
    rows.sort(
        key=lambda row: (order.get(row["project"].pk, len(order)), -row["votes"], row["project"].pk)
    )
    return rows
