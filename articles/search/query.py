"""What a reader types in the search box, made into a query no database can choke on.

The box understands what web search engines taught readers: words (all of them must
match), "a phrase in quotes", ``OR`` between two words, and ``-word`` to leave a word
out. Everything else is text: each word or phrase goes to the database quoted, so the
operators of FTS5 (``NEAR``, ``AND``, ``*``, ``^``, ``:``, parentheses) and of
``to_tsquery`` are only ever words. An unbalanced quote runs to the end of the query.
"""

import re
from dataclasses import dataclass, field

from .text import indexable

# A longer query is cut: enough for any real search, and bounded work for the database.
MAX_LENGTH = 200
MAX_TERMS = 12

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _is_words(text):
    return any(character.isalnum() for character in text)


@dataclass
class Query:
    """Groups of terms: every group must match, and one term of a group is enough.
    ``excluded`` terms must not match. Each term is a word or a phrase, as indexed."""

    text: str
    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)

    def fts5(self):
        """The query in SQLite FTS5's syntax, every term a quoted string."""

        def quoted(term):
            return '"' + term.replace('"', '""') + '"'

        return self._render(quoted, all_of=" AND ", any_of=" OR ", but_not=" NOT ")

    def tsquery(self):
        """The query for PostgreSQL's ``to_tsquery``, every term a quoted phrase."""

        def quoted(term):
            return "'" + term.replace("\\", " ").replace("'", "''") + "'"

        return self._render(quoted, all_of=" & ", any_of=" | ", but_not=" & !")

    def _render(self, quoted, *, all_of, any_of, but_not):
        groups = [
            (
                quoted(group[0])
                if len(group) == 1
                else "(" + any_of.join(quoted(term) for term in group) + ")"
            )
            for group in self.groups
        ]
        rendered = "(" + all_of.join(groups) + ")"
        return rendered + "".join(but_not + quoted(term) for term in self.excluded)


def parse(text):
    """The ``Query`` for what a reader typed; false when there is nothing to search."""
    text = (text or "")[:MAX_LENGTH]
    query = Query(text=text)
    terms = 0
    join_next = False
    for match in _TOKEN.finditer(text):
        dash, phrase, word = match.groups()
        if word == "OR":
            join_next = bool(query.groups)
            continue
        excluded = bool(dash)
        if word is not None:
            excluded = word.startswith("-") and len(word) > 1
            phrase = word[1:] if excluded else word
        term = indexable(phrase).strip()
        if not _is_words(term) or terms == MAX_TERMS:
            join_next = False
            continue
        terms += 1
        if excluded:
            query.excluded.append(term)
        elif join_next:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        join_next = False
    return query
