"""Helpers shared by the voting-rules tests (no Django, no database)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..pabulib import PBBallot, PBElection, PBProject, parse_pb, write_pb

HERE = Path(__file__).resolve().parent
EXPECTED_FILE = HERE / "expected_winners.json"


def pabulib_dir() -> Path:
    """Folder of the shared pabulib files.

    ``PALABRE_PABULIB_DIR`` wins; otherwise ``shared/data/pabulib`` beside the repository
    (``<repo>/../shared``), which is where the workplace and CI put it.
    """
    override = os.environ.get("PALABRE_PABULIB_DIR")
    if override:
        return Path(override)
    repo = HERE.parents[5]  # tests, voting_rules, budgets, components, palabre, src
    return repo.parent / "shared" / "data" / "pabulib"


def shared_files() -> list[Path]:
    """The shared ``.pb`` files, sorted by name (empty when the folder is missing)."""
    folder = pabulib_dir()
    return sorted(folder.glob("*.pb")) if folder.is_dir() else []


def load(path: Path) -> PBElection:
    """Parse a ``.pb`` file."""
    return parse_pb(path.read_text(encoding="utf-8"))


def expected_winners() -> dict[str, dict[str, list[str]]]:
    """The committed pabutools results, by file name (see make_expected.py)."""
    return json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))


def make_election(
    costs: list[int | Decimal], ballots: list[list[int]], budget: int | Decimal
) -> PBElection:
    """A small approval election with projects "1", "2"... and voters "v1", "v2"...

    Ids are numbers written as strings, so that tie-breaking by id compared as strings
    ("10" before "9") is exercised.
    """
    projects = [PBProject(id=str(i + 1), cost=Decimal(c)) for i, c in enumerate(costs)]
    return PBElection(
        meta={
            "description": "generated",
            "country": "France",
            "unit": "Test",
            "instance": "2024",
            "num_projects": str(len(projects)),
            "num_votes": str(len(ballots)),
            "budget": str(budget),
            "vote_type": "approval",
            "rule": "greedy",
            "date_begin": "2024",
            "date_end": "2024",
        },
        projects=projects,
        ballots=[
            PBBallot(voter_id=f"v{k + 1}", votes=[str(p + 1) for p in ballot])
            for k, ballot in enumerate(ballots)
        ],
    )


# --------------------------------------------------------------------------------------------
# pabutools, the reference implementation (optional dependency of the tests)


def pabutools_instance(election: PBElection) -> tuple[Any, Any]:
    """The election as pabutools (instance, profile), going through the pabulib format."""
    from pabutools.election.pabulib import parse_pabulib_from_string

    return parse_pabulib_from_string(write_pb(election))


def pabutools_from_file(path: Path) -> tuple[Any, Any]:
    """A ``.pb`` file read by pabutools' own parser."""
    from pabutools.election.pabulib import parse_pabulib

    return parse_pabulib(str(path))


def pabutools_greedy(instance: Any, profile: Any) -> list[str]:
    """pabutools' greedy by votes: greedy_utilitarian_welfare with cost satisfaction."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare

    return [p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)]


def pabutools_mes(instance: Any, profile: Any) -> list[str]:
    """pabutools' MES with budget increase and greedy completion (the Palabre reference)."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    outcome = completion_by_rule_combination(
        instance,
        profile,
        [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
        [
            {"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}},
            {"sat_class": Cost_Sat},
        ],
    )
    return [p.name for p in outcome]
