"""Normalised, integer-scaled view of an approval election shared by the counting rules.

Money amounts (costs and budget) arrive as ``int`` or :class:`~decimal.Decimal`. They are
multiplied by a common power of ten so that every amount becomes an exact ``int``: the rules
then compare integers and :class:`~fractions.Fraction` objects only, never binary floats
(except in the fast engine, which checks its float results, see ``_mes_fast``).

Identical ballots are merged into *ballot types* with a weight (the number of voters who cast
it): every counting rule here treats voters with the same ballot identically, so this changes
no result and saves work.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, runtime_checkable

Money = int | Decimal


@runtime_checkable
class ProjectLike(Protocol):
    """Anything with a string ``id`` and an exact ``cost`` (``int`` or ``Decimal``)."""

    @property
    def id(self) -> str: ...

    @property
    def cost(self) -> Money: ...


def _as_fraction(value: object, what: str) -> Fraction:
    # bool is an int subclass: refuse it explicitly, it is certainly a caller mistake.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(
            f"{what} must be an int or a Decimal (binary floats are not exact money), "
            f"got {type(value).__name__}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value}")
    result = Fraction(value)
    if result < 0:
        raise ValueError(f"{what} must not be negative, got {value}")
    return result


def _scale_for(values: Iterable[Fraction]) -> int:
    """Smallest common denominator of the amounts (a power of ten for decimal inputs)."""
    return math.lcm(1, *(value.denominator for value in values))


def to_decimal(value: Fraction) -> Decimal:
    """Exact conversion of a fraction whose denominator has only factors 2 and 5."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        raise ValueError(f"{value} has no exact decimal representation")
    digits = max(twos, fives)
    scaled = value * 10**digits
    return Decimal(scaled.numerator).scaleb(-digits)


@dataclass(frozen=True)
class Instance:
    """An approval election prepared for counting.

    ``costs`` and ``budget`` are integers: the real amounts multiplied by ``scale``.
    ``types`` lists the distinct ballots (as sorted tuples of project indices) and
    ``weights`` how many voters cast each. ``approvals[p]`` is the number of voters approving
    project ``p``.
    """

    ids: tuple[str, ...]
    costs: tuple[int, ...]
    budget: int
    scale: int
    types: tuple[tuple[int, ...], ...]
    weights: tuple[int, ...]
    approvals: tuple[int, ...]
    num_voters: int
    original_costs: tuple[Money, ...]
    original_budget: Money

    def money(self, scaled: int | Fraction) -> Decimal:
        """Convert a scaled integer amount back to an exact decimal amount."""
        return to_decimal(Fraction(scaled) / self.scale)


def prepare(
    projects: Iterable[ProjectLike],
    ballots: Iterable[Collection[str]],
    budget: Money,
) -> Instance:
    """Validate and normalise the input of a counting rule.

    Raises ``ValueError`` for duplicate project ids, negative amounts, ballots naming an
    unknown project or naming a project twice, and ``TypeError`` for non-exact amounts.
    """
    project_list = list(projects)
    ids: list[str] = []
    index: dict[str, int] = {}
    fractions: list[Fraction] = []
    for project in project_list:
        project_id = project.id
        if not isinstance(project_id, str):
            raise TypeError(f"project ids must be strings, got {project_id!r}")
        if project_id in index:
            raise ValueError(f"project {project_id!r} is listed twice")
        index[project_id] = len(ids)
        ids.append(project_id)
        fractions.append(_as_fraction(project.cost, f"cost of project {project_id!r}"))
    budget_fraction = _as_fraction(budget, "budget")
    scale = _scale_for([*fractions, budget_fraction])

    counts: dict[tuple[int, ...], int] = {}
    approvals = [0] * len(ids)
    num_voters = 0
    for ballot in ballots:
        if isinstance(ballot, str):
            # A bare string would be read as a list of one-character project ids.
            raise TypeError("a ballot must be a collection of project ids, not a string")
        members: list[int] = []
        for project_id in ballot:
            if project_id not in index:
                raise ValueError(f"a ballot approves unknown project {project_id!r}")
            members.append(index[project_id])
        key = tuple(sorted(members))
        if len(set(key)) != len(key):
            raise ValueError("a ballot approves the same project twice")
        for p in key:
            approvals[p] += 1
        counts[key] = counts.get(key, 0) + 1
        num_voters += 1

    return Instance(
        ids=tuple(ids),
        costs=tuple(int(f * scale) for f in fractions),
        budget=int(budget_fraction * scale),
        scale=scale,
        types=tuple(counts),
        weights=tuple(counts.values()),
        approvals=tuple(approvals),
        num_voters=num_voters,
        original_costs=tuple(p.cost for p in project_list),
        original_budget=budget,
    )
