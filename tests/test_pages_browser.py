"""The lists and the printed article in a real Chromium: phone, desktop and paper."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from .browser import CHROMIUM_ARGS
from .factories import AuthorFactory, BylineFactory, PublishedArticleFactory
from .test_article_page_browser import PHONE_WIDTH, _long_story

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows, so the test's own are committed too.
    pytest.mark.django_db(transaction=True),
]


def _list_pages():
    """A small newsroom, and the address of each kind of list."""
    lead = _long_story()
    author = AuthorFactory(name="Leopold Fitzgerald-Worthington-Hargreaves")
    for number in range(25):
        article = PublishedArticleFactory(
            section=lead.section.parent if number % 2 else lead.section,
            headline=f"Story {number} about the Überseehafenerweiterungsprojekt",
            published_at=timezone.now() - datetime.timedelta(hours=number + 4),
        )
        article.tags.add("Alliances")
        BylineFactory(article=article, author=author)
    day = timezone.localtime(lead.published_at)
    return {
        "home": reverse("articles:home"),
        "latest": reverse("articles:latest"),
        "section": lead.section.parent.get_absolute_url(),
        "tag": reverse("articles:tag_detail", args=["alliances"]),
        "author": author.get_absolute_url(),
        "archive": reverse("articles:archive"),
        "archive day": reverse(
            "articles:archive_day", args=[day.year, day.month, day.day]
        ),
        "404": "/no-such-page/",
    }


def test_every_list_fits_a_phone_and_a_desktop(chromium, live_server):
    from playwright.sync_api import sync_playwright

    urls = {name: live_server.url + path for name, path in _list_pages().items()}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            for width in (PHONE_WIDTH, 1280):
                page = browser.new_page(viewport={"width": width, "height": 800})
                for name, url in urls.items():
                    response = page.goto(url)
                    assert response.status == (404 if name == "404" else 200), name
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    assert scroll <= width, (name, width, scroll)
                    assert page.locator("h1").count() == 1, name
                    assert page.locator(".site-nav a").first.is_visible(), name
                page.close()
        finally:
            browser.close()


def test_a_printed_story_is_black_on_white_with_addresses_and_no_repeats(
    chromium, live_server
):
    from playwright.sync_api import sync_playwright

    url = live_server.url + _long_story().get_absolute_url()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.goto(url)
            page.emulate_media(media="print")

            def style(selector, name, pseudo="null"):
                return page.locator(selector).first.evaluate(
                    f"(element) => getComputedStyle(element, {pseudo}).{name}"
                )

            hidden = [
                style(selector, "display")
                for selector in (
                    ".site-header",
                    ".site-footer",
                    ".breadcrumb",
                    '.pull-quote[aria-hidden="true"]',
                )
            ]
            link_after = style('.article__body a[href^="http"]', "content", "'::after'")
            body_colour = style(".article__body p", "color")
            background = style("body", "backgroundColor")
            headline_visible = page.locator("h1").is_visible()
        finally:
            browser.close()

    assert hidden == ["none"] * 4
    assert link_after == '" (https://example.org/documents/2025/joint-statement)"'
    assert body_colour == "rgb(0, 0, 0)"
    assert background == "rgb(255, 255, 255)"
    assert headline_visible
