"""Tests of the counting rules and of their explanations."""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from ..rules import (
    BudgetIncreaseStop,
    GreedyExplanation,
    GreedyStatus,
    MESExplanation,
    MESRejectionReason,
    MESStatus,
    Rule,
    greedy,
    method_of_equal_shares,
)
from .support import expected_winners, load, shared_files

SHARED = shared_files()
needs_shared = pytest.mark.skipif(not SHARED, reason="shared pabulib files not found")


@dataclass
class P:
    id: str
    cost: int | Decimal


def projects(*costs: int | Decimal) -> list[P]:
    return [P(str(i + 1), c) for i, c in enumerate(costs)]


# --------------------------------------------------------------------------------------------
# Greedy


def test_greedy_skips_what_does_not_fit_and_goes_on() -> None:
    # votes: 1 -> 3, 2 -> 2, 3 -> 1
    ballots = [["1", "2", "3"], ["1", "2"], ["1"]]
    outcome = greedy(projects(60, 50, 40), ballots, 100)
    assert outcome.rule == Rule.GREEDY
    assert outcome.selected == ["1", "3"]
    assert outcome.total_cost == Decimal(100)
    assert outcome.leftover == 0
    skipped = outcome.explanations["2"]
    assert isinstance(skipped, GreedyExplanation)
    assert skipped == GreedyExplanation(
        project_id="2",
        rank=2,
        votes=2,
        cost=Decimal(50),
        remaining_budget=Decimal(40),
        status=GreedyStatus.DID_NOT_FIT,
    )
    assert skipped.shortfall == Decimal(10)
    assert outcome.explanations["3"].status == GreedyStatus.SELECTED


def test_greedy_project_exactly_fitting_is_funded() -> None:
    outcome = greedy(projects(Decimal("60.25"), Decimal("39.75")), [["1", "2"], ["1"]], 100)
    assert outcome.selected == ["1", "2"]
    assert outcome.explanations["2"].remaining_budget == Decimal("39.75")
    assert outcome.leftover == 0


def test_greedy_one_cent_over_is_not_funded() -> None:
    outcome = greedy(projects(Decimal("60.25"), Decimal("39.76")), [["1", "2"], ["1"]], 100)
    assert outcome.selected == ["1"]
    explanation = outcome.explanations["2"]
    assert explanation.status == GreedyStatus.DID_NOT_FIT
    assert explanation.shortfall == Decimal("0.01")


def test_greedy_ties_broken_by_id_as_string() -> None:
    ids = [P("9", 10), P("10", 10), P("11", 10)]
    outcome = greedy(ids, [["9", "10", "11"]], 20)
    assert outcome.selected == ["10", "11"]  # "10" < "11" < "9"


def test_greedy_unapproved_and_free_projects_come_last_by_id() -> None:
    # As in pabutools with cost satisfaction: a free project has zero "votes per cost".
    outcome = greedy(projects(10, 0, 10, 10), [["1", "2"], ["2"], ["3"]], 30)
    assert outcome.selected == ["1", "3", "2", "4"]
    assert outcome.explanations["2"].rank == 3


def test_greedy_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown project"):
        greedy(projects(10), [["2"]], 10)
    with pytest.raises(ValueError, match="twice"):
        greedy(projects(10), [["1", "1"]], 10)
    with pytest.raises(TypeError, match="float"):
        greedy([P("1", 10.5)], [], 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        greedy(projects(-1), [], 10)


@needs_shared
def test_greedy_reproduces_warszawa_official_result() -> None:
    (path,) = [p for p in SHARED if "Warszawa" in p.name]
    election = load(path)
    outcome = greedy(election.projects, election.approval_sets(), election.budget)
    official = [p.id for p in election.projects if p.selected == 1]
    assert len(official) == 24
    assert sorted(outcome.selected) == sorted(official)


@needs_shared
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_greedy_equals_pabutools_reference(path: Path) -> None:
    expected = expected_winners()[path.name]
    election = load(path)
    outcome = greedy(election.projects, election.approval_sets(), election.budget)
    assert outcome.selected == expected["greedy"]


# --------------------------------------------------------------------------------------------
# Method of Equal Shares


def test_mes_small_example_with_explanations() -> None:
    # 4 voters, budget 100: 25 each. Project 1 (cost 60) has 3 supporters: 20 each.
    ballots = [["1", "2"], ["1"], ["1"], ["3"]]
    outcome = method_of_equal_shares(projects(60, 30, 25, 200), ballots, 100, engine="exact")
    assert outcome.rule == Rule.METHOD_OF_EQUAL_SHARES
    assert outcome.selected[0] == "1"
    first = outcome.explanations["1"]
    assert isinstance(first, MESExplanation)
    assert first.status == MESStatus.SELECTED_BY_MES
    assert first.purchase is not None
    assert first.purchase.round == 1
    assert outcome.mes is not None
    scale = outcome.mes.budget_per_voter / outcome.mes.initial_budget_per_voter
    assert first.purchase.price_per_voter == 20  # 60 / 3, enough money at every step
    assert first.purchase.rho == Fraction(1, 3)
    assert first.purchase.full_payers == 3
    assert scale >= 1
    # Project 3 is its single supporter's whole share.
    third = outcome.explanations["3"]
    assert third.purchase is not None
    assert third.purchase.price_per_voter == outcome.mes.budget_per_voter
    # Project 2's only supporter has 25 - 20 = 5 left at the first step: not enough.
    second = outcome.explanations["2"]
    assert second.purchase is None or second.purchase.round > 1
    nobody = outcome.explanations["4"]
    assert nobody.status == MESStatus.NOT_SELECTED
    assert nobody.rejection is not None
    assert nobody.rejection.reason == MESRejectionReason.NO_SUPPORTERS
    assert nobody.rejection.supporters_funds is None


def test_mes_equal_shares_beat_majority() -> None:
    # 60% want A-projects, 40% want B-projects; greedy gives everything to the majority,
    # MES gives each group its share.
    ballots = [["a1", "a2", "a3"]] * 6 + [["b1", "b2", "b3"]] * 4
    items = [P(x, 10) for x in ("a1", "a2", "a3", "b1", "b2", "b3")]
    assert greedy(items, ballots, 30).selected == ["a1", "a2", "a3"]
    outcome = method_of_equal_shares(items, ballots, 30)
    assert sorted(outcome.selected) == ["a1", "a2", "b1"]


def test_mes_exhaustive_at_first_step() -> None:
    outcome = method_of_equal_shares(projects(50, 50), [["1"], ["2"]], 100)
    assert outcome.selected == ["1", "2"]
    assert outcome.mes is not None
    assert outcome.mes.increase_steps == 0
    assert outcome.mes.stop == BudgetIncreaseStop.EXHAUSTIVE
    assert not outcome.mes.completed


def test_mes_budget_increase_and_completion() -> None:
    # Project 2 needs more than its single supporter's share (50): the budget increase
    # cannot buy it without overspending, so greedy completion decides.
    outcome = method_of_equal_shares(projects(40, 60), [["1"], ["2"]], 100)
    assert outcome.selected == ["1", "2"]
    summary = outcome.mes
    assert summary is not None
    assert summary.runs == summary.increase_steps + 1 or summary.runs == summary.increase_steps + 2
    assert outcome.explanations["2"].status in (
        MESStatus.SELECTED_BY_MES,
        MESStatus.SELECTED_BY_COMPLETION,
    )


def test_mes_exact_fit_and_one_cent_over() -> None:
    # Two voters, 50 each: a project of exactly 100 approved by both is affordable.
    fits = method_of_equal_shares(projects(Decimal("100.00")), [["1"], ["1"]], 100)
    assert fits.selected == ["1"]
    assert fits.explanations["1"].purchase is not None
    assert fits.explanations["1"].purchase.price_per_voter == 50
    over = method_of_equal_shares(projects(Decimal("100.01")), [["1"], ["1"]], 100)
    assert over.selected == []
    explanation = over.explanations["1"]
    assert explanation.status == MESStatus.NOT_SELECTED
    assert explanation.rejection is not None
    assert explanation.rejection.reason == MESRejectionReason.SUPPORTERS_FUNDS_INSUFFICIENT
    assert explanation.rejection.supporters_funds == 100
    # Nothing fits in the budget: the outcome is exhaustive and no completion runs.
    assert explanation.completion is None
    assert over.mes is not None
    assert over.mes.stop == BudgetIncreaseStop.EXHAUSTIVE


def test_mes_completion_explanations() -> None:
    # Voter budgets are 30 each; project 2 (cost 70, one supporter) is never affordable
    # before the increase overspends, project 3 (cost 20, nobody) fits at the end.
    outcome = method_of_equal_shares(projects(50, 70, 20), [["1"], ["1"], ["2"]], 90)
    assert outcome.mes is not None
    steps = {
        pid: e.completion for pid, e in outcome.explanations.items() if e.completion is not None
    }
    assert outcome.mes.completed == any(c.status == GreedyStatus.SELECTED for c in steps.values())
    for pid, step in steps.items():
        explanation = outcome.explanations[pid]
        if step.status == GreedyStatus.SELECTED:
            assert explanation.status == MESStatus.SELECTED_BY_COMPLETION
            assert explanation.cost <= step.remaining_budget
        else:
            assert explanation.cost > step.remaining_budget


def test_mes_free_and_unapproved_projects() -> None:
    outcome = method_of_equal_shares(projects(50, 0, 10), [["1", "2"], ["1"]], 55)
    assert outcome.selected == ["1", "2"]
    free = outcome.explanations["2"]
    assert free.status == MESStatus.SELECTED_BY_COMPLETION
    assert free.rejection is not None
    assert free.rejection.reason == MESRejectionReason.ZERO_COST
    unapproved = outcome.explanations["3"]
    assert unapproved.rejection is not None
    assert unapproved.rejection.reason == MESRejectionReason.NO_SUPPORTERS


def test_mes_without_voters() -> None:
    outcome = method_of_equal_shares(projects(10, 20), [], 25)
    assert outcome.selected == ["1"]  # greedy completion, by id
    assert outcome.mes is not None
    assert outcome.mes.runs == 0


def test_mes_zero_budget_terminates() -> None:
    outcome = method_of_equal_shares(projects(10, 0), [["1"], ["2"]], 0)
    assert outcome.selected == ["2"]


@pytest.mark.parametrize("engine", ["exact", "fast"])
def test_mes_ties_broken_by_id_as_string(engine: str) -> None:
    if engine == "fast":
        pytest.importorskip("numpy")
    items = [P("9", 10), P("10", 10)]
    outcome = method_of_equal_shares(items, [["9", "10"]], 10, engine=engine)  # type: ignore[arg-type]
    assert outcome.selected == ["10"]


@needs_shared
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_mes_equals_pabutools_reference_fast(path: Path) -> None:
    expected = expected_winners()[path.name]
    election = load(path)
    start = time.perf_counter()
    outcome = method_of_equal_shares(election.projects, election.approval_sets(), election.budget)
    elapsed = time.perf_counter() - start
    assert outcome.selected == expected["mes"]
    assert outcome.total_cost <= election.budget
    if importlib.util.find_spec("numpy") is not None:
        # pabutools needs minutes on the big files; the fast engine about a second (generous
        # bound: CI machines may be loaded). Without numpy the exact engine takes ~15 s.
        assert elapsed < 30
    explanations = outcome.explanations
    assert set(explanations) == {p.id for p in election.projects}
    selected = set(outcome.selected)
    for project_id, explanation in explanations.items():
        assert isinstance(explanation, MESExplanation)
        assert (explanation.status != MESStatus.NOT_SELECTED) == (project_id in selected)
        if explanation.purchase is not None:
            purchase = explanation.purchase
            assert purchase.price_per_voter == purchase.rho * Fraction(explanation.cost)
        elif explanation.rejection is not None and explanation.rejection.supporters_funds:
            assert explanation.rejection.supporters_funds < explanation.cost


@needs_shared
def test_mes_engines_agree_on_saint_cyprien() -> None:
    pytest.importorskip("numpy")
    (path,) = [p for p in SHARED if "Saint-Cyprien" in p.name]
    election = load(path)
    args = (election.projects, election.approval_sets(), election.budget)
    exact = method_of_equal_shares(*args, engine="exact")
    fast = method_of_equal_shares(*args, engine="fast")
    assert exact == fast
