"""The Content-Security-Policy in a real Chromium: the public pages break none of
it, and the admin's rich-text editor works under the admin's."""

import logging

import pytest

from django.conf import settings
from django.urls import reverse

from articles.models import BodyPart

from .browser import CHROMIUM_ARGS
from .factories import walk_to
from .test_admin_browser import _filled_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded by the page itself, before any of its own code runs.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def session_cookie(client, staff_user, live_server):
    client.force_login(staff_user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _watched_page(browser, problems, cookies=()):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(list(cookies))
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def test_the_public_pages_break_no_rule_of_their_policy(chromium, live_server, caplog):
    from playwright.sync_api import sync_playwright

    article = _filled_story()
    walk_to(article, "published")
    article.refresh_from_db()
    article.tags.add("ferries")
    addresses = [
        reverse("articles:home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag_detail", args=["ferries"]),
        reverse("articles:search") + "?q=ferry",
        "/no-such-page/",
    ]
    problems = []

    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS
            )
            try:
                page = _watched_page(browser, problems)
                for address in addresses:
                    response = page.goto(live_server.url + address)
                    assert (
                        "script-src 'self'"
                        in response.headers["content-security-policy"]
                    )
                    assert "camera=()" in response.headers["permissions-policy"]
                    page.wait_for_load_state("load")
                    problems += page.evaluate("window.__violations")
                # JSON-LD is data: there, and read by no script, blocked by nothing.
                page.goto(live_server.url + article.get_absolute_url())
                assert page.locator('script[type="application/ld+json"]').count() == 1
                problems += page.evaluate("window.__violations")
                assert problems == []
                # An inline script that got into a page would not run.
                page.evaluate(
                    """() => { const s = document.createElement("script");
                    s.textContent = "window.__ran = true"; document.body.append(s); }"""
                )
                page.wait_for_timeout(200)
                assert page.evaluate("window.__ran") is None
                blocked = page.evaluate("window.__violations")
            finally:
                browser.close()

    assert any(violation.startswith("script-src") for violation in blocked)
    # The browser reported that one to the logging endpoint.
    assert any("violation" in record.getMessage() for record in caplog.records)


def test_the_admin_editor_works_under_the_admins_policy(
    chromium, live_server, session_cookie
):
    from playwright.sync_api import expect, sync_playwright

    article = _filled_story()
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    problems = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            page = _watched_page(browser, problems, [session_cookie])
            response = page.goto(url)
            policy = response.headers["content-security-policy"]
            assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
            editor = page.locator("#parts-0 .prose-editor .ProseMirror")
            expect(editor).to_contain_text("The first ferry left at dawn.")
            editor.click()
            page.keyboard.press("End")
            page.keyboard.type(" Crowds cheered.")
            page.locator('input[name="_continue"]').first.click()
            page.wait_for_load_state("load")
            expect(page.locator(".messagelist .success")).to_have_count(1)
            problems += page.evaluate("window.__violations")
        finally:
            browser.close()

    assert problems == []
    first = BodyPart.objects.filter(article=article).order_by("position").first()
    assert "Crowds cheered." in first.text
