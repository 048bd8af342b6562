"""The built-in checks: each reads a story and yields ``Hit`` objects.

A check is ``check(copy, pieces, desk)``: ``copy`` is the whole ``StoryCopy``,
``pieces`` the pieces in the rule's scope, ``desk`` the loaded ``Desk`` (house
list, settings, known words). Checks are pure: no database, no network.
"""

from . import capitals, completeness, dates, grammar, quotes, sources, spacing, spelling

BUILTINS = {}
for _module in (
    spacing,
    capitals,
    dates,
    quotes,
    grammar,
    spelling,
    sources,
    completeness,
):
    BUILTINS.update(_module.CHECKS)
