"""A WordPress export (WXR, WordPress eXtended RSS) read into plain data: no database.

``read_export`` reads the file's authors, categories, tags, attachments, posts and
pages; ``post_story`` turns one post into the same ``Story`` of ``Part`` that the
plain-text importer makes, its body read by ``post_html``. The XML is parsed by
lxml with entity resolution, DTD loading and the network off: an export never
needs them, and a file that declares entities is refused rather than expanded
(no billion laughs, no local file read through an external entity).
"""

import datetime
import html
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from .people import Credit
from .post_html import read_post_html
from .story import Part, Story

# What becomes of each WordPress status; the rest are reported and skipped.
STATUSES = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "submitted",
    "private": "draft",
}
UNTITLED = "Untitled"
MAX_HEADLINE_LENGTH = 300
ZERO_DATE = "0000-00-00 00:00:00"


class ExportError(ValueError):
    """The file cannot be read as a WordPress export; the message says why."""


@dataclass
class Author:
    login: str
    name: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    bio: str = ""


@dataclass
class Category:
    slug: str
    name: str
    parent: str = ""  # the parent category's slug
    description: str = ""

    def depth(self, by_slug):
        """How deep the category nests: 0 for a top-level one."""
        depth, seen, parent = 0, {self.slug}, self.parent
        while parent and parent in by_slug and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = by_slug[parent].parent
        return depth


@dataclass
class Attachment:
    post_id: int
    title: str
    url: str
    caption: str = ""
    alt_text: str = ""
    parent_id: int = 0

    @property
    def upload_path(self):
        """Where the file sits in WordPress's uploads folder: ``2013/03/photo.jpg``."""
        return upload_path(self.url)


@dataclass
class Post:
    """One post or page, as the export has it."""

    post_id: int
    post_type: str
    title: str
    status: str
    link: str = ""
    guid: str = ""
    slug: str = ""
    author: str = ""  # the author's login
    date: datetime.datetime | None = None  # aware, UTC when the export says so
    excerpt: str = ""
    content: str = ""
    password: str = ""
    parent_id: int = 0
    categories: list = field(default_factory=list)  # slugs, in the export's order
    tags: list = field(default_factory=list)  # names
    meta: dict = field(default_factory=dict)

    @property
    def key(self):
        """What names the post for good, across exports of its site: its number and
        its guid (a guid alone is not enough: WordPress has given two posts one)."""
        return f"wordpress:{self.post_id}:{self.guid}"

    def old_paths(self):
        """The addresses the post answered at on the old site (path and query)."""
        paths = []
        link = urlsplit(self.link)
        if link.path and link.path != "/":
            paths.append(unquote(link.path))
        query = "page_id" if self.post_type == "page" else "p"
        paths.append(f"/?{query}={self.post_id}")
        return list(dict.fromkeys(paths))


@dataclass
class Export:
    title: str = ""
    link: str = ""
    language: str = ""
    wxr_version: str = ""
    authors: dict = field(default_factory=dict)  # login: Author
    categories: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)  # slug: name
    attachments: dict = field(default_factory=dict)  # post id: Attachment
    posts: list = field(default_factory=list)  # posts and pages, in file order
    others: dict = field(default_factory=dict)  # post type: count, not imported
    comments: int = 0  # readers' comments on the posts and pages

    @property
    def items(self):
        """How many items the file holds, of every type."""
        return len(self.posts) + len(self.attachments) + sum(self.others.values())


def upload_path(url):
    """The path of an uploaded file within the uploads folder, from its address:
    what follows ``/wp-content/uploads/``, or a WordPress.com file's whole path."""
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    return path.lstrip("/")


def _kind(namespace):
    """Which of WXR's vocabularies a namespace is, whatever the export's version."""
    if not namespace:
        return ""
    if "wordpress.org/export/" in namespace:
        return "excerpt" if "/excerpt/" in namespace else "wp"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content"
    if "purl.org/dc/elements" in namespace:
        return "dc"
    return namespace


def _children(element):
    """``{(vocabulary, local name): [child, ...]}`` of an element."""
    found = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child)
        found.setdefault((_kind(name.namespace), name.localname), []).append(child)
    return found


def _text(children, kind, name):
    elements = children.get((kind, name))
    if not elements:
        return ""
    return (elements[0].text or "").strip()


def _raw(children, kind, name):
    """A child's text untouched: the post's HTML keeps its line breaks."""
    elements = children.get((kind, name))
    return (elements[0].text or "") if elements else ""


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _plain(value):
    """Text that WordPress may have written with markup or entities, as words."""
    value = html.unescape(value or "").strip()
    if "<" in value:
        tree = lxml.html.fragment_fromstring(value, create_parent="div")
        for element in tree.xpath("//script|//style"):
            element.drop_tree()
        value = tree.text_content()
    return " ".join(value.split())


def _date(children):
    gmt = _text(children, "wp", "post_date_gmt")
    local = _text(children, "wp", "post_date")
    for value, zone in ((gmt, datetime.UTC), (local, None)):
        if not value or value == ZERO_DATE:
            continue
        try:
            moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=zone) if zone else moment
    return None


def parse_export(data):
    """The ``Export`` in ``data`` (bytes); ``ExportError`` if it is not one."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = f" (line {error.lineno})" if error.lineno else ""
        raise ExportError(f"is not well-formed XML{line}: {error.msg}") from None
    doctype = root.getroottree().docinfo
    if doctype.internalDTD is not None or doctype.externalDTD is not None:
        raise ExportError(
            "declares a DTD; a WordPress export has none, and its entities are not read"
        )
    channel = root.find("channel")
    if etree.QName(root).localname != "rss" or channel is None:
        raise ExportError("is XML but not a WordPress export (no <rss><channel>)")
    top = _children(channel)
    export = Export(
        title=_plain(_text(top, "", "title")),
        link=_text(top, "", "link"),
        language=_text(top, "", "language"),
        wxr_version=_text(top, "wp", "wxr_version"),
    )
    if not export.wxr_version:
        raise ExportError("is an RSS feed but not a WordPress export (no wxr_version)")
    for element in top.get(("wp", "author"), []):
        found = _children(element)
        login = _text(found, "wp", "author_login")
        export.authors[login] = Author(
            login=login,
            name=_plain(_text(found, "wp", "author_display_name")) or login,
            email=_text(found, "wp", "author_email"),
            first_name=_plain(_text(found, "wp", "author_first_name")),
            last_name=_plain(_text(found, "wp", "author_last_name")),
            bio=_plain(_text(found, "wp", "author_description")),
        )
    for element in top.get(("wp", "category"), []):
        found = _children(element)
        export.categories.append(
            Category(
                slug=unquote(_text(found, "wp", "category_nicename")),
                name=_plain(_text(found, "wp", "cat_name")),
                parent=unquote(_text(found, "wp", "category_parent")),
                description=_plain(_text(found, "wp", "category_description")),
            )
        )
    for element in top.get(("wp", "tag"), []):
        found = _children(element)
        slug = unquote(_text(found, "wp", "tag_slug"))
        export.tags[slug] = _plain(_text(found, "wp", "tag_name")) or slug
    for element in top.get(("", "item"), []):
        _read_item(export, _children(element))
    return export


def _read_item(export, found):
    post_type = _text(found, "wp", "post_type")
    post_id = _number(_text(found, "wp", "post_id"))
    meta = {}
    for element in found.get(("wp", "postmeta"), []):
        pair = _children(element)
        meta[_text(pair, "wp", "meta_key")] = _raw(pair, "wp", "meta_value")
    if post_type == "attachment":
        export.attachments[post_id] = Attachment(
            post_id=post_id,
            title=_plain(_text(found, "", "title")),
            url=_text(found, "wp", "attachment_url") or _text(found, "", "guid"),
            caption=_plain(_raw(found, "excerpt", "encoded")),
            alt_text=_plain(meta.get("_wp_attachment_image_alt", "")),
            parent_id=_number(_text(found, "wp", "post_parent")),
        )
        return
    if post_type not in ("post", "page"):
        export.others[post_type] = export.others.get(post_type, 0) + 1
        return
    export.comments += len(found.get(("wp", "comment"), []))
    categories, tags = [], []
    for element in found.get(("", "category"), []):
        domain = element.get("domain")
        name = _plain(element.text or "")
        slug = unquote(element.get("nicename") or "")
        if domain == "category":
            categories.append(slug)
            if slug and slug not in {known.slug for known in export.categories}:
                # A post may name a category the export does not list (an export
                # of some posts only): it is a top-level one, by the post's word.
                export.categories.append(Category(slug=slug, name=name or slug))
        elif domain == "post_tag":
            tags.append(name or slug)
    export.posts.append(
        Post(
            post_id=post_id,
            post_type=post_type,
            title=_raw(found, "", "title"),
            status=_text(found, "wp", "status"),
            link=_text(found, "", "link"),
            guid=_text(found, "", "guid"),
            slug=unquote(_text(found, "wp", "post_name")),
            author=_text(found, "dc", "creator"),
            date=_date(found),
            excerpt=_raw(found, "excerpt", "encoded"),
            content=_raw(found, "content", "encoded"),
            password=_text(found, "wp", "post_password"),
            parent_id=_number(_text(found, "wp", "post_parent")),
            categories=list(dict.fromkeys(categories)),
            tags=list(dict.fromkeys(tags)),
            meta=meta,
        )
    )


def read_export(path):
    """The ``Export`` in the file at ``path``; ``ExportError`` saying why not."""
    path = Path(path)
    if path.is_dir():
        raise ExportError("is a directory, not a WordPress export file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExportError("no such file") from None
    except PermissionError:
        raise ExportError("cannot be read (permission denied)") from None
    if not data.strip():
        raise ExportError("is empty")
    return parse_export(data)


def headline_of(post):
    """The post's title as a headline: its words, markup and entities read."""
    headline = _plain(post.title)
    notices = []
    if not headline:
        headline = f"{UNTITLED} ({post.post_type} {post.post_id})"
        notices.append(f"has no title: headed “{headline}”")
    elif len(headline) > MAX_HEADLINE_LENGTH:
        notices.append(
            f"title of {len(headline)} characters cut to {MAX_HEADLINE_LENGTH}; "
            "the whole title opens the body"
        )
    return headline, notices


def post_story(post, export, *, language="en"):
    """The ``Story`` of one post: headline, dek (its excerpt), byline, tags, and
    its body as parts. ``story.notices`` says what could not be kept as it was."""
    headline, notices = headline_of(post)
    parts, body_notices = read_post_html(
        post.content,
        attachments=export.attachments,
        post_id=post.post_id,
        language=language,
    )
    if len(headline) > MAX_HEADLINE_LENGTH:
        parts.insert(0, Part("paragraph", headline, why="the whole of a long title"))
        headline = headline[: MAX_HEADLINE_LENGTH - 1].rstrip() + "…"
    author = export.authors.get(post.author)
    bylines = []
    if author is not None:
        bylines.append(Credit(author.name))
    elif post.author:
        bylines.append(Credit(post.author))
    story = Story(
        headline=headline,
        dek=_plain(post.excerpt),
        bylines=bylines,
        parts=parts,
        tags=list(post.tags),
        notices=notices + body_notices,
    )
    return story
