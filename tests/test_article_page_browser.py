"""The article page in a real Chromium: it fits a phone and shows what matters."""

import datetime

import pytest

from django.utils import timezone

from articles.models import BodyPart, Byline

from .browser import CHROMIUM_ARGS
from .factories import (
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CalloutKindFactory,
    CitationFactory,
    PublishedArticleFactory,
    SectionFactory,
    SourceFactory,
)

PHONE_WIDTH = 375

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows, so the test's own are committed too.
    pytest.mark.django_db(transaction=True),
]


def _long_story():
    """A story with every kind of part, and words long enough to test a narrow screen."""
    world = SectionFactory(name="World", slug="world")
    section = SectionFactory(name="Asia-Pacific", slug="asia-pacific", parent=world)
    article = PublishedArticleFactory(
        section=section,
        headline="Verteidigungszusammenarbeitsabkommen: allies sign a long-awaited pact",
        dek="Two governments promise closer work on security, trade and technology.",
        dateline="TOKYO",
        published_at=timezone.now() - datetime.timedelta(hours=3),
    )
    for position, (name, role) in enumerate(
        [
            ("Hana Mori", Byline.Role.WRITTEN),
            ("Leopold Fitzgerald-Worthington", Byline.Role.WRITTEN),
            ("Ines Duarte", Byline.Role.ADDITIONAL),
        ]
    ):
        BylineFactory(
            article=article,
            author=AuthorFactory(name=name),
            role=role,
            position=position,
        )
    did_you_know = CalloutKindFactory(
        slug="did-you-know", name="Did You Know?", label="Did You Know?"
    )
    fact_check = CalloutKindFactory(
        slug="fact-check", name="Fact Check", label="Fact Check"
    )
    paragraph = (
        "The two delegations met for six hours in a hall overlooking the harbour, and "
        "came out with a text that both sides called the most important in a generation. "
    )
    long_link = (
        '<a href="https://example.org/documents/2025/joint-statement">'
        "https://example.org/documents/2025/joint-statement-on-defence-cooperation-full-text</a>"
    )
    parts = [
        {"kind": BodyPart.Kind.PARAGRAPH, "text": f"<p>{paragraph * 3}</p>"},
        {
            "kind": BodyPart.Kind.CALLOUT,
            "callout_kind": did_you_know,
            "text": "<p>The first treaty between the two countries was signed in 1951.</p>",
        },
        {"kind": BodyPart.Kind.SUBHEAD, "title": "A partnership with a long history"},
        {
            "kind": BodyPart.Kind.PARAGRAPH,
            "text": f"<p>The full text is at {long_link}.</p>",
        },
        {
            "kind": BodyPart.Kind.QUOTE,
            "text": "<p>We stand together in every season, and we will keep doing so.</p>",
            "speaker": "Aiko Tanaka",
            "speaker_title": "Minister for Foreign Affairs",
        },
        {
            "kind": BodyPart.Kind.BULLETED_ITEM,
            "text": "<p>Joint exercises every year</p>",
        },
        {
            "kind": BodyPart.Kind.BULLETED_ITEM,
            "text": "<p>Shared research on materials</p>",
        },
        {"kind": BodyPart.Kind.SUBHEAD, "title": "What comes next"},
        {
            "kind": BodyPart.Kind.PARAGRAPH,
            "text": "<p>The envoy said the alliance is stronger than ever and will endure.</p>",
        },
        {
            "kind": BodyPart.Kind.QUOTE,
            "display": BodyPart.Display.PULL,
            "text": "<p>The alliance is stronger than ever and will endure.</p>",
            "speaker": "Sam Reed",
        },
        {
            "kind": BodyPart.Kind.CALLOUT,
            "callout_kind": fact_check,
            "title": "Was it really the first visit?",
            "text": "<p>No: a delegation visited in 1998, though at a lower level.</p>",
        },
        {"kind": BodyPart.Kind.PARAGRAPH, "text": f"<p>{paragraph}</p>"},
    ]
    for position, fields in enumerate(parts):
        BodyPartFactory(article=article, position=position, **fields)
    CitationFactory(
        article=article,
        source=SourceFactory(
            organisation="Center for Strategic and International Studies",
            abbreviation="CSIS",
            title="An alliance survey with a rather long title about many things",
            url="https://example.org/" + "very-long-path-segment-" * 6,
        ),
    )
    article.tags.add("Alliances", "Indo-Pacific security", "Japan")
    return article


def test_the_article_fits_a_phone_and_shows_headline_callouts_and_pull_quote(
    chromium, live_server, tmp_path
):
    from playwright.sync_api import sync_playwright

    # Every row is written before Playwright starts its event loop in this thread.
    url = live_server.url + _long_story().get_absolute_url()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            phone = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 800})
            response = phone.goto(url)
            assert response.status == 200
            scroll_width = phone.evaluate("document.documentElement.scrollWidth")
            headline = phone.locator("h1")
            callouts = phone.locator("aside.callout")
            pull_quote = phone.locator("aside.pull-quote")
            body_font_size = phone.locator(".article__body p").first.evaluate(
                "element => getComputedStyle(element).fontSize"
            )
            stylesheet_applied = phone.locator(".site-header").evaluate(
                "element => getComputedStyle(element).backgroundColor"
            )
            phone.screenshot(path=tmp_path / "article-375.png", full_page=True)

            desktop = browser.new_page(viewport={"width": 1280, "height": 900})
            desktop.goto(url)
            desktop.screenshot(path=tmp_path / "article-1280.png", full_page=True)
            desktop_width = desktop.evaluate("document.documentElement.scrollWidth")

            assert scroll_width <= PHONE_WIDTH
            assert desktop_width <= 1280
            assert stylesheet_applied != "rgba(0, 0, 0, 0)"
            assert body_font_size == "18px"
            assert headline.is_visible()
            assert headline.inner_text().startswith(
                "Verteidigungszusammenarbeitsabkommen"
            )
            assert callouts.count() == 2
            for index in range(2):
                callout = callouts.nth(index)
                assert callout.is_visible()
                box = callout.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
            assert callouts.nth(0).inner_text().startswith("DID YOU KNOW?")
            assert pull_quote.is_visible()
            assert "stronger than ever" in pull_quote.inner_text()
        finally:
            browser.close()
    print(f"Screenshots of the article page: {tmp_path}")
