"""Copy with markup (rich text pasted from Google Docs or Word, a .docx file) as lines.

The importer reads plain text, one paragraph a line; a document with markup says
more about its structure than its text does. ``read_html`` gives the text, one
block a line, and the role its markup gives each line: the first heading is the
headline, the others subheads, list items stay list items (with a bullet or a
number set before their words, as in plain text) and a caption stays a caption.
Bold lead-ins, links and other inline markup are read as their words. Word files
go through mammoth, which turns their paragraph styles into that markup.
"""

from html.parser import HTMLParser

BLOCKS = {"p", "div", "li", "blockquote", "figcaption", "pre", "td", "th", "dt", "dd"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Word's caption style, as mammoth writes it with ``STYLE_MAP``.
STYLE_MAP = "p[style-name='Caption'] => figcaption:fresh"


class _Blocks(HTMLParser):
    """The text of each block of an HTML document, with what made it a block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (tag, list kind or "", number in its list, words)
        self.words = []
        self.tag = None
        self.lists = []  # the open lists: ["ul", 0] or ["ol", 3]
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._close()
            if self.lists:
                self.lists[-1][1] += 1
            self.tag = "li"
        elif tag in HEADINGS or tag in BLOCKS:
            if self.tag == "li" and tag in BLOCKS:
                return  # Google Docs wraps each list item's words in a <p>
            self._close()
            self.tag = tag
        elif tag == "br":
            self._close()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.skip = max(self.skip - 1, 0)
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in HEADINGS or (tag in BLOCKS and self.tag != "li"):
            self._close()

    def handle_data(self, data):
        if not self.skip:
            self.words.append(data)

    def _close(self):
        text = " ".join("".join(self.words).split())
        if text:
            kind, number = "", 0
            if self.tag == "li" and self.lists:
                kind, number = self.lists[-1]
            self.blocks.append((self.tag or "p", kind, number, text))
        self.words = []
        self.tag = None

    def close(self):
        super().close()
        self._close()


def read_html(html):
    """``(text, roles)``: one block a line, and ``{line number: role}`` where the
    markup says what a line is (headline, subhead, list_item, caption)."""
    reader = _Blocks()
    reader.feed(html)
    reader.close()
    lines, roles = [], {}
    for tag, list_kind, number, text in reader.blocks:
        if tag == "li":
            text = f"{number}. {text}" if list_kind == "ol" else f"• {text}"
        lines.append(text)
        line = len(lines)
        if tag in HEADINGS:
            roles[line] = (
                "headline"
                if not any(role == "headline" for role in roles.values())
                else "subhead"
            )
        elif tag == "li":
            roles[line] = "list_item"
        elif tag == "figcaption":
            roles[line] = "caption"
    if lines and roles.get(1) != "headline":
        roles.pop(1, None)  # the first line is the headline whatever its markup
    return "\n".join(lines) + "\n", {n: r for n, r in roles.items() if r != "headline"}


def read_docx(file):
    """``(text, roles)`` of a Word document, through mammoth's HTML."""
    import mammoth

    result = mammoth.convert_to_html(file, style_map=STYLE_MAP)
    return read_html(result.value)
