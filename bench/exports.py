"""Exports of a proposals component as it grows: memory stays flat with 100,000 rows.

    .venv/bin/python bench/exports.py [--sizes 10000,100000] [--database-url URL]

Builds a fresh site (a SQLite file in a temporary folder, or the empty PostgreSQL database
of `--database-url`) with one proposals component per size, seeded in bulk as
`proposals.py` seeds them (French texts, categories, districts, addresses, answers). Then,
for each component, asks for each export (CSV, JSON, Excel) through its backoffice address
as the component's administrator, reading the streamed answer chunk by chunk as a server
would send it, in a process of its own, and prints the bytes, the time and how much the
process's peak resident memory grew during the export (from the request to the last byte).
A flat export needs the same memory whatever the number of rows.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _site
import proposals as seeding

PASSWORD = "bench-password-2026"
EXPORTS = ("export_csv", "export_json", "export_xlsx")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="An empty PostgreSQL database.")
    parser.add_argument("--sizes", default="10000,100000", help="Proposals per component.")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def component_seeded(admin, organization, users, rng, size: int):
    """A published proposals component with `size` proposals, written in bulk."""
    component = seeding.component_create(admin, organization, slug=f"exports-{size}")
    proposals, _categories = seeding.proposals_plan(component, users, rng, size)
    seeding.seed_insert(component, proposals, [], [])
    return component


def _memory_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure(client, url: str) -> tuple[int, int, float, int]:
    """Status, bytes, seconds and memory growth (KiB) of one export, read to the end, in a
    process of its own. The growth is the highest anonymous resident memory (RssAnon: what
    the process allocated, not the pages of the database file it maps to read it) seen
    every 5 ms during the export, less what the process held when it started."""
    from django.db import connections

    connections.close_all()  # the export's process opens its own
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        start = _memory_kib("RssAnon")
        highest = [start]
        done = threading.Event()

        def watch():
            while not done.wait(0.005):
                highest[0] = max(highest[0], _memory_kib("RssAnon"))

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.perf_counter()
        response = client.get(url)
        size = 0
        if response.streaming:
            for chunk in response.streaming_content:
                size += len(chunk)
        else:
            size = len(response.content)
        response.close()
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        growth = max(highest[0], _memory_kib("RssAnon")) - start
        os.write(write_end, json.dumps([response.status_code, size, seconds, growth]).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    status, size, seconds, growth = json.loads(answer)
    return status, size, seconds, growth


def main():
    args = parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    try:
        _site.setup_django(_site.site_env(workdir, args.database_url))
        _site.migrate()
        from django.test import Client

        from palabre.core.components import component_admin_url
        from palabre.core.tests.factories import with_two_factor

        organization, admin = _site.organization_with_admin("Ville de Lyon")
        with_two_factor(admin)
        users = _site.users_create(organization, 2000, prefix="habitant", password=PASSWORD)
        rng = random.Random(args.seed)
        components = {}
        for size in sizes:
            started = time.perf_counter()
            components[size] = component_seeded(admin, organization, users, rng, size)
            print(f"seeded {size:,} proposals in {time.perf_counter() - started:.1f} s")
        client = Client(HTTP_HOST=_site.HOST)
        client.force_login(admin)
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(f"\nExports on {database}\n")
        print("| proposals | export | status | MB | seconds | memory growth MiB |")
        print("| ---: | --- | ---: | ---: | ---: | ---: |")
        peaks: dict[str, list[int]] = {}
        for size, component in components.items():
            for name in EXPORTS:
                status, length, seconds, peak = measure(
                    client, component_admin_url(component, name)
                )
                peaks.setdefault(name, []).append(peak)
                print(
                    f"| {size:,} | {name.removeprefix('export_')} | {status} | "
                    f"{length / 1e6:.1f} | {seconds:.1f} | {peak / 1024:.1f} |"
                )
                if status != 200:
                    sys.exit(f"{name} of {size} proposals answered {status}")
        growth = {name: values[-1] / values[0] for name, values in peaks.items()}
        print(
            "\nMemory growth of the largest export over the smallest: "
            + ", ".join(
                f"{name.removeprefix('export_')} ×{ratio:.2f}" for name, ratio in growth.items()
            )
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
