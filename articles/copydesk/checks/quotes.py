"""Quotes: a pull quote repeats the body word for word, and every quote has a speaker."""

import re
from difflib import SequenceMatcher

from ..findings import Hit

# Typographic marks and dashes read as their plain forms; case and punctuation
# other than apostrophes do not count as a difference.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "“": '"', "”": '"'})
_TOKEN = re.compile(r"\w+(?:'\w+)*")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")
# Below this share of words in common, the pull quote matches no quote at all.
_SAME_QUOTE = 0.6


def _tokens(text, offset=0):
    plain = text.translate(_PLAIN).lower()
    return [
        (m.group(), m.start() + offset, m.end() + offset)
        for m in _TOKEN.finditer(plain)
    ]


def _said_in_body(copy):
    """Every stretch of the body a pull quote may repeat, with where it is: what
    someone is quoted saying first, then the paragraphs themselves (a pull quote
    may lift the writer's own words)."""
    for piece in copy.pieces_in("body", "callouts"):
        for start, end in piece.quoted_texts():
            yield piece, _tokens(piece.text[start:end], start)
    for quotation in copy.quotations:
        if not quotation.is_pull:
            piece = next(p for p in copy.pieces if p.location == quotation.location)
            yield piece, _tokens(piece.text)
    for piece in copy.pieces_in("body", "callouts"):
        yield piece, _tokens(piece.text)


def _in_prose(copy, text):
    """Whether ``text`` is the writer's own words in the body, outside any quote."""
    words = [token for token, _, _ in _tokens(text)]
    if not words:
        return False
    for piece in copy.pieces_in("body", "callouts"):
        prose = piece.text
        for start, end in reversed(piece.quotes):
            prose = prose[:start] + " " + prose[end:]
        spoken = [token for token, _, _ in _tokens(prose)]
        matcher = SequenceMatcher(None, words, spoken, False)
        if matcher.find_longest_match(0, len(words), 0, len(spoken)).size == len(words):
            return True
    return False


def pull_quote_verbatim(copy, pieces, desk):
    in_scope = {piece.location for piece in pieces}
    said = list(_said_in_body(copy))
    for quotation in copy.quotations:
        if not quotation.is_pull or quotation.location not in in_scope:
            continue
        piece = next(p for p in copy.pieces if p.location == quotation.location)
        for start, end in _segments(piece.text):
            yield from _compare(piece, _tokens(piece.text[start:end], start), said)


def _segments(text):
    """The stretches between ellipses: words left out of a quote are not a change."""
    start = 0
    for match in _ELLIPSIS.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _compare(piece, pulled, said):
    if not pulled:
        return
    words = [token for token, _, _ in pulled]
    vocabulary = set(words)
    best, best_share = None, 0.0
    for body_piece, spoken in said:
        shared = vocabulary.intersection(token for token, _, _ in spoken)
        if len(shared) < len(vocabulary) * _SAME_QUOTE:
            continue  # too few words in common to be the same quote
        matcher = SequenceMatcher(None, words, [token for token, _, _ in spoken], False)
        share = sum(block.size for block in matcher.get_matching_blocks()) / len(words)
        if share > best_share:
            best, best_share = (body_piece, spoken, matcher), share
    if best is None or best_share < _SAME_QUOTE:
        yield Hit(
            piece,
            pulled[0][1],
            pulled[-1][2],
            message="This pull quote is not in the body: a pull quote repeats words"
            " quoted in the story.",
        )
        return
    body_piece, spoken, matcher = best
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    first, last = blocks[0], blocks[-1]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert" and (j2 <= first.b or j1 >= last.b + last.size):
            continue  # the body's quote goes on before or after the pulled words
        if tag == "delete" and i1 >= len(words):
            continue
        if i1 == i2:  # words the pull quote leaves out, inside the quote
            start = end = pulled[i1 - 1][2] if i1 else pulled[0][1]
        else:
            start, end = pulled[i1][1], pulled[i2 - 1][2]
        said_text = (
            body_piece.text[spoken[j1][1] : spoken[j2 - 1][2]] if j1 < j2 else ""
        )
        pulled_text = piece.text[start:end]
        yield Hit(
            piece,
            start,
            end,
            message=(
                f"The pull quote has “{pulled_text}” where the quote in"
                f" {body_piece.label.lower()} has “{said_text}”."
                if pulled_text and said_text
                else f"The pull quote differs from the quote in {body_piece.label.lower()}."
            ),
            suggestions=(said_text,) if pulled_text else (),
            detail={
                "pulled": pulled_text,
                "said": said_text,
                "said_in": body_piece.location,
                "said_context": body_piece.text[spoken[0][1] : spoken[-1][2]],
            },
        )


def speaker_named(copy, pieces, desk):
    """A quote needs its speaker, unless it is a pull quote of the writer's words."""
    in_scope = {piece.location for piece in pieces}
    for quotation in copy.quotations:
        if quotation.location in in_scope and not quotation.speaker.strip():
            if quotation.is_pull and _in_prose(copy, quotation.text):
                continue
            piece = next(p for p in copy.pieces if p.location == quotation.location)
            yield Hit(piece, 0, len(piece.text))


CHECKS = {"quotes.pull-verbatim": pull_quote_verbatim, "quotes.speaker": speaker_named}
