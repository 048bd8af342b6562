"""The import page in a real Chromium: paste a Google Docs document, fix a role, save."""

import pytest

from django.conf import settings
from django.urls import reverse

from articles.models import Article, BodyPart
from articles.sanitize import html_to_text

from .browser import CHROMIUM_ARGS
from .factories import ArticleFactory, BodyPartFactory, SectionFactory
from .test_admin_import import GOOGLE_DOC

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows, so the test's own are committed too.
    pytest.mark.django_db(transaction=True),
]
# A paste event carrying the document as Google Docs puts it on the clipboard.
PASTE = """(html) => {
  const box = document.getElementById("import-paste");
  box.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "");
  const event = new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                             cancelable: true});
  if (box.dispatchEvent(event)) {
    // Chromium does not paste for a script's event: insert what it would.
    document.execCommand("insertHTML", false, html);
  }
}"""

# The same, into the rich-text editor that has the focus.
PASTE_INTO_EDITOR = """(html) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "");
  document.activeElement.dispatchEvent(new ClipboardEvent("paste", {
    clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_a_pasted_google_doc_with_one_role_corrected_is_saved_in_its_parts(
    live_server, client, reporter, chromium
):
    from playwright.sync_api import expect, sync_playwright

    SectionFactory(name="World", slug="world")
    client.force_login(reporter)
    cookie = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    errors = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([cookie])
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(live_server.url + reverse("admin:articles_article_changelist"))
            page.get_by_role("link", name="Import story").click()
            # The click starts a navigation: paste once the import page is there.
            page.wait_for_selector("#import-paste")

            page.evaluate(PASTE, GOOGLE_DOC)
            expect(page.locator("#import-paste h2")).to_have_text("What it costs")
            page.get_by_label("Section").select_option(label="World")
            page.get_by_role("button", name="Read the structure").click()

            rows = page.locator("table.import-lines tbody tr")
            expect(rows).to_have_count(7)
            expect(rows.nth(2)).to_contain_text("What it costs")
            expect(page.locator("#role-3")).to_have_value("subhead")
            expect(page.locator("#role-5")).to_have_value("list_item")
            # The editor decides the last line is a callout, not a paragraph.
            page.get_by_label("Role of line 7").select_option("callout")
            page.get_by_role("button", name="Save as draft").click()

            expect(page.locator(".messagelist")).to_contain_text("imported as a draft")
        finally:
            browser.close()

    article = Article.objects.get()
    parts = list(article.parts.order_by("position"))
    assert article.headline == "Harbour plan wins the vote"
    assert [part.kind for part in parts] == [
        BodyPart.Kind.PARAGRAPH,
        BodyPart.Kind.SUBHEAD,
        BodyPart.Kind.CALLOUT,
        BodyPart.Kind.BULLETED_ITEM,
        BodyPart.Kind.BULLETED_ITEM,
        BodyPart.Kind.CALLOUT,
    ]
    assert parts[1].title == "What it costs"
    assert [html_to_text(part.text) for part in parts[3:5]] == [
        "Dredge the channel",
        "Build the quay",
    ]
    assert html_to_text(parts[5].text) == "Work starts in spring, officials said."
    assert errors == []


def test_rich_text_pasted_into_the_story_editor_splits_into_parts(
    live_server, client, editor, chromium
):
    from playwright.sync_api import expect, sync_playwright

    article = ArticleFactory(section=SectionFactory(), headline="Harbour plan")
    BodyPartFactory(article=article, position=1, text="<p>The story so far.</p>")
    client.force_login(editor)
    cookie = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    errors = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.context.add_cookies([cookie])
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[article.pk])
            )
            page.locator("#parts-group .add-row a").click()
            page.locator("#parts-1 .ProseMirror").click()
            page.evaluate(PASTE_INTO_EDITOR, GOOGLE_DOC)
            expect(
                page.locator(
                    "#parts-group .inline-related[id^=parts-]:not(#parts-empty)"
                )
            ).to_have_count(8)
            page.locator("input[name='_continue']").first.click()
            expect(page.locator(".messagelist .success")).to_be_visible()
        finally:
            browser.close()

    assert errors == []
    parts = list(article.parts.order_by("position"))
    assert [(part.kind, part.title or part.plain_text) for part in parts] == [
        (BodyPart.Kind.PARAGRAPH, "The story so far."),
        (BodyPart.Kind.SUBHEAD, "Harbour plan wins the vote"),
        (BodyPart.Kind.PARAGRAPH, "The council approved the plan on Tuesday."),
        (BodyPart.Kind.SUBHEAD, "What it costs"),
        (BodyPart.Kind.PARAGRAPH, "Background: The quay was built in 1820."),
        (BodyPart.Kind.BULLETED_ITEM, "Dredge the channel"),
        (BodyPart.Kind.BULLETED_ITEM, "Build the quay"),
        (BodyPart.Kind.PARAGRAPH, "Work starts in spring, officials said."),
    ]
