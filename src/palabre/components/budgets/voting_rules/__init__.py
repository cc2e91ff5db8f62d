"""Counting rules for participatory budgeting, independent of Django.

* :mod:`.pabulib` reads and writes elections in the pabulib ``.pb`` format
  (:func:`parse_pb`, :func:`write_pb`).
* :mod:`.rules` counts approval ballots with greedy by votes (:func:`greedy`) or the
  Method of Equal Shares completed as pabutools does (:func:`method_of_equal_shares`), both
  giving exactly pabutools 1.2.3's winners, with machine-readable explanations.

Everything is exact: money is ``int`` or ``Decimal``, MES shares are ``Fraction``. The fast
MES engine uses numpy when it is installed; without it the exact engine gives the same
results, more slowly on big elections.
"""

from .pabulib import (
    ErrorCode,
    PabulibError,
    PBBallot,
    PBElection,
    PBProject,
    UnsupportedVoteType,
    parse_pb,
    write_pb,
)
from .rules import (
    BudgetIncreaseStop,
    CompletionStep,
    GreedyExplanation,
    GreedyStatus,
    MESExplanation,
    MESPurchase,
    MESRejection,
    MESRejectionReason,
    MESStatus,
    MESSummary,
    Outcome,
    ProjectLike,
    Rule,
    greedy,
    method_of_equal_shares,
)

__all__ = [
    "BudgetIncreaseStop",
    "CompletionStep",
    "ErrorCode",
    "GreedyExplanation",
    "GreedyStatus",
    "MESExplanation",
    "MESPurchase",
    "MESRejection",
    "MESRejectionReason",
    "MESStatus",
    "MESSummary",
    "Outcome",
    "PBBallot",
    "PBElection",
    "PBProject",
    "PabulibError",
    "ProjectLike",
    "Rule",
    "UnsupportedVoteType",
    "greedy",
    "method_of_equal_shares",
    "parse_pb",
    "write_pb",
]
