"""What the querysets announce about the writes that send no model signals.

``bulk_create()`` and ``update()`` send no ``post_save``, and a queryset's
``delete()`` sends one ``post_delete`` per row. The querysets announce these writes
here, and whatever keeps itself in step with the rows (the search index, the page
cache) subscribes from ``AppConfig.ready()``. This module imports nothing from the
app, so that the querysets, at the bottom, may import it.
"""

from contextlib import ExitStack, contextmanager

from django.dispatch import Signal

# Sent after ``bulk_create()`` or ``update()`` wrote rows. ``sender`` is the model,
# with ``using`` (the database), ``count`` (the rows written) and ``stories`` (the
# ids of the stories whose watched fields were written, see ``watch()``).
rows_written = Signal()
# Sent before an ``update()`` of watched fields, with ``stories`` (the ids of the
# stories it is about to write) and ``using``: for whoever must know what the
# rows were (the page cache retires the lists a story leaves).
rows_to_write = Signal()

# Field names by concrete model label: an ``update()`` that writes one of them reads
# which stories it touches first, for ``rows_written``'s ``stories``.
_watched = {}
# Context managers entered around a queryset's ``delete()``, by name.
_around_deletes = {}


def watch(model, fields):
    """Ask ``update()`` on ``model`` for the stories it touches when it writes ``fields``.

    Reading them costs a query, so only an update of a watched field does.
    """
    label = model._meta.concrete_model._meta.label_lower
    _watched.setdefault(label, set()).update(fields)


def watches(model, fields):
    """Whether writing ``fields`` of ``model`` must name the stories it touches."""
    label = model._meta.concrete_model._meta.label_lower
    return not _watched.get(label, set()).isdisjoint(fields)


def around_deletes(name, context):
    """Enter ``context()`` around every queryset ``delete()``.

    For whoever hears of each deleted row through ``post_delete`` and would rather
    act once for the lot (the search index rebuilds each story once).
    """
    _around_deletes[name] = context


@contextmanager
def deleting():
    """The block of a queryset's ``delete()``, inside every ``around_deletes()`` context."""
    with ExitStack() as stack:
        for context in _around_deletes.values():
            stack.enter_context(context())
        yield
