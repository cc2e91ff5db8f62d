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
"""

import fcntl
import os
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

    def _close(self):
        try:
            super()._close()
        finally:
            self._writer_lock_release()
            if self._writer_lock_fd is not None:
                os.close(self._writer_lock_fd)
                self._writer_lock_fd = None
