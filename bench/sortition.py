"""Time the citizen panel selection on generated pools.

Usage, from the repository root::

    python bench/sortition.py                          # pools of 200, 500 and 2,000
    python bench/sortition.py --pools 500 --methods maximin
    python bench/sortition.py --size 40 --greedy-runs 300

Each pool is generated with 4 features (gender, age band, district, education; 2 to 5
categories each, unevenly represented among the volunteers) by
`palabre.components.sortitions.pools`, with quotas around each category's share of the
population, and a panel of `--size` people (30 by default). For each method it prints the
wall-clock time, the processor time of this process (the solver may use more than one
core), the smallest selection probability and the number of panels of the distribution.
The greedy method's probabilities are estimated over `--greedy-runs` runs (1,000 by
default, as the site does). No database is used.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pools", type=int, nargs="+", default=[200, 500, 2000])
    parser.add_argument("--methods", nargs="+", default=["maximin", "nash", "greedy"])
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--greedy-runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated pools.")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palabre.config.settings")
    os.environ.setdefault("PALABRE_DEMO", "1")
    import django

    django.setup()
    from palabre.components.sortitions.pools import generated_people, generated_quotas
    from palabre.components.sortitions.selection import compute_distribution

    print(f"panel of {args.size}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| volunteers | method | wall (s) | processor (s) | minimum probability | panels |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for count in args.pools:
        people = generated_people(count, seed=args.seed)
        quotas = generated_quotas(people, args.size)
        for method in args.methods:
            wall, cpu = time.perf_counter(), time.process_time()
            distribution = compute_distribution(
                people=people,
                quotas=quotas,
                size=args.size,
                method=method,
                greedy_runs=args.greedy_runs,
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(
                f"| {count:,} | {method} | {wall:.1f} | {cpu:.1f} | {distribution.minimum:.4f} "
                f"| {len(distribution.panels)} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
