"""The only module that imports nh3: what editors may write in rich-text fields.

One allowlist serves the editor and the sanitizer. ``EDITOR_EXTENSIONS`` tells
django-prose-editor which formatting to offer; the nh3 allowlist is derived from the
same extensions, so what the editor can produce is exactly what survives cleaning.
That is inline markup and links (http, https and mailto only, with a safe ``rel``),
inside paragraphs.
"""

import html
import re

import nh3
from django_prose_editor.config import allowlist_from_extensions

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
    cleaned = _CLEANER.clean(value).strip()
    if cleaned in ("", "<p></p>"):
        return ""
    if not cleaned.startswith("<p>"):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def text_to_html(text):
    """Turn plain text (one paragraph, as an importer reads it) into clean HTML."""
    return clean_html(f"<p>{html.escape(text, quote=False)}</p>") if text else ""


def html_to_text(value):
    """The words of a cleaned HTML value, without markup, for search and excerpts."""
    spaced = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", value or "")
    return html.unescape(nh3.clean(spaced, tags=set())).strip()
