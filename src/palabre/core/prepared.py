"""Queries written with the ORM, compiled once, run many times with other values.

Django turns a queryset into SQL each time it runs it; for the short queries of a hot path
(the signed-in person, a basket, the projects of a vote) building the SQL costs several
times what the database takes to answer. A `Prepared` query is written as a function that
returns an ordinary queryset; the first run on a database connection compiles it with
marker values, finds where those markers sit among the SQL parameters, and keeps the SQL,
the conversions the ORM applies to each column and, for model rows, the fields to load.
Later runs only put the new values in place and send the SQL through the connection's
cursor (counted and logged like any query).

The values must be integers (ids, foreign keys, counts), which the ORM passes through
unchanged; one value may be used at several places of the query (in a subquery too); the
number of values of an `IN (…)` list is part of the SQL, so each length is compiled once.
Model rows may carry related rows (`select_related`) and annotations, which are set on them
as the ORM sets them; `values()` dictionaries and `prefetch_related` are not supported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Marker values: far outside any id the site will give, and distinct from each other.
_MARKERS = count(9_000_000_000_000_017, 7919)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[str, int | None, int], ...]  # (argument, index in a list, position)
    converters: dict
    model: Any  # the model of model rows, or None for values rows
    attnames: tuple[str, ...]
    # Model rows: where the model's own columns are, and what the ORM needs to set related
    # rows and annotations on each instance.
    columns: slice = slice(0)
    select: tuple = ()
    klass_info: dict | None = None
    annotations: tuple[tuple[str, int], ...] = ()
    fetch_mode: Any = None


class Prepared:
    """`Prepared(lambda project, ids: Project.objects.filter(...))`: call `.rows(...)` for
    tuples (a `values_list` queryset) or `.objects(...)` for model instances."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.key = object()

    # Running ----------------------------------------------------------------------------
    def rows(self, using: str = "default", **values) -> list[tuple]:
        compiled, rows = self._run(using, values)
        if compiled.model is not None:
            raise TypeError("this query reads model rows: use objects()")
        return rows

    def objects(self, using: str = "default", **values) -> list:
        compiled, rows = self._run(using, values)
        if compiled.model is None:
            raise TypeError("this query reads values: use rows()")
        model, names, columns = compiled.model, compiled.attnames, compiled.columns
        if not compiled.klass_info or not (
            compiled.klass_info.get("related_klass_infos") or compiled.annotations
        ):
            return [model.from_db(using, names, row[columns]) for row in rows]
        # As the ORM's model iterator does: the row's own columns, then its related rows
        # and its annotations.
        populators = get_related_populators(
            compiled.klass_info, list(compiled.select), using, compiled.fetch_mode
        )
        found = []
        for row in rows:
            instance = model.from_db(using, names, row[columns])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def first(self, using: str = "default", **values):
        found = self.objects(using, **values)
        return found[0] if found else None

    def _run(self, using: str, values: dict) -> tuple[_Compiled, list[tuple]]:
        connection = connections[using]
        shape = tuple(
            (name, len(value) if isinstance(value, list | tuple) else None)
            for name, value in sorted(values.items())
        )
        kept = connection.__dict__.setdefault("_palabre_prepared", {})
        compiled = kept.get((self.key, shape))
        if compiled is None:
            compiled = kept[(self.key, shape)] = self._compile(using, shape)
        params = list(compiled.params)
        for name, index, position in compiled.slots:
            value = values[name] if index is None else values[name][index]
            if type(value) is not int:
                raise TypeError(f"{name}: only integers, not {type(value).__name__}")
            params[position] = value
        if not compiled.sql:
            return compiled, []
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [self._convert(row, compiled.converters, connection) for row in rows]
        return compiled, rows

    @staticmethod
    def _convert(row, converters, connection) -> tuple:
        row = list(row)
        for position, (functions, expression) in converters.items():
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        return tuple(row)

    # Compiling --------------------------------------------------------------------------
    def _compile(self, using: str, shape: tuple) -> _Compiled:
        markers: dict[str, Any] = {}
        wanted: dict[int, tuple[str, int | None]] = {}
        for name, length in shape:
            if length is None:
                markers[name] = next(_MARKERS)
                wanted[markers[name]] = (name, None)
            else:
                markers[name] = [next(_MARKERS) for _ in range(length)]
                wanted.update({m: (name, i) for i, m in enumerate(markers[name])})
        queryset = self.build(**markers).using(using)
        query = queryset.query
        model_rows = queryset._iterable_class is ModelIterable
        if not model_rows and queryset._iterable_class is not ValuesListIterable:
            raise ValueError("Prepared queries read model rows or values_list() tuples")
        if queryset._prefetch_related_lookups:
            raise ValueError("Prepared queries do not prefetch: read the related rows apart")
        if not model_rows and (query.select_related or query.annotation_select):
            raise ValueError("Prepared values_list() rows read plain columns only")
        compiler = query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. `pk__in=[]`: nothing to ask the database
            return _Compiled("", (), (), {}, queryset.model if model_rows else None, ())
        slots = []
        found = set()
        for position, param in enumerate(params):
            if param in wanted:
                name, index = wanted[param]
                slots.append((name, index, position))
                found.add(param)
        missing = [place for marker, place in wanted.items() if marker not in found]
        if missing:
            raise ValueError(f"values not found in the SQL: {sorted(set(missing))}")
        expressions = [column for column, _sql, _alias in compiler.select]
        converters = compiler.get_converters(expressions)
        if not model_rows:
            return _Compiled(sql, tuple(params), tuple(slots), converters, None, ())
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        columns = slice(fields[0], fields[-1] + 1)
        return _Compiled(
            sql,
            tuple(params),
            tuple(slots),
            converters,
            klass_info["model"],
            tuple(column.target.attname for column in expressions[columns]),
            columns=columns,
            select=tuple(compiler.select),
            klass_info=klass_info,
            annotations=tuple(compiler.annotation_col_map.items()),
            fetch_mode=queryset._fetch_mode,
        )
