"""What editors may write: rich text (this is the only module that imports nh3) and
plain text, and what any stored text may put in XML.

One allowlist serves the editor and the sanitizer. ``EDITOR_EXTENSIONS`` tells
django-prose-editor which formatting to offer; the nh3 allowlist is derived from the
same extensions, so what the editor can produce is exactly what survives cleaning.
That is inline markup and links (http, https and mailto only, with a safe ``rel``),
inside paragraphs.
"""

import functools
import html
import re

import nh3
from django_prose_editor.config import allowlist_from_extensions

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}

LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"


def _build_cleaner():
    allowlist = allowlist_from_extensions(EDITOR_EXTENSIONS)
    attributes = {tag: set(names) for tag, names in allowlist["attributes"].items()}
    # nh3 sets rel itself (link_rel); an editor-supplied rel is never kept.
    attributes.get("a", set()).discard("rel")
    return nh3.Cleaner(
        tags=set(allowlist["tags"]),
        attributes=attributes,
        url_schemes=LINK_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


_CLEANER = _build_cleaner()


def clean_html(value):
    """Return ``value`` with everything outside the allowlist removed.

    Text outside any paragraph is wrapped in one, so that every stored value is a
    sequence of ``<p>`` elements, the shape the editor itself produces.
    """
    if not value:
        return ""
    ahead = _ahead_cleaned.get(value)
    if ahead is not None:
        return ahead
    cleaned = _CLEANER.clean(value).strip()
    if cleaned in ("", "<p></p>"):
        return ""
    if not cleaned.startswith("<p>"):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def text_to_html(text):
    """Turn plain text (one paragraph, as an importer reads it) into clean HTML."""
    return clean_html(text_as_markup(text)) if text else ""


def text_as_markup(text):
    """Plain text as the markup ``text_to_html()`` cleans."""
    return f"<p>{html.escape(text, quote=False)}</p>"


# Answers worked out ahead in another process: ``clean_html()``'s and
# ``html_to_text()``'s for the markup of the story an import writes next, which
# its parsing process works out (``work_out_ahead()``) while the writer writes the
# stories before. Both are pure functions of their value, so an answer found here
# is the one the writer would work out; only the last story's are kept.
_ahead_cleaned = {}
_ahead_text = {}


def work_out_ahead(values):
    """``clean_html()`` of each markup of ``values``, and ``html_to_text()`` of each
    result: for ``known_ahead()`` in the process that will ask."""
    cleaned = {value: clean_html(value) for value in values if value}
    return cleaned, {value: html_to_text(value) for value in cleaned.values()}


def known_ahead(worked):
    """Answer with ``worked`` (``work_out_ahead()``'s), in place of what was known
    ahead before, until it is replaced."""
    cleaned, texts = worked
    _ahead_cleaned.clear()
    _ahead_cleaned.update(cleaned)
    _ahead_text.clear()
    _ahead_text.update(texts)


# A part's words are asked for several times as it is written (its word count, its
# name in the revision, the search document), each time from the same text: the
# answers to the last few hundred texts are kept.
@functools.lru_cache(maxsize=512)
def html_to_text(value):
    """The words of a cleaned HTML value, without markup, for search and excerpts."""
    ahead = _ahead_text.get(value)
    if ahead is not None:
        return ahead
    spaced = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", value or "")
    return html.unescape(nh3.clean(spaced, tags=set())).strip()


# ---- Plain text ----

# Unicode's noncharacters: U+FDD0..U+FDEF and the last two code points of each plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
    for plane in range(17)
)
# What no plain-text field keeps: the C0 controls but tab and newline, DEL, the C1
# controls, lone surrogates and the noncharacters. Bidi controls, joiners and emoji
# are text (an Arabic headline needs the first), kept as typed and escaped on output.
_REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_LINE_BREAK = re.compile(r"\r\n?")
# Longest value of a plain-text field the database would take without a limit (a
# TextField): far more than any dek, bio or note, far less than a page can bear.
LONGEST_TEXT = 20_000


def _describe(character):
    return f"U+{ord(character):04X}"


def clean_text(value, *, multiline=False):
    """Plain text as an editor typed it, or ``ValidationError`` naming what is refused.

    The one rule for every plain-text field: a text area's line breaks become
    newlines (browsers send CRLF); a one-line field takes no line break; control
    characters other than tab and newline and Unicode's noncharacters are refused,
    with their code point and position, so that nothing stored can break a page, a
    feed or a sitemap.
    """
    if not value:
        return value
    if multiline:
        value = _LINE_BREAK.sub("\n", value)
    elif "\n" in value or "\r" in value:
        raise ValidationError(
            _("This field is one line: remove its line breaks."), code="line_break"
        )
    found = _REFUSED.search(value)
    if found:
        raise ValidationError(
            _(
                "Remove the invisible control character or noncharacter %(code)s "
                "at position %(position)d."
            ),
            code="control_character",
            params={"code": _describe(found.group()), "position": found.start() + 1},
        )
    return value


def without_controls(value):
    """``value`` without what ``clean_text`` refuses: for search terms and other
    text that is read, never stored (PostgreSQL refuses a NUL even in a query)."""
    return _REFUSED.sub("", value) if value else value


# What XML 1.0 cannot carry at all (its Char production), whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """``value`` without the characters XML 1.0 cannot carry, for feeds and sitemaps.

    Input is cleaned by ``clean_text``, but rows written before it, or by code that
    bypasses the forms, must not make a feed or sitemap ill-formed either.
    """
    if not isinstance(value, str):
        return value
    return _NOT_XML.sub("", value)
