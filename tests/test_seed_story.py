"""The seed story, end to end: imported, published through the admin, read on the site.

What the page must show is worked out from the seed file's own lines, never copied.
"""

import html
import re
from io import StringIO

import pytest

from django.core.management import call_command
from django.test import Client

from articles.models import Article, BodyPart

from .factories import SectionFactory
from .test_admin import status_url

pytestmark = pytest.mark.django_db

SEED_SOURCES = [
    "Council on Foreign Relations",
    "Center for Strategic and International Studies",
    "Brookings Institution",
]


def _visible_text(page):
    """The page's words in order, tags removed and entities decoded."""
    body = page.split("<main", 1)[1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_the_seed_imported_published_through_the_admin_reads_in_order_on_the_site(
    seed_story_path, editor
):
    SectionFactory(name="World", slug="world")
    call_command(
        "import_article", str(seed_story_path), section="world", stdout=StringIO()
    )
    article = Article.objects.get()
    desk = Client()
    desk.force_login(editor)

    # The seed keeps the slips the copy desk catches; the editor runs it anyway.
    override = "Running the wire copy as filed."
    for change in ("submit", "approve", "publish"):
        response = desk.post(
            status_url(article), {"change": change, "note": "", "override": override}
        )
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert [t.target for t in article.transitions.all()] == [
        "submitted",
        "approved",
        "published",
    ]

    page = Client().get(article.get_absolute_url())

    assert page.status_code == 200
    text = _visible_text(page.content.decode())
    lines = [
        line.strip()
        for line in seed_story_path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    parts = list(article.parts.order_by("position"))
    assert [p.kind for p in parts].count("subhead") == 3
    assert [p.callout_kind.name for p in parts if p.kind == "callout"] == [
        "Did You Know?",
        "Pro Tip",
    ]
    [pull] = [p for p in parts if p.is_pull_quote]
    assert pull.speaker == "Donald Trump"

    # Every line of the file after the headline shows, in the file's order; a
    # callout's lead-in shows as its label and a pull quote inside its marks.
    position = text.index(lines[0]) + len(lines[0])
    for part in parts:
        words = part.title if part.kind == BodyPart.Kind.SUBHEAD else part.plain_text
        found = text.find(words, position)
        assert found != -1, f"{part.kind} out of order or missing: {words[:50]}"
        if part.kind == BodyPart.Kind.CALLOUT:
            assert text.rfind(part.callout_kind.label, position, found) != -1
        position = found + len(words)
    assert "Donald Trump" in text[text.find(pull.plain_text) :]
    sources_at = text.index("Sources")
    found = [text.find(name, sources_at) for name in SEED_SOURCES]
    assert -1 not in found and found == sorted(found)
    # The body text is the file's, slips and all: the copy desk flags them, the
    # importer and the page never rewrite them.
    for line in lines[1:]:
        if line.startswith(("“", '"')) or line in {p.title for p in parts}:
            continue
        assert line.split(" ", 2)[-1][-40:] in text
