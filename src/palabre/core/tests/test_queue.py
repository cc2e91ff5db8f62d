"""Background work that exists exactly when the change asking for it is saved
(`palabre.core.queue`)."""

import pytest
from django.db import transaction
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from palabre.core.queue import enqueue_with_transaction

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
ran = []


@task
def remember(*, value: str) -> None:
    ran.append(value)


@pytest.fixture(autouse=True)
def nothing_ran():
    ran.clear()


def test_with_the_database_queue_the_task_is_written_with_the_change(db, settings):
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        enqueue_with_transaction(remember, value="kept")
        assert DBTaskResult.objects.filter(task_path__endswith="remember").count() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_with_transaction(remember, value="rolled back")
        raise RuntimeError
    assert list(DBTaskResult.objects.values_list("args_kwargs", flat=True)) == [
        {"args": [], "kwargs": {"value": "kept"}}
    ]


def test_a_backend_that_runs_at_once_waits_for_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_with_transaction(remember, value="after")
        assert ran == []
    assert ran == ["after"]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_with_transaction(remember, value="never")
        raise RuntimeError
    assert callbacks == [] and ran == ["after"]
