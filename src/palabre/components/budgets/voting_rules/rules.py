"""Counting rules for approval-based participatory budgeting, with explanations.

Two rules are offered, each reproducing pabutools 1.2.3 exactly (same winners, same order):

:func:`greedy`
    "Greedy by votes", the rule most cities use: projects are considered by decreasing
    number of approvals and each is funded if it still fits in the remaining budget
    (a project that does not fit is skipped and the next one is considered). This is
    pabutools' ``greedy_utilitarian_welfare(sat_class=Cost_Sat)``: with cost satisfaction
    a project's welfare per unit of cost is exactly its number of approvals.
    (``sat_class=Cardinality_Sat`` would rank by approvals *per unit of cost*, a different
    rule.) Ties are broken by project id compared as strings ("10" comes before "9"), as
    pabutools' default lexicographic tie-breaking does. Projects nobody approves, and projects
    costing nothing (they bring no cost satisfaction), come last, ordered by id; they are
    still funded when they fit in what is left, as in pabutools.

:func:`method_of_equal_shares`
    The Method of Equal Shares with cost satisfaction, made exhaustive the way pabutools'
    ``completion_by_rule_combination`` does with
    ``[exhaustion_by_budget_increase, greedy_utilitarian_welfare]``:

    1. run MES with the budget split equally among the voters (see ``_mes_exact`` for the
       definition and its tie-breaking);
    2. if the outcome is not exhaustive (some unselected project, approved or not, still fits
       in the real budget), run MES again with the *virtual* budget increased by 1% of the
       real budget, again and again: pabutools tries ``budget * (100 + k) / 100`` for
       ``k = 0, 1, 2...`` and stops at the first ``k`` whose outcome either costs more than
       the real budget (then it keeps the outcome of ``k - 1``) or is exhaustive (then it
       keeps it); it also gives up when the virtual budget would exceed
       ``budget * (number of voters + 1)``;
    3. if the kept outcome is not exhaustive, complete it with greedy by votes on the
       remaining real budget.

    Arithmetic is exact (pabutools uses exact fractions too), so ties are real ties and are
    broken as pabutools does.

Every rule returns an :class:`Outcome` whose ``explanations`` map each project id to a
structured, machine-readable explanation (status codes and numbers, no sentences), for the
user interface to translate.

Money is exact: costs and budget must be ``int`` or :class:`~decimal.Decimal`; amounts in
the result are ``Decimal``, per-voter amounts of MES (which are true fractions, such as a
third of a cost) are :class:`~fractions.Fraction`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from ._instance import Instance, Money, ProjectLike, prepare
from ._mes_exact import ExactRun, MESRun, RoundRecord

__all__ = [
    "BudgetIncreaseStop",
    "CompletionStep",
    "GreedyExplanation",
    "GreedyStatus",
    "MESExplanation",
    "MESPurchase",
    "MESRejection",
    "MESRejectionReason",
    "MESStatus",
    "MESSummary",
    "Outcome",
    "ProjectLike",
    "Rule",
    "greedy",
    "method_of_equal_shares",
]

Engine = Literal["auto", "fast", "exact"]

# Below this many (ballot type, project) approvals the exact engine is fast enough, and it
# avoids numpy's fixed costs.
_AUTO_EXACT_LIMIT = 3000


class Rule(StrEnum):
    """Which rule produced an :class:`Outcome`."""

    GREEDY = "greedy"
    METHOD_OF_EQUAL_SHARES = "method_of_equal_shares"


class GreedyStatus(StrEnum):
    """Fate of a project under greedy by votes (or in the completion of MES)."""

    SELECTED = "selected"
    DID_NOT_FIT = "did_not_fit"  # its cost was more than the budget left when considered


@dataclass(frozen=True)
class GreedyExplanation:
    """Why greedy by votes funded a project or not.

    ``rank`` is the 1-based position in the order projects were considered (by decreasing
    votes, ties by id), ``remaining_budget`` the money left when it was considered: the
    project was funded if and only if ``cost <= remaining_budget``.
    """

    project_id: str
    rank: int
    votes: int
    cost: Decimal
    remaining_budget: Decimal
    status: GreedyStatus

    @property
    def shortfall(self) -> Decimal:
        """How much was missing to fund it (zero when it was selected)."""
        return max(self.cost - self.remaining_budget, Decimal(0))


class MESStatus(StrEnum):
    """Final fate of a project under the completed Method of Equal Shares."""

    SELECTED_BY_MES = "selected_by_mes"
    SELECTED_BY_COMPLETION = "selected_by_completion"  # added by the greedy completion
    NOT_SELECTED = "not_selected"


class MESRejectionReason(StrEnum):
    """Why the equal-shares phase did not buy a project."""

    NO_SUPPORTERS = "no_supporters"
    # It costs nothing, hence brings no cost satisfaction: MES leaves it to the completion.
    ZERO_COST = "zero_cost"
    # At the end of the kept run its supporters held less money than its cost.
    SUPPORTERS_FUNDS_INSUFFICIENT = "supporters_funds_insufficient"


@dataclass(frozen=True)
class MESPurchase:
    """How the equal-shares phase bought a project.

    ``round`` is 1-based. ``price_per_voter`` is what
    each supporter paid at most (pabutools' ``affordability`` times the cost); ``rho`` is
    that price divided by the cost, the quantity MES minimises in each round.
    ``full_payers`` supporters paid the full price, ``partial_payers`` paid all they had
    left (less than the price), ``broke_supporters`` had nothing left.
    """

    round: int
    price_per_voter: Fraction
    rho: Fraction
    full_payers: int
    partial_payers: int
    broke_supporters: int


@dataclass(frozen=True)
class MESRejection:
    """Why the equal-shares phase did not buy a project.

    ``supporters_funds`` is the money its supporters still held at the end of the kept run
    (always less than ``cost``); ``None`` when nobody approves it or it costs nothing.
    """

    reason: MESRejectionReason
    supporters_funds: Fraction | None


@dataclass(frozen=True)
class CompletionStep:
    """What the greedy completion did with a project MES had not bought."""

    rank: int
    remaining_budget: Decimal
    status: GreedyStatus


@dataclass(frozen=True)
class MESExplanation:
    """Why the completed Method of Equal Shares funded a project or not.

    ``purchase`` is set when MES bought it; otherwise ``rejection`` says why not and
    ``completion`` (when the greedy completion ran) whether greedy then added it.
    """

    project_id: str
    cost: Decimal
    votes: int
    status: MESStatus
    purchase: MESPurchase | None = None
    rejection: MESRejection | None = None
    completion: CompletionStep | None = None


class BudgetIncreaseStop(StrEnum):
    """Why the budget increase stopped at the kept run."""

    # The kept run is exhaustive: no unselected project fits in the money left.
    EXHAUSTIVE = "exhaustive"
    # The next 1% step would have cost more than the real budget; the kept run is the last
    # one that did not.
    NEXT_STEP_OVER_BUDGET = "next_step_over_budget"
    # More virtual budget cannot change the outcome any more (or pabutools' upper bound on
    # the virtual budget was reached).
    NO_FURTHER_CHANGE = "no_further_change"


@dataclass(frozen=True)
class MESSummary:
    """How the budget increase went.

    ``budget_per_voter`` is the per-voter budget of the kept run (the real budget divided
    among the voters, raised by ``increase_steps`` steps of 1% of the real budget), and
    ``virtual_budget`` the corresponding total. ``runs`` counts the MES runs computed.
    ``completed`` tells whether the greedy completion added anything.
    """

    initial_budget_per_voter: Fraction
    budget_per_voter: Fraction
    virtual_budget: Decimal
    increase_steps: int
    runs: int
    stop: BudgetIncreaseStop
    completed: bool


@dataclass(frozen=True)
class Outcome:
    """The result of a counting rule.

    ``selected`` lists the funded project ids in selection order. ``explanations`` has an
    entry for every project. ``mes`` is set for the Method of Equal Shares.
    """

    rule: Rule
    selected: list[str]
    total_cost: Decimal
    budget: Decimal
    explanations: dict[str, GreedyExplanation | MESExplanation]
    mes: MESSummary | None = None

    @property
    def leftover(self) -> Decimal:
        """Budget not spent."""
        return self.budget - self.total_cost


# --------------------------------------------------------------------------------------------
# Greedy


def _greedy_order(inst: Instance, candidates: Iterable[int]) -> list[int]:
    """Order in which greedy (pabutools, cost satisfaction) considers projects.

    pabutools sorts by "welfare per unit of cost", which with cost satisfaction is the number
    of approvals; it is 0 for a project nobody approves and also for a project costing
    nothing (its cost satisfaction is zero, and pabutools gives a zero total satisfaction a
    zero density). Ties go to the smaller id as a string.
    """

    def key(p: int) -> tuple[int, str]:
        density = inst.approvals[p] if inst.costs[p] > 0 else 0
        return (-density, inst.ids[p])

    return sorted(candidates, key=key)


def _run_greedy(
    inst: Instance, chosen: list[int], remaining: int
) -> tuple[list[int], list[tuple[int, int, int, bool]]]:
    """Greedy by votes over the projects not in ``chosen``, with ``remaining`` money.

    Returns the added projects and, for each considered project, (project, rank, remaining
    money when considered, selected?).
    """
    taken = set(chosen)
    added: list[int] = []
    steps: list[tuple[int, int, int, bool]] = []
    order = _greedy_order(inst, (p for p in range(len(inst.ids)) if p not in taken))
    for rank, p in enumerate(order, start=1):
        fits = inst.costs[p] <= remaining  # a project fitting exactly is funded
        steps.append((p, rank, remaining, fits))
        if fits:
            added.append(p)
            remaining -= inst.costs[p]
    return added, steps


def greedy(
    projects: Iterable[ProjectLike],
    ballots: Iterable[Collection[str]],
    budget: Money,
) -> Outcome:
    """Greedy by votes: fund projects by decreasing approvals while they fit in the budget.

    ``projects`` are objects with an ``id`` (str) and a ``cost`` (``int`` or ``Decimal``),
    ``ballots`` collections of approved project ids, ``budget`` the money to spend. A project
    that does not fit in what is left is skipped and the next ones are still considered.
    Equal numbers of votes are ordered by project id compared as strings, as pabutools does.
    """
    inst = prepare(projects, ballots, budget)
    added, steps = _run_greedy(inst, [], inst.budget)
    explanations: dict[str, GreedyExplanation | MESExplanation] = {}
    for p, rank, remaining, fits in steps:
        explanations[inst.ids[p]] = GreedyExplanation(
            project_id=inst.ids[p],
            rank=rank,
            votes=inst.approvals[p],
            cost=inst.money(inst.costs[p]),
            remaining_budget=inst.money(remaining),
            status=GreedyStatus.SELECTED if fits else GreedyStatus.DID_NOT_FIT,
        )
    return Outcome(
        rule=Rule.GREEDY,
        selected=[inst.ids[p] for p in added],
        total_cost=inst.money(sum(inst.costs[p] for p in added)),
        budget=inst.money(inst.budget),
        explanations=explanations,
    )


# --------------------------------------------------------------------------------------------
# Method of Equal Shares


def _is_exhaustive(inst: Instance, chosen: Collection[int], spent: int) -> bool:
    # pabutools checks every project of the instance, including those nobody approves.
    left = inst.budget - spent
    taken = set(chosen)
    return all(inst.costs[p] > left for p in range(len(inst.ids)) if p not in taken)


def _make_runner(inst: Instance, engine: Engine) -> Callable[[Fraction], MESRun]:
    """Return a function computing one MES run for a per-voter budget."""
    if engine == "exact":
        return lambda b0: ExactRun(inst, b0)
    size = sum(len(t) for t in inst.types)
    try:
        from ._mes_fast import FastEngine
    except ImportError:  # numpy is missing: the exact engine gives the same result
        if engine == "fast":
            raise
        return lambda b0: ExactRun(inst, b0)
    if engine == "auto" and size <= _AUTO_EXACT_LIMIT:
        return lambda b0: ExactRun(inst, b0)
    fast = FastEngine(inst)
    return fast.run


@dataclass
class _Increase:
    run: MESRun
    steps: int
    runs: int
    stop: BudgetIncreaseStop


def _budget_increase(inst: Instance, engine: Engine) -> _Increase:
    """pabutools' ``exhaustion_by_budget_increase`` around MES, with the same stopping rule.

    The virtual budget of step ``k`` is ``budget * (100 + k) / 100``, divided equally among
    the voters (pabutools adds 1% of the budget at each step, in exact arithmetic).
    """
    runner = _make_runner(inst, engine)
    n = inst.num_voters
    budget = inst.budget
    total_of_all = sum(inst.costs)
    if n == 0:
        # pabutools' MES returns nothing without voters (not even free projects), and its
        # loop bound (budget * (0 + 1)) stops after the first step.
        empty = _EmptyRun()
        stop = (
            BudgetIncreaseStop.EXHAUSTIVE
            if _is_exhaustive(inst, [], 0)
            else BudgetIncreaseStop.NO_FURTHER_CHANGE
        )
        return _Increase(empty, 0, 0, stop)
    eligible_total = sum(c for c, a in zip(inst.costs, inst.approvals, strict=True) if c and a)
    if eligible_total <= budget and any(
        c <= budget - eligible_total
        for c, a in zip(inst.costs, inst.approvals, strict=True)
        if not (c and a)
    ):
        # Every run then spends at most the budget (MES only buys approved projects of
        # positive cost, which all fit together), and no run is exhaustive: one that misses
        # an approved project leaves room for it, and one that buys them all leaves room for
        # a project MES never buys (unapproved or free). So pabutools goes through every
        # step up to its bound and keeps the last run. There every voter holds more than
        # the whole budget, so nobody runs short: that run buys every approved project of
        # positive cost, by decreasing approvals. Compute that run only.
        last = 100 * n
        run = runner(Fraction(budget * (100 + last), 100 * n))
        return _Increase(run, last, 1, BudgetIncreaseStop.NO_FURTHER_CHANGE)
    previous: MESRun | None = None
    k = 0
    runs = 0
    # pabutools stops when the virtual budget exceeds budget * (n + 1), i.e. after k = 100 n.
    while k <= 100 * n:
        b0 = Fraction(budget * (100 + k), 100 * n)
        run = runner(b0)
        runs += 1
        spent = sum(inst.costs[p] for p in run.selected)
        if spent > budget:
            # k = 0 spends at most the real budget, so a previous run exists here.
            assert previous is not None
            return _Increase(previous, k - 1, runs, BudgetIncreaseStop.NEXT_STEP_OVER_BUDGET)
        if _is_exhaustive(inst, run.selected, spent):
            return _Increase(run, k, runs, BudgetIncreaseStop.EXHAUSTIVE)
        if budget == 0 or b0 >= total_of_all:
            # Nothing more can change: with a zero budget the steps add nothing (pabutools
            # would loop forever), and once every voter alone can pay for every project, MES
            # buys every approved project of positive cost, in the same order (by decreasing
            # approvals, ties by id), whatever the budget; pabutools would go on until its
            # bound and keep that same outcome. (A free project is never bought by MES and
            # always fits, so with one the outcome is never exhaustive.)
            return _Increase(run, k, runs, BudgetIncreaseStop.NO_FURTHER_CHANGE)
        previous = run
        k += 1
    assert previous is not None
    return _Increase(previous, k - 1, runs, BudgetIncreaseStop.NO_FURTHER_CHANGE)


class _EmptyRun(MESRun):
    def __init__(self) -> None:
        self.selected = []

    def rounds(self) -> list[RoundRecord]:
        return []

    def final_funds(self) -> dict[int, Fraction]:
        return {}


def method_of_equal_shares(
    projects: Iterable[ProjectLike],
    ballots: Iterable[Collection[str]],
    budget: Money,
    *,
    engine: Engine = "auto",
) -> Outcome:
    """The Method of Equal Shares (cost satisfaction), completed as pabutools does.

    Gives exactly the outcome of pabutools 1.2.3's::

        completion_by_rule_combination(
            instance, profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [{"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}},
             {"sat_class": Cost_Sat}],
        )

    (see the module documentation for the steps). ``engine`` chooses the implementation of
    a single MES run: ``"exact"`` (fractions only, slow on big elections), ``"fast"``
    (numpy floats whose every decision is certified, falling back to fractions for close
    calls: same results) or ``"auto"`` (exact on small elections, fast otherwise, exact when
    numpy is missing).
    """
    inst = prepare(projects, ballots, budget)
    increase = _budget_increase(inst, engine)
    run = increase.run
    chosen = list(run.selected)
    spent = sum(inst.costs[p] for p in chosen)
    completion_steps: list[tuple[int, int, int, bool]] = []
    added: list[int] = []
    if not _is_exhaustive(inst, chosen, spent):
        added, completion_steps = _run_greedy(inst, chosen, inst.budget - spent)
    selected = chosen + added

    scale = inst.scale
    explanations: dict[str, GreedyExplanation | MESExplanation] = {}
    support = inst.approvals
    purchases: dict[int, MESPurchase] = {}
    for number, record in enumerate(run.rounds(), start=1):
        cost = inst.costs[record.project]
        purchases[record.project] = MESPurchase(
            round=number,
            price_per_voter=record.q / scale,
            rho=record.q / cost,
            full_payers=record.full_payers,
            partial_payers=record.partial_payers,
            broke_supporters=record.broke_supporters,
        )
    funds = run.final_funds()
    completion = {
        p: CompletionStep(
            rank, inst.money(left), GreedyStatus.SELECTED if fits else GreedyStatus.DID_NOT_FIT
        )
        for p, rank, left, fits in completion_steps
    }
    added_set = set(added)
    for p, project_id in enumerate(inst.ids):
        if p in purchases:
            status = MESStatus.SELECTED_BY_MES
            rejection = None
        else:
            status = MESStatus.SELECTED_BY_COMPLETION if p in added_set else MESStatus.NOT_SELECTED
            if support[p] == 0:
                rejection = MESRejection(MESRejectionReason.NO_SUPPORTERS, None)
            elif inst.costs[p] == 0:
                rejection = MESRejection(MESRejectionReason.ZERO_COST, None)
            else:
                rejection = MESRejection(
                    MESRejectionReason.SUPPORTERS_FUNDS_INSUFFICIENT, funds[p] / scale
                )
        explanations[project_id] = MESExplanation(
            project_id=project_id,
            cost=inst.money(inst.costs[p]),
            votes=support[p],
            status=status,
            purchase=purchases.get(p),
            rejection=rejection,
            completion=completion.get(p),
        )

    n = max(inst.num_voters, 1)
    initial = Fraction(inst.budget, n * scale)
    virtual = Fraction(inst.budget * (100 + increase.steps), 100)
    summary = MESSummary(
        initial_budget_per_voter=initial,
        budget_per_voter=virtual / (n * scale),
        virtual_budget=inst.money(virtual),
        increase_steps=increase.steps,
        runs=increase.runs,
        stop=increase.stop,
        completed=bool(added),
    )
    return Outcome(
        rule=Rule.METHOD_OF_EQUAL_SHARES,
        selected=[inst.ids[p] for p in selected],
        total_cost=inst.money(sum(inst.costs[p] for p in selected)),
        budget=inst.money(inst.budget),
        explanations=explanations,
        mes=summary,
    )
