"""A copy, in each worker process, of the rows almost every request reads.

Nearly every page and button reads the same few rows before doing its own work: the
organization of the host, the space and the component named in the address, and some of
their configuration (a budget, for instance). They change only when someone edits them,
yet reading them costs a query each, and building a query costs more than running it. This
module keeps them in memory and checks, with one small query per request, that nothing
changed since:

- models whose rows are kept here are *watched* (`watch`): any save or deletion, and any
  update or deletion through their querysets, forgets this process's copies at once and,
  when the transaction commits, writes a new random value in the single row of
  `StructureStamp`;
- each request reads that value first (`request_started`, called by the organization
  middleware); a process that sees another value than its own forgets its copies;
- copies are used only during a request that read the value, outside any transaction the
  request opened (inside one, the database may hold changes that are not committed yet),
  and never more than `MAX_AGE` seconds, in case a process stopped between a commit and its
  new value;
- callers get their own copy of each object, never the shared one.

A value that is never reused (random, not a counter) means that a transaction rolled back
after forgetting the copies leaves nothing wrong behind.
"""

import copy
import logging
import random
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

# Seconds after which copies are read again even if no change was announced.
MAX_AGE = 300
# More entries than any site needs; past it the copies are dropped and read again.
MAX_ENTRIES = 20_000

_MISSING = object()


class _Memory:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries: dict[Hashable, Any] = {}
        self.stamp: int | None = None
        self.since = 0.0
        # Changes with every clearing: a value read before a clearing is not kept after it.
        self.generation = 0


_memory = _Memory()
_request = threading.local()


def clear() -> None:
    """Forget every copy of this process."""
    with _memory.lock:
        _memory.entries = {}
        _memory.generation += 1


def _read_stamp() -> int:
    from palabre.core.models import StructureStamp

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value FROM {connection.ops.quote_name(StructureStamp._meta.db_table)} "
            "WHERE id = 1"
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def request_started() -> None:
    """Read the stamp; from now on and until `request_finished`, this thread may use the
    copies (they are forgotten first if the stamp changed or they are too old). Without a
    stamp to read (a database not migrated yet), the request reads everything afresh."""
    try:
        stamp = _read_stamp()
    except DatabaseError:
        _request.active = False
        return
    now = time.monotonic()
    with _memory.lock:
        if stamp != _memory.stamp or now - _memory.since > MAX_AGE:
            _memory.entries = {}
            _memory.generation += 1
            _memory.stamp = stamp
            _memory.since = now
    _request.active = True


def request_finished() -> None:
    _request.active = False


def _usable() -> bool:
    if not getattr(_request, "active", False):
        return False
    # Inside a transaction opened by the code (not the one wrapping a test), reads must see
    # its own uncommitted changes: go to the database.
    return not any(not block._from_testcase for block in connection.atomic_blocks)


def cached(key: Hashable, load: Callable[[], Any]) -> Any:
    """`load()`, or a copy of what it returned the last time for `key`.

    `None` is not kept (a missing row may appear, and unknown keys must not fill memory).
    """
    if not _usable():
        return load()
    with _memory.lock:
        value = _memory.entries.get(key, _MISSING)
        generation = _memory.generation
    if value is not _MISSING:
        return _copy(value)
    value = load()
    if value is None:
        return None
    kept = _copy(value)
    with _memory.lock:
        if _memory.generation == generation:
            if len(_memory.entries) >= MAX_ENTRIES:
                _memory.entries = {}
            _memory.entries[key] = kept
    return value


def _copy(value: Any) -> Any:
    """A copy the caller may change freely: model instances are copied field by field, with
    their dictionaries and lists (translations, settings) copied in depth, and the related
    objects they hold copied the same way. (A plain deep copy would also copy each file
    field's storage and model field: several times slower.)"""
    if isinstance(value, models.Model):
        clone = value.__class__.__new__(value.__class__)
        clone.__dict__ = {
            name: _copy_data(item) if isinstance(item, dict | list) else item
            for name, item in value.__dict__.items()
        }
        state = clone._state = copy.copy(value._state)
        state.fields_cache = {
            name: _copy(related) for name, related in value._state.fields_cache.items()
        }
        return clone
    if isinstance(value, list | tuple):
        return type(value)(_copy(item) for item in value)
    return copy.deepcopy(value)


def _copy_data(value: Any) -> Any:
    """A copy of JSON-like data (dictionaries and lists of strings, numbers…), several
    times faster than `copy.deepcopy`, which it falls back to for anything else."""
    if isinstance(value, dict):
        return {key: _copy_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_data(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return copy.deepcopy(value)


# Announcing changes ------------------------------------------------------------------
def _publish() -> None:
    """After a commit that changed watched rows: a new stamp for every process."""
    from palabre.core.models import StructureStamp

    value = random.getrandbits(62) + 1
    try:
        if not StructureStamp.objects.filter(pk=1).update(value=value):
            StructureStamp.objects.update_or_create(pk=1, defaults={"value": value})
    except Exception:  # the change is saved; other processes catch up within MAX_AGE
        logger.exception("Could not record a change of the site structure.")
        return
    with _memory.lock:
        _memory.entries = {}
        _memory.generation += 1
        _memory.stamp = value
        _memory.since = time.monotonic()


def changed(**_signal_arguments) -> None:
    """Watched rows changed: forget this process's copies now, every process's at commit."""
    clear()
    transaction.on_commit(_publish)


class WatchedQuerySet(models.QuerySet):
    """The queryset of a watched model: its bulk writes announce the change too."""

    def update(self, **kwargs):
        done = super().update(**kwargs)
        changed()
        return done

    def delete(self):
        done = super().delete()
        changed()
        return done

    def bulk_create(self, *args, **kwargs):
        done = super().bulk_create(*args, **kwargs)
        changed()
        return done

    def bulk_update(self, *args, **kwargs):
        done = super().bulk_update(*args, **kwargs)
        changed()
        return done


WatchedManager = models.Manager.from_queryset(WatchedQuerySet)


def watch(*watched) -> None:
    """Announce every save and deletion of these models, whose default manager must be a
    `WatchedManager` (so that bulk writes announce themselves too)."""
    for model in watched:
        if not isinstance(model._default_manager.get_queryset(), WatchedQuerySet):
            raise TypeError(f"{model.__name__} needs a manager built on WatchedQuerySet.")
        post_save.connect(changed, sender=model, dispatch_uid=f"structure-save-{model._meta}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"structure-del-{model._meta}")
