"""In a real Chromium: a status button saves what the reporter typed before it moves the
story, and Enter in a field saves without moving it."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from articles.roles import REPORTER

from .browser import CHROMIUM_ARGS, log_in
from .factories import ArticleFactory, UserFactory

PASSWORD = "harbour-lights-at-six-17"
DEK = "The night ferry returns after ten years, the port says."
Status = Article.Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("status-screenshots")
    print(f"\nScreenshots of the status panel: {folder}")
    return folder


def _reporter():
    from articles.roles import setup_roles

    setup_roles()
    user = UserFactory(username="rita", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=REPORTER))
    return user


def _log_in(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "rita", PASSWORD)
    return page


def test_submit_for_review_keeps_the_dek_typed_without_saving(
    chromium, live_server, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    rita = _reporter()
    story = ArticleFactory(created_by=rita, dek="", headline="Night ferry returns")
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            page = _log_in(browser, live_server, 1280)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[story.pk])
            )
            # Enter in a field saves the page as the Save button does: no move.
            page.fill("#id_headline", "Night ferry returns to the islands")
            page.press("#id_headline", "Enter")
            expect(page.locator(".messagelist .success")).to_contain_text(
                "was changed successfully"
            )
            page.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[story.pk])
            )
            page.fill("#id_dek", DEK)
            page.screenshot(path=screenshots / "story-page-1280.png", full_page=True)
            page.locator(".status-panel .status-button-submit").click()
            expect(page.locator(".messagelist .success")).to_contain_text(
                "Your edits are saved."
            )
            expect(page.locator(".status-panel .status-badge")).to_have_text(
                "Submitted"
            )
            expect(page.locator(".field-dek .readonly")).to_have_text(DEK)
            page.screenshot(path=screenshots / "submitted-1280.png", full_page=True)

            narrow = _log_in(browser, live_server, 375)
            narrow.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[story.pk])
            )
            narrow.screenshot(path=screenshots / "submitted-375.png", full_page=True)
        finally:
            browser.close()

    assert errors == []
    story.refresh_from_db()
    assert story.headline == "Night ferry returns to the islands"
    assert (story.dek, story.status) == (DEK, Status.SUBMITTED)
    assert [t.target for t in story.transitions.all()] == [Status.SUBMITTED]


def test_leaving_the_story_page_with_unsaved_edits_asks_first(chromium, live_server):
    from playwright.sync_api import expect, sync_playwright

    rita = _reporter()
    story = ArticleFactory(created_by=rita, dek="")
    dialogs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            page = _log_in(browser, live_server, 1280)

            def answer(dialog):
                dialogs.append(dialog.type)
                dialog.dismiss()

            page.on("dialog", answer)
            change = live_server.url + reverse(
                "admin:articles_article_change", args=[story.pk]
            )
            page.goto(change)
            # Nothing typed yet: a link leaves without asking.
            page.locator(".breadcrumbs a", has_text="Articles").click()
            expect(page).not_to_have_url(change)
            assert dialogs == []

            page.goto(change)
            page.fill("#id_dek", DEK)
            page.locator(".breadcrumbs a", has_text="Articles").click()
            # Staying is the answer given: the page and the words are still there.
            expect(page.locator("#id_dek")).to_have_value(DEK)
            assert dialogs == ["beforeunload"]
            assert page.url == change

            # Saving leaves without asking.
            page.locator("input[name='_continue']").first.click()
            expect(page.locator(".messagelist .success")).to_be_visible()
            assert dialogs == ["beforeunload"]
        finally:
            browser.close()

    story.refresh_from_db()
    assert story.dek == DEK
