"""In a real Chromium: a reporter invited by email writes her first bylined story,
and a story sent back arrives in her inbox.

Screenshots at 1280 and 375 pixels wide go to a folder the test prints.
"""

import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import workflow
from articles.models import Article, Notification
from articles.roles import EDITOR, REPORTER, SITE_ADMINISTRATOR, setup_roles

from .browser import CHROMIUM_ARGS, log_in
from .factories import ArticleFactory, AuthorFactory, SectionFactory

PASSWORD = "lanterns-on-the-quay-31"
RITA_PASSWORD = "a-new-password-for-rita-77"
NOTE = "The fares table is last year's: check it with the port."
Status = Article.Status

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows, so the test's own are committed too.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("people-screenshots")
    print(f"\nScreenshots of the staff page and the inbox: {folder}")
    return folder


def _member(username, role, **fields):
    setup_roles()
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **fields
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _context(browser, width, errors):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def test_a_reporter_invited_by_email_writes_her_first_bylined_story(
    chromium, live_server, mailoutbox, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    _member("chief", SITE_ADMINISTRATOR)
    SectionFactory(name="Harbour", slug="harbour")
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            chief = _context(browser, 1280, errors)
            log_in(chief, live_server, "chief", PASSWORD)
            chief.goto(live_server.url + reverse("admin:articles_staffmember_add"))
            chief.fill("#id_username", "rita")
            chief.fill("#id_first_name", "Rita")
            chief.fill("#id_last_name", "Reyes")
            chief.fill("#id_email", "rita@example.org")
            chief.select_option("#id_role", REPORTER)
            expect(chief.locator("#id_writes")).to_be_checked()
            expect(chief.locator("#id_invite")).to_be_checked()
            chief.screenshot(path=screenshots / "staff-add-1280.png", full_page=True)
            chief.click("input[name=_save]")
            expect(chief.locator(".messagelist")).to_contain_text(
                "An invitation went to rita@example.org."
            )
            expect(chief.locator("#result_list")).to_contain_text("Reporter")
            chief.screenshot(path=screenshots / "staff-list-1280.png", full_page=True)

            [invitation] = mailoutbox
            link = re.search(r"https?://\S+", invitation.body).group(0)
            for width in (375, 1280):
                rita = _context(browser, width, errors)
                rita.goto(link)
                expect(rita.locator("#id_new_password1")).to_be_visible()
                rita.screenshot(
                    path=screenshots / f"set-password-{width}.png", full_page=True
                )
                if width == 375:
                    continue
                rita.fill("#id_new_password1", RITA_PASSWORD)
                rita.fill("#id_new_password2", RITA_PASSWORD)
                rita.click("input[type=submit]")
                expect(rita.locator(".messagelist")).to_contain_text(
                    "Your password is set"
                )
                expect(rita.locator("#user-tools")).to_contain_text("Inbox")
                rita.screenshot(path=screenshots / "rita-home-1280.png", full_page=True)

                rita.goto(live_server.url + reverse("admin:articles_article_add"))
                rita.fill("#id_headline", "Ferry fares fall for islanders")
                rita.locator(".field-section .select2-selection").click()
                rita.locator(".select2-search__field").fill("Harb")
                rita.locator(".select2-results__option", has_text="Harbour").click()
                rita.click("input[name=_continue]")
                expect(rita.locator(".messagelist .success")).to_be_visible()
                expect(rita.locator("#bylines-group")).to_contain_text("Rita Reyes")
                rita.screenshot(
                    path=screenshots / "first-story-1280.png", full_page=True
                )
        finally:
            browser.close()

    assert errors == []
    story = Article.objects.get()
    assert [b.author.user.username for b in story.bylines.all()] == ["rita"]
    assert story.created_by.username == "rita"


def test_a_story_sent_back_arrives_in_the_reporters_inbox(
    chromium, live_server, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    rita = _member("rita", REPORTER, first_name="Rita", last_name="Reyes")
    editor = _member("ed", EDITOR, first_name="Ed", last_name="Ito")
    widths = {}
    story = ArticleFactory(
        created_by=rita, headline="Ferry fares fall for islanders", dek=""
    )
    AuthorFactory(name="Rita Reyes", user=rita)
    workflow.submit(story, by=rita)
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            desk = _context(browser, 1280, errors)
            log_in(desk, live_server, "ed", PASSWORD)
            expect(desk.locator("#user-tools .inbox-badge")).to_have_text(
                re.compile(r"^1\b")
            )
            desk.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[story.pk])
            )
            desk.fill("#id_status_note", NOTE)
            desk.locator(".status-panel .status-button-send_back").click()
            expect(desk.locator(".status-panel .status-badge")).to_have_text("Draft")

            for width in (375, 1280):
                page = _context(browser, width, errors)
                log_in(page, live_server, "rita", PASSWORD)
                badge = page.locator("#user-tools .inbox-badge")
                expect(badge).to_have_text(re.compile(r"^1\b"))
                expect(page.locator("#inbox-summary")).to_contain_text(
                    "Ed Ito sent back “Ferry fares fall for islanders”"
                )
                page.screenshot(path=screenshots / f"home-{width}.png", full_page=True)
                page.locator("#user-tools .inbox-link").click()
                row = page.locator(".inbox-row.inbox-unread")
                expect(row).to_have_count(1)
                expect(row).to_contain_text(NOTE)
                page.screenshot(path=screenshots / f"inbox-{width}.png", full_page=True)
                widths[width] = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                )
                if width == 375:
                    continue
                row.locator("a").click()
                expect(page.locator(".status-sent-back")).to_contain_text(NOTE)
                expect(page.locator("#user-tools .inbox-badge")).to_have_count(0)
        finally:
            browser.close()

    assert errors == []
    # Nothing is wider than the screen, the header's inbox link included.
    assert widths == {375: 375, 1280: 1280}
    [notification] = Notification.objects.filter(recipient=rita)
    assert (notification.kind, notification.actor, notification.is_read) == (
        Notification.Kind.SENT_BACK,
        editor,
        True,
    )
