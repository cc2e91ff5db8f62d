"""Reference engine for one run of the Method of Equal Shares, in exact rational arithmetic.

This is the plain definition of MES for approval ballots with *cost satisfaction* (a voter's
satisfaction with a project is its cost when she approves it), which is what pabutools'
``method_of_equal_shares(sat_class=Cost_Sat)`` computes:

* every voter starts with the same budget ``b0``;
* a project ``p`` of cost ``c`` is *affordable* while its supporters still hold at least ``c``
  in total;
* the price of an affordable project is the smallest ``q`` such that the supporters pay ``c``
  when each pays ``min(own remaining budget, q)``; with cost satisfaction, pabutools ranks
  projects by ``rho = q / c`` (money per unit of satisfaction), smallest first, and breaks
  ties by the project id compared as a *string* (pabutools' lexicographic tie-breaking on
  project names);
* the winner is bought, each supporter paying ``min(budget, q)``; this repeats until no
  project is affordable.

Projects nobody approves are never selected by MES, and neither are projects of cost zero:
with cost satisfaction they bring no satisfaction at all (pabutools leaves them out of MES;
its greedy completion ranks them last, see ``rules``).

Everything is computed with ``int`` and :class:`~fractions.Fraction`, so every comparison is
exact. It is simple and slow: the fast engine (``_mes_fast``) must agree with it, and it is
used directly for small elections or when numpy is not installed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ._instance import Instance


@dataclass(frozen=True)
class RoundRecord:
    """What happened in one MES round (amounts are scaled, see ``Instance.scale``).

    ``q`` is the price per voter; ``full_payers`` voters paid exactly ``q``,
    ``partial_payers`` paid their whole remaining budget (less than ``q``) and
    ``broke_supporters`` had nothing left and paid nothing.
    """

    project: int
    q: Fraction
    full_payers: int
    partial_payers: int
    broke_supporters: int


class MESRun:
    """Interface of the result of one MES run at a given per-voter budget."""

    selected: list[int]

    def rounds(self) -> list[RoundRecord]:  # pragma: no cover - interface
        """The purchases, in order."""
        raise NotImplementedError

    def final_funds(self) -> dict[int, Fraction]:  # pragma: no cover - interface
        """Money the supporters of each approved, unselected project hold at the end."""
        raise NotImplementedError


def supporters_by_project(inst: Instance) -> list[list[int]]:
    """For each project, the ballot types approving it."""
    result: list[list[int]] = [[] for _ in inst.ids]
    for t, ballot in enumerate(inst.types):
        for p in ballot:
            result[p].append(t)
    return result


def eligible_projects(inst: Instance) -> list[int]:
    """Projects MES competes on: approved by someone and costing something.

    A free project brings no cost satisfaction, so pabutools' MES skips it (its total
    satisfaction is zero), as it skips projects nobody approves.
    """
    return [p for p in range(len(inst.ids)) if inst.approvals[p] > 0 and inst.costs[p] > 0]


class ExactRun(MESRun):
    """One MES run computed exactly.

    Budgets are kept as integers over a common denominator ``den`` (all budgets are
    ``budgets[t] / den``), rescaled when a price brings a new factor: comparisons and sums
    are then integer operations, much cheaper than fraction arithmetic.
    """

    def __init__(self, inst: Instance, b0: Fraction) -> None:
        supporters = supporters_by_project(inst)
        weights = inst.weights
        support = inst.approvals
        costs = inst.costs
        eligible = eligible_projects(inst)
        den = b0.denominator
        budgets = [b0.numerator] * len(inst.types)
        # rho can only grow during a run (budgets only shrink), so the last computed value
        # is a lower bound; at the start q >= c / support, so rho >= 1 / support.
        lower: dict[int, Fraction] = {p: Fraction(1, support[p]) for p in eligible}
        remaining = set(eligible)
        rounds: list[RoundRecord] = []
        while True:
            best_rho: Fraction | None = None
            best_price: tuple[int, int] = (0, 1)
            tied: list[int] = []
            for p in sorted(remaining, key=lambda p: (lower[p], inst.ids[p])):
                if best_rho is not None and lower[p] > best_rho:
                    break
                cost = costs[p] * den
                items = sorted((budgets[t], weights[t]) for t in supporters[p])
                if sum(b * w for b, w in items) < cost:
                    remaining.discard(p)  # cannot become affordable again this run
                    continue
                num, left = _price(items, cost)
                # price = num / (left * den); rho = price / cost
                rho = Fraction(num, left * den * costs[p])
                lower[p] = rho
                if best_rho is None or rho < best_rho:
                    best_rho, tied = rho, [p]
                    best_price = (num, left)
                elif rho == best_rho:
                    tied.append(p)
            if best_rho is None:
                break
            winner = min(tied, key=lambda p: inst.ids[p])
            remaining.discard(winner)
            if winner != tied[0]:
                best_price = _price(
                    sorted((budgets[t], weights[t]) for t in supporters[winner]),
                    costs[winner] * den,
                )
            q = Fraction(best_price[0], best_price[1] * den)
            # Bring every budget over a denominator that the price shares.
            new_den = math.lcm(den, q.denominator)
            if new_den != den:
                factor = new_den // den
                budgets = [b * factor for b in budgets]
                den = new_den
            q_num = q.numerator * (den // q.denominator)
            full = partial = broke = 0
            for t in supporters[winner]:
                b = budgets[t]
                if b >= q_num:
                    budgets[t] = b - q_num
                    full += weights[t]
                elif b > 0:
                    budgets[t] = 0
                    partial += weights[t]
                else:
                    broke += weights[t]
            rounds.append(RoundRecord(winner, q, full, partial, broke))
        self.selected = [r.project for r in rounds]
        self._rounds = rounds
        # At the end every approved, unselected project is unaffordable: record how much
        # its supporters still hold.
        chosen = set(self.selected)
        self._funds = {
            p: Fraction(sum(budgets[t] * weights[t] for t in supporters[p]), den)
            for p in eligible
            if p not in chosen
        }

    def rounds(self) -> list[RoundRecord]:
        return list(self._rounds)

    def final_funds(self) -> dict[int, Fraction]:
        return dict(self._funds)


def _price(items: list[tuple[int, int]], cost: int) -> tuple[int, int]:
    """Smallest q with sum(w * min(b, q)) == cost, for budgets sorted in increasing order.

    Returns q as ``(numerator, denominator)`` (not reduced): q = numerator / denominator.
    Walking from the poorest supporter: if the price shared by everyone not yet counted is
    within the current supporter's budget, it is the answer; otherwise that supporter pays
    all she has and the rest of the cost is shared by the richer ones. The caller checked
    that the supporters hold at least ``cost`` in total, so the walk always ends.
    """
    paid = 0
    left = sum(w for _, w in items)
    for b, w in items:
        # share = (cost - paid) / left <= b, in integers
        if cost - paid <= b * left:
            return cost - paid, left
        paid += b * w
        left -= w
    raise AssertionError("unaffordable project priced")  # pragma: no cover
