"""A WordPress post's HTML read into body parts: pure, no database.

Both editors are read with one walk over the tree lxml's HTML parser builds. The
classic editor stores paragraphs as blank lines (WordPress adds the ``<p>`` when it
shows a post), so text between blocks is split into paragraphs here as it would
be there; the block editor stores real markup between ``<!-- wp:... -->`` comments.

Paragraphs, headings (subheads), quotes and pull quotes (their ``<cite>`` the
speaker), list items, and images with their captions (``[caption]`` shortcodes,
``<figure>``/``<figcaption>``, galleries, ``[gallery]``) become parts of those kinds.
What the body has no part for is kept where that is safe and said in a notice:
an embed, a video or an audio file becomes a link, a table one paragraph a row, a
preformatted block a paragraph keeping its line breaks; a script, a form or a block
WordPress builds when it shows a page (latest posts, a calendar) has nothing to
bring and is reported. Paragraph markup is kept for the writer, which cleans it
with ``sanitize.clean_html`` like every other stored text.
"""

import html
import re
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .cues import Cues
from .shapes import caption_with_credit
from .story import Part

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that end a run of inline text: each is a block of its own.
BLOCKS = HEADINGS | {
    "p", "ul", "ol", "dl", "blockquote", "figure", "table", "pre", "hr", "div",
    "section", "article", "aside", "header", "footer", "nav", "main", "details",
    "address", "center", "form", "iframe", "script", "style", "noscript", "img",
    "audio", "video", "object", "embed", "figcaption", "summary", "fieldset",
    "hgroup", "canvas", "svg", "template", "dt", "dd", "li",
}  # fmt: skip
CONTAINERS = {
    "div", "section", "article", "aside", "header", "footer", "main", "center",
    "details", "address", "hgroup", "nav",
}  # fmt: skip
MEDIA = {"iframe", "audio", "video", "object", "embed"}
DROPPED = {"script", "style", "noscript", "template", "canvas", "svg", "form"}
MEDIA_NAMES = {
    "audio": "an audio file",
    "video": "a video",
    "iframe": "an embedded frame",
    "object": "an embedded object",
    "playlist": "a playlist",
}
MAX_SPEAKER_LENGTH = 150
MAX_SUBHEAD_LENGTH = 300
SHORTCODE = re.compile(
    r"\[(?P<name>caption|wp_caption|gallery|embed|audio|video|playlist)\b"
    r"(?P<attrs>[^\]]*)\](?:(?P<inner>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
OTHER_SHORTCODE = re.compile(r"(?<!\[)\[(?P<name>[a-z][\w-]*)\b[^\]]*\]")
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
BLOCK_COMMENT = re.compile(
    r"^\s*wp:(?P<name>[\w/-]+)(?P<rest>.*?)(?P<closed>/)?\s*$", re.S
)
BARE_ADDRESS = re.compile(r"^https?://[^\s<>\"]+$")
ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")
LEADING_IMAGE = re.compile(
    r"^\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?P<caption>.*)$",
    re.DOTALL | re.IGNORECASE,
)


def _attributes(text):
    return {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in ATTRIBUTE.finditer(text or "")
    }


def _shortcodes(content):
    """Captions, galleries and embeds of the classic editor as the markup the walk
    reads: a ``<figure>`` with its ``<figcaption>``, a gallery marker, a link."""

    def replace(match):
        name, inner = match.group("name"), match.group("inner") or ""
        attrs = _attributes(match.group("attrs"))
        if name in ("caption", "wp_caption"):
            found = LEADING_IMAGE.match(inner)
            image = found.group("image") if found else inner
            caption = found.group("caption").strip() if found else ""
            caption = caption or html.escape(attrs.get("caption", ""))
            return (
                f'<figure class="wp-caption">{image}'
                f"<figcaption>{caption}</figcaption></figure>"
            )
        if name == "gallery":
            ids = html.escape(attrs.get("ids", attrs.get("include", "")))
            return f'<div class="wp-shortcode-gallery" data-ids="{ids}"></div>'
        if name == "playlist":
            return (
                f'<div class="wp-shortcode" data-name="playlist">{match.group()}</div>'
            )
        address = inner.strip() or next(
            (
                attrs[key]
                for key in ("src", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "url")
                if key in attrs
            ),
            "",
        )
        return f'<iframe data-shortcode="{name}" src="{html.escape(address)}"></iframe>'

    return SHORTCODE.sub(replace, content)


def _inner_html(element):
    """The markup inside ``element``, without its own tag."""
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        parts.append(_markup(child))
    return "".join(parts)


def _markup(element, with_tail=True):
    if not isinstance(element.tag, str):  # a comment
        tail = element.tail or ""
        return html.escape(tail, quote=False) if with_tail else ""
    return lxml.html.tostring(element, encoding="unicode", with_tail=with_tail)


def _words(value):
    return " ".join((value or "").split())


def _text_of(element):
    return _words(element.text_content())


def _classes(element):
    return set((element.get("class") or "").split())


def _is_safe_address(address):
    return urlsplit(address or "").scheme in ("http", "https")


class _Walk:
    """One post's body: ``parts`` in reading order, and ``notices`` about the rest."""

    def __init__(self, *, classic, attachments, post_id, language):
        self.classic = classic
        self.attachments = attachments or {}
        self.post_id = post_id
        self.language = language
        self.cues = Cues(language)
        self.parts = []
        self.notices = []
        self.run = []  # inline markup waiting to become a paragraph
        self.after = []  # images taken out of a paragraph, to follow it

    # -- output ----------------------------------------------------------------

    def note(self, message):
        if message not in self.notices:
            self.notices.append(message)

    def paragraph(self, markup, why="paragraph"):
        wrapper = lxml.html.fragment_fromstring(f"<p>{markup}</p>")
        self._pull_images(wrapper)
        text = _text_of(wrapper)
        if text:
            self.parts.append(
                Part("paragraph", text, html=_markup(wrapper, with_tail=False), why=why)
            )

    def flush(self):
        run, self.run = "".join(self.run), []
        if not run.strip():
            return
        if self.classic:
            for chunk in re.split(r"\n\s*\n", run):
                chunk = chunk.strip()
                if BARE_ADDRESS.match(chunk):
                    # WordPress embeds an address alone on its line (oEmbed).
                    self.link(html.unescape(chunk), "an embed")
                elif chunk:
                    self.paragraph(chunk.replace("\n", "<br>\n"))
        else:
            self.paragraph(run)

    def image(self, img, caption="", why="image"):
        address = img.get("src") or ""
        alt = _words(img.get("alt"))
        attachment = self._attachment(img)
        if attachment is not None:
            caption = caption or attachment.caption
            alt = alt or attachment.alt_text
            address = attachment.url or address
        credit = ""
        if caption and (found := caption_with_credit(caption, self.cues)):
            _why, caption, credit = found
        self.parts.append(
            Part(
                "image",
                _words(caption)[:500],
                credit=_words(credit)[:200],
                alt_text=alt[:300],
                address=address,
                why=why,
            )
        )

    def _attachment(self, img):
        found = ATTACHMENT_CLASS.search(img.get("class") or "")
        if found and int(found.group(1)) in self.attachments:
            return self.attachments[int(found.group(1))]
        source = img.get("src") or ""
        for attachment in self.attachments.values():
            if attachment.url and _same_upload(attachment.url, source):
                return attachment
        return None

    def _pull_images(self, element):
        """Take the images out of a paragraph, as image parts before its text (or
        after, when words come first)."""
        images = list(element.iter("img"))
        if not images:
            return
        leading = not _text_before(element, images[0])
        for img in images:
            _remove(img)
        for anchor in list(element.iter("a")):
            if not _text_of(anchor) and not len(anchor):
                _remove(anchor)  # the link around an image, empty without it
        if leading:
            for img in images:
                self.image(img, why="image in a paragraph")
        else:
            self.after.extend(images)

    # -- the walk --------------------------------------------------------------

    def walk(self, container):
        self.run.append(html.escape(container.text or "", quote=False))
        for child in container:
            self.visit(child)
            self.run.append(html.escape(child.tail or "", quote=False))
        self.flush()
        self._images_after()

    def _images_after(self):
        held, self.after = self.after, []
        for img in held:
            self.image(img, why="image in a paragraph")

    def visit(self, element):
        if not isinstance(element.tag, str):
            self.comment(element)
            return
        tag = element.tag.lower()
        if tag not in BLOCKS:
            if element.find(".//img") is not None or _is_gallery(element):
                self.flush()
                self._images_after()
                self.container(element)
            else:
                self.run.append(_markup(element, with_tail=False))
            return
        self.flush()
        self._images_after()
        handler = getattr(self, f"block_{tag}", None)
        if handler is not None:
            handler(element)
        elif tag in HEADINGS:
            self.heading(element)
        elif tag in CONTAINERS:
            self.container(element)
        elif tag in MEDIA:
            self.media(element)
        elif tag in DROPPED:
            self.note(f"a {tag} was left out: a story has no place for it")
        else:
            self.container(element)
        self._images_after()

    def comment(self, element):
        found = BLOCK_COMMENT.match(element.text or "")
        if found and found.group("closed"):
            name = found.group("name")
            self.note(
                f"the {name} block was left out: WordPress builds it when it shows "
                "a page, and the export holds nothing of it"
            )

    def container(self, element):
        if _is_gallery(element) and "data-ids" in element.attrib:
            self.gallery_shortcode(element)
            return
        if "wp-shortcode" in _classes(element):
            self.note(f"a [{element.get('data-name')}] shortcode was kept as text")
        if {"wp-block-columns", "wp-block-column"} & _classes(element):
            self.note("columns were read one after the other")
        inner = _Walk(
            classic=self.classic,
            attachments=self.attachments,
            post_id=self.post_id,
            language=self.language,
        )
        inner.walk(element)
        self.parts.extend(inner.parts)
        for notice in inner.notices:
            self.note(notice)

    def gallery_shortcode(self, element):
        ids = [int(n) for n in re.findall(r"\d+", element.get("data-ids") or "")]
        if ids:
            chosen = [self.attachments[n] for n in ids if n in self.attachments]
            missing = [n for n in ids if n not in self.attachments]
            if missing:
                self.note(
                    "a gallery names attachments the export does not hold: "
                    + ", ".join(map(str, missing))
                )
        else:
            chosen = [
                attachment
                for attachment in self.attachments.values()
                if attachment.parent_id == self.post_id
            ]
        if not chosen:
            self.note("a gallery had no images in the export")
        for attachment in chosen:
            img = etree.Element("img", src=attachment.url)
            img.set("class", f"wp-image-{attachment.post_id}")
            self.image(img, why="gallery")

    def block_p(self, element):
        if self.classic:
            # WordPress parts a classic post at its blank lines, inside a <p>
            # written by hand too.
            self.run.append(_inner_html(element))
            self.flush()
        else:
            self.paragraph(_inner_html(element))
        self._images_after()

    def heading(self, element):
        self._pull_images(element)
        title = _text_of(element)
        if title:
            self.parts.append(
                Part(
                    "subhead", title[:MAX_SUBHEAD_LENGTH], why=f"{element.tag} heading"
                )
            )
        self._images_after()

    def block_ul(self, element, style="bulleted"):
        for item in element:
            if not isinstance(item.tag, str):
                continue
            nested = [child for child in item if child.tag in ("ul", "ol")]
            for child in nested:
                _remove(child, keep_tail=True)
            if item.tag == "li":
                self._pull_images(item)
                text = _text_of(item)
                if text:
                    self.parts.append(
                        Part(
                            "list_item",
                            text,
                            list_style=style,
                            html=f"<p>{_inner_html(item)}</p>",
                            why="list item",
                        )
                    )
                self._images_after()
            else:
                self.visit(item)
            for child in nested:
                self.note("a list inside a list was read as items of one level")
                self.visit(child)

    def block_ol(self, element):
        self.block_ul(element, style="numbered")

    def block_dl(self, element):
        for item in element:
            if isinstance(item.tag, str) and _text_of(item):
                self.paragraph(_inner_html(item), why=f"definition list ({item.tag})")

    def block_dt(self, element):
        self.paragraph(_inner_html(element), why="definition term")

    block_dd = block_dt
    block_li = block_dt
    block_summary = block_dt
    block_figcaption = block_dt

    def block_hr(self, element):
        pass  # a rule between parts: the parts keep their order

    def block_img(self, element):
        self.image(element)

    def block_blockquote(self, element, pull=False):
        pull = pull or bool({"wp-block-pullquote", "pullquote"} & _classes(element))
        speaker = ""
        for cite in list(element.iter("cite")):
            words = _text_of(cite)
            if words and not speaker and len(words) <= MAX_SPEAKER_LENGTH:
                speaker = words.lstrip("—–- ").strip()
                _remove(cite, keep_tail=True)
        paragraphs = [
            child
            for child in element
            if isinstance(child.tag, str) and child.tag == "p" and _text_of(child)
        ]
        if paragraphs and len(paragraphs) == sum(
            1 for child in element if isinstance(child.tag, str)
        ):
            markup = "".join(_markup(p, with_tail=False) for p in paragraphs)
        elif self.classic:
            chunks = re.split(r"\n\s*\n", _inner_html(element))
            markup = "".join(
                f"<p>{chunk.strip()}</p>" for chunk in chunks if chunk.strip()
            )
        else:
            markup = f"<p>{_inner_html(element)}</p>"
        probe = lxml.html.fragment_fromstring(markup, create_parent="div")
        self._pull_images(probe)
        text = _text_of(probe)
        if text:
            self.parts.append(
                Part(
                    "pull_quote" if pull else "quote",
                    text,
                    html=_inner_html(probe),
                    speaker=speaker,
                    why="pull quote" if pull else "block quote",
                )
            )
        elif speaker:
            self.paragraph(html.escape(speaker), why="a quote's citation")
        self._images_after()

    def block_figure(self, element):
        classes = _classes(element)
        if "wp-block-pullquote" in classes or element.find(".//blockquote") is not None:
            quote = element.find(".//blockquote")
            if quote is not None:
                self.block_blockquote(quote, pull="wp-block-pullquote" in classes)
                self._rest_of_figure(element, quote)
                return
        if element.find(".//table") is not None:
            for table in element.iter("table"):
                self.block_table(table)
            for caption in element.iter("figcaption"):
                self.paragraph(_inner_html(caption), why="a table's caption")
            return
        if "wp-block-embed" in classes or element.find(".//iframe") is not None:
            self.embed(element)
            return
        media = [node for node in element.iter() if node.tag in ("audio", "video")]
        if media:
            for node in media:
                self.media(node)
            for caption in element.iter("figcaption"):
                self.paragraph(_inner_html(caption), why="a media file's caption")
            return
        images = list(element.iter("img"))
        if images:
            nested = [f for f in element.iter("figure") if f is not element]
            if nested:  # a gallery of figures, each with its caption
                for figure in nested:
                    self.block_figure(figure)
                own = element.find("figcaption")
                if own is not None and _text_of(own):
                    self.paragraph(_inner_html(own), why="a gallery's caption")
                return
            caption_element = element.find(".//figcaption")
            caption = _text_of(caption_element) if caption_element is not None else ""
            for img in images:
                self.image(img, caption if img is images[0] else "", why="figure")
            return
        self.container(element)

    def _rest_of_figure(self, figure, used):
        for child in figure:
            if child is not used and isinstance(child.tag, str) and _text_of(child):
                self.paragraph(_inner_html(child), why="beside a pull quote")

    def embed(self, element):
        frame = element.find(".//iframe")
        address = ""
        if frame is not None:
            address = frame.get("src") or ""
        if not address:
            address = _text_of(element.find(".//div") if len(element) else element)
        caption = element.find(".//figcaption")
        self.link(address, "an embed")
        if caption is not None and _text_of(caption):
            self.paragraph(_inner_html(caption), why="an embed's caption")

    def media(self, element):
        address = element.get("src") or element.get("data") or ""
        if not address:
            source = element.find(".//source")
            address = source.get("src") if source is not None else ""
        kind = element.get("data-shortcode") or element.tag
        self.link(address, MEDIA_NAMES.get(kind, "an embed"))

    def link(self, address, what):
        address = address.strip()
        if _is_safe_address(address):
            escaped = html.escape(address)
            self.paragraph(f'<a href="{escaped}">{escaped}</a>', why=what)
            self.note(f"{what} was kept as a link to {address}")
        else:
            self.note(f"{what} was left out: it had no web address to link to")

    def block_table(self, element):
        rows = list(element.iter("tr"))
        for row in rows:
            cells = [
                _inner_html(cell).strip()
                for cell in row
                if isinstance(cell.tag, str) and cell.tag in ("td", "th")
            ]
            if any(_words(lxml.html.fragment_fromstring(c, create_parent="p")
                          .text_content()) for c in cells):  # fmt: skip
                self.paragraph(" | ".join(cells), why="a table row")
        if rows:
            self.note(f"a table of {len(rows)} rows was kept as one paragraph a row")

    def block_pre(self, element):
        markup = _inner_html(element).strip("\n").replace("\n", "<br>")
        self.paragraph(markup, why="preformatted text")
        if _text_of(element):
            self.note("preformatted text (code, verse) was kept as a paragraph")


def _is_gallery(element):
    classes = _classes(element)
    return "wp-shortcode-gallery" in classes or "gallery" in classes


def _text_before(container, target):
    """Whether any words come before ``target`` inside ``container``."""
    for node in container.iter():
        if node is target:
            return False
        if node is not container and _words(node.text):
            return True
        if node is not container and node.tail and _words(node.tail):
            if target in node.iterancestors() or node in target.iterancestors():
                continue
            return True
    return False


def _remove(element, keep_tail=True):
    """Take ``element`` out of the tree, its tail text kept in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail if keep_tail else None
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _same_upload(original, address):
    """Whether ``address`` is the upload ``original`` or one of its resized copies."""
    first = urlsplit(original).path.rsplit("/", 1)[-1]
    second = urlsplit(address).path.rsplit("/", 1)[-1]
    if not first or not second:
        return False
    return first == second or re.sub(r"-\d+x\d+(?=\.\w+$)", "", second) == first


def read_post_html(content, *, attachments=None, post_id=0, language="en"):
    """``(parts, notices)``: the body parts of a post's HTML, in reading order, and
    what could not be kept as it was."""
    if not (content or "").strip():
        return [], []
    classic = "<!-- wp:" not in content
    markup = _shortcodes(content)
    leftover = sorted({m.group("name") for m in OTHER_SHORTCODE.finditer(markup)})
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    walk = _Walk(
        classic=classic, attachments=attachments, post_id=post_id, language=language
    )
    walk.walk(root)
    for name in leftover:
        walk.note(f"a [{name}] shortcode was kept as written")
    return walk.parts, walk.notices
