"""Querysets compiled to SQL once per process and connection, then run with new values.

For the few short queries of the article page, Django spends more time compiling a
queryset to SQL (resolving fields, joins, ordering) than the database spends running
it: about 0.3 ms a query against well under 0.1 ms. A ``PreparedQuery`` compiles its
queryset once, with marker values in place of the values that change, and then runs
the same SQL with each request's values, turning the rows into model instances as
``QuerySet`` would (``select_related`` included).

    parts = PreparedQuery(
        lambda story_id: BodyPart.objects.filter(article_id=story_id)
        .select_related("quote_source")
    )
    rows = parts(article.pk)

Only values that reach the SQL as they are may change this way: numbers, strings and
datetimes (adapted as the database backend adapts them). The queryset's shape (its
filters, ordering, joins) is fixed when it is first compiled.

On PostgreSQL the values are sent apart from the SQL (server-side binding), so that
psycopg can prepare each query on the server once it has run a few times on a
connection (``prepare_threshold`` in the database's ``OPTIONS``, set by the settings
unless ``DATABASE_PREPARED_STATEMENTS=off``). PostgreSQL then skips parsing and
planning: the article page's four queries take a third of the time. Django's other
queries keep its default, values bound on the client, which never prepares.
"""

import datetime
import weakref

from django.db import connections
from django.db.models.query import get_related_populators

# Values no query of the site uses, so that each marks its own parameter.
MARKERS = {
    int: [-7_318_954_207 - number for number in range(64)],
    str: [f"\x00prepared-{number}\x00" for number in range(4)],
    datetime.datetime: [
        datetime.datetime(1903, 2, 5, 7, 11, 13, 170_000 + number, datetime.UTC)
        for number in range(4)
    ],
}


def _adapt(connection, value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _cursor(connection):
    """A cursor of ``connection`` whose queries the server may prepare.

    On PostgreSQL, one that sends values apart from the SQL; psycopg prepares its
    queries once they have run ``prepare_threshold`` times, and never when that is
    None (``DATABASE_PREPARED_STATEMENTS=off``). Wrapped as Django wraps its own, so
    the query is logged and counted (tests, ``connection.queries``) and its errors
    become Django's.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.validate_thread_sharing()
    cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


class PreparedQuery:
    """A queryset built by ``build(*values)``, compiled once for each connection."""

    def __init__(self, build, *types):
        self.build = build
        self.types = types or (int,)
        # One compiled query per connection object (one per thread and alias).
        self.compiled = weakref.WeakKeyDictionary()

    def _compile(self, connection):
        taken = {kind: iter(values) for kind, values in MARKERS.items()}
        markers = [next(taken[kind]) for kind in self.types]
        queryset = self.build(*markers).using(connection.alias)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        adapted = [_adapt(connection, marker) for marker in markers]
        slots = [[i for i, p in enumerate(params) if p == a] for a in adapted]
        if not all(slots):
            raise ValueError(f"A marker did not reach the SQL of {queryset.query}.")
        info = compiler.klass_info
        select = compiler.select
        columns = [column[0] for column in select[: compiler.col_count]]
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        self.compiled[connection] = compiled = {
            "compiler": compiler,
            "converters": compiler.get_converters(columns),
            "sql": sql,
            "params": list(params),
            "slots": slots,
            "model": info["model"],
            "start": start,
            "end": end,
            "names": [column[0].target.attname for column in select[start:end]],
            "related": get_related_populators(info, select, connection.alias),
            "annotations": compiler.annotation_col_map,
        }
        return compiled

    def __call__(self, *values, using="default"):
        """The model instances the queryset gives for ``values``, in its order."""
        connection = connections[using]
        compiled = self.compiled.get(connection) or self._compile(connection)
        params = list(compiled["params"])
        for value, slots in zip(values, compiled["slots"], strict=True):
            value = _adapt(connection, value)
            for slot in slots:
                params[slot] = value
        with _cursor(connection) as cursor:
            cursor.execute(compiled["sql"], params)
            rows = cursor.fetchall()
        model, start, end = compiled["model"], compiled["start"], compiled["end"]
        names, related = compiled["names"], compiled["related"]
        annotations = compiled["annotations"]
        found = []
        converters = compiled["converters"]
        if converters:
            rows = compiled["compiler"].apply_converters(rows, converters)
        for row in rows:
            instance = model.from_db(using, names, row[start:end])
            for populator in related:
                populator.populate(row, instance)
            for name, position in annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found


def keep_as_prefetched(instance, name, rows):
    """Keep ``rows`` (the rows of ``instance.<name>``) as ``instance.<name>.all()``.

    What ``prefetch_related`` does with the rows it reads, for rows read otherwise.
    """
    manager = getattr(instance, name)
    queryset = manager.all()
    queryset._result_cache, queryset._prefetch_done = rows, True
    if field := getattr(manager, "field", None):
        # Each row knows its instance, as rows read through the manager would.
        for row in rows:
            field.set_cached_value(row, instance)
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
