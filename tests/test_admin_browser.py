"""The story page of the admin in a real Chromium: the editor, and parts by kind."""

import pytest

from django.conf import settings
from django.urls import reverse

from articles.models import BodyPart

from .browser import CHROMIUM_ARGS
from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CalloutKindFactory,
    CitationFactory,
    SectionFactory,
    SourceFactory,
)

Kind = BodyPart.Kind

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows, so the test's own are committed too.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def session_cookie(client, staff_user, live_server):
    """The staff user's session, for the browser to carry."""
    client.force_login(staff_user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _filled_story():
    section = SectionFactory(name="Asia", slug="asia")
    article = ArticleFactory(
        section=section,
        headline="Harbour city opens its new ferry line",
        dek="Commuters cross the bay in twelve minutes.",
        dateline="OSAKA",
    )
    did_you_know = CalloutKindFactory(slug="did-you-know", name="Did You Know?")
    parts = [
        {
            "kind": Kind.PARAGRAPH,
            "text": "<p>The first ferry left at <strong>dawn</strong>.</p>",
        },
        {
            "kind": Kind.CALLOUT,
            "callout_kind": did_you_know,
            "text": "<p>Steam ferries crossed the bay in 1890.</p>",
        },
        {"kind": Kind.SUBHEAD, "title": "Why the line matters", "text": ""},
        {
            "kind": Kind.QUOTE,
            "text": "<p>This changes how the whole city moves.</p>",
            "speaker": "Aiko Tanaka",
            "speaker_title": "transport planner",
            "display": BodyPart.Display.PULL,
        },
        {"kind": Kind.BULLETED_ITEM, "text": "<p>Boats every 15 minutes</p>"},
        {"kind": Kind.BULLETED_ITEM, "text": "<p>Bikes allowed on board</p>"},
    ]
    for position, part in enumerate(parts, start=1):
        BodyPartFactory(article=article, position=position, **part)
    BylineFactory(article=article, author=AuthorFactory(name="Hana Mori"), position=1)
    CitationFactory(
        article=article,
        source=SourceFactory(organisation="Institute for Harbour Studies"),
    )
    return article


def test_a_new_body_part_gets_the_editor_and_shows_the_fields_of_its_kind(
    chromium, live_server, session_cookie, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    article = _filled_story()
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    errors = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            for width in (1280, 390):
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.add_cookies([session_cookie])
                page = context.new_page()
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(url)
                # Every saved part is edited in the rich-text editor, not a textarea.
                expect(page.locator("#parts-group .prose-editor")).to_have_count(6)
                expect(
                    page.locator("#parts-0 .prose-editor .ProseMirror")
                ).to_contain_text("The first ferry left at dawn.")
                # A subhead shows its words and hides the text editor.
                expect(page.locator("#parts-2 .field-title").first).to_be_visible()
                expect(page.locator("#parts-2 .field-text").first).to_be_hidden()
                page.screenshot(path=tmp_path / f"story-{width}.png", full_page=True)
                context.close()

            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([session_cookie])
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            page.locator("#parts-group .add-row a").click()
            row = page.locator("#parts-6")
            expect(row.locator(".prose-editor")).to_have_count(1)
            expect(row.locator(".field-callout_kind").first).to_be_hidden()
            expect(row.locator("input[name='parts-6-position']")).to_have_value("7")

            row.locator("select[name='parts-6-kind']").select_option("callout")

            expect(row.locator(".field-callout_kind").first).to_be_visible()
            expect(row.locator("h3 .part-kind")).to_have_text("Callout")
            row.locator("select[name='parts-6-callout_kind']").select_option(
                label="Did You Know?"
            )
            row.locator(".ProseMirror").click()
            page.keyboard.type("Ferries run all night on Fridays.")
            # Up three times: the new callout goes between the subhead and the quote.
            row.locator(".inline-move-up").click()
            row.locator(".inline-move-up").click()
            row.locator(".inline-move-up").click()
            page.locator("input[name='_continue']").first.click()
            expect(page.locator(".messagelist .success")).to_be_visible()
            context.close()
        finally:
            browser.close()

    assert errors == []
    assert [(part.kind, part.plain_text[:20]) for part in article.parts.all()] == [
        (Kind.PARAGRAPH, "The first ferry left"),
        (Kind.CALLOUT, "Steam ferries crosse"),
        (Kind.SUBHEAD, ""),
        (Kind.CALLOUT, "Ferries run all nigh"),
        (Kind.QUOTE, "This changes how the"),
        (Kind.BULLETED_ITEM, "Boats every 15 minut"),
        (Kind.BULLETED_ITEM, "Bikes allowed on boa"),
    ]
    assert article.parts.get(position=4).callout_kind.slug == "did-you-know"
