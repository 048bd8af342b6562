"""The story list, the trash and the story page as an editor sees them in Chromium, at
1280 and 375 pixels wide."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import trash
from articles.models import Article
from articles.roles import EDITOR, setup_roles

from .browser import CHROMIUM_ARGS, log_in
from .factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)

PASSWORD = "tide-tables-at-noon-23"
Status = Article.Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("admin-screenshots")
    print(f"\nScreenshots of the admin: {folder}")
    return folder


def _newsroom():
    setup_roles()
    editor = UserFactory(username="ed", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name=EDITOR))
    europe = SectionFactory(name="Europe", slug="europe")
    authors = [
        AuthorFactory(name=name)
        for name in ("Lucía Fernández", "Ingrid Solberg", "Amara Okafor", "Mei Lin Tan")
    ]
    for number in range(12):
        story = PublishedArticleFactory(
            headline=f"Coastal towns draw up plans to move inland, part {number}",
            section=europe,
            published_at=timezone.now() - timezone.timedelta(days=number + 400),
        )
        for author in authors[: 1 + number % 4]:
            BylineFactory(article=story, author=author)
        story.tags.add("climate adaptation", "coasts", "housing", "North Sea")
    binned = ArticleFactory(headline="A draft nobody wanted", section=europe)
    trash.trash(binned, by=editor)
    return editor


def test_the_story_list_fits_1280_pixels_without_a_scrollbar_of_its_own(
    chromium, live_server, screenshots
):
    from playwright.sync_api import sync_playwright

    _newsroom()
    overflow, page_widths = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            for width in (1280, 375):
                page = browser.new_page(viewport={"width": width, "height": 900})
                log_in(page, live_server, "ed", PASSWORD)
                for name, url in [
                    ("list", reverse("admin:articles_article_changelist")),
                    ("trash", reverse("admin:articles_article_trash")),
                ]:
                    page.goto(live_server.url + url)
                    page.screenshot(
                        path=screenshots / f"{name}-{width}.png", full_page=True
                    )
                    page_widths[name, width] = page.evaluate(
                        "() => document.documentElement.scrollWidth"
                    )
                    if name == "list":
                        overflow[width] = page.evaluate(
                            "() => { const r = document.querySelector('.results');"
                            " return r.scrollWidth - r.clientWidth; }"
                        )
                        headers = page.locator(
                            "#result_list thead th"
                        ).all_inner_texts()
        finally:
            browser.close()

    assert overflow[1280] <= 0
    # Nothing is wider than the screen: tables scroll in boxes of their own.
    assert page_widths == {
        (name, width): width for name in ("list", "trash") for width in (1280, 375)
    }
    assert [text.strip().lower() for text in headers if text.strip()] == [
        "headline",
        "section",
        "status",
        "bylines",
        "tags",
        "published",
        "updated",
    ]
