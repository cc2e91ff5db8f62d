"""2,000 people registering at once for a 500-seat meeting, over HTTP.

    .venv/bin/python bench/meetings.py [--people 2000] [--seats 500] [--clients 16]
        [--database-url URL] [--workers 2] [--threads 1]

1. Builds a fresh site (a SQLite file in a temporary folder, or the empty PostgreSQL
   database of `--database-url`): migrations, an organization at 127.0.0.1, a published
   process with a meetings component and one published meeting a week ahead taking
   registrations on the platform, with `--seats` seats. One account per person is created
   in bulk, each with a signed-in session opened beforehand.
2. Starts gunicorn on a free port of 127.0.0.1 (`PALABRE_DEMO=1`, 2 single-threaded
   workers by default) and lets `--clients` concurrent clients register everyone: each
   person, with their own cookies, POSTs the registration form once, which must lead to
   their registration's page. A hundred of them then post it a second time, which must
   change nothing.
3. Checks: one registration per person, nothing lost or doubled; arrival numbers 1…N
   without a gap; exactly `--seats` confirmed (the first ones), the rest waiting; the order
   of the list follows the order of the requests (nobody whose request was sent after
   another's answer came back is ahead of that other person); every code unique; one
   email task written per registration.

Every request goes to 127.0.0.1 only; the run ends by itself.
"""

import argparse
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _site

PASSWORD = "bench-password-2026"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--database-url", default="", help="An empty PostgreSQL database.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args()


def meeting_create(admin, organization, seats: int):
    """A published meeting a week ahead, registrations open on the platform."""
    import datetime

    from django.utils import timezone

    from palabre.components.meetings.models import Meeting
    from palabre.core import services

    space = services.space_create(
        actor=admin,
        organization=organization,
        kind="process",
        title={"en": "Neighbourhood plan", "fr": "Plan de quartier"},
        slug="quartier",
    )
    component = services.component_create(actor=admin, space=space, manifest_name="meetings")
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        component=component,
        title={"en": "Public meeting", "fr": "Réunion publique"},
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        address="1 place de la Mairie",
        published_at=timezone.now(),
        registration_type=Meeting.RegistrationType.ON_PLATFORM,
        registrations_enabled=True,
        capacity=seats,
    )
    services.space_set_published(actor=admin, space=space, published=True)
    services.component_set_published(actor=admin, component=component, published=True)
    return meeting


@dataclass
class Measure:
    posts: list[float] = field(default_factory=list)
    # (user id, monotonic time the request was sent, time its answer came back)
    timings: list[tuple[int, float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def register_all(port: int, path: str, mine: str, people: list, clients: int) -> Measure:
    result = Measure()
    numbers = itertools.count()
    take = threading.Lock()

    def client():
        browser = _site.Browser(port)
        try:
            while True:
                with take:
                    number = next(numbers)
                if number >= len(people):
                    return
                user_id, session = people[number]
                browser.cookies = {"sessionid": session, "csrftoken": _site.csrf_token()}
                sent = time.monotonic()
                status, location, _body = browser.request("POST", path, {})
                back = time.monotonic()
                with result.lock:
                    result.posts.append(back - sent)
                    result.timings.append((user_id, sent, back))
                    if status != 302 or not location.endswith(mine):
                        result.errors.append(f"register: status {status} {location}")
        except Exception as error:  # reported: the run then fails
            with result.lock:
                result.errors.append(repr(error))
        finally:
            browser.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    result.seconds = time.perf_counter() - started
    return result


def order_problems(rows, timings) -> list[str]:
    """Registrations whose place contradicts the order of the requests: someone ahead in
    the list whose request was sent after this person's answer had come back."""
    by_user = {user_id: (sent, back) for user_id, sent, back in timings}
    problems = []
    latest_sent_ahead = float("-inf")
    for position, user_id in rows:
        sent, back = by_user[user_id]
        if latest_sent_ahead > back:
            problems.append(f"arrival {position} is behind someone who came after them")
        latest_sent_ahead = max(latest_sent_ahead, sent)
    return problems


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-meetings-"))
    env = _site.site_env(workdir, args.database_url)
    _site.setup_django(env)
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from palabre.components.meetings.models import Registration
    from palabre.core.components import component_url

    problems: list[str] = []
    started = time.perf_counter()
    _site.migrate()
    organization, admin = _site.organization_with_admin("Ville de Nantes")
    meeting = meeting_create(admin, organization, args.seats)
    users = _site.users_create(organization, args.people, prefix="habitant", password=PASSWORD)
    sessions = _site.sessions_open(users)
    people = [(user.pk, session) for user, session in zip(users, sessions, strict=True)]
    path = component_url(meeting.component, "registration_new", pk=meeting.pk)
    mine = component_url(meeting.component, "registration_mine", pk=meeting.pk)
    tasks_before = DBTaskResult.objects.count()
    print(
        f"Site built in {time.perf_counter() - started:.1f} s: {args.people:,} people, "
        f"{args.seats:,} seats"
    )
    connections.close_all()

    server = None
    try:
        log = (workdir / "gunicorn.log").open("w")
        server, port = _site.server_start(
            env, workers=args.workers, threads=args.threads, log=log, probe="/healthz"
        )
        for _ in range(args.workers * 3):  # each worker loads its code and templates first
            _site.Browser(port).request("GET", meeting.get_absolute_url())
        load_before = os.getloadavg()[0]
        cpu_before = sum(_site.cpu_seconds(pid) for pid in _site.worker_pids(server.pid))
        result = register_all(port, path, mine, people, args.clients)
        cpu_after = sum(_site.cpu_seconds(pid) for pid in _site.worker_pids(server.pid))
        load_after = os.getloadavg()[0]
        problems.extend(result.errors[:5])
        again = register_all(port, path, mine, people[:100], args.clients)
        problems.extend(again.errors[:5])
        server.terminate()
        server.wait(timeout=30)
        server = None
    finally:
        if server is not None:
            server.terminate()

    registrations = Registration.objects.filter(meeting=meeting)
    rows = list(registrations.order_by("position").values_list("position", "user_id", "status"))
    if len(rows) != args.people:
        problems.append(f"{len(rows)} registrations for {args.people} people")
    if len({user_id for _p, user_id, _s in rows}) != len(rows):
        problems.append("someone has two registrations")
    if [position for position, _u, _s in rows] != list(range(1, len(rows) + 1)):
        problems.append("arrival numbers have a gap or a double")
    seats = min(args.seats, args.people)
    expected = ["confirmed"] * seats + ["waiting"] * (args.people - seats)
    if [status for _p, _u, status in rows] != expected:
        problems.append(
            f"{sum(s == 'confirmed' for *_x, s in rows)} confirmed, "
            f"{sum(s == 'waiting' for *_x, s in rows)} waiting, not in arrival order"
        )
    problems.extend(order_problems([(p, u) for p, u, _s in rows], result.timings)[:5])
    if registrations.values("code").distinct().count() != len(rows):
        problems.append("two registrations share a code")
    emails = (
        DBTaskResult.objects.filter(task_path__endswith="send_registration_email").count()
        if DBTaskResult.objects.count() > tasks_before
        else 0
    )
    if emails != args.people:
        problems.append(f"{emails} email tasks written for {args.people} registrations")

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"\n{args.people:,} people, {args.seats:,} seats, on {database}, gunicorn "
        f"{args.workers} workers × {args.threads} threads, {args.clients} clients; load "
        f"average {load_before:.1f} before, {load_after:.1f} after (2 cores)\n"
    )
    print("| measure | value |")
    print("| --- | ---: |")
    print(f"| registrations sent | {len(result.posts):,} in {result.seconds:.1f} s |")
    rate = len(result.posts) / result.seconds
    print(f"| **registrations per second** | **{rate:.1f}** |")
    print(
        f"| registration POST p50 / **p95** | {1000 * statistics.median(result.posts):.0f} ms "
        f"/ **{1000 * _site.percentile(result.posts, 0.95):.0f} ms** |"
    )
    per_person = 1000 * (cpu_after - cpu_before) / max(len(result.posts), 1)
    print(f"| server processor time per registration | {per_person:.1f} ms |")
    confirmed = sum(status == "confirmed" for *_x, status in rows)
    print(f"| seats taken / waiting | {confirmed:,} / {len(rows) - confirmed:,} |")
    print(f"| second submissions | {len(again.posts)} sent, each led to the registration |")
    if "BENCH_KEEP" not in os.environ:
        shutil.rmtree(workdir, ignore_errors=True)
    if problems:
        print("\nCHECK FAILED:")
        for problem in problems:
            print(f"  {problem}")
        sys.exit(1)
    print(
        "\nCheck passed: one registration per person, arrival numbers without a gap, the "
        "first ones seated and the others waiting in the order their requests came, codes "
        "unique, one email per registration, second submissions changed nothing."
    )


if __name__ == "__main__":
    main()
