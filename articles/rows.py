"""New rows inserted as ``bulk_create()`` inserts them, for less of the processor.

An import writes some sixty rows a story (its parts, bylines, citations and the
revision's versions). ``bulk_create()`` prepares every value of every row through
its field, some forty calls a row, and that, not the database, was most of what
an import spent writing them. ``insert()`` makes the same statement: one
``INSERT ... RETURNING`` a batch, the ids read back into the instances. It passes
a value its field would store unchanged (text for a text field, a whole number
for a number or a key, a truth value for a truth field, or nothing) as it is, and
hands every other value to its field (``pre_save()`` then ``get_db_prep_save()``),
as Django does: times, files, choices of other types, anything a field converts.

Like ``bulk_create()``, it sends no save signals: the caller announces what it
wrote (``signals.rows_written``) where something listens. ``save_new()`` writes one
new row as ``save()`` does, its signals sent, through ``insert()``'s statement:
Django's compiler made the story's own row (some forty columns) at ten times
what SQLite spends storing it.
"""

import functools
import operator
from types import NoneType

from django.db import connections, models, transaction
from django.db.models.signals import post_save, pre_save

# Fields that store a value of one of these types as it is, and the types.
_STORED_AS_IS = {
    "CharField": (str,),
    "TextField": (str,),
    "SlugField": (str,),
    "EmailField": (str,),
    "URLField": (str,),
    "IntegerField": (int,),
    "BigIntegerField": (int,),
    "SmallIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "AutoField": (int,),
    "BigAutoField": (int,),
    "SmallAutoField": (int,),
    "BooleanField": (bool,),
}


class _Column:
    """How one field's values go to the database."""

    def __init__(self, field):
        self.field = field
        self.attname = field.attname
        target = field.target_field if field.is_relation else field
        # A key stores what its target stores; a field whose pre_save() does more
        # than read the value (a time stamped, a file committed) always prepares.
        plain_pre_save = type(field).pre_save is models.Field.pre_save
        kind = target.get_internal_type() if plain_pre_save else None
        # Even nothing: a time stamped on each save is nothing until then.
        self.always_prepares = not plain_pre_save
        # Of exactly that type: a truth value is a whole number too, which a
        # number field stores otherwise (text of a type of its own: stores_as_is).
        self.as_is = _STORED_AS_IS.get(kind, ())

    def stores_as_is(self, kind):
        """Whether a value of type ``kind`` goes to the database as it is.

        Text of a kind of its own (a choice, ``TextChoices``) too, where the field
        takes exact text: a text field's ``get_prep_value()`` hands any ``str`` on
        unchanged, the choice itself, which the driver stores as its text.
        """
        if kind in self.as_is:
            return True
        return str in self.as_is and issubclass(kind, str)

    def value(self, obj, connection):
        """The value of ``obj``'s field as the database takes it."""
        value = getattr(obj, self.attname)
        if value is None and not self.always_prepares:
            return None
        if self.stores_as_is(type(value)):
            return value
        return self.prepare(obj, connection)

    def prepare(self, obj, connection):
        """The value of ``obj``'s field as the database takes it, through the field."""
        return self.field.get_db_prep_save(self.field.pre_save(obj, True), connection)


class _Columns:
    """The columns of one model, and how a row's values go to the database.

    A row's values are read at once (``attrgetter``); the types they have, as a
    tuple, say which is the first its field must prepare: worked out the first time
    and kept, since a model's rows come in few such shapes (text or nothing here,
    a file there). A row of a known shape costs a look-up, not a call a value, up
    to that value; some three hundred values a story.
    """

    def __init__(self, model):
        meta = model._meta.concrete_model._meta
        self.columns = [
            _Column(field) for field in meta.concrete_fields if not field.primary_key
        ]
        names = [column.attname for column in self.columns]
        read = operator.attrgetter(*names)
        self.read = read if len(names) > 1 else lambda obj: (read(obj),)
        # Kept for the shapes met most lately (a model has few).
        self.first_to_prepare = functools.lru_cache(maxsize=256)(self._first_to_prepare)

    def _first_to_prepare(self, types):
        """The index of the first value, of these ``types``, that its field
        prepares (one neither nothing nor stored as it is, or any of a field
        whose ``pre_save()`` does more than read it); None if none."""
        for index, (kind, column) in enumerate(zip(types, self.columns, strict=True)):
            if column.always_prepares or (
                kind is not NoneType and not column.stores_as_is(kind)
            ):
                return index
        return None

    def values(self, obj, connection):
        """The row's values, in the order of the columns, ready for the database.

        From the first value its field prepares on, each is read and prepared in
        turn, as Django does: preparing one may set those after it (an image's
        ``pre_save()`` stores the file and its width and height).
        """
        values = self.read(obj)
        first = self.first_to_prepare(tuple(map(type, values)))
        if first is None:
            return values
        return [
            *values[:first],
            *(column.value(obj, connection) for column in self.columns[first:]),
        ]


@functools.cache
def _columns(model):
    return _Columns(model)


@functools.cache
def _defaults(model):
    """``(attname, field, default)`` for each of the model's columns, in order:
    the field when its default is a callable, which gives each row a value of its
    own, else None and the one value ``Field.get_default()`` always gives."""
    made = []
    for field in model._meta.concrete_fields:
        each_row = field.has_default() and callable(field.default)
        made.append((field.attname, field if each_row else None, field.get_default()))
    return made


def new(model, values):
    """A new, unsaved ``model(**fields)``, from ``values`` by column (``attname``):
    made as ``Model.from_db()`` makes an instance, its values in the order of its
    columns, each one not given its field's default.

    Named, each value goes through Django's search of the keywords, a key's
    related instance through its descriptor; in order, a value is set as it is.
    A third of the cost, for the thirty rows or so a story brings. Keys are set
    by their ids: the instance does not hold the rows they point to.
    """
    return model(
        *(
            values[name]
            if name in values
            else (default if field is None else field.get_default())
            for name, field, default in _defaults(model)
        )
    )


def insert(objs, *, using="default"):
    """Insert the new rows ``objs`` (unsaved instances of one model, without ids,
    their keys set) into the database ``using``; set each one's id and mark it
    saved, as ``bulk_create()`` does. Returns ``objs``."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    if any(obj.pk is not None or type(obj) is not model for obj in objs):
        raise ValueError("insert() takes new rows of one model, without ids.")
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        return model._base_manager.using(using).bulk_create(objs)
    meta = model._meta.concrete_model._meta
    shape = _columns(model)
    columns = shape.columns
    quote = connection.ops.quote_name
    names = ", ".join(quote(column.field.column) for column in columns)
    head = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES "
    row_marks = f"({', '.join(['%s'] * len(columns))})"
    returning = f" RETURNING {quote(meta.pk.column)}"
    fields = [column.field for column in columns]
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            values = []
            for obj in batch:
                values.extend(shape.values(obj, connection))
            cursor.execute(
                head + ", ".join([row_marks] * len(batch)) + returning, values
            )
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = using
    return objs


def save_new(obj, *, using="default"):
    """Write the new row ``obj`` as ``obj.save()`` writes it: ``pre_save`` sent,
    the row inserted (each field's ``pre_save()`` run, as Django runs it on an
    insert: a time stamped, a file stored), its id set, then ``post_save`` sent
    with ``created=True``; a failure marks the transaction for rollback. For a
    model without parents (multi-table inheritance), whose ``save()`` adds
    nothing of its own (the caller does that first)."""
    model = type(obj)
    if obj.pk is not None or model._meta.parents:
        raise ValueError("save_new() takes a new row, without parents nor an id.")
    pre_save.send(
        sender=model, instance=obj, raw=False, using=using, update_fields=None
    )
    with transaction.mark_for_rollback_on_error(using):
        insert([obj], using=using)
    post_save.send(
        sender=model,
        instance=obj,
        created=True,
        update_fields=None,
        raw=False,
        using=using,
    )
    return obj
