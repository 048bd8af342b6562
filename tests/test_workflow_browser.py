"""The newsroom's whole path in a real Chromium: write, review, send back, fix, publish.

A reporter and an editor each log in through the admin's login form in a browser
context of their own, and a reader with no account opens the public page in a third.
Every step leaves a screenshot in a folder the test prints.
"""

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from articles.copydesk import DEFAULTS
from articles.models import Article, BodyPart
from articles.roles import EDITOR, REPORTER

from .browser import CHROMIUM_ARGS, log_in
from .factories import SectionFactory

PASSWORD = "ferry-line-at-dawn-42"
HEADLINE = "Night ferry to the islands returns after ten years"
FIRST_DRAFT = "The night ferry sails agian from Friday, the port said."
FIXED_TEXT = "The night ferry sails again from Friday, the port said."
SUBHEAD = "Who gains from the late sailings"
CALLOUT = "The last night ferry stopped running in 2016."
SEND_BACK_NOTE = "Typo in the first paragraph: agian."
OVERRIDE = "A desk brief: it runs without a byline."
Status = Article.Status

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows, so the test's own are committed too.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workflow-screenshots")
    print(f"\nScreenshots of the editorial workflow: {folder}")
    return folder


def _newsroom_member(username, role):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _log_in(browser, live_server, username, errors):
    """A browser context of its own, logged in through the admin's login form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, username, PASSWORD)
    return page


def _type_into_editor(page, row, text, replace=False):
    """Type into a body part's rich-text (ProseMirror) editor, as a person would."""
    editor = page.locator(f"#parts-{row} .ProseMirror")
    editor.click()
    if replace:
        page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def _change_status(page, button, note="", override=None):
    page.fill("#id_status_note", note)
    if override is not None:
        page.fill("#id_status_override", override)
    page.locator(f".status-panel .status-button-{button}").click()
    page.wait_for_selector(".messagelist .success")


def test_a_story_goes_from_reporter_to_editor_and_back_then_out_to_readers(
    chromium, live_server, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    call_command("setup_roles", verbosity=0)
    # The copy desk's shipped rules (a transactional test may have flushed them).
    call_command("copydesk_rules", source=str(DEFAULTS), verbosity=0, stdout=StringIO())
    _newsroom_member("rita", REPORTER)
    _newsroom_member("ed", EDITOR)
    SectionFactory(name="Islands", slug="islands")
    errors = []

    def shot(page, name):
        page.screenshot(path=screenshots / f"{name}.png", full_page=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            # The reporter writes the story on the add page.
            reporter = _log_in(browser, live_server, "rita", errors)
            reporter.goto(live_server.url + reverse("admin:articles_article_add"))
            reporter.fill("#id_headline", HEADLINE)
            reporter.locator(".field-section .select2-selection").click()
            reporter.locator(".select2-search__field").fill("Isl")
            reporter.locator(".select2-results__option", has_text="Islands").click()
            _type_into_editor(reporter, 0, FIRST_DRAFT)
            add_part = reporter.locator("#parts-group .add-row a")
            add_part.click()
            reporter.select_option("select[name='parts-1-kind']", "subhead")
            reporter.fill("input[name='parts-1-title']", SUBHEAD)
            add_part.click()
            reporter.select_option("select[name='parts-2-kind']", "callout")
            reporter.select_option(
                "select[name='parts-2-callout_kind']", label="Did You Know?"
            )
            _type_into_editor(reporter, 2, CALLOUT)
            shot(reporter, "01-reporter-writes-the-story")
            reporter.locator("input[name='_continue']").first.click()
            expect(reporter.locator(".messagelist .success")).to_be_visible()
            expect(reporter.locator(".status-panel .status-badge")).to_have_text(
                "Draft"
            )
            shot(reporter, "02-reporter-saved-the-draft")

            _change_status(reporter, "submit")
            expect(reporter.locator(".status-panel .status-badge")).to_have_text(
                "Submitted"
            )
            # Submitted, the story is the desk's: the reporter reads it, edits nothing.
            expect(reporter.locator("input[name='_continue']")).to_have_count(0)
            shot(reporter, "03-reporter-submitted-for-review")

            # The editor finds it on the desk and sends it back with a note.
            editor = _log_in(browser, live_server, "ed", errors)
            editor.goto(live_server.url + reverse("admin:articles_article_desk"))
            shot(editor, "04-editor-sees-it-waiting-on-the-desk")
            editor.get_by_role("link", name=HEADLINE).first.click()
            expect(editor.locator(".status-panel .status-badge")).to_have_text(
                "Submitted"
            )
            _change_status(editor, "send_back", SEND_BACK_NOTE)
            expect(editor.locator(".status-panel .status-badge")).to_have_text("Draft")
            shot(editor, "05-editor-sent-it-back-with-a-note")

            # The reporter opens the story from the list, reads the note, fixes, resubmits.
            reporter.goto(
                live_server.url + reverse("admin:articles_article_changelist")
            )
            reporter.get_by_role("link", name=HEADLINE).click()
            expect(reporter.locator(".status-panel")).to_contain_text(SEND_BACK_NOTE)
            shot(reporter, "06-reporter-reads-why-it-came-back")
            _type_into_editor(reporter, 0, FIXED_TEXT, replace=True)
            reporter.locator("input[name='_continue']").first.click()
            expect(reporter.locator(".messagelist .success")).to_be_visible()
            expect(reporter.locator("#parts-0 .ProseMirror")).to_have_text(FIXED_TEXT)
            _change_status(reporter, "submit", "Fixed the typo.")
            expect(reporter.locator(".status-panel .status-badge")).to_have_text(
                "Submitted"
            )
            shot(reporter, "07-reporter-fixed-and-resubmitted")

            # The copy desk holds the story back (it has no byline); the editor
            # approves it anyway, saying why, then publishes.
            editor.reload()
            expect(editor.locator("#copy-desk")).to_contain_text(
                "The story has no byline."
            )
            _change_status(editor, "approve", override=OVERRIDE)
            expect(editor.locator(".status-panel .status-badge")).to_have_text(
                "Approved"
            )
            shot(editor, "08-editor-approved")
            _change_status(editor, "publish", override=OVERRIDE)
            expect(editor.locator(".status-panel .status-badge")).to_have_text(
                "Published"
            )
            public_url = editor.locator("a.viewsitelink").get_attribute("href")
            shot(editor, "09-editor-published")

            # A reader with no account reads it on the site.
            reader_context = browser.new_context(
                viewport={"width": 1280, "height": 900}
            )
            reader = reader_context.new_page()
            reader.on("pageerror", lambda error: errors.append(str(error)))
            response = reader.goto(live_server.url + public_url)
            assert response.status == 200
            expect(reader.locator("h1")).to_have_text(HEADLINE)
            article = reader.locator("article").first
            expect(article).to_contain_text(FIXED_TEXT)
            expect(article).not_to_contain_text("agian")
            expect(article.locator("h2", has_text=SUBHEAD)).to_be_visible()
            expect(article).to_contain_text("Did You Know?")
            expect(article).to_contain_text(CALLOUT)
            shot(reader, "10-reader-reads-the-published-story")
        finally:
            browser.close()

    assert errors == []
    # Playwright's sync API runs an event loop: the database is read once it is done.
    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Status.PUBLISHED
    assert story.created_by.username == "rita"
    assert [
        (t.source, t.target, t.by.username, t.note)
        for t in story.transitions.order_by("created_at", "pk")
    ] == [
        (Status.DRAFT, Status.SUBMITTED, "rita", ""),
        (Status.SUBMITTED, Status.DRAFT, "ed", SEND_BACK_NOTE),
        (Status.DRAFT, Status.SUBMITTED, "rita", "Fixed the typo."),
        (Status.SUBMITTED, Status.APPROVED, "ed", ""),
        (Status.APPROVED, Status.PUBLISHED, "ed", ""),
    ]
    assert [
        (part.kind, part.plain_text or part.title) for part in story.parts.all()
    ] == [
        (BodyPart.Kind.PARAGRAPH, FIXED_TEXT),
        (BodyPart.Kind.SUBHEAD, SUBHEAD),
        (BodyPart.Kind.CALLOUT, CALLOUT),
    ]
    assert (
        story.parts.get(kind=BodyPart.Kind.CALLOUT).callout_kind.name == "Did You Know?"
    )
    assert [
        t.desk_override.splitlines()[0]
        for t in story.transitions.exclude(desk_override="")
    ] == [OVERRIDE, OVERRIDE]
