"""The house list: the newsroom's names and titles in their canonical form.

Each ``Term`` is a name (an organisation, a treaty, a place, a person) or a title
("Prime Minister"). Names are matched whatever their case, so that a name written
in the wrong case ("center for Strategic and International Studies") is found and
its canonical form offered; ``variants`` are other spellings to correct
("Brookings Institute"). Names already in the database (sources, authors, tags)
join the list when the desk is loaded, and every word of every term counts as a
known word for the spelling check.
"""

import re
from dataclasses import dataclass

NAME = "name"
TITLE = "title"
KINDS = (NAME, TITLE)


@dataclass(frozen=True)
class Term:
    canonical: str
    kind: str = NAME
    variants: tuple = ()
    abbreviation: str = ""
    note: str = ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    written: str
    term: Term


def _alternation(forms):
    ordered = sorted(set(forms), key=len, reverse=True)
    body = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


class HouseList:
    """Finds the house's names and titles in a text, however they are written."""

    def __init__(self, terms=()):
        self.terms = list(terms)
        self._by_form = {}
        names, titles = [], []
        for term in self.terms:
            forms = (term.canonical, *term.variants)
            for form in forms:
                if not form.strip():
                    continue
                self._by_form.setdefault(_fold(form), term)
                (titles if term.kind == TITLE else names).append(form)
        self._names = _alternation(names) if names else None
        self._titles = _alternation(titles) if titles else None
        self.known_words = {
            word.lower()
            for term in self.terms
            for form in (term.canonical, term.abbreviation, *term.variants)
            for word in re.findall(r"[^\W\d_]+", form)
        }
        self.abbreviations = {
            term.abbreviation: term for term in self.terms if term.abbreviation
        }
        self._found = {}

    def forget(self):
        """Drop the mentions remembered while checking a story (``check_story``)."""
        self._found = {}

    def _mentions(self, kind, pattern, text):
        """The mentions in ``text``, remembered: several checks ask for them."""
        key = (kind, text)
        if key not in self._found:
            found = []
            for match in pattern.finditer(text) if pattern is not None else ():
                term = self._by_form.get(_fold(match.group()))
                if term is not None:
                    found.append(
                        Mention(match.start(), match.end(), match.group(), term)
                    )
            self._found[key] = found
        return self._found[key]

    def names_in(self, text):
        return self._mentions(NAME, self._names, text)

    def titles_in(self, text):
        return self._mentions(TITLE, self._titles, text)

    def term_for(self, text):
        return self._by_form.get(_fold(text))


def _fold(text):
    return " ".join(text.split()).casefold()
