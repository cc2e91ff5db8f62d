"""SQLite, with writers that queue up instead of sleeping.

SQLite lets one writer at a time into a database. A second one that finds the write lock
taken sleeps and tries again, for longer and longer (1, 2, 5, 10, 15, 20, 25… ms): under a
steady flow of short writes, such as votes, most of the waiting is sleep that a free lock no
longer needs, and the processors stay partly idle while requests queue.

Here, before `BEGIN IMMEDIATE`, each connection takes an exclusive lock on a file next to
the database, and gives it back when its transaction ends. The operating system wakes a
waiting writer as soon as the lock is free, across threads and processes alike. SQLite's own
lock stays the rule: this one only orders the writers that would have waited anyway. A
writer that does not get the file lock within the connection's timeout goes on without it
(SQLite then waits or fails as before). In-memory databases have no file and no such lock.

Statistics. A connection runs `PRAGMA optimize` as it closes, as SQLite recommends: the
tables its queries used are analysed when they have no statistics yet or have grown much
since (rarely, then: the growth that triggers it is tenfold or more). Without statistics the
planner guesses that an index on the component narrows a search to a few rows, and reads
the 10,000 proposals of a component one by one through it instead of in one pass over the
table (a text search: 27 ms against 12). The analysis is complete (a sample misleads: the
first thousand entries of an index on the component all hold the same value), it writes,
so it queues for the writers' lock too, and it is given up if the database stays busy.
Connections are kept ten minutes, so a new site has its statistics within minutes.
"""

import fcntl
import os
import sqlite3
import time

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writer_lock_fd: int | None = None
        self._writer_lock_held = False

    def _writer_lock_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.writer-lock"

    def _writer_lock_acquire(self) -> None:
        path = self._writer_lock_path()
        if path is None:
            return
        if self._writer_lock_fd is None:
            self._writer_lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        deadline = time.monotonic() + timeout
        pause = 0.0002
        while True:
            try:
                fcntl.flock(self._writer_lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite decides, as without this lock
                time.sleep(pause)
                pause = min(pause * 2, 0.002)
                continue
            self._writer_lock_held = True
            return

    def _writer_lock_release(self) -> None:
        if self._writer_lock_held:
            self._writer_lock_held = False
            fcntl.flock(self._writer_lock_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._writer_lock_acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._writer_lock_release()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._writer_lock_release()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._writer_lock_release()

    def _optimize(self) -> None:
        """Best effort: a database busy beyond the timeout, or read-only, keeps the
        statistics it has."""
        connection = self.connection
        if connection is None or self.is_in_memory_db():
            return
        try:
            if connection.in_transaction:
                return
            self._writer_lock_acquire()
            connection.execute("PRAGMA optimize")
        except sqlite3.Error:  # a connection closed already, a busy or read-only file
            pass
        finally:
            self._writer_lock_release()

    def _close(self):
        try:
            self._optimize()
            super()._close()
        finally:
            self._writer_lock_release()
            if self._writer_lock_fd is not None:
                os.close(self._writer_lock_fd)
                self._writer_lock_fd = None
