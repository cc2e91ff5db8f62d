"""SQLite writers queue up on a file lock (`palabre.core.sqlite_backend`)."""

import fcntl
import os
import threading

import pytest
from django.db.utils import load_backend

Wrapper = load_backend("palabre.core.sqlite_backend").DatabaseWrapper


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own SQLite files, outside the test database."""
    with django_db_blocker.unblock():
        yield


def database(path) -> Wrapper:
    settings = {
        "NAME": str(path),
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 5},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }
    return Wrapper(settings, alias="lock-test")


def lock_is_free(path) -> bool:
    fd = os.open(f"{path}.writer-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def with_votes_table(path) -> Wrapper:
    db = database(path)
    with db.cursor() as cursor:
        cursor.execute("CREATE TABLE votes (n INTEGER)")
    return db


def test_a_transaction_holds_the_lock_until_it_commits(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = with_votes_table(path)
    with _atomic(db):
        with db.cursor() as cursor:
            cursor.execute("INSERT INTO votes VALUES (1)")
        assert not lock_is_free(path)
    assert lock_is_free(path)
    db.close()


def test_a_rolled_back_transaction_gives_the_lock_back(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = with_votes_table(path)
    with pytest.raises(RuntimeError), _atomic(db):
        assert not lock_is_free(path)
        raise RuntimeError
    assert lock_is_free(path)
    with db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM votes")
        assert cursor.fetchone() == (0,)
    db.close()


def test_writers_from_many_threads_all_get_through(tmp_path):
    path = tmp_path / "db.sqlite3"
    setup = database(path)
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE counter (n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    start = threading.Barrier(8)
    errors = []

    def writer():
        db = database(path)
        try:
            start.wait()
            for _ in range(25):
                with _atomic(db), db.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (n,) = cursor.fetchone()
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = database(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone() == (200,)
    check.close()


def test_an_in_memory_database_has_no_lock_file():
    db = database(":memory:")
    assert db._writer_lock_path() is None


class _atomic:
    """`transaction.atomic` for a connection that is not in `settings.DATABASES`."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.db.commit()
        else:
            self.db.rollback()
        self.db.set_autocommit(True)
        return False


def test_a_closing_connection_leaves_statistics_for_the_tables_it_used(tmp_path):
    """Without them SQLite picks an index on a column whose every row has the same value."""
    path = tmp_path / "db.sqlite3"
    db = database(path)
    with db.cursor() as cursor:
        cursor.execute("CREATE TABLE items (component INTEGER, body TEXT)")
        cursor.execute("CREATE INDEX items_component ON items (component)")
        cursor.executemany("INSERT INTO items VALUES (1, ?)", [(f"text {i}",) for i in range(2000)])
        cursor.execute("SELECT count(*) FROM items WHERE component = 1 AND body LIKE '%7%'")
        cursor.execute("EXPLAIN QUERY PLAN SELECT body FROM items WHERE component = 1")
        assert "USING INDEX items_component" in cursor.fetchall()[0][3]
    db.close()
    assert lock_is_free(path)
    db = database(path)
    with db.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'items_component'")
        assert cursor.fetchone() == ("2000 2000",)
        cursor.execute("EXPLAIN QUERY PLAN SELECT body FROM items WHERE component = 1")
        assert cursor.fetchall()[0][3] == "SCAN items"
    db.close()


def statements_sent(db) -> list[str]:
    sent: list[str] = []
    db.connection.set_trace_callback(sent.append)
    return sent


def test_a_connection_closed_inside_a_transaction_is_closed_without_analysis(tmp_path):
    """An analysis inside the transaction would be rolled back with it: it is not run."""
    path = tmp_path / "db.sqlite3"
    db = with_votes_table(path)
    db.set_autocommit(False)
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO votes VALUES (1)")
    sent = statements_sent(db)
    db.close()
    assert not any("optimize" in statement for statement in sent)
    assert lock_is_free(path)
    db = database(path)
    with db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM votes")
        assert cursor.fetchone() == (0,)
    sent = statements_sent(db)
    db.close()
    assert "PRAGMA optimize" in sent


def test_a_connection_that_broke_is_closed_all_the_same(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = with_votes_table(path)
    db.connection.close()  # as a failed connection would be
    db.close()
    assert db.connection is None
    assert lock_is_free(path)
