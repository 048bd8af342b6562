"""In a real Chromium: an editor renames a published story, and a reader who follows
the old link arrives at the story's new address."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from articles.roles import EDITOR, setup_roles

from .browser import CHROMIUM_ARGS, log_in
from .factories import PublishedArticleFactory, SectionFactory, UserFactory

PASSWORD = "quay-lamps-at-dusk-42"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("address-screenshots")
    print(f"\nScreenshots of the renamed story: {folder}")
    return folder


def _editor():
    setup_roles()
    user = UserFactory(username="edna", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def test_an_editor_renames_a_published_story_and_the_old_link_still_reaches_it(
    chromium, live_server, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    _editor()
    story = PublishedArticleFactory(
        section=SectionFactory(name="Harbour", slug="harbour"),
        headline="Night ferry returns",
        slug="night-ferry-returns",
        ready_for_the_desk=True,
    )
    old_address = live_server.url + story.get_absolute_url()
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            editor = browser.new_context(viewport={"width": 1280, "height": 900})
            page = editor.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            log_in(page, live_server, "edna", PASSWORD)
            page.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[story.pk])
            )
            page.fill("#id_slug", "night-ferry-returns-to-the-islands")
            page.locator("input[name=_continue]").first.click()
            expect(page.locator(".messagelist .success")).to_contain_text(
                "was changed successfully"
            )

            for width in (1280, 375):
                reader = browser.new_context(viewport={"width": width, "height": 800})
                reading = reader.new_page()
                reading.on("pageerror", lambda error: errors.append(str(error)))
                answer = reading.goto(old_address)
                reading.screenshot(
                    path=screenshots / f"old-link-{width}.png", full_page=True
                )
                # The redirect was followed: the page is the story, at its new address.
                assert answer.status == 200
                assert answer.request.redirected_from is not None
                assert answer.request.redirected_from.url == old_address
                assert reading.url.endswith("/night-ferry-returns-to-the-islands/")
                expect(reading.locator("h1")).to_have_text("Night ferry returns")
                reader.close()
        finally:
            browser.close()

    assert errors == []
    story = Article.objects.get(pk=story.pk)
    assert live_server.url + story.get_absolute_url() != old_address
