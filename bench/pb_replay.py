"""Replay a real participatory-budgeting election through the web voting flow.

    .venv/bin/python bench/pb_replay.py [--ballots N] [--clients 16] [--database-url URL]

1. Builds a fresh site: a SQLite file in a temporary folder (or the empty PostgreSQL
   database of `--database-url`), migrations, an organization at 127.0.0.1, the projects of
   Warsaw-Mokotów 2023 imported with `palabre pabulib import --projects-only`, voting open,
   and one account per ballot of the file (11,067), created in bulk with one password hash,
   each with a signed-in session opened beforehand (as if every voter had signed in before
   the rush; `--sign-in` makes each voter sign in with the form instead).
2. Starts gunicorn on a free port of 127.0.0.1 with `PALABRE_DEMO=1`.
3. Replays the ballots over HTTP with concurrent clients, each voter with their own cookies:
   POST the ticked projects to "add the selected projects", then POST "vote" (two requests
   per ballot). `--one-by-one` presses each project's own "Add" button instead, `--browse`
   opens the budget page first. Each voter connects from their own loopback address
   (127.x.y.z): the site limits sign-ins per address, as it should in production, and
   every voter of a real election has their own.
4. Checks that every project's vote count equals the file's `votes` column (or, with
   `--ballots`, a count of the replayed ballots) and that greedy by votes, through
   `palabre budgets results --json`, selects the file's `selected` projects (or what the
   counting library selects from the replayed ballots).
5. Times `palabre pabulib import` of Toulouse 2024 and both counting rules on each shared
   file, and prints a table.

Every request goes to 127.0.0.1 only; the loops are bounded by the number of ballots.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _site  # the web benchmarks' shared helpers, next to this file

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DATA = Path("/work/shared/data/pabulib")
MOKOTOW = DATA / "Poland_Warszawa_2023_Mokotow.pb"
TOULOUSE = DATA / "France_Toulouse_2024.pb"
HOST = "127.0.0.1"
# A throwaway password of local accounts that live as long as the benchmark.
PASSWORD = "replay-password-2023"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="An empty PostgreSQL database.")
    parser.add_argument("--ballots", type=int, default=0, help="Replay the first N (0: all).")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-rules", action="store_true", help="Skip the timing of rules.")
    parser.add_argument(
        "--browse",
        action="store_true",
        help="Each voter first opens the budget page (otherwise they arrive with its cookies).",
    )
    parser.add_argument(
        "--one-by-one",
        action="store_true",
        help="Press each project's own Add button instead of ticking them and adding at once.",
    )
    parser.add_argument(
        "--sign-in",
        action="store_true",
        help="Each voter signs in with the form (slow password hash) instead of arriving "
        "with a session opened beforehand.",
    )
    return parser.parse_args()


def palabre(env, *args, check=True) -> tuple[str, float]:
    """Run a `palabre` command; returns its standard output and its wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "palabre"), *args], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if check and done.returncode != 0:
        sys.exit(f"palabre {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout, elapsed


# Building the site --------------------------------------------------------------------
def build_site(env, ballots, *, sessions: bool) -> dict:
    """Migrate, create the organization and the voters; returns what the replay needs."""
    os.environ.update(env)
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from palabre.components.budgets.models import Budget
    from palabre.core import services
    from palabre.core.components import component_url
    from palabre.core.models import Organization, OrganizationAdmin, User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    organization = Organization.objects.create(
        host=HOST, name="Replay", default_locale="en", available_locales=["en"]
    )
    admin = User.objects.create_user(email="admin@replay.test", nickname="admin", password=None)
    OrganizationAdmin.objects.create(organization=organization, user=admin)

    out, import_seconds = palabre(
        env, "pabulib", "import", str(MOKOTOW), "--host", HOST, "--projects-only"
    )
    summary = json.loads(out)
    budget = Budget.objects.select_related("component__space").get(pk=summary["budget"])
    component = budget.component
    services.space_set_published(actor=admin, space=component.space, published=True)
    services.component_set_published(actor=admin, component=component, published=True)
    settings = dict(component.settings)
    settings["default_step"] = {**settings["default_step"], "voting": "open"}
    settings["steps"] = {key: {**step, "voting": "open"} for key, step in settings["steps"].items()}
    services.component_update(actor=admin, component=component, settings=settings)

    started = time.perf_counter()
    password = make_password(PASSWORD)  # one hash for every voter: computing 11,067 takes hours
    users = User.objects.bulk_create(
        [
            User(
                email=f"voter{i}@replay.test",
                nickname=f"voter{i}",
                password=password,
                organization=organization,
                locale="en",
            )
            for i in range(len(ballots))
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    voters_seconds = time.perf_counter() - started
    session_keys = _site.sessions_open(users) if sessions else []
    by_external = dict(budget.projects.values_list("external_id", "pk"))
    add_urls = {
        external: component_url(component, "project_add", budget_id=budget.pk, pk=pk)
        for external, pk in by_external.items()
    }
    checkout_url = component_url(component, "checkout", budget_id=budget.pk)
    connections.close_all()
    return {
        "budget": budget.pk,
        "add_urls": add_urls,
        "checkout_url": checkout_url,
        "import_seconds": import_seconds,
        "voters_seconds": voters_seconds,
        "sessions": session_keys,
        "budget_url": component_url(component, "budget", budget_id=budget.pk),
        "basket_add_url": component_url(component, "basket_add", budget_id=budget.pk),
        "pks": {external: str(pk) for external, pk in by_external.items()},
    }


# The voters ----------------------------------------------------------------------------
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Timings:
    login: list = field(default_factory=list)
    add: list = field(default_factory=list)
    checkout: list = field(default_factory=list)
    ballot: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def vote(port: int, number: int, projects: list[str], site: dict, timings: Timings, args):
    session = site["sessions"][number] if site["sessions"] else ""
    # Each voter from their own address 127.x.y.z, as every voter of a real election.
    voter = _site.Browser(
        port,
        {"sessionid": session} if session else None,
        language="en",
        source_address=f"127.{1 + number // 62500}.{number // 250 % 250}.{1 + number % 250}",
    )
    try:
        started = time.perf_counter()
        if session and args.browse:
            # The voter arrives signed in and opens the budget page (which sets the CSRF
            # cookie that the buttons need).
            status, _location, _page = voter.request("GET", site["budget_url"])
            if status != 200 or "csrftoken" not in voter.cookies:
                raise RuntimeError(f"budget page answered {status}")
        elif session:
            # The voter arrives signed in, with the CSRF cookie of an earlier visit.
            voter.cookies["csrftoken"] = _site.csrf_token()
        else:
            status, _location, page = voter.request("GET", "/accounts/login/")
            match = CSRF_FIELD.search(page.decode())
            status, location, _page = voter.request(
                "POST",
                "/accounts/login/",
                {
                    "login": f"voter{number}@replay.test",
                    "password": PASSWORD,
                    **({"csrfmiddlewaretoken": match.group(1)} if match else {}),
                },
            )
            if status != 302 or "login" in location:
                raise RuntimeError(f"sign-in answered {status} {location}")
        logged_in = time.perf_counter()
        adds = []
        clicks = (
            [(site["add_urls"][project], {}) for project in projects]
            if args.one_by_one
            else [(site["basket_add_url"], {"project": [site["pks"][p] for p in projects]})]
        )
        for path, form in clicks:
            before = time.perf_counter()
            status, location, _page = voter.request("POST", path, form)
            adds.append(time.perf_counter() - before)
            if status != 302:
                raise RuntimeError(f"add answered {status}")
        before = time.perf_counter()
        status, _location, _page = voter.request("POST", site["checkout_url"], {})
        done = time.perf_counter()
        if status != 302:
            raise RuntimeError(f"vote answered {status}")
        with timings.lock:
            timings.login.append(logged_in - started)
            timings.add.extend(adds)
            timings.checkout.append(done - before)
            timings.ballot.append(done - logged_in)
    except Exception as error:  # counted and reported: the check fails then
        with timings.lock:
            timings.errors.append(f"voter {number}: {error}")
    finally:
        voter.close()


# Checks and rule timings -----------------------------------------------------------------
def check_counts(env, site, election, ballots) -> list[str]:
    """Differences between the site's counts and the expected ones (empty: all equal)."""
    from palabre.components.budgets.models import Project
    from palabre.components.budgets.selectors import budget_recount
    from palabre.components.budgets.voting_rules.rules import greedy

    whole = len(ballots) == len(election.ballots)
    expected = (
        {p.id: p.votes for p in election.projects}
        if whole
        else Counter(project for ballot in ballots for project in ballot)
    )
    problems = []
    projects = list(Project.objects.filter(budget_id=site["budget"]))
    recount = budget_recount(budget=projects[0].budget)
    for project in projects:
        want = expected.get(project.external_id, 0)
        if project.votes_count != want or recount[project.pk] != want:
            problems.append(
                f"project {project.external_id}: {project.votes_count} votes "
                f"(recount {recount[project.pk]}), expected {want}"
            )
    out, _seconds = palabre(
        env, "budgets", "results", "--budget", str(site["budget"]), "--rule", "greedy", "--json"
    )
    selected = set(json.loads(out)["selected"])
    if whole:
        wanted = {p.id for p in election.projects if p.selected}
    else:
        # The site knows projects by primary key, and greedy breaks ties by id: count the
        # replayed ballots with the same ids so that ties fall the same way.
        pks = {p.external_id: str(p.pk) for p in projects}
        external = {pk: ext for ext, pk in pks.items()}
        counted = greedy(
            [SimpleNamespace(id=pks[p.id], cost=p.cost) for p in election.projects],
            [{pks[project] for project in ballot} for ballot in ballots],
            election.budget,
        )
        wanted = {external[pk] for pk in counted.selected}
    if selected != wanted:
        problems.append(f"greedy selects {sorted(selected)}, expected {sorted(wanted)}")
    return problems


def time_rules(env) -> list[tuple[str, str, float]]:
    """Import every shared file with its ballots, then time both rules on each."""
    rows = []
    for path in sorted(DATA.glob("*.pb")):
        out, seconds = palabre(
            env,
            "pabulib",
            "import",
            str(path),
            "--host",
            HOST,
            "--process",
            path.stem[:60].lower().replace("_", "-"),
        )
        budget = json.loads(out)["budget"]
        rows.append((path.name, "pabulib import", seconds))
        for rule in ("greedy", "mes"):
            _out, seconds = palabre(
                env, "budgets", "results", "--budget", str(budget), "--rule", rule, "--json"
            )
            rows.append((path.name, f"results --rule {rule}", seconds))
    return rows


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from palabre.components.budgets.voting_rules.pabulib import parse_pb

    election = parse_pb(MOKOTOW.read_text(encoding="utf-8-sig"))
    ballots = [list(ballot.votes) for ballot in election.ballots]
    if args.ballots:
        ballots = ballots[: args.ballots]
    workdir = Path(tempfile.mkdtemp(prefix="pb-replay-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "palabre.config.settings",
        "PALABRE_DEMO": "1",
        "PALABRE_VAR_DIR": str(workdir),
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'replay.sqlite3'}",
        "EMAIL_URL": "console://",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DEBUG", None)
    server = None
    try:
        site = build_site(env, ballots, sessions=not args.sign_in)
        log = (workdir / "gunicorn.log").open("w")
        server, port = _site.server_start(env, workers=args.workers, threads=args.threads, log=log)
        timings = Timings()
        workers = _site.worker_pids(server.pid)
        cpu_before = sum(_site.cpu_seconds(pid) for pid in workers)
        # A PostgreSQL server on this machine: its processes' work, counted apart.
        database_before = _site.processor_time_of("postgres") if args.database_url else 0.0
        client_before = time.process_time()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            for number, projects in enumerate(ballots):
                pool.submit(vote, port, number, projects, site, timings, args)
        total = time.perf_counter() - started
        server_cpu = sum(_site.cpu_seconds(pid) for pid in workers) - cpu_before
        database_cpu = (
            _site.processor_time_of("postgres") - database_before if args.database_url else 0.0
        )
        client_cpu = time.process_time() - client_before
        server.terminate()
        server.wait(timeout=30)
        server = None
        problems = timings.errors[:10] + check_counts(env, site, election, ballots)
        rule_rows = [] if args.skip_rules else time_rules(env)
    finally:
        if server is not None:
            server.terminate()
        if not os.environ.get("PB_REPLAY_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)

    database = "PostgreSQL" if args.database_url else "SQLite"
    cast = len(timings.checkout)
    print(
        f"\nWarsaw-Mokotów 2023 replayed on {database}: {cast} of {len(ballots)} ballots cast, "
        f"{args.clients} clients, gunicorn {args.workers} workers × {args.threads} threads; "
        f"{'one POST per project' if args.one_by_one else 'projects ticked, one POST'}"
    )
    arrival = "sign-in" if args.sign_in else "budget page" if args.browse else "arrival"
    print(f"{'measure':<44}{'value':>12}")
    for label, value in (
        ("projects import --projects-only (s)", site["import_seconds"]),
        ("voters created in bulk (s)", site["voters_seconds"]),
        ("total replay time (s)", total),
        ("server processor time per ballot (ms)", 1000 * server_cpu / max(len(ballots), 1)),
        ("clients' processor time per ballot (ms)", 1000 * client_cpu / max(len(ballots), 1)),
        (
            "database server processor time per ballot (ms)",
            1000 * database_cpu / max(len(ballots), 1),
        ),
        (f"ballots per second ({arrival} included)", cast / total if total else 0),
        (f"{arrival} p50 (s)", statistics.median(timings.login) if timings.login else 0),
        (f"{arrival} p95 (s)", _site.percentile(timings.login, 0.95)),
        ("add to basket p50 (s)", statistics.median(timings.add) if timings.add else 0),
        ("add to basket p95 (s)", _site.percentile(timings.add, 0.95)),
        ("checkout p50 (s)", statistics.median(timings.checkout) if timings.checkout else 0),
        ("checkout p95 (s)", _site.percentile(timings.checkout, 0.95)),
        (
            f"ballot after {arrival} p50 (s)",
            statistics.median(timings.ballot) if timings.ballot else 0,
        ),
        (
            f"{arrival} share of client time (%)",
            100 * sum(timings.login) / max(sum(timings.login) + sum(timings.ballot), 1e-9),
        ),
    ):
        print(f"{label:<44}{value:>12.3f}")
    if rule_rows:
        print(f"\n{'file':<44}{'command':<24}{'wall s':>8}")
        for name, command, seconds in rule_rows:
            print(f"{name:<44}{command:<24}{seconds:>8.2f}")
    if problems:
        print("\nCHECK FAILED:")
        for problem in problems:
            print(f"  {problem}")
        sys.exit(1)
    print("\nCheck passed: every project's votes and the greedy winners are as expected.")


if __name__ == "__main__":
    main()
