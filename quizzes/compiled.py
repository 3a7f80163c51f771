"""Reads that every student request makes, compiled to SQL once per thread instead of every time.

Building a query's SQL costs the ORM far more than running it: the attempt with its set and
assignment takes about 0.4 ms to build and 0.04 ms to run (docs/performance.md). A
``CompiledQuery`` is written as an ordinary queryset, built from its arguments. Its first call on
each thread, database and language builds it once, with marker values in place of the arguments,
and keeps the SQL; each call runs that SQL with the real values, and turns the rows into objects
with the ORM's own converters and ``select_related`` populators, as ``ModelIterable`` does.

Those are Django's internals (``SQLCompiler.select``, ``klass_info``, ``get_converters``), stable
within the Django release that pyproject.toml pins; tests/test_compiled.py compares every result
with the queryset's own.
"""

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators
from django.utils.translation import get_language

# Integers out of this range match no row (the ORM's lookups treat them the same way).
BIGINT = range(-(2**63), 2**63)


class CompiledQuery:
    """``build(*arguments)`` returns the queryset (of model instances, or ``values_list(...,
    flat=True)``); ``kinds`` gives each argument's type, ``int`` or ``datetime``."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        if any(kind not in (int, datetime) for kind in kinds):
            raise TypeError("a compiled query takes int and datetime arguments")
        self.build = build
        self.kinds = kinds
        self.local = threading.local()

    def first(self, *arguments, using: str = "default"):
        """The first row's object or value, or None."""
        rows = self.all(*arguments, using=using)
        return rows[0] if rows else None

    def all(self, *arguments, using: str = "default") -> list:
        if len(arguments) != len(self.kinds):
            raise TypeError(f"{len(self.kinds)} arguments expected, {len(arguments)} given")
        if any(isinstance(value, int) and value not in BIGINT for value in arguments):
            return []
        connection = connections[using]
        compiled = self._compiled(connection)
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = _adapt(connection, arguments[index])
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return [compiled.make(row, connection) for row in rows]

    def _compiled(self, connection) -> "_Compiled":
        # Per language too: a lookup on a translated field names the language's column.
        key = (connection.alias, get_language())
        compiled = self.local.__dict__.setdefault("compiled", {}).get(key)
        if compiled is None:
            compiled = self.local.compiled[key] = _Compiled(self, connection)
        return compiled


def _marker(kind: type, index: int):
    """A value that no real argument takes, to find the argument's places in the SQL."""
    if kind is int:
        return -(10**12) - index
    return datetime(1901, 1, 1, tzinfo=UTC) + timedelta(microseconds=index + 1)


def _adapt(connection, value):
    """A value as the ORM passes it to the database driver."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Compiled:
    def __init__(self, query: CompiledQuery, connection):
        markers = [_marker(kind, index) for index, kind in enumerate(query.kinds)]
        queryset = query.build(*markers)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a compiled query does not prefetch")
        compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = tuple(params)
        adapted = [_adapt(connection, marker) for marker in markers]
        self.slots = [
            (position, index)
            for position, param in enumerate(self.params)
            for index, marker in enumerate(adapted)
            if type(param) is type(marker) and param == marker
        ]
        if {index for _, index in self.slots} != set(range(len(markers))):
            raise ValueError("an argument of a compiled query is not a parameter of its SQL")
        select = compiler.select[: compiler.col_count]
        self.converters = list(compiler.get_converters([column for column, _, _ in select]).items())
        db = connection.alias
        # The ORM's own iterables only (a translated model's queryset has others).
        if queryset._iterable_class is FlatValuesListIterable:
            self.make = lambda row, connection: self._converted(row, connection)[0]
        elif queryset._iterable_class is ModelIterable:
            klass_info = compiler.klass_info
            self.model = klass_info["model"]
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, compiler.select, db)
            self.annotations = list(compiler.annotation_col_map.items())
            self.db = db
            self.make = self._instance
        else:
            raise ValueError("a compiled query returns model instances or one flat column")

    def _converted(self, row, connection) -> list:
        row = list(row)
        for position, (converters, expression) in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row

    def _instance(self, row, connection):
        row = self._converted(row, connection)
        instance = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, instance)
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance
