"""Spacing slips: no space after sentence punctuation, doubled words, stray spaces."""

import re

from ..findings import Hit

# "evolve.The", "However,potential": a word run into the next one by its
# punctuation. Letters on both sides, so that "3.5", "1,000", "U.S." and
# "10:30" never match; addresses and e-mail are left alone below.
_RUN_ON = re.compile(
    r"(?P<left>(?<![^\W\d_])[^\W\d_]{2,})(?P<mark>[.!?;:,])(?P<right>[^\W\d_]{2,})"
)
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:com|org|net|gov|edu|io)\b", re.I)
# Words that a writer may double on purpose.
_FINE_TWICE = {"had", "that", "is", "bye", "no", "very", "so", "ha", "knock", "tut"}
_DOUBLED = re.compile(r"(?<![\w-])(?P<word>[^\W\d_]+)\s+(?P=word)(?![\w-])", re.I)
_STRAY = re.compile(
    r"(?<=\S)(?P<gap> {2,})(?=\S)|(?<=\w)(?P<before> +)(?=[,.;:!?](?:\s|$))"
)


def space_after(copy, pieces, desk):
    for piece in pieces:
        addresses = None
        for match in _RUN_ON.finditer(piece.text):
            mark, right = match.group("mark"), match.group("right")
            if mark in ".!?" and not right[0].isupper():
                continue  # "e.g", "i.e", file names: only a new sentence counts
            if mark in ":;" and not right[0].isupper():
                continue
            if addresses is None:
                addresses = [found.span() for found in _ADDRESS.finditer(piece.text)]
            if any(begin <= match.start() < end for begin, end in addresses):
                continue
            fixed = f"{match.group('left')}{mark} {right}"
            yield Hit(piece, match.start(), match.end(), suggestions=(fixed,))


def doubled_words(copy, pieces, desk):
    if not copy.language.startswith("en"):
        return  # "die die", "que que": other languages double words on purpose
    for piece in pieces:
        for match in _DOUBLED.finditer(piece.text):
            word = match.group("word")
            if word.lower() in _FINE_TWICE:
                continue
            first, second = match.group().split()[0], match.group().split()[-1]
            if first[0].isupper() and second[0].isupper():
                continue  # "Bora Bora", "Sirhan Sirhan": names may repeat
            yield Hit(piece, match.start(), match.end(), suggestions=(first,))


def stray_spaces(copy, pieces, desk):
    if not copy.language or copy.language.startswith("fr"):
        return  # French sets a space before ; : ! ?
    for piece in pieces:
        for match in _STRAY.finditer(piece.text):
            yield Hit(
                piece,
                match.start(),
                match.end(),
                suggestions=(" " if match.group("gap") else "",),
            )


CHECKS = {
    "punctuation.space-after": space_after,
    "punctuation.doubled-word": doubled_words,
    "punctuation.stray-space": stray_spaces,
}
