"""Every public page type, with the demo content: valid HTML, and accessible.

The Nu HTML Checker (npm ``vnu-jar``, on Java) reads each page as the test client
gets it; axe-core (npm ``axe-core``) then runs in Chromium on each page served by the
live server, on a phone and on a desktop. ``make check-pages`` installs both with
``npm ci`` and runs this module. Pages that other parts of the site add later (search,
tags, archive) are found by their URL names, and checked as soon as they exist.
"""

import json
import re
import shutil
import subprocess
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import unquote

import factory
import pytest
from PIL import Image

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles import preview
from articles.models import Article, Author, BodyPart, Byline, CalloutKind, Section

from .browser import CHROMIUM_ARGS, require
from .factories import (
    BodyPartFactory,
    BylineFactory,
    CitationFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SourceFactory,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
VNU_JAR = PROJECT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = [(375, 800), (1280, 900)]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
ARABIC = re.compile("[\u0600-\u06ff]")
JAPANESE = re.compile("[\u3040-\u30ff]")

pytestmark = pytest.mark.pages


@pytest.fixture
def vnu():
    java = shutil.which("java")
    require(java, "Java (for the Nu HTML Checker)")
    require(VNU_JAR.is_file(), f"The Nu HTML Checker ({VNU_JAR.name}; run `npm ci`)")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture
def axe(chromium):
    """Chromium, and the axe-core script to run in it."""
    require(AXE_SCRIPT.is_file(), f"axe-core ({AXE_SCRIPT.name}; run `npm ci`)")
    return chromium


def _story_with_every_part():
    """A published story with a lead image, every kind of part, a correction,
    sources and tags: what no single demo story has all at once."""
    section = Section.objects.filter(parent__isnull=False).first()
    article = PublishedArticleFactory(
        section=section,
        headline="Every part of a story, on one page",
        dek="A lead image, subheads, callouts, quotes, lists and a picture.",
        dateline="LISBON",
        lead_image=factory.django.ImageField(width=1200, height=675, color="teal"),
        lead_image_caption="A harbour at dawn.",
        lead_image_credit="Staff photographer",
        lead_image_alt="Fishing boats moored in a harbour under a pale sky.",
    )
    for position, author in enumerate(Author.objects.order_by("pk")[:2]):
        BylineFactory(
            article=article, author=author, role=Byline.Role.WRITTEN, position=position
        )
    kinds = list(CalloutKind.objects.order_by("position")[:2])
    source = SourceFactory(organisation="Harbour Authority", url="https://example.org/")
    quote = "<p>We will keep the harbour open in every season.</p>"
    parts = [
        {"kind": BodyPart.Kind.PARAGRAPH, "text": "<p>The harbour reopened today.</p>"},
        {
            "kind": BodyPart.Kind.CALLOUT,
            "callout_kind": kinds[0],
            "text": "<p>It is old.</p>",
        },
        {"kind": BodyPart.Kind.SUBHEAD, "title": "How it reopened"},
        {
            "kind": BodyPart.Kind.QUOTE,
            "text": quote,
            "speaker": "Rita Sousa",
            "speaker_title": "Harbour master",
            "quote_source": source,
        },
        {"kind": BodyPart.Kind.BULLETED_ITEM, "text": "<p>New lights</p>"},
        {"kind": BodyPart.Kind.BULLETED_ITEM, "text": "<p>A deeper channel</p>"},
        {
            "kind": BodyPart.Kind.IMAGE,
            "image": factory.django.ImageField(width=800, height=600, color="navy"),
            "caption": "The new lights at night.",
            "credit": "Staff photographer",
            "alt_text": "A row of green lights along a harbour wall at night.",
        },
        {"kind": BodyPart.Kind.SUBHEAD, "title": "What comes next"},
        {"kind": BodyPart.Kind.NUMBERED_ITEM, "text": "<p>Dredging</p>"},
        {"kind": BodyPart.Kind.NUMBERED_ITEM, "text": "<p>A ferry service</p>"},
        {
            "kind": BodyPart.Kind.QUOTE,
            "display": BodyPart.Display.PULL,
            "text": quote,
            "speaker": "Rita Sousa",
        },
        {
            "kind": BodyPart.Kind.QUOTE,
            "display": BodyPart.Display.PULL,
            "text": "<p>The sea decides, and we listen.</p>",
            "speaker": "Ana Lima",
            "speaker_title": "Fisher",
        },
        {
            "kind": BodyPart.Kind.CALLOUT,
            "callout_kind": kinds[1],
            "title": "Before you go",
            "text": "<p>Boats need a permit.</p>",
        },
    ]
    for position, fields in enumerate(parts):
        BodyPartFactory(article=article, position=position, **fields)
    CitationFactory(article=article, source=source, claim="The reopening date.")
    CorrectionFactory(article=article, text="An earlier version misspelt a name.")
    article.tags.add("Harbours", "Transport")
    return article


def _url(name, *, query="", **kwargs):
    """The address of ``name``, or None while no such page exists."""
    try:
        return reverse(name, kwargs=kwargs) + query
    except NoReverseMatch:
        return None


def _pages_without_arguments(resolver=None, prefix=""):
    """Names of the routes that take no argument, outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = pattern.namespace
            yield from _pages_without_arguments(
                pattern, f"{prefix}{namespace}:" if namespace else prefix
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            if not pattern.pattern.regex.groups:
                yield prefix + pattern.name


def _public_pages():
    """(label, path, status) for one page of every public page type, demo loaded."""
    call_command("load_demo", stdout=StringIO())
    everything = _story_with_every_part()
    published = list(
        Article.objects.published().select_related("section").order_by("-published_at")
    )
    arabic = next(story for story in published if ARABIC.search(story.headline))
    japanese = next(story for story in published if JAPANESE.search(story.headline))
    parent = Section.objects.filter(children__isnull=False).first()
    child = everything.section
    author = Author.objects.filter(bylines__article__in=published).exclude(bio="")[0]
    # A portrait photo, so the page shows its picture of renditions.
    portrait = BytesIO()
    Image.new("RGB", (600, 800), "olive").save(portrait, format="JPEG")
    author.photo.save("portrait.jpg", ContentFile(portrait.getvalue()))
    tag = everything.tags.order_by("name").first()
    draft = Article.objects.filter(status=Article.Status.DRAFT).first()
    moment = timezone.localtime(published[0].published_at)
    # In the story's first paragraph: the results show it highlighted.
    word = "harbour"

    pages = [
        ("home", reverse("articles:home"), 200),
        ("home, page 2", reverse("articles:home") + "?page=2", 200),
        ("section with children", parent.get_absolute_url(), 200),
        ("child section", child.get_absolute_url(), 200),
        ("story with every part", everything.get_absolute_url(), 200),
        ("Arabic story", arabic.get_absolute_url(), 200),
        ("Japanese story", japanese.get_absolute_url(), 200),
        ("author", author.get_absolute_url(), 200),
        ("corrections", reverse("articles:corrections"), 200),
        ("topics", reverse("articles:tag_index"), 200),
        ("authors", reverse("articles:author_index"), 200),
        (
            "shared preview of a draft",
            reverse(
                "articles:shared_preview", args=[preview.share(draft, by=None).token]
            ),
            200,
        ),
        ("missing page", "/no-such-section/", 404),
        ("search results", _url("articles:search", query=f"?q={word}"), 200),
        ("tag", _url("articles:tag_detail", slug=tag.slug), 200),
        ("year archive", _url("articles:archive_year", year=moment.year), 200),
        (
            "month archive",
            _url("articles:archive_month", year=moment.year, month=moment.month),
            200,
        ),
        (
            "day archive",
            _url(
                "articles:archive_day",
                year=moment.year,
                month=moment.month,
                day=moment.day,
            ),
            200,
        ),
    ]
    pages = [(label, url, status) for label, url, status in pages if url]
    # Pages added later that need no argument (an archive index, an empty search)
    # are checked too, as long as they answer with HTML.
    client, seen = Client(), {url for _, url, _ in pages}
    for name in _pages_without_arguments():
        url = reverse(name)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith(
            "text/html"
        ):
            pages.append((name, url, 200))
            seen.add(url)
    return pages


def _server_error_page():
    """The 500 page as the site sends it when a view fails."""
    return server_error(RequestFactory().get("/")).content


def _file_name(index, label):
    return f"{index:02d}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}.html"


def test_every_public_page_type_is_valid_html(vnu, client, db, tmp_path):
    pages = _public_pages()
    files = {}
    for index, (label, url, status) in enumerate(pages):
        response = client.get(url)
        assert response.status_code == status, f"{label} ({unquote(url)})"
        path = tmp_path / _file_name(index, label)
        path.write_bytes(response.content)
        files[str(path)] = f"{label} ({unquote(url)})"
    path = tmp_path / _file_name(len(pages), "server error")
    path.write_bytes(_server_error_page())
    files[str(path)] = "server error (500)"

    # One Java start for every page: the checker takes them all at once.
    checked = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(checked.stderr or checked.stdout)
    errors = [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}, "
        f"line {message.get('lastLine', '?')}: {message['message']}\n"
        f"    {message.get('extract', '').strip()}"
        for message in report["messages"]
        if message["type"] in ("error", "non-document-error")
    ]

    assert len(files) >= 10
    found = f"The Nu HTML Checker found {len(errors)} errors:\n" + "\n".join(errors)
    assert not errors, found


@pytest.mark.django_db(transaction=True)
def test_every_public_page_type_shows_no_accessibility_violations(axe, live_server):
    from playwright.sync_api import sync_playwright

    # Every row is written before Playwright starts its event loop in this thread.
    pages = _public_pages()
    # No address fails on purpose: the browser gets the 500 page as a failing view
    # would send it, at an address of the live server, so its stylesheet loads.
    error_url, error_page = "/a-failing-page/", _server_error_page()
    pages.append(("server error", error_url, 500))
    violations, visited = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=axe, args=CHROMIUM_ARGS)
        try:
            for width, height in VIEWPORTS:
                # axe-core is added as an inline script, which the site's
                # Content-Security-Policy would refuse, as it should.
                tab = browser.new_page(
                    viewport={"width": width, "height": height}, bypass_csp=True
                )
                tab.route(
                    live_server.url + error_url,
                    lambda route: route.fulfill(
                        status=500,
                        body=error_page,
                        content_type="text/html; charset=utf-8",
                    ),
                )
                for label, url, status in pages:
                    response = tab.goto(live_server.url + url)
                    assert response.status == status, f"{label} ({unquote(url)})"
                    tab.add_script_tag(path=AXE_SCRIPT)
                    found = tab.evaluate(
                        """tags => axe.run(document, {
                            runOnly: {type: "tag", values: tags},
                            resultTypes: ["violations"],
                        }).then(results => results.violations.map(v => ({
                            id: v.id,
                            impact: v.impact,
                            help: v.help,
                            targets: v.nodes.map(node => node.target.join(" ")),
                        })))""",
                        AXE_TAGS,
                    )
                    visited += 1
                    violations += [
                        f"{label} ({unquote(url)}) at {width}px: {v['id']} ({v['impact']}): "
                        f"{v['help']}\n    " + "\n    ".join(v["targets"][:8])
                        for v in found
                    ]
                tab.close()
        finally:
            browser.close()

    assert visited == len(pages) * len(VIEWPORTS) >= 20
    found = f"axe-core found {len(violations)} violations:\n" + "\n".join(violations)
    assert not violations, found
