"""Statements that every student request makes, compiled to SQL once per thread, not every time.

Building a query's SQL costs the ORM far more than running it: the attempt with its set and
assignment takes about 0.4 ms to build and 0.04 ms to run (docs/performance.md). A
``CompiledQuery`` (a read) or ``CompiledUpdate`` is written as an ordinary queryset, built from
its arguments. Its first call on each thread, database and language builds it once, with marker
values in place of the arguments, and keeps the SQL; each call runs that SQL with the real values,
and a read turns the rows into objects with the ORM's own converters and ``select_related``
populators, as ``ModelIterable`` does. A ``CompiledInsert`` creates a row as ``create`` does, with
the INSERT's SQL built once and each value prepared by its field (or by the ORM's ``save`` where
that would differ).

Those are Django's internals (``SQLCompiler.select``, ``klass_info``, ``get_converters``), stable
within the Django release that pyproject.toml pins; tests/test_compiled.py compares every result
with the queryset's own.
"""

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import connections, transaction
from django.db.models import Model, QuerySet, signals
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators
from django.db.models.sql import InsertQuery, UpdateQuery
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import get_language

# Integers out of this range match no row (the ORM's lookups treat them the same way).
BIGINT = range(-(2**63), 2**63)
KINDS = (int, float, datetime)


class CompiledQuery:
    """``build(*arguments)`` returns the queryset (of model instances, or ``values_list(...,
    flat=True)``); ``kinds`` gives each argument's type: ``int``, ``float`` or ``datetime``."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        if any(kind not in KINDS for kind in kinds):
            raise TypeError("a compiled query takes int, float and datetime arguments")
        self.build = build
        self.kinds = kinds
        self.local = threading.local()

    def first(self, *arguments, using: str = "default"):
        """The first row's object or value, or None."""
        rows = self.all(*arguments, using=using)
        return rows[0] if rows else None

    def all(self, *arguments, using: str = "default") -> list:
        cursor_result = self._execute(arguments, using, lambda cursor: cursor.fetchall())
        if cursor_result is None:
            return []
        compiled, rows, connection = cursor_result
        return [compiled.make(row, connection) for row in rows]

    def _execute(self, arguments, using, result):
        """``result(cursor)`` after running the SQL with ``arguments``, with the compiled query
        and the connection; None if an argument can match no row."""
        if len(arguments) != len(self.kinds):
            raise TypeError(f"{len(self.kinds)} arguments expected, {len(arguments)} given")
        for kind, value in zip(self.kinds, arguments, strict=True):
            _check(kind, value)
        if any(type(value) is int and value not in BIGINT for value in arguments):
            return None
        connection = connections[using]
        # Per language too: a lookup on a translated field names the language's column.
        key = (connection.alias, get_language())
        compiled = self.local.__dict__.setdefault("compiled", {}).get(key)
        if compiled is None:
            compiled = self.local.compiled[key] = self.compile(connection)
        params = list(compiled.params)
        for position, index, driver_type in compiled.slots:
            value = _adapt(connection, arguments[index])
            params[position] = value if driver_type is None else driver_type(value)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return compiled, result(cursor), connection

    def compile(self, connection) -> "_Read":
        return _Read(self, connection)

    def compiler(self, markers: list, connection) -> tuple[QuerySet, SQLCompiler]:
        queryset = self.build(*markers)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a compiled query does not prefetch")
        return queryset, queryset.query.get_compiler(connection=connection)


class CompiledUpdate(CompiledQuery):
    """``build(*arguments)`` returns the queryset and the values to set in its rows (as for
    ``QuerySet.update``: values or expressions); ``run`` returns the number of rows changed."""

    def run(self, *arguments, using: str = "default") -> int:
        cursor_result = self._execute(arguments, using, lambda cursor: cursor.rowcount)
        return 0 if cursor_result is None else cursor_result[1]

    def compile(self, connection) -> "_Compiled":
        return _Compiled(self, connection)

    def compiler(self, markers: list, connection) -> tuple[QuerySet, SQLCompiler]:
        queryset, values = self.build(*markers)
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(values)
        query.get_initial_alias()
        if query.related_updates or query.count_active_tables() != 1:
            raise ValueError("a compiled update changes the rows of one table")
        return queryset, query.get_compiler(connection=connection)


class _Compiled:
    """The SQL, its parameters, and where the arguments go in them.

    The query is compiled twice, with two sets of markers: each argument must be a parameter of
    the same SQL, as it was given, and every other parameter the same both times. So an argument
    changed on its way to the SQL (``now - timedelta(...)``, ``n + 1``) is refused; a change that
    leaves both sets of markers as they are (``abs(n)``, ``max(n, 0)``, ``n or default``) cannot be
    told from none, so ``build`` passes each argument to the queryset as it is.
    """

    def __init__(self, query: CompiledQuery, connection):
        compiled = []
        for markers in (_markers(query.kinds, 0), _markers(query.kinds, 1)):
            queryset, compiler = query.compiler(markers, connection)
            sql, params = compiler.as_sql()
            adapted = [_adapt(connection, marker) for marker in markers]
            # A driver's own type for the field is kept (psycopg's Int2 for a small integer).
            slots = [
                (position, index, type(param) if type(param) is not type(marker) else None)
                for position, param in enumerate(params)
                for index, marker in enumerate(adapted)
                if isinstance(param, type(marker)) and param == marker
            ]
            compiled.append((sql, tuple(params), slots))
        (self.sql, self.params, self.slots), (other_sql, other_params, other_slots) = compiled
        slotted = {position for position, _, _ in self.slots}
        if (
            self.sql != other_sql
            or self.slots != other_slots
            or {index for _, index, _ in self.slots} != set(range(len(query.kinds)))
            or any(
                this != other
                for position, (this, other) in enumerate(
                    zip(self.params, other_params, strict=True)
                )
                if position not in slotted
            )
        ):
            raise ValueError("an argument of a compiled query is not a parameter of its SQL")
        self.queryset, self.compiler = queryset, compiler


class _Read(_Compiled):
    """A read, with what turns its rows into objects or values."""

    def __init__(self, query: CompiledQuery, connection):
        super().__init__(query, connection)
        queryset, compiler = self.queryset, self.compiler
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
        return _converted(row, self.converters, connection)

    def _instance(self, row, connection):
        row = self._converted(row, connection)
        instance = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, instance)
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance


class CompiledInsert:
    """``create(**values)`` makes and saves a new row of ``model``, as ``model.objects.create``
    does: each field's value goes through the field's ``pre_save`` (an ``auto_now_add`` time) and
    ``get_db_prep_save`` (a JSON list), and the columns the database returns (the id) are set on
    the object. The ORM's own ``save`` does it instead whenever the compiled INSERT would differ:
    when a ``pre_save`` or ``post_save`` receiver listens (it would not be told), a value is an
    expression, the id is given, or the database cannot return the new row's columns. A model
    with a parent or ``order_with_respect_to`` is refused."""

    def __init__(self, model: type[Model]):
        self.model = model
        self.local = threading.local()

    def create(self, using: str = "default", **values) -> Model:
        model = self.model
        connection = connections[using]
        compiled = self.local.__dict__.setdefault("compiled", {}).get(connection.alias)
        if compiled is None:
            compiled = self.local.compiled[connection.alias] = _Insert(model, connection)
        instance = model(**values)
        if (
            instance.pk is not None
            or signals.pre_save.has_listeners(model)
            or signals.post_save.has_listeners(model)
            or any(hasattr(value, "resolve_expression") for value in values.values())
            or not connection.features.can_return_columns_from_insert
        ):
            instance.save(force_insert=True, using=connection.alias)
            return instance
        instance._prepare_related_fields_for_save(operation_name="save")
        # As in save(): a value its field refuses fails the transaction too, SQL sent or not.
        with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
            params = [
                field.get_db_prep_save(field.pre_save(instance, True), connection)
                for field in compiled.fields
            ]
            cursor.execute(compiled.sql, params)
            row = connection.ops.fetch_returned_insert_columns(cursor, compiled.returning_params)
        row = _converted(row, compiled.converters, connection)
        for field, value in zip(compiled.returning, row, strict=True):
            setattr(instance, field.attname, value)
        instance._state.adding = False
        instance._state.db = connection.alias
        return instance


class _Insert:
    """The INSERT of every column but the automatic id, returning what the database makes."""

    def __init__(self, model: type[Model], connection):
        meta = model._meta
        if meta.parents:
            raise ValueError("a compiled insert writes one table")
        if meta.order_with_respect_to:
            raise ValueError("a compiled insert does not number rows as save() does")
        self.fields = [
            field
            for field in meta.local_concrete_fields
            if not field.generated and field is not meta.auto_field
        ]
        # One "%s" for each field: a field with its own placeholder could write another.
        if any(hasattr(field, "get_placeholder") for field in self.fields):
            raise ValueError("a compiled insert takes fields with the plain placeholder")
        self.returning = meta.db_returning_fields
        query = InsertQuery(model)
        query.insert_values(self.fields, [model()])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = self.returning
        [(self.sql, params)] = compiler.as_sql()
        if len(params) != len(self.fields):
            raise ValueError("a compiled insert takes one parameter for each field")
        self.returning_params = compiler.returning_params
        columns = [field.get_col(meta.db_table) for field in self.returning]
        self.converters = list(compiler.get_converters(columns).items())


def _converted(row, converters, connection) -> list:
    """A row's values as the ORM gives them, through each column's converters."""
    row = list(row)
    for position, (column_converters, expression) in converters:
        value = row[position]
        for converter in column_converters:
            value = converter(value, expression, connection)
        row[position] = value
    return row


def _markers(kinds: tuple[type, ...], variant: int) -> list:
    """Values that no real argument takes, to find the arguments' places in the SQL; the numbers
    fit a positive small integer field, since the ORM leaves out a comparison with a number that
    no row of the field can hold."""
    base = 30_000 + 1_000 * variant
    return [
        datetime(1901 + variant, 1, 1, tzinfo=UTC) + timedelta(microseconds=index + 1)
        if kind is datetime
        else kind(base + index)
        for index, kind in enumerate(kinds)
    ]


def _check(kind: type, value) -> None:
    """Refuse what the SQL would read otherwise than the ORM: None, a bool or a float for a
    number, a time without its time zone (the ORM reads it in the site's)."""
    if isinstance(value, bool) or not (
        isinstance(value, kind) or (kind is float and isinstance(value, int))
    ):
        raise TypeError(f"{kind.__name__} expected, {value!r} given")
    if kind is datetime and value.utcoffset() is None:
        raise TypeError(f"a datetime with its time zone expected, {value!r} given")


def _adapt(connection, value):
    """A value as the ORM passes it to the database driver."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
