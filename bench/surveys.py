"""A 30-question survey answered by 10,000 people over HTTP, then its results and its CSV
export at 10,000 and 100,000 answers.

    .venv/bin/python bench/surveys.py [--respondents 10000] [--clients 8] [--total 100000]
        [--database-url URL] [--workers 2] [--skip-page]

1. Builds a fresh site (a SQLite file in a temporary folder, or the empty PostgreSQL
   database of `--database-url`): migrations, an organization at 127.0.0.1, a published
   process with a surveys component and one published survey of 30 questions of every type
   but files (short and long answers, single choices with "other, please specify",
   multiple choices with a maximum, rankings, grids of both kinds, scales, and questions
   shown on conditions). One account per respondent is created in bulk, each with a
   signed-in session opened beforehand, and each respondent's answers are drawn (a fixed
   random seed) and checked by the form engine before the server starts.
2. Starts gunicorn on a free port of 127.0.0.1 (`PALABRE_DEMO=1`, 2 single-threaded
   workers by default) and lets `--clients` concurrent clients answer: each respondent, with
   their own cookies, opens the survey's page (unless `--skip-page`), then sends their
   answers in one POST, which must lead to the thank-you page. A hundred respondents then
   send their answers a second time, which must change nothing.
3. Checks that there is exactly one response per respondent and that the number of answers
   and of choices written equals what was sent.
4. Times the administrators' results page and the CSV export (as exports.py does: in a
   process of its own, reading the streamed file to the end, with the growth of its peak
   memory), then adds answers in bulk up to `--total` and times them again.

Every request goes to 127.0.0.1 only; the run ends by itself.
"""

import argparse
import contextlib
import itertools
import os
import random
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
import exports as export_bench

PASSWORD = "bench-password-2026"
BULK_BATCH = 2000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--total", type=int, default=100_000, help="Answers for the last measure.")
    parser.add_argument("--database-url", default="", help="An empty PostgreSQL database.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-page", action="store_true", help="POST only, no GET first.")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


# The survey ---------------------------------------------------------------------------------
def _t(text: str) -> dict:
    return {"fr": text, "en": text}


QUESTION_CYCLE = [
    ("single_choice", {"options": ["À pied", "À vélo", "En bus", "En voiture", "Autre…"]}),
    ("scale", {"scale_max": 5}),
    (
        "multiple_choice",
        {"options": ["Pistes", "Bus", "Trottoirs", "Parkings", "Bancs"], "max_choices": 3},
    ),
    ("short_answer", {"max_characters": 200}),
    ("ranking", {"options": ["Gare", "Marché", "Navette", "Parking relais"]}),
    (
        "grid_single",
        {"options": ["Facile", "Moyen", "Difficile"], "rows": ["Travail", "École", "Courses"]},
    ),
    (
        "grid_multiple",
        {"options": ["Matin", "Midi", "Soir"], "rows": ["Vélo", "Bus"], "max_choices": 2},
    ),
    ("long_answer", {"max_characters": 1000}),
    ("single_choice", {"options": ["Oui", "Non", "Sans avis"]}),
    ("scale", {"scale_max": 10}),
]
TEXTS = [
    "Plus de bus le soir, surtout le week-end.",
    "Une piste cyclable continue jusqu’à la gare.",
    "Le carrefour devant l’école est dangereux le matin.",
    "Des bancs à l’ombre sur la place du Marché.",
    "Rien à signaler.",
]


def survey_create(admin, organization, questions: int):
    """A published survey of `questions` questions, every fifth one shown only when the
    question before it was answered with its first option."""
    from django.utils import timezone

    from palabre.components.surveys import services as survey_services
    from palabre.core import services
    from palabre.forms.models import ConditionKind, FormCondition, FormItem, FormOption, FormRow

    space = services.space_create(
        actor=admin,
        organization=organization,
        kind="process",
        title={"en": "Mobility plan", "fr": "Plan de mobilité"},
        slug="mobilite",
    )
    component = services.component_create(actor=admin, space=space, manifest_name="surveys")
    survey = survey_services.survey_create(
        actor=admin, component=component, title=_t("Enquête mobilité"), opens_at=timezone.now()
    )
    previous = None
    for position in range(questions):
        kind, spec = QUESTION_CYCLE[position % len(QUESTION_CYCLE)]
        item = FormItem.objects.create(
            form=survey.form,
            kind=kind,
            position=position,
            body=_t(f"Question {position + 1} ({kind})"),
            mandatory=position % 3 == 0,
            max_characters=spec.get("max_characters", 0),
            max_choices=spec.get("max_choices"),
            scale_max=spec.get("scale_max"),
        )
        options = [
            FormOption.objects.create(
                item=item, body=_t(text.rstrip("…")), free_text=text.endswith("…"), position=index
            )
            for index, text in enumerate(spec.get("options", ()))
        ]
        for index, text in enumerate(spec.get("rows", ())):
            FormRow.objects.create(item=item, body=_t(text), position=index)
        if position % 5 == 4 and previous is not None and previous[1]:
            FormCondition.objects.create(
                item=item, source=previous[0], kind=ConditionKind.EQUAL, option=previous[1][0]
            )
        previous = (item, options) if kind == "single_choice" else None
    survey_services.survey_set_published(actor=admin, survey=survey, published=True)
    services.space_set_published(actor=admin, space=space, published=True)
    services.component_set_published(actor=admin, component=component, published=True)
    return survey


def answer_data(rng: random.Random, loaded) -> dict:
    """A respondent's answers as the page would send them (hidden questions too: the
    server drops them), and the questions the page showed."""
    from palabre.forms.validation import submission_clean

    data: dict = {}
    for item in loaded.items:
        options = item.option_list
        if item.kind == "single_choice":
            option = rng.choices(options, weights=range(len(options), 0, -1))[0]
            data[item.name] = str(option.pk)
            if option.free_text:
                data[f"{item.name}_o{option.pk}_text"] = "Trottinette"
        elif item.kind == "multiple_choice":
            data[item.name] = [str(o.pk) for o in rng.sample(options, rng.randint(1, 3))]
        elif item.kind == "ranking":
            for rank, option in enumerate(rng.sample(options, len(options)), start=1):
                data[f"{item.name}_o{option.pk}"] = str(rank)
        elif item.kind in ("grid_single", "grid_multiple"):
            several = item.kind == "grid_multiple"
            for row in item.row_list:
                picked = rng.sample(options, rng.randint(1, 2) if several else 1)
                data[f"{item.name}_r{row.pk}"] = [str(o.pk) for o in picked]
        elif item.kind == "scale":
            data[item.name] = str(rng.randint(1, item.scale_max))
        elif item.kind in ("short_answer", "long_answer") and (
            item.mandatory or rng.random() < 0.6
        ):
            data[item.name] = rng.choice(TEXTS)
    submission = submission_clean(loaded, data)
    assert submission.is_valid, submission.errors
    data["form_shown"] = ",".join(str(pk) for pk in sorted(submission.visible))
    return data, submission


def expected_rows(submission) -> tuple[int, int]:
    return len(submission.values), sum(len(v.choices) for v in submission.values.values())


# Answering over HTTP -----------------------------------------------------------------------------
@dataclass
class Measure:
    pages: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def answer_all(port: int, path: str, respondents: list, clients: int, skip_page: bool) -> Measure:
    result = Measure()
    numbers = itertools.count()
    take = threading.Lock()
    thanks = f"{path}thanks/"

    def client():
        browser = _site.Browser(port)
        try:
            while True:
                with take:
                    number = next(numbers)
                if number >= len(respondents):
                    return
                session, data = respondents[number]
                browser.cookies = {"sessionid": session, "csrftoken": _site.csrf_token()}
                if not skip_page:
                    before = time.perf_counter()
                    status, _location, _body = browser.request("GET", path)
                    with result.lock:
                        result.pages.append(time.perf_counter() - before)
                        if status != 200:
                            result.errors.append(f"page: status {status}")
                before = time.perf_counter()
                status, location, _body = browser.request("POST", path, data)
                with result.lock:
                    result.posts.append(time.perf_counter() - before)
                    if status != 302 or not location.endswith(thanks):
                        result.errors.append(f"answer: status {status} {location}")
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


# Answers in bulk, for the largest measure --------------------------------------------
def bulk_answers(survey, loaded, rng: random.Random, count: int, start: int) -> None:
    """`count` more responses written straight into the tables (as the demo seeds do)."""
    from palabre.forms.models import Answer, AnswerChoice, Response
    from palabre.forms.services import respondent_key

    for first in range(0, count, BULK_BATCH):
        batch = []
        for index in range(first, min(first + BULK_BATCH, count)):
            _data, submission = answer_data(rng, loaded)
            key = respondent_key(survey.form, f"bulk:{start + index}")
            batch.append((Response(form=survey.form, respondent=key, locale="fr"), submission))
        responses = Response.objects.bulk_create([response for response, _s in batch])
        answers = Answer.objects.bulk_create(
            Answer(response=response, question_id=qid, text=value.text, number=value.number)
            for response, (_r, submission) in zip(responses, batch, strict=True)
            for qid, value in submission.values.items()
        )
        by_key = {(answer.response_id, answer.question_id): answer for answer in answers}
        AnswerChoice.objects.bulk_create(
            AnswerChoice(
                answer=by_key[(response.pk, qid)],
                question_id=qid,
                option_id=choice.option_id,
                row_id=choice.row_id,
                position=choice.position,
                custom_text=choice.custom_text,
            )
            for response, (_r, submission) in zip(responses, batch, strict=True)
            for qid, value in submission.values.items()
            for choice in value.choices
        )


def timed_pages(client, survey) -> list[tuple[str, int, int, float, int]]:
    """(name, status, bytes, seconds, memory growth KiB) of the results page and the CSV
    export, each in a process of its own."""
    import ctypes
    import gc

    from palabre.core.components import component_admin_url

    # Give back to the system what seeding freed, so that the growth measured is the
    # page's own (freed memory would otherwise be reused without showing).
    gc.collect()
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    component = survey.component
    measures = []
    for name, url_name in (("results page", "results"), ("CSV export", "export_csv")):
        status, size, seconds, growth = export_bench.measure(
            client, component_admin_url(component, url_name, pk=survey.pk)
        )
        measures.append((name, status, size, seconds, growth))
    return measures


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-surveys-"))
    env = _site.site_env(workdir, args.database_url)
    _site.setup_django(env)
    from django.db import connections
    from django.test import Client

    from palabre.core.tests.factories import with_two_factor
    from palabre.forms.models import Answer, AnswerChoice, Response
    from palabre.forms.selectors import form_load

    problems: list[str] = []
    started = time.perf_counter()
    _site.migrate()
    organization, admin = _site.organization_with_admin("Ville de Lyon")
    with_two_factor(admin)
    survey = survey_create(admin, organization, 30)
    loaded = form_load(survey.form)
    rng = random.Random(args.seed)
    users = _site.users_create(organization, args.respondents, prefix="habitant", password=PASSWORD)
    sessions = _site.sessions_open(users)
    planned = [answer_data(rng, loaded) for _user in users]
    respondents = [(session, data) for session, (data, _s) in zip(sessions, planned, strict=True)]
    answers_sent = sum(expected_rows(s)[0] for _d, s in planned)
    choices_sent = sum(expected_rows(s)[1] for _d, s in planned)
    print(
        f"Site built in {time.perf_counter() - started:.1f} s: {args.respondents:,} respondents, "
        f"{answers_sent:,} answers and {choices_sent:,} choices to send"
    )
    path = survey.get_absolute_url()
    connections.close_all()

    server = None
    memory = {}
    try:
        log = (workdir / "gunicorn.log").open("w")
        server, port = _site.server_start(
            env, workers=args.workers, threads=args.threads, log=log, probe="/healthz"
        )
        for _ in range(args.workers * 3):  # each worker loads its code and templates first
            _site.Browser(port).request("GET", path)
        load_before = os.getloadavg()[0]
        cpu_before = sum(_site.cpu_seconds(pid) for pid in _site.worker_pids(server.pid))
        result = answer_all(port, path, respondents, args.clients, args.skip_page)
        cpu_after = sum(_site.cpu_seconds(pid) for pid in _site.worker_pids(server.pid))
        load_after = os.getloadavg()[0]
        problems.extend(result.errors[:5])
        again = answer_all(port, path, respondents[:100], args.clients, skip_page=True)
        problems.extend(again.errors[:5])
        memory = {pid: _site.peak_memory_kib(pid) for pid in _site.worker_pids(server.pid)}
        server.terminate()
        server.wait(timeout=30)
        server = None
    finally:
        if server is not None:
            server.terminate()

    responses = Response.objects.filter(form=survey.form)
    if responses.count() != args.respondents:
        problems.append(f"{responses.count()} responses for {args.respondents} respondents")
    if responses.values("respondent").distinct().count() != responses.count():
        problems.append("a respondent has two responses")
    answers = Answer.objects.filter(response__form=survey.form).count()
    choices = AnswerChoice.objects.filter(answer__response__form=survey.form).count()
    if (answers, choices) != (answers_sent, choices_sent):
        problems.append(
            f"written {answers} answers, {choices} choices; sent {answers_sent}, {choices_sent}"
        )

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"\nSurvey of 30 questions on {database}, gunicorn {args.workers} workers × "
        f"{args.threads} threads, {args.clients} clients; load average {load_before:.1f} "
        f"before, {load_after:.1f} after (2 cores)\n"
    )
    print("| measure | value |")
    print("| --- | ---: |")
    print(f"| respondents answered | {len(result.posts):,} in {result.seconds:.1f} s |")
    rate = len(result.posts) / result.seconds
    print(f"| **answers per second** (one POST of 30 questions each) | **{rate:.1f}** |")
    if result.pages:
        print(
            f"| survey page p50 / p95 | {1000 * statistics.median(result.pages):.0f} ms / "
            f"{1000 * _site.percentile(result.pages, 0.95):.0f} ms |"
        )
    print(
        f"| answer POST p50 / **p95** | {1000 * statistics.median(result.posts):.0f} ms / "
        f"**{1000 * _site.percentile(result.posts, 0.95):.0f} ms** |"
    )
    per_respondent = 1000 * (cpu_after - cpu_before) / max(len(result.posts), 1)
    print(f"| server processor time per respondent | {per_respondent:.1f} ms |")
    print(f"| second submissions | {len(again.posts)} sent, each led to the thank-you page |")
    print(
        "| peak memory of the workers | "
        + ", ".join(f"{kib / 1024:.0f} MiB" for kib in memory.values())
        + " |"
    )

    client = Client(HTTP_HOST=_site.HOST)
    client.force_login(admin)
    try:  # the backoffice wants a session that passed the second factor
        from palabre.accounts.tests.signing_in import pass_second_factor
    except ImportError:
        pass_second_factor = None
    if pass_second_factor is not None:
        pass_second_factor(client, admin)
    # The client's handler loads its middleware (WhiteNoise lists every static file) on its
    # first request: once here, not in every measured process.
    client.get("/healthz")

    print("\n| answers | page | status | MB | seconds | memory growth MiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    sizes = [(args.respondents, 0)]
    if args.total > args.respondents:
        sizes.append((args.total, args.total - args.respondents))
    for size, to_add in sizes:
        if to_add:
            added = time.perf_counter()
            bulk_answers(survey, loaded, rng, to_add, start=args.respondents)
            seconds = time.perf_counter() - added
            print(f"| {size:,} | (added {to_add:,} in bulk in {seconds:.0f} s) | | | | |")
        for name, status, length, seconds, growth in timed_pages(client, survey):
            print(
                f"| {size:,} | {name} | {status} | {length / 1e6:.1f} | {seconds:.2f} "
                f"| {growth / 1024:.1f} |"
            )
            if status != 200:
                problems.append(f"{name} at {size} answers answered {status}")
    if "BENCH_KEEP" not in os.environ:
        shutil.rmtree(workdir, ignore_errors=True)
    if problems:
        print("\nCHECK FAILED:")
        for problem in problems:
            print(f"  {problem}")
        sys.exit(1)
    print(
        "\nCheck passed: one response per respondent, every answer and choice sent written "
        "once, second submissions changed nothing."
    )


if __name__ == "__main__":
    main()
