"""The import_wordpress command, on WordPress's own test exports.

The exports are read from ``../shared/corpus/wordpress/`` at run time, never copied
here; a test that needs only some posts writes a copy of the file with only those
items (attachments kept) to its own folder. What a test expects of a post is read
from the file's own markup, not written into the test.
"""

import html
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from io import StringIO
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from PIL import Image

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles import trash
from articles.models import Article, ArticleTransition, Author, BodyPart, Section
from articles.sanitize import html_to_text

from .factories import SectionFactory

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/wordpress"
CLASSIC = "themeunittestdata.wordpress.xml"
BLOCKS = "64-block-test-data.xml"
IMPORTED = {"publish", "future", "draft", "pending", "private"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def export_file(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"The WordPress test export is missing at {path}.")
    return path


def field(item, name):
    """The text of the item's child called ``name``, whatever its namespace."""
    for child in item:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return child.text or ""
    return ""


def items_of(name):
    root = etree.parse(str(export_file(name)), PARSER).getroot()
    return root.find("channel").findall("item")


def item(name, post_id):
    return next(i for i in items_of(name) if field(i, "post_id") == str(post_id))


def subset(name, post_ids, folder, change=None):
    """A copy of export ``name`` holding only the posts ``post_ids`` (and every
    attachment), with ``change(channel)`` applied: its path."""
    tree = etree.parse(str(export_file(name)), PARSER)
    channel = tree.getroot().find("channel")
    wanted = {str(number) for number in post_ids}
    for element in channel.findall("item"):
        kind = field(element, "post_type")
        if kind != "attachment" and field(element, "post_id") not in wanted:
            channel.remove(element)
    if change is not None:
        change(channel)
    path = (
        folder / f"export-{'-'.join(sorted(wanted))}-{len(list(folder.iterdir()))}.xml"
    )
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    return path


def set_field(channel, post_id, name, value, vocabulary=""):
    """Write ``value`` into the post's field ``name`` (of the namespace whose
    address holds ``vocabulary``: "content" or "excerpt" for their ``encoded``)."""
    for element in channel.findall("item"):
        if field(element, "post_id") == str(post_id):
            for child in element:
                if not isinstance(child.tag, str):
                    continue
                name_of = etree.QName(child)
                if name_of.localname == name and vocabulary in (
                    name_of.namespace or ""
                ):
                    child.text = etree.CDATA(value)


def run(*args):
    out = StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def story_of(post_id):
    return Article.objects.get(imported_from__startswith=f"wordpress:{post_id}:")


def body_text(article):
    return "\n".join(
        " ".join(
            filter(
                None, [part.title, html_to_text(part.text), part.caption, part.speaker]
            )
        )
        for part in article.parts.all()
    )


def words(text):
    return " ".join(re.sub(r"[^\w]+", " ", text).split()).casefold()


# -- the whole file ---------------------------------------------------------------


def test_every_item_of_the_export_comes_in_or_is_counted_as_skipped_with_a_reason(
    client,
):
    items = items_of(CLASSIC)
    types = Counter(field(i, "post_type") for i in items)
    statuses = Counter(
        field(i, "status") for i in items if field(i, "post_type") == "post"
    )
    posts = sum(statuses[status] for status in IMPORTED)

    output = run(export_file(CLASSIC))

    assert f"{len(items)} items" in output
    assert f"Stories: {posts} ({posts} created, 0 updated)" in output
    skipped = int(re.search(r"^Skipped: (\d+)\.$", output, re.M).group(1))
    assert posts + skipped == len(items)
    for kind in ("attachment", "nav_menu_item", "page"):
        assert f"  {types[kind]} {kind}: " in output
    imported = Article.objects.filter(imported_from__startswith="wordpress:")
    assert imported.count() == posts
    by_status = Counter(imported.values_list("status", flat=True))
    # The password-protected post stays a draft beside WordPress's own drafts.
    assert by_status == {
        "published": statuses["publish"] - 1,
        "scheduled": statuses["future"],
        "draft": statuses["draft"] + 1,
    }
    assert "password-protected on WordPress: kept as a draft" in output
    comments = sum(
        1 for i in items for child in i if etree.QName(child).localname == "comment"
    )
    assert f"Readers' comments: {comments}, not imported" in output
    assert client.get("/").status_code == 200


# -- what a post becomes -----------------------------------------------------------


def test_a_post_keeps_its_date_excerpt_author_tags_and_old_addresses(tmp_path, client):
    post = item(CLASSIC, 993)  # Template: Excerpt (Defined)

    run(subset(CLASSIC, [993, 1151], tmp_path))

    article = story_of(993)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at.strftime("%Y-%m-%d %H:%M:%S") == field(
        post, "post_date_gmt"
    )
    excerpt = next(
        child.text
        for child in post
        if isinstance(child.tag, str)
        and etree.QName(child).localname == "encoded"
        and "excerpt" in etree.QName(child).namespace
    )
    assert article.dek == " ".join(re.sub(r"<[^>]+>", "", excerpt).split())
    creator = field(post, "creator")
    authors = {
        field(a, "author_login"): field(a, "author_display_name")
        for a in etree.parse(str(export_file(CLASSIC)), PARSER)
        .getroot()
        .find("channel")
        if isinstance(a.tag, str) and etree.QName(a).localname == "author"
    }
    assert [b.author.name for b in article.bylines.all()] == [authors[creator]]
    many = item(CLASSIC, 1151)  # Edge Case: Many Tags
    tags = {
        " ".join(c.text.split())
        for c in many.findall("category")
        if c.get("domain") == "post_tag"
    }
    assert set(story_of(1151).tags.names()) == tags
    old = re.sub(r"^https?://[^/]+", "", field(post, "link"))
    assert client.get(old).status_code == 301
    assert client.get(old)["Location"] == article.get_absolute_url()
    response = client.get("/", {"p": "993"})
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_draft_and_a_scheduled_post_keep_their_status_and_redirect_later(
    tmp_path, client
):
    run(subset(CLASSIC, [1164, 1153], tmp_path))

    draft, scheduled = story_of(1164), story_of(1153)
    assert draft.status == Article.Status.DRAFT
    assert scheduled.status == Article.Status.SCHEDULED
    assert scheduled.published_at.year == int(
        field(item(CLASSIC, 1153), "post_date")[:4]
    )
    # Its old address is kept, and answers once readers may see the story.
    assert draft.former_addresses.filter(path="/?p=1164").exists()
    assert client.get("/", {"p": "1164"}).status_code == 200  # the front page


def test_private_pending_and_trashed_posts_are_kept_back_or_skipped(tmp_path, client):
    def statuses(channel):
        set_field(channel, 358, "status", "private")
        set_field(channel, 575, "status", "pending")
        set_field(channel, 993, "status", "trash")

    output = run(subset(CLASSIC, [358, 575, 993], tmp_path, change=statuses))

    assert story_of(358).status == Article.Status.DRAFT
    assert "private on WordPress: kept as a draft, never shown" in output
    assert story_of(575).status == Article.Status.SUBMITTED
    assert not Article.objects.filter(imported_from__startswith="wordpress:993:")
    assert "  1 post: in WordPress's trash" in output
    assert client.get("/", {"p": "358"}).status_code == 200  # no redirect to it


def test_categories_become_sections_and_nested_ones_child_sections(tmp_path):
    output = run(subset(CLASSIC, [1152], tmp_path))  # Edge Case: Many Categories

    parent = Section.objects.get(slug="parent-category")
    assert parent.parent is None
    child = Section.objects.get(slug="child-category-03")
    assert child.parent == parent
    # Three deep in WordPress, two here: a child of its top-level ancestor.
    grandchild = Section.objects.get(slug="grandchild-category")
    assert grandchild.parent == parent
    assert "nests 3 deep" in output
    assert story_of(1152).section.parent is not None  # its most specific category


def test_categories_named_in_another_script_get_sections_of_their_own(tmp_path):
    def greek(channel):
        set_field(channel, 358, "title", "Πρώτο")
        set_field(channel, 575, "title", "Δεύτερο")
        for element, name in zip(
            [i for i in channel.findall("item") if field(i, "post_type") == "post"],
            ["ειδήσεις", "αθλητικά"],
            strict=True,
        ):
            for category in element.findall("category"):
                element.remove(category)
            tag = etree.SubElement(element, "category", domain="category")
            tag.set("nicename", name)
            tag.text = name.capitalize()

    run(subset(CLASSIC, [358, 575], tmp_path, change=greek))

    first, second = story_of(358).section, story_of(575).section
    assert first != second
    assert first.slug.startswith("category-") and second.slug.startswith("category-")
    assert {first.name, second.name} == {"Ειδήσεις", "Αθλητικά"}


def test_a_category_mapped_to_a_section_files_its_posts_there(tmp_path):
    desk = SectionFactory(slug="features", name="Features")

    run(subset(CLASSIC, [575], tmp_path), "--section-map", "post-formats=features")

    assert story_of(575).section == desk
    assert not Section.objects.filter(slug="post-formats").exists()


def test_a_published_story_passes_the_copy_desk_as_published_history(tmp_path):
    run(subset(CLASSIC, [1170], tmp_path))  # Edge Case: No Content

    article = story_of(1170)
    moves = list(article.transitions.order_by("pk"))
    assert [(m.source, m.target) for m in moves] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "published"),
    ]
    assert all(move.by is None for move in moves)
    overridden = [m.desk_override for m in moves if m.desk_override]
    assert overridden  # an empty body is blocking: the reason is on record
    assert all("Published on WordPress on" in text for text in overridden)
    assert all("Blocking findings at the time" in text for text in overridden)


# -- the body ------------------------------------------------------------------------


def test_a_classic_post_becomes_paragraphs_subheads_quotes_lists_and_rows(tmp_path):
    content = field(item(CLASSIC, 1178), "encoded")  # Markup: HTML Tags and Formatting
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", content, re.S)

    output = run(subset(CLASSIC, [1178], tmp_path))

    article = story_of(1178)
    kinds = Counter(article.parts.values_list("kind", flat=True))
    subheads = list(
        article.parts.filter(kind="subhead").values_list("title", flat=True)
    )
    assert subheads == [" ".join(re.sub("<[^>]+>", "", h).split()) for h in headings]
    assert kinds["quote"] == content.count("<blockquote")
    assert kinds["bulleted"] + kinds["numbered"] == content.count("<li")
    assert kinds["numbered"] > 0 and kinds["bulleted"] > 0
    rows = content.count("<tr")
    assert f"a table of {rows} rows was kept as one paragraph a row" in output
    for part in article.parts.exclude(text=""):
        assert part.text.startswith("<p>")


def test_a_quote_keeps_its_citation_as_the_speaker(tmp_path):
    content = field(item(CLASSIC, 575), "encoded")  # Post Format: Quote
    cite = re.search(r"<cite>(.*?)</cite>", content, re.S).group(1)

    run(subset(CLASSIC, [575], tmp_path))

    quote = story_of(575).parts.get(kind="quote")
    assert quote.speaker == " ".join(re.sub("<[^>]+>", "", cite).split()).strip("—– ")
    assert cite not in quote.text


def test_a_caption_shortcode_becomes_an_image_part_with_its_caption(tmp_path):
    content = field(item(CLASSIC, 1163), "encoded")  # Post Format: Image (Caption)
    shortcode = re.search(r"\[caption[^\]]*\](.*?)\[/caption\]", content, re.S)
    caption = re.sub(r"<[^>]+>", "", shortcode.group(1)).strip()

    output = run(subset(CLASSIC, [1163], tmp_path))

    image = story_of(1163).parts.get(kind="image")
    assert image.caption == caption
    assert not image.image  # no uploads folder: nothing invented
    address = re.search(r'src="([^"]+)"', shortcode.group(1)).group(1).split("?")[0]
    assert (
        address.rsplit("/", 1)[-1].split("-")[0] in output.split("Images not found:")[1]
    )


def test_block_posts_bring_headings_lists_quotes_pull_quotes_and_galleries(tmp_path):
    posts = {17: "Heading", 19: "List", 23: "Quote", 47: "Pullquote", 84: "Gallery"}
    contents = {n: field(item(BLOCKS, n), "encoded") for n in posts}

    run(subset(BLOCKS, list(posts), tmp_path))

    def kinds(n):
        return Counter(story_of(n).parts.values_list("kind", flat=True))

    assert kinds(17)["subhead"] == len(re.findall(r"<h[1-6]\b", contents[17]))
    items = lxml.html.fragment_fromstring(contents[19], create_parent="div").iter("li")
    with_words = [li for li in items if li.text_content().strip()]
    assert kinds(19)["bulleted"] + kinds(19)["numbered"] == len(with_words)
    assert kinds(23)["quote"] == len(re.findall(r"<!-- wp:quote\b", contents[23]))
    pulls = story_of(47).parts.filter(kind="quote", display=BodyPart.Display.PULL)
    assert pulls.count() == len(re.findall(r"<!-- wp:pullquote\b", contents[47]))
    cites = [
        " ".join(re.sub("<[^>]+>", "", c).split())
        for c in re.findall(r"<cite>(.*?)</cite>", contents[47], re.S)
    ]
    assert [p.speaker for p in pulls if p.speaker] == [c for c in cites if c]
    assert kinds(84)["image"] == len(re.findall(r"<img\b", contents[84]))


def test_nothing_in_a_block_post_is_silently_lost(tmp_path):
    """Every block of the post is in the story, word for word, or in the report."""
    post = 1730  # Block category: Common, every common block of WordPress
    content = field(item(CLASSIC, post), "encoded")
    blocks = re.findall(
        r"<!-- wp:([\w/-]+)(?: [^>]*?)?(/)?-->(.*?)(?:<!-- /wp:\1 -->|(?=<!-- wp:)|$)",
        content,
        re.S,
    )

    output = run(subset(CLASSIC, [post], tmp_path))

    stored = words(body_text(story_of(post)) + " " + output)
    assert len(blocks) > 10
    for name, closed, markup in blocks:
        if closed:
            assert f"the {name} block was left out" in output
            continue
        for fragment in re.findall(r">([^<]+)<", f"<b>{markup}</b>"):
            text = words(html.unescape(fragment))
            if text:
                assert text in stored, (name, text)


def test_an_imported_story_reads_in_one_query_and_opens_in_the_admin(
    tmp_path, client, staff_client, django_assert_max_num_queries
):
    run(subset(CLASSIC, [1178, 1163], tmp_path))
    long, pictured = story_of(1178), story_of(1163)
    address = long.get_absolute_url()
    client.get("/")  # what the site keeps until its content changes (sections)

    with django_assert_max_num_queries(1):
        assert client.get(address).status_code == 200
    with django_assert_max_num_queries(1):
        response = client.get("/", {"p": "1178"})
    assert response["Location"] == address

    change = staff_client.get(f"/admin/articles/article/{pictured.pk}/change/")
    assert change.status_code == 200
    caption = pictured.parts.get(kind="image").caption
    assert caption and caption in change.content.decode()
    assert long.parts.count() > 40


@pytest.mark.pages
def test_imported_stories_are_valid_html(tmp_path, client):
    """Markup brought from WordPress, cleaned, makes pages the Nu HTML Checker
    passes: the classic editor's every tag, and the block editor's common blocks."""
    from .test_page_checks import VNU_JAR, require

    java = shutil.which("java")
    require(java, "Java (for the Nu HTML Checker)")
    require(VNU_JAR.is_file(), f"The Nu HTML Checker ({VNU_JAR.name}; run `npm ci`)")
    run(subset(CLASSIC, [1178, 1730, 1749, 1752], tmp_path))
    files = []
    for post in (1178, 1730, 1749, 1752):
        response = client.get(story_of(post).get_absolute_url())
        assert response.status_code == 200
        files.append(tmp_path / f"story-{post}.html")
        files[-1].write_bytes(response.content)

    checked = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    assert [m for m in messages if m["type"] in ("error", "non-document-error")] == []


# -- running it again ------------------------------------------------------------------


def test_running_it_again_updates_the_stories_instead_of_adding_them(tmp_path):
    first = subset(CLASSIC, [358, 575, 1164], tmp_path)
    before = run(first)
    pks = {n: story_of(n).pk for n in (358, 575, 1164)}
    revised = subset(
        CLASSIC,
        [358, 575, 1164],
        tmp_path,
        change=lambda channel: set_field(
            channel,
            358,
            "encoded",
            "A revised first paragraph.\n\nAnd a second.",
            "content",
        ),
    )

    after = run(revised)

    assert "Stories: 3 (3 created, 0 updated)" in before
    assert "Stories: 3 (0 created, 3 updated)" in after
    assert Article.objects.count() == 3
    assert {n: story_of(n).pk for n in pks} == pks
    texts = [html_to_text(p.text) for p in story_of(358).parts.all()]
    assert texts == ["A revised first paragraph.", "And a second."]
    assert Section.objects.count() == int(re.search(r"Sections: (\d+)", before)[1])
    assert story_of(358).status == Article.Status.PUBLISHED
    assert story_of(358).transitions.count() == 3  # published once


def test_two_posts_with_the_same_words_are_two_stories(tmp_path):
    def twins(channel):
        for post in (358, 575):
            set_field(channel, post, "title", "Harbour reopens")
            set_field(channel, post, "encoded", "The harbour reopened.", "content")

    output = run(subset(CLASSIC, [358, 575], tmp_path, change=twins))

    assert "Stories: 2 (2 created, 0 updated)" in output
    assert story_of(358) != story_of(575)
    assert story_of(358).slug != story_of(575).slug or (
        story_of(358).section != story_of(575).section
    )


def test_a_post_that_cannot_come_in_is_named_and_the_others_still_do(tmp_path):
    draft = subset(
        CLASSIC,
        [358],
        tmp_path,
        change=lambda channel: set_field(channel, 358, "status", "draft"),
    )
    run(draft)
    trash.trash(story_of(358), by=None)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 posts could not be imported"):
        call_command(
            "import_wordpress",
            str(subset(CLASSIC, [358, 575], tmp_path)),
            stdout=out,
            stderr=err,
        )

    assert "in the trash: restore it first" in err.getvalue()
    assert story_of(358).status == Article.Status.DRAFT
    assert story_of(358).trashed_at is not None
    assert story_of(575).status == Article.Status.PUBLISHED
    assert "Stories: 2 (1 created, 0 updated, 1 failed)" in out.getvalue()


# -- images ------------------------------------------------------------------------------


def _photo_with_gps():
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (35.0, 41.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_images_found_in_the_uploads_folder_are_attached_clean(tmp_path, settings):
    content = field(item(CLASSIC, 1163), "encoded")  # Post Format: Image (Caption)
    address = re.search(r'<img[^>]+src="([^"?]+)', content).group(1)
    uploads = tmp_path / "uploads"
    relative = re.sub(r"^https?://[^/]+/(wp-content/uploads/)?", "", address)
    (uploads / relative).parent.mkdir(parents=True)
    (uploads / relative).write_bytes(_photo_with_gps())
    export = subset(CLASSIC, [1163], tmp_path)

    output = run(export, "--uploads", uploads)
    run(export, "--uploads", uploads)

    image = story_of(1163).parts.get(kind="image")
    assert image.image.name.startswith("wordpress/")
    assert image.image_width == 64
    # The featured image's file is not in the folder: reported, not invented.
    assert "Images: 1 attached, 1 not found." in output
    assert not story_of(1163).lead_image
    with Image.open(image.image.path) as stored:
        assert not stored.getexif()
    assert len(list((Path(settings.MEDIA_ROOT) / "wordpress").iterdir())) == 1


# -- options, and safety ---------------------------------------------------------------


def test_pages_come_in_only_when_asked_and_authors_get_accounts_when_asked(tmp_path):
    export = subset(CLASSIC, [146, 358], tmp_path)  # a page, a post

    skipped = run(export)
    assert "1 page: pages come in with --pages" in skipped
    assert not Article.objects.filter(imported_from__startswith="wordpress:146:")

    run(export, "--pages", "--users")
    assert story_of(146).status == Article.Status.PUBLISHED
    user = get_user_model().objects.get(username=field(item(CLASSIC, 358), "creator"))
    assert not user.is_active and not user.has_usable_password()
    assert Author.objects.get(user=user).bylines.exists()


def test_hostile_html_in_a_post_is_sanitized(tmp_path, client):
    hostile = (
        '<p onclick="steal()">Harbour <a href="javascript:alert(1)">news</a>'
        '<img src=x onerror="alert(2)"></p>\n\n<script>alert(3)</script>'
        '<iframe src="javascript:alert(4)"></iframe>'
        '<p><a href="https://example.org/" style="color:red">Safe link</a></p>'
    )
    export = subset(
        CLASSIC,
        [358],
        tmp_path,
        change=lambda channel: set_field(channel, 358, "encoded", hostile, "content"),
    )

    output = run(export)

    article = story_of(358)
    stored = " ".join(article.parts.values_list("text", flat=True))
    for bad in ("onclick", "javascript:", "onerror", "<script", "<iframe", "style="):
        assert bad not in stored
    assert 'href="https://example.org/"' in stored
    assert "a script was left out" in output
    page = client.get(article.get_absolute_url()).content.decode()
    assert "alert(" not in page.split("<main", 1)[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"<rss><channel><item>", "is not well-formed XML (line 1)"),
        (b"<html><body>hello</body></html>", "not a WordPress export"),
        (
            b"<rss><channel><title>A feed</title></channel></rss>",
            "not a WordPress export (no wxr_version)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel>'
            b"<title>&b;</title></channel></rss>",
            "declares a DTD",
        ),
    ],
)
def test_bad_input_gives_a_clear_error_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "export.xml"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=re.escape(message)):
        run(path)

    assert not Article.objects.exists()
    assert not Section.objects.exists()


def test_an_unknown_mapped_section_or_uploads_folder_is_refused(tmp_path):
    export = subset(CLASSIC, [358], tmp_path)

    with pytest.raises(CommandError, match="sections that do not exist: nowhere"):
        run(export, "--section-map", "classic=nowhere")
    with pytest.raises(CommandError, match="category=section pairs"):
        run(export, "--section-map", "classic")
    with pytest.raises(CommandError, match="no such folder"):
        run(export, "--uploads", tmp_path / "missing")

    assert not Article.objects.exists()
    assert not ArticleTransition.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_reads_the_callout_kinds_and_each_author_once(tmp_path):
    """Like import_article, a run keeps the kinds and authors its posts read or made
    (``stories.Lookups``): four posts by one writer look them up as often as one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def selects(queries, table):
        # Rows looked up, not the copy desk's list of every name on file, which
        # its gate reads for each post it lets out.
        return sum(1 for query in queries if f'FROM "{table}" WHERE' in query["sql"])

    run(subset(CLASSIC, [163], tmp_path))  # the writer is on file from here on
    one = subset(CLASSIC, [150], tmp_path)
    four = subset(CLASSIC, [51, 34, 24, 8], tmp_path)

    with CaptureQueriesContext(connection) as alone:
        run(one)
    with CaptureQueriesContext(connection) as together:
        run(four)

    assert Article.objects.count() == 6
    assert Author.objects.count() == 1
    assert {story_of(post).bylines.get().author.name for post in (163, 150, 8)} == {
        Author.objects.get().name
    }
    for table in ("articles_author", "articles_calloutkind"):
        assert selects(together.captured_queries, table) == selects(
            alone.captured_queries, table
        ), table
