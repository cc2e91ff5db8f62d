"""Regenerate ``expected_winners.json`` with pabutools, the reference implementation.

Run from the repository root, in an environment with pabutools 1.2.3::

    pip install pabutools==1.2.3 "pulp<3.3"
    python -m palabre.components.budgets.voting_rules.tests.make_expected

(with ``src`` on ``PYTHONPATH``; set ``PALABRE_PABULIB_DIR`` if the shared files are not in
``../shared/data/pabulib``). pabutools needs about four minutes per big file for the Method of
Equal Shares, which is why the tests compare against this committed file instead of running
it each time. For every shared file it records:

* ``greedy``: ``greedy_utilitarian_welfare(sat_class=Cost_Sat)`` (greedy by votes);
* ``greedy_cardinality``: ``greedy_utilitarian_welfare(sat_class=Cardinality_Sat)`` (by
  votes per unit of cost: NOT our greedy, kept to document the difference);
* ``mes``: ``completion_by_rule_combination`` of ``exhaustion_by_budget_increase`` around
  ``method_of_equal_shares(sat_class=Cost_Sat)`` and ``greedy_utilitarian_welfare``.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    """Compute the reference winners and write them next to this script."""
    import pabutools
    from pabutools.election import Cardinality_Sat
    from pabutools.rules import greedy_utilitarian_welfare

    from .support import (
        EXPECTED_FILE,
        pabutools_from_file,
        pabutools_greedy,
        pabutools_mes,
        shared_files,
    )

    files = shared_files()
    if not files:
        sys.exit("no shared .pb files found (set PALABRE_PABULIB_DIR)")
    result: dict[str, object] = {"_generated_with": f"pabutools {pabutools.__version__}"}
    for path in files:
        # pabutools' own parser, so that the reference does not depend on ours.
        instance, profile = pabutools_from_file(path)
        start = time.perf_counter()
        mes = pabutools_mes(instance, profile)
        elapsed = time.perf_counter() - start
        result[path.name] = {
            "greedy": pabutools_greedy(instance, profile),
            "greedy_cardinality": [
                p.name
                for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat)
            ],
            "mes": mes,
        }
        print(f"{path.name}: pabutools MES took {elapsed:.1f} s", flush=True)
    EXPECTED_FILE.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED_FILE}")


if __name__ == "__main__":
    main()
