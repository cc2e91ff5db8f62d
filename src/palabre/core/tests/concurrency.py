"""Race tests: calls fired at the same instant from threads, each on its own connection.

They need a database that several connections share (PostgreSQL, or a SQLite file); the
in-memory SQLite test database is a single connection, so they skip there.
"""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection


def skip_without_shared_database() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("in-memory SQLite is one connection; races need a file or PostgreSQL")


def run_together(calls, *, expected=(ValidationError, PermissionDenied)) -> list:
    """Start every call at once; return each call's result, or the `expected` error it
    raised (a refused action). Any other error fails the test once all threads are done."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)
    unexpected: list[BaseException] = []

    def worker(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except expected as error:
            outcomes[index] = error
        except Exception as error:  # reported below, in the test's own thread
            unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if unexpected:
        raise unexpected[0]
    return outcomes
