"""Words and sentences of imported copy, with their places in the text."""

import re
from typing import NamedTuple

OPENING_PUNCTUATION = "“\"‘'([«"
CLOSING_PUNCTUATION = "”\"’'),.;:!?]»"
# A word as the spaces around it mark it: the opening marks before its letters,
# the letters, and the closing marks after them (the fewest letters that leave
# only closing marks to the end of the word).
WORD = re.compile(
    rf"(?=\S)(?P<before>[{re.escape(OPENING_PUNCTUATION)}]*)(?P<core>\S*?)"
    rf"(?P<after>[{re.escape(CLOSING_PUNCTUATION)}]*)(?!\S)"
)
WORD_CHARACTERS = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?=\s|$)")

# Short forms written with a full stop that ends neither a name nor a sentence.
ABBREVIATIONS = {
    "adm", "capt", "col", "dr", "gen", "gov", "jr", "lt", "maj", "mr", "mrs", "ms",
    "mx", "prof", "rep", "sen", "sgt", "sr", "st",
}  # fmt: skip

# Words written with a capital that are not names: they open sentences or are
# capitalised by habit, and must not start a name or an organisation.
NOT_NAMES = {
    "a", "about", "according", "after", "also", "an", "and", "as", "asked", "at",
    "before", "but", "by", "despite", "during", "for", "from", "he", "her", "his",
    "however", "i", "if", "in", "it", "its", "last", "meanwhile", "moreover", "next",
    "on", "our", "recent", "regularly", "she", "since", "so", "speaking", "still",
    "that", "the", "their", "these", "they", "this", "those", "to", "under", "we",
    "when", "while", "with", "yet",
}  # fmt: skip


class Word(NamedTuple):
    """One word of a text: its letters, where they are, and what touches them.

    A named tuple, not a frozen dataclass: every word of a story's paragraphs
    becomes one, and a tuple is made several times faster.
    """

    core: str
    start: int
    end: int
    before: str
    after: str
    possessive: bool = False

    @property
    def is_capitalised(self):
        """Whether the word's first letter is a capital: "Harbour", "(CSIS", "2020s"."""
        first = self.core[:1]
        if not first.isalpha():  # a figure or a mark first: look further in
            first = next((char for char in self.core if char.isalpha()), "")
        return first.isupper()

    @property
    def is_abbreviated(self):
        """An initial or a short form with its full stop: "F." in "John F. Kennedy"."""
        return self.after == "." and _is_short_form(self.core)

    @property
    def written(self):
        """The word as a name writes it: with the full stop of an initial."""
        return f"{self.core}." if self.is_abbreviated else self.core

    @property
    def joins_next(self):
        """Whether the next word may belong to the same name: no punctuation between."""
        return not self.possessive and (self.after == "" or self.is_abbreviated)

    @property
    def joins_previous(self):
        return self.before == ""


def words(text):
    """The words of ``text`` in order, punctuation kept apart from their letters."""
    found = []
    for match in WORD.finditer(text):
        before, core, after = match.groups()
        possessive = len(core) > 2 and core.endswith(("’s", "'s"))
        if possessive:
            core = core[:-2]
        if not core:
            continue
        start = match.start("core")
        found.append(Word(core, start, start + len(core), before, after, possessive))
    return found


def _is_short_form(word):
    return (len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS


def _sentence_ends(text, start=0, stop=None):
    for match in SENTENCE_END.finditer(
        text, start, len(text) if stop is None else stop
    ):
        before = re.search(r"(\w+)$", text[: match.start()])
        if text[match.start()] == "." and before and _is_short_form(before.group(1)):
            continue  # "Gen. Milley", "John F. Kennedy"
        yield match


def sentence_around(text, start, end=None):
    """The bounds of the sentence of ``text`` that holds ``start`` (through ``end``)."""
    end = start if end is None else end
    opening = 0
    for match in _sentence_ends(text, 0, start):
        opening = match.end()
    closing = next(_sentence_ends(text, end), None)
    stop = closing.end() if closing else len(text)
    while opening < stop and text[opening].isspace():
        opening += 1
    return opening, stop


def comparable_words(text):
    """Lower-case words without punctuation, to tell whether two texts say the same."""
    return WORD_CHARACTERS.findall(text.replace("’", "'").lower())
