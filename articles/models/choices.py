"""The label of a choice in the language in use, without a lazy string each time."""

import functools

from django.utils import translation


@functools.cache
def _labels(choices, language):
    with translation.override(language):
        return {choice.value: str(choice.label) for choice in choices}


def label_of(choices, value):
    """The label of ``value`` among ``choices`` (a ``TextChoices``), in the active
    language; ``value`` itself when it is none of them.

    ``get_FOO_display()`` builds a dict of every choice on each call and the label
    it gives is a lazy string, translated again each time it is shown; a revision
    names each of a story's parts and bylines by theirs. The labels of each
    language are made once.
    """
    return _labels(choices, translation.get_language()).get(value, value)
