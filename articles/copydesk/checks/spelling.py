"""Spelling: words no dictionary knows, and the house's British or American forms.

The dictionary is pyspellchecker's word-frequency list (American English, and the
other languages it ships), loaded once a process. Only lower-case words are read:
a capitalised word may be a name the dictionary has never seen. A word is flagged
only when a likely intended word is one letter away by a dropped, doubled or
swapped letter, which keeps false alarms on new coinages and loanwords rare.
"""

import re
from collections import Counter
from functools import cache

from spellchecker import SpellChecker

from ..findings import Hit
from ..variants import ONE_WAY, variant_pairs

_WORD = re.compile(r"(?<![\w’'@/.-])[a-z][a-z’']*[a-z](?![\w’'@/-])")
_ENDINGS = re.compile(r"(?:[’'](?:s|re|ve|ll|d|m|t)|n[’']t)$")
# The other languages pyspellchecker ships miss too many inflected forms (Spanish
# "equivale", "propone") to be checked without false alarms.
_LANGUAGES = {"en"}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@cache
def _checker(language):
    return SpellChecker(language=language, distance=1)


def dictionary_for(language):
    """The set-like word list for ``language`` ("en", "en-GB", ...), or None."""
    code = (language or "").split("-")[0].lower()
    if code not in _LANGUAGES:
        return None
    return _checker(code).word_frequency.dictionary


@cache
def _british_forms():
    return frozenset(variant_pairs(None))


@cache
def _house_pairs(preference):
    pairs = variant_pairs(dictionary_for("en"))
    if preference == "US":
        return pairs
    return {us: uk for uk, us in pairs.items() if uk not in ONE_WAY}


def unknown_words(copy, pieces, desk):
    words = dictionary_for(copy.language)
    if words is None or not desk.settings.spelling:
        return
    english = copy.language.split("-")[0] == "en"
    british = _british_forms() if english else ()
    seen = Counter(
        match.group() for piece in copy.pieces for match in _WORD.finditer(piece.text)
    )
    for piece in pieces:
        for match in _WORD.finditer(piece.text):
            written = match.group()
            if len(written) < 5 or written in words:
                continue
            if seen[written] > 1:
                continue  # written the same way twice: a term, not a slip
            word = _ENDINGS.sub("", written)
            if len(word) < 5 or "’" in word or "'" in word:
                continue
            if word in desk.known_words or word in british or _is_known(word, words):
                continue
            guess = _likely_word(word, words)
            if guess is None:
                continue
            yield Hit(
                piece,
                match.start(),
                match.start() + len(word),
                message=f"Not in the dictionary; did you mean “{guess}”?",
                suggestions=(guess,),
            )


def _is_known(word, words):
    """``word`` or a form it is made from: "strandings", "cofounded", "telecom"."""
    if word in words or word + "s" in words:
        return True
    for ending in ("s", "es", "ed", "d", "ing", "er", "ers", "ings", "ly", "t"):
        if word.endswith(ending) and word[: -len(ending)] in words:
            return True
    return any(
        word.startswith(prefix) and word[len(prefix) :] in words
        for prefix in ("co", "re", "un", "non", "pre", "over", "under", "anti")
    )


def _likely_word(word, words):
    """The commonest known word one dropped, doubled or swapped letter away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {left + right[1:] for left, right in splits if right}
    candidates |= {
        left + right[1] + right[0] + right[2:]
        for left, right in splits
        if len(right) > 1
    }
    candidates |= {
        left + letter + right for left, right in splits for letter in _LETTERS
    }
    known = [candidate for candidate in candidates if candidate in words]
    return max(known, key=lambda candidate: words[candidate], default=None)


def house_spelling(copy, pieces, desk):
    """British forms in an American house, or American forms in a British one."""
    preference = desk.settings.spelling
    if not preference or copy.language.split("-")[0] != "en":
        return
    wrong = _house_pairs(preference)
    for piece in pieces:
        found = [
            match for match in _WORD.finditer(piece.text) if match.group() in wrong
        ]
        if not found:
            continue
        names = [(m.start, m.end) for m in desk.house.names_in(piece.text)]
        for match in found:
            word = match.group()
            if any(start <= match.start() < end for start, end in names):
                continue  # a name keeps its own spelling: Center for ..., Labour Party
            yield Hit(
                piece,
                *match.span(),
                message=f"The house spells this “{wrong[word]}” ({preference}).",
                suggestions=(wrong[word],),
            )


CHECKS = {"spelling.unknown": unknown_words, "spelling.house": house_spelling}
