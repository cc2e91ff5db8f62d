"""Background work that exists exactly when the change asking for it is saved.

With the database task backend the queue lives in the site's own database: a task enqueued
inside a transaction is written with it, so it is never sent for a change that was rolled
back, nor lost if the process stops right after the commit (a transactional outbox). Every
other backend (one that runs the task at once, or keeps its queue elsewhere) gets the task
once the transaction has committed.
"""

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.tasks import Task


def _queue_in_this_database(task: Task) -> bool:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return (
        isinstance(task.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def enqueue_with_transaction(task: Task, **kwargs) -> None:
    """Enqueue `task(**kwargs)` as part of the current transaction (see above)."""
    if _queue_in_this_database(task):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))
