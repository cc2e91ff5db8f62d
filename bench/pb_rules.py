"""Time the participatory-budgeting rules on the shared pabulib files.

Usage, from the repository root::

    python bench/pb_rules.py                 # parse, greedy, MES (ours)
    python bench/pb_rules.py --pabutools     # also pabutools' MES (minutes per big file)
    python bench/pb_rules.py path/to/*.pb    # other files

The files default to ``../shared/data/pabulib/*.pb`` (or ``$PALABRE_PABULIB_DIR``). Only
the voting-rules library is imported (no Django). ``--pabutools`` needs
``pip install pabutools==1.2.3 "pulp<3.3"``; the winners are then checked to be equal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "src" / "palabre" / "components" / "budgets"


def _import_library():
    # Import the library without importing the Django apps around it: put its parent folder
    # on the path, so that it is the top-level package ``voting_rules``.
    sys.path.insert(0, str(RULES_DIR))
    from voting_rules import pabulib, rules

    return pabulib, rules


def _default_files() -> list[Path]:
    folder = Path(os.environ.get("PALABRE_PABULIB_DIR", ROOT.parent / "shared/data/pabulib"))
    return sorted(folder.glob("*.pb"))


def _timed(function, *args, repeat: int = 1, **kwargs):
    """Best time of ``repeat`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def _pabutools_mes(path: Path) -> tuple[float, list[str]]:
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = parse_pabulib(str(path))
    start = time.perf_counter()
    outcome = completion_by_rule_combination(
        instance,
        profile,
        [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
        [
            {"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}},
            {"sat_class": Cost_Sat},
        ],
    )
    return time.perf_counter() - start, [p.name for p in outcome]


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--pabutools", action="store_true", help="also time pabutools' MES")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    args = parser.parse_args()
    files = args.files or _default_files()
    if not files:
        sys.exit("no .pb file given or found")
    pabulib, rules = _import_library()

    header = f"{'file':<45} {'voters':>7} {'proj':>5} {'parse':>8} {'greedy':>8} {'MES':>8}"
    header += f" {'runs':>5}"
    if args.pabutools:
        header += f" {'pabutools MES':>14} {'same':>5}"
    print(header)
    print("-" * len(header))
    for path in files:
        text = path.read_text(encoding="utf-8")
        t_parse, election = _timed(pabulib.parse_pb, text, repeat=args.repeat)
        data = (election.projects, election.approval_sets(), election.budget)
        t_greedy, _ = _timed(rules.greedy, *data, repeat=args.repeat)
        t_mes, mes = _timed(rules.method_of_equal_shares, *data, repeat=args.repeat)
        line = (
            f"{path.name[:45]:<45} {len(election.ballots):>7} {len(election.projects):>5}"
            f" {t_parse:>7.3f}s {t_greedy:>7.3f}s {t_mes:>7.3f}s {mes.mes.runs:>5}"
        )
        if args.pabutools:
            t_ref, winners = _pabutools_mes(path)
            line += f" {t_ref:>13.1f}s {'yes' if winners == mes.selected else 'NO':>5}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
