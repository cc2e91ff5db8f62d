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
unchanged; the number of values of an `IN (…)` list is part of the SQL, so each
length is compiled once. Querysets with `select_related` or annotations that are not
columns are not supported: `Prepared` refuses them when it compiles them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable

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
        model, names = compiled.model, compiled.attnames
        return [model.from_db(using, names, row) for row in rows]

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
        if query.select_related or query.annotations:
            raise ValueError("Prepared queries read plain columns only")
        compiler = query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. `pk__in=[]`: nothing to ask the database
            model = queryset.model if queryset._iterable_class is ModelIterable else None
            return _Compiled("", (), (), {}, model, ())
        slots = []
        for position, param in enumerate(params):
            if param in wanted:
                name, index = wanted.pop(param)
                slots.append((name, index, position))
        if wanted:
            raise ValueError(f"values not found in the SQL: {sorted(set(wanted.values()))}")
        expressions = [column for column, _sql, _alias in compiler.select]
        converters = compiler.get_converters(expressions)
        model, attnames = None, ()
        if queryset._iterable_class is ModelIterable:
            fields = compiler.klass_info["select_fields"]
            if fields != list(range(len(expressions))):
                raise ValueError("Prepared model rows read the model's own columns only")
            model = compiler.klass_info["model"]
            attnames = tuple(expression.target.attname for expression in expressions)
        elif queryset._iterable_class is not ValuesListIterable:
            raise ValueError("Prepared queries read model rows or values_list() tuples")
        return _Compiled(sql, tuple(params), tuple(slots), converters, model, attnames)
