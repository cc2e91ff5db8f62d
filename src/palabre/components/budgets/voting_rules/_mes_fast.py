"""Fast engine for one run of the Method of Equal Shares: numpy floats, certified decisions.

It computes exactly what ``_mes_exact.ExactRun`` computes (same definition, same
tie-breaking), but keeps the voters' budgets in a float64 array so that pricing a project
is a handful of vectorised operations instead of thousands of fraction operations.

How exactness is kept:

* The price actually paid in each round is computed **exactly**. A voter who never ran out
  of money holds exactly ``b0 - (prices of the bought projects she approves)``, so the money
  of the voters who pay all they have is ``weight * b0 - sum over rounds of price * (how
  many of them approve that round's project)``: a numpy count plus one integer dot product
  over a common denominator (the :class:`_Ledger`). Then
  ``price = (cost - that money) / (number of voters paying the full price)``.
* Float budgets are updated with the correctly rounded exact price, so every float budget is
  within ``err`` (a few units in the last place of ``b0`` per round) of the exact one; the
  error does not compound from round to round.
* Floats are only used to *find* decisions: which project has the smallest price per unit
  of cost, whether a project is still affordable, which supporters pay all they have. Each
  float comes with an error bound, and a decision is taken in floats only when the two
  sides differ by more than their bounds. Otherwise (real ties are common: a project all of
  whose supporters can pay has ``rho = 1 / supporters`` exactly) the exact values decide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ._instance import Instance
from ._mes_exact import ExactRun, MESRun, RoundRecord, eligible_projects, supporters_by_project

_EPS = 2.0**-52
# Sums of at most this many exact budgets are done voter by voter rather than by counting.
_SMALL_SET = 48


class _NeedExact(Exception):
    """Raised when a float result contradicts its certified bound; the run is redone exactly.

    It only guards against a mistake in the error analysis: it is not expected to happen.
    """


class FastEngine:
    """Per-election precomputation shared by the runs of the budget increase."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        n_types = len(inst.types)
        n_projects = len(inst.ids)
        self.weights_f = np.asarray(inst.weights, dtype=np.float64)
        supporters = supporters_by_project(inst)
        self.sup = [np.asarray(s, dtype=np.intp) for s in supporters]
        self.sup_w = [self.weights_f[s] for s in self.sup]
        self.eligible = eligible_projects(inst)
        member = np.zeros((n_types, n_projects), dtype=np.float64)
        for t, ballot in enumerate(inst.types):
            member[t, list(ballot)] = 1.0
        self.member = member
        # The ballots as a flat array (CSR layout) for fast weighted counts.
        self.type_len = np.asarray([len(t) for t in inst.types], dtype=np.intp)
        self.type_ptr = np.concatenate([[0], np.cumsum(self.type_len)[:-1]]).astype(np.intp)
        self.type_flat = np.asarray([p for t in inst.types for p in t], dtype=np.intp)
        # Projects sharing at least one supporter: buying one changes the other's price.
        overlap = (member.T @ member) > 0
        self.overlap = [np.flatnonzero(overlap[p]) for p in range(n_projects)]
        self.costs_f = [float(c) for c in inst.costs]
        # Costs and counts must be exact in floats (they are integers below 2**53).
        self.usable = max([inst.budget, *inst.costs, inst.num_voters]) < 2**50
        # Winners of the previous run, round by round (see FastRun._run).
        self.hint: list[int] = []

    def run(self, b0: Fraction) -> MESRun:
        """One MES run with per-voter budget ``b0`` (scaled money)."""
        if self.usable and b0 > 0:
            try:
                return FastRun(self, b0)
            except _NeedExact:  # pragma: no cover - safety net
                pass
        return ExactRun(self.inst, b0)


class _Ledger:
    """Exact prices of the rounds so far, as integers over a common denominator ``den``.

    ``den`` is always a multiple of the denominator of ``b0``, so that every exact budget
    and sum of budgets is an integer over ``den``: the hot path then needs a couple of
    integer gcds per round instead of fraction arithmetic.
    """

    def __init__(self, b0: Fraction) -> None:
        self.b0_den = b0.denominator
        self.b0_num = b0.numerator
        self.den = b0.denominator
        self.nums: list[int] = []
        self.prices: list[tuple[int, int]] = []  # (numerator, denominator), reduced

    def add(self, num: int, den: int) -> None:
        """Record a price num / den (reduced)."""
        common = self.den * (den // math.gcd(self.den, den))
        if common != self.den:
            factor = common // self.den
            self.nums = [n * factor for n in self.nums]
            self.den = common
        self.nums.append(num * (common // den))
        self.prices.append((num, den))

    def b0_scaled(self) -> int:
        """b0 as a numerator over ``den``."""
        return self.b0_num * (self.den // self.b0_den)

    def weighted_total(self, counts: list[int]) -> int:
        """Sum over rounds of price * count, as a numerator over ``den``."""
        total = 0
        for n, k in zip(self.nums, counts, strict=False):
            if k:
                total += n * k
        return total


@dataclass(slots=True)
class _ExactPrice:
    """Exact price of a project and the split of its supporters who still have money."""

    price: tuple[int, int]  # numerator, denominator (reduced)
    poor: np.ndarray  # pay all they have, which is less than the price
    equal: np.ndarray  # hold exactly the price: pay it and are left with nothing
    rich: np.ndarray  # hold more than the price: pay the price
    full_weight: int  # number of voters paying the price (equal and rich)


class FastRun(MESRun):
    """One MES run in certified floats (see the module documentation)."""

    def __init__(self, engine: FastEngine, b0: Fraction) -> None:
        self.e = engine
        self.inst = engine.inst
        self.b0 = b0
        self.b0f = float(b0)
        self.b = np.full(len(self.inst.types), self.b0f)
        self.broke = np.zeros(len(self.inst.types), dtype=bool)
        # |float budget - exact budget| <= err for every voter.
        self.err = 2 * _EPS * self.b0f
        self.ledger = _Ledger(b0)
        self.bought: list[int] = []
        self.round_of: dict[int, int] = {}
        # Supporters of each project, from which broke voters are removed from time to time.
        self.sup = list(engine.sup)
        self.sup_w = list(engine.sup_w)
        self.sup_total = [float(a) for a in self.inst.approvals]
        self.records: list[RoundRecord] = []
        self._run()
        self.selected = list(self.bought)

    # ----------------------------------------------------------------------------------
    # Exact values

    def _exact_budget(self, t: int) -> Fraction:
        """Exact budget now of a voter who is not broke."""
        ledger = self.ledger
        value = ledger.b0_scaled()
        for p in self.inst.types[t]:
            r = self.round_of.get(p)
            if r is not None:
                value -= ledger.nums[r]
        return Fraction(value, ledger.den)

    def _exact_sum(self, types: np.ndarray) -> Fraction:
        """Exact money held now by the given voters, none of whom is broke."""
        return Fraction(self._exact_sum_num(types), self.ledger.den)

    def _exact_sum_num(self, types: np.ndarray) -> int:
        """Numerator over ``ledger.den`` of the exact money held now by the given voters.

        None of them may be broke.

        Each of them holds ``b0`` minus the prices of the bought projects she approves, so
        the total is ``weight * b0 - sum over rounds of price * (weight approving it)``.
        """
        if len(types) == 0:
            return 0
        if len(types) <= _SMALL_SET:
            weights = self.inst.weights
            ballots = self.inst.types
            round_of = self.round_of
            per_round = [0] * len(self.bought)
            weight = 0
            for t in types.tolist():
                w = weights[t]
                weight += w
                for p in ballots[t]:
                    r = round_of.get(p)
                    if r is not None:
                        per_round[r] += w
        else:
            e = self.e
            # Weighted count, for each project, of these voters approving it (the ballots
            # are stored flat, CSR-style).
            lengths = e.type_len[types]
            starts = e.type_ptr[types]
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            flat = e.type_flat[offsets + np.arange(int(lengths.sum()))]
            counts = np.bincount(
                flat, weights=np.repeat(e.weights_f[types], lengths), minlength=len(self.inst.ids)
            )
            per_round = np.rint(counts[self.bought]).astype(np.int64).tolist()
            weight = int(np.rint(np.add.reduce(e.weights_f[types])))
        ledger = self.ledger
        return weight * ledger.b0_scaled() - ledger.weighted_total(per_round)

    def exact_funds_now(self, p: int) -> Fraction:
        """Exact money held now by the supporters of project ``p``."""
        idx = self.sup[p]
        return self._exact_sum(idx[~self.broke[idx]])

    def _tolerance(self, q_err: float) -> float:
        """How close a float budget may be to a float price before their order is unsure."""
        return 2.0 * (self.err + q_err) + 4.0 * _EPS * self.b0f

    # ----------------------------------------------------------------------------------
    # Pricing

    def _float_price(self, p: int) -> tuple[float, float] | None:
        """Float price of ``p`` with an error bound, or None if ``p`` is unaffordable.

        Affordability is certified (decided exactly when too close to call).
        """
        e = self.e
        idx = self.sup[p]
        bs = self.b[idx]
        ws = self.sup_w[p]
        wb = ws * bs
        funds = float(np.add.reduce(wb))
        size = len(idx)
        total_w = self.sup_total[p]
        cost = e.costs_f[p]
        # Each budget is off by at most err; a float sum of `size` terms adds at most
        # size * eps relative error.
        funds_err = total_w * self.err + 2 * size * _EPS * funds
        if funds < cost - funds_err:
            return None
        if funds <= cost + funds_err and self.exact_funds_now(p) < self.inst.costs[p]:
            return None
        # Solve sum(w * min(b, q)) = cost without sorting: start from the price if nobody
        # were poor (a lower bound), declare poor everyone below the current price, share
        # what they cannot pay among the others, repeat. The price only grows and the poor
        # set only grows; when it stops growing, the price is the solution. Usually one or
        # two passes.
        dot = np.dot
        count = np.count_nonzero
        left = total_w
        q = cost / left
        poor = bs < q
        n_poor = count(poor)
        while n_poor:
            paid = float(dot(poor, wb))
            left = total_w - float(dot(poor, ws))
            if left <= 0:
                # Only possible when the funds barely cover the cost (certified above):
                # then the price is the largest budget.
                q = float(bs.max())
                left = float(dot(bs >= q, ws))
                break
            q = (cost - paid) / left
            poor = bs < q
            n_now = count(poor)
            if n_now == n_poor:
                break
            n_poor = n_now
        if n_poor * 2 > size > 32:
            # Many supporters are poor, often because they have nothing left: forget those
            # who are broke (they pay nothing and are always poor, so the price and the
            # weight of the payers do not change), to make the next pricings cheaper.
            keep = ~self.broke[idx]
            self.sup[p] = idx[keep]
            self.sup_w[p] = ws[keep]
            self.sup_total[p] = float(np.dot(keep, ws))
        # q solves the equation for the float budgets. Moving every budget by at most err
        # moves the sum by at most total_w * err, and the sum grows with slope >= left
        # around q (budgets of the payers are >= q - err), hence the bound.
        q_err = (total_w * self.err + 2 * size * _EPS * (cost + funds)) / left
        q_err = 2.0 * q_err + 4.0 * _EPS * q
        return q, q_err

    def _exact_price(self, p: int, q: float, q_err: float) -> _ExactPrice:
        """Exact price of ``p`` now, with who pays what.

        Supporters whose float budget is clearly below (above) the float price are poor
        (rich); the few close to it are settled with their exact budgets.
        """
        e = self.e
        idx = self.sup[p]
        alive = idx[~self.broke[idx]]
        bs = self.b[alive]
        tol = self._tolerance(q_err)
        poor_mask = bs < q - tol
        rich_mask = bs > q + tol
        unsure = alive[~(poor_mask | rich_mask)]
        poor = alive[poor_mask]
        rich = alive[rich_mask]
        weights = self.inst.weights
        paid = self._exact_sum(poor)
        rich_weight = int(np.rint(np.add.reduce(e.weights_f[rich])))
        cost = self.inst.costs[p]
        candidates = sorted((self._exact_budget(int(t)), int(t)) for t in unsure)
        left = rich_weight + sum(weights[t] for _, t in candidates)
        price: Fraction | None = None
        # Same walk as _mes_exact._price, over the unsure voters only.
        for budget, t in candidates:
            share = (cost - paid) / left
            if share <= budget:
                price = share
                break
            paid += budget * weights[t]
            left -= weights[t]
        if price is None:
            if left <= 0:  # pragma: no cover - excluded by the affordability check
                raise _NeedExact
            price = (cost - paid) / left
        # The float price must be within its error bound of the exact one.
        if abs(float(price) - q) > q_err + tol:  # pragma: no cover - safety net
            raise _NeedExact
        below = [t for budget, t in candidates if budget < price]
        equal = [t for budget, t in candidates if budget == price]
        above = [t for budget, t in candidates if budget > price]
        full = rich_weight + sum(weights[t] for t in equal) + sum(weights[t] for t in above)
        return _ExactPrice(
            price=(price.numerator, price.denominator),
            poor=np.concatenate([poor, np.asarray(below, dtype=np.intp)]),
            equal=np.asarray(equal, dtype=np.intp),
            rich=np.concatenate([rich, np.asarray(above, dtype=np.intp)]),
            full_weight=full,
        )

    # ----------------------------------------------------------------------------------
    # The run

    def _run(self) -> None:
        e = self.e
        inst = self.inst
        ids = inst.ids
        n_projects = len(ids)
        alive = np.zeros(n_projects, dtype=bool)
        dirty = np.zeros(n_projects, dtype=bool)
        # Current float rho (pabutools' "affordability": price / cost) and its error bound;
        # for a dirty project, a lower bound (rho only grows as budgets shrink).
        rho = np.full(n_projects, np.inf)
        rho_err = np.zeros(n_projects)
        price_cache: dict[int, tuple[float, float]] = {}
        b0_num, b0_den = self.b0.numerator, self.b0.denominator
        for p in e.eligible:
            # First round: everybody holds b0, so a project is affordable iff
            # supporters * b0 >= cost, and then its price is cost / supporters.
            if inst.approvals[p] * b0_num >= inst.costs[p] * b0_den:
                alive[p] = True
                q = e.costs_f[p] / inst.approvals[p]
                price_cache[p] = (q, 2 * _EPS * q)
                rho[p] = 1.0 / inst.approvals[p]
                rho_err[p] = 4 * _EPS * rho[p]

        def evaluate(p: int) -> bool:
            """Bring p's price up to date if needed; False when p is not affordable."""
            if dirty[p]:
                dirty[p] = False
                priced = self._float_price(p)
                if priced is None:
                    alive[p] = False  # budgets only shrink: never affordable again
                    return False
                price_cache[p] = priced
                q, q_err = priced
                rho[p] = q / e.costs_f[p]
                rho_err[p] = q_err / e.costs_f[p] + 4 * _EPS * rho[p]
            return True

        hint = e.hint
        while True:
            candidates = np.flatnonzero(alive)
            if len(candidates) == 0:
                break
            best_high = math.inf
            seen: list[int] = []
            # The winner of this round in the previous run (one step of budget lower) is
            # usually the winner again: pricing it first makes the scan below stop sooner.
            # Any evaluation order gives the same result.
            guess = hint[len(self.bought)] if len(self.bought) < len(hint) else -1
            if guess >= 0 and alive[guess] and evaluate(guess):
                seen.append(guess)
                best_high = rho[guess] + rho_err[guess]
            low = rho[candidates] - rho_err[candidates]
            order = candidates[np.argsort(low, kind="stable")]
            for p in order.tolist():
                if rho[p] - rho_err[p] > best_high:
                    break  # its lower bound is beaten, and so are those of the next ones
                if p == guess or not evaluate(p):
                    continue
                seen.append(p)
                best_high = min(best_high, rho[p] + rho_err[p])
            if not seen:
                break
            tied = [p for p in seen if rho[p] - rho_err[p] <= best_high]
            exact: dict[int, _ExactPrice] = {}
            if len(tied) == 1:
                winner = tied[0]
            else:
                # Too close to call in floats: compare exact values, then ids as strings.
                for p in tied:
                    exact[p] = self._exact_price(p, *price_cache[p])
                winner = min(
                    tied,
                    key=lambda p: (Fraction(*exact[p].price) / inst.costs[p], ids[p]),
                )
            self._buy(winner, price_cache[winner], exact.get(winner))
            alive[winner] = False
            dirty[e.overlap[winner]] = True
        e.hint = list(self.bought)

    def _buy(self, p: int, float_price: tuple[float, float], exact: _ExactPrice | None) -> None:
        e = self.e
        q, q_err = float_price
        idx = self.sup[p]
        alive = idx[~self.broke[idx]]
        if exact is None:
            bs = self.b[alive]
            tol = self._tolerance(q_err)
            if np.any(np.abs(bs - q) <= tol):
                # Some supporter's budget is too close to the price to tell whether she
                # pays the price or all she has: settle it exactly.
                exact = self._exact_price(p, q, q_err)
            else:
                poor_mask = bs < q
                poor = alive[poor_mask]
                rich = alive[~poor_mask]
                full = int(np.rint(np.add.reduce(e.weights_f[rich])))
                # price = (cost - money of the poor) / full, in integers over ledger.den.
                den = self.ledger.den
                num = self.inst.costs[p] * den - self._exact_sum_num(poor)
                den *= full
                g = math.gcd(num, den)
                exact = _ExactPrice(
                    (num // g, den // g), poor, np.zeros(0, dtype=np.intp), rich, full
                )
        partial = int(np.rint(np.add.reduce(e.weights_f[exact.poor])))
        self.records.append(
            RoundRecord(
                project=p,
                q=Fraction(*exact.price),
                full_payers=exact.full_weight,
                partial_payers=partial,
                broke_supporters=self.inst.approvals[p] - exact.full_weight - partial,
            )
        )
        self.round_of[p] = len(self.bought)
        self.bought.append(p)
        num, den = exact.price
        self.ledger.add(num, den)
        # Correctly rounded exact price (int / int is): the rich voters' float budgets stay
        # within one more rounding of their exact values.
        self.b[exact.rich] -= num / den
        # Voters holding exactly the price pay it and, like the poor, have nothing left.
        broke_now = np.concatenate([exact.poor, exact.equal])
        self.b[broke_now] = 0.0
        self.broke[broke_now] = True
        self.err += 2 * _EPS * self.b0f

    # ----------------------------------------------------------------------------------
    # MESRun interface

    def rounds(self) -> list[RoundRecord]:
        return list(self.records)

    def final_funds(self) -> dict[int, Fraction]:
        chosen = set(self.selected)
        return {p: self.exact_funds_now(p) for p in self.e.eligible if p not in chosen}
