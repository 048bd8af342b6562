"""The words of a story as the search index holds them, and the matches in their snippets.

Neither SQLite's ``unicode61`` tokenizer nor PostgreSQL's parser cuts Japanese or
Chinese into words: a run of kanji and kana, up to the next punctuation mark, would be
one "word", and a reader's search for a word inside it would find nothing. So the index
holds every CJK character (and Hangul syllable) as a word of its own, separated by an
invisible zero-width space, and a search for "住民" becomes the phrase "住 民": the
characters, side by side. That finds any word of any length with the index, on both
databases, at the price of some precision (a phrase of characters can also straddle two
words). Snippets drop the zero-width spaces again before readers see them.
"""

import re

from ..sanitize import html_to_text

# Where a match starts and ends in a snippet from the database. Control characters
# cannot occur in indexed text (``indexable`` removes them), so they cannot be forged.
MARK_START = "\x02"
MARK_END = "\x03"
SEPARATOR = "\u200b"  # zero-width space: a word break for both tokenizers, invisible

_CJK = re.compile(
    "["
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G
    "]"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_SEPARATORS = re.compile(f"{SEPARATOR}+")


def indexable(text):
    """``text`` as the index stores and searches it: no control characters, and every
    CJK character a word of its own.

    A story's words may hold "<" and "&" (plain text, as readers read it). PostgreSQL's
    parser would take ``<b>`` or ``&amp;`` for markup and leave it out of snippets; a
    separator after each keeps it text, and snippets show it escaped.
    """
    text = _CONTROL.sub(" ", (text or "").replace(SEPARATOR, ""))
    text = text.replace("<", f"<{SEPARATOR}").replace("&", f"&{SEPARATOR}")
    spaced = _CJK.sub(lambda match: f"{SEPARATOR}{match.group()}{SEPARATOR}", text)
    return _SEPARATORS.sub(SEPARATOR, spaced).strip(SEPARATOR)


def body_text(parts):
    """The words of a story's body, parts in reading order: paragraphs, subheads, list
    items, callouts (title and text), quotes (words and speaker), image captions."""
    words = []
    for part in parts:
        words += [part.title, html_to_text(part.text), part.speaker, part.caption]
    return "\n".join(word for word in words if word)


def document(article, parts):
    """``(headline, dek, body)``: what the index holds for ``article``."""
    return (
        indexable(article.headline),
        indexable(article.dek),
        indexable(body_text(parts)),
    )


def highlighted(snippet):
    """A snippet from the database as ``[(text, is_match), ...]``, in reading order.

    Plain text: the template escapes each piece and puts the matches in ``<mark>``.
    """
    pieces, matching = [], False
    for piece in re.split(
        f"([{MARK_START}{MARK_END}])", snippet.replace(SEPARATOR, "")
    ):
        if piece in (MARK_START, MARK_END):
            matching = piece == MARK_START
        elif piece and pieces and pieces[-1][1] == matching:
            # Characters matched one by one (CJK) read as one match.
            pieces[-1] = (pieces[-1][0] + piece, matching)
        elif piece:
            pieces.append((piece, matching))
    return pieces


def has_match(snippet):
    return MARK_START in (snippet or "")
