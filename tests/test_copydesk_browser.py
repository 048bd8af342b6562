"""An editor fixes a copy desk finding with one click, in a real Chromium."""

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from articles.copydesk import DEFAULTS
from articles.models import Article, BodyPart
from articles.roles import EDITOR

from .browser import CHROMIUM_ARGS, log_in
from .factories import ArticleFactory, BylineFactory

PASSWORD = "copy-desk-at-dawn-42"
Status = Article.Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_fixes_a_finding_and_approves_the_story(
    chromium, live_server, tmp_path_factory
):
    from playwright.sync_api import expect, sync_playwright

    call_command("setup_roles", verbosity=0)
    call_command("copydesk_rules", source=str(DEFAULTS), stdout=StringIO())
    editor = get_user_model().objects.create_user(
        username="ed", password=PASSWORD, is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITOR))
    article = ArticleFactory(
        headline="Council sets its budget", status=Status.SUBMITTED
    )
    BylineFactory(article=article)
    part = BodyPart.objects.create(
        article=article, position=0, text="<p>The council meets on tuesday.</p>"
    )
    folder = tmp_path_factory.mktemp("copy-desk-screenshots")
    print(f"\nScreenshots of the copy desk: {folder}")
    errors = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))
            log_in(page, live_server, "ed", PASSWORD)
            page.goto(
                live_server.url
                + reverse("admin:articles_article_change", args=[article.pk])
            )
            panel = page.locator("#copy-desk")
            expect(panel).to_contain_text("1 to fix")
            expect(panel.locator("mark")).to_have_text("tuesday")
            page.screenshot(path=folder / "01-the-finding.png", full_page=True)

            # Approving is refused while the finding stands.
            page.locator(".status-panel .status-button-approve").click()
            expect(page.locator(".messagelist .error")).to_contain_text(
                "The copy desk holds this story back"
            )

            page.get_by_role("button", name="Change to “Tuesday”").click()
            expect(page.locator(".messagelist .success")).to_contain_text(
                "Changed “tuesday” to “Tuesday”."
            )
            expect(page.locator("#copy-desk")).to_contain_text("nothing to fix")
            page.screenshot(path=folder / "02-fixed.png", full_page=True)

            page.locator(".status-panel .status-button-approve").click()
            expect(page.locator(".status-panel .status-badge")).to_have_text("Approved")

            page.set_viewport_size({"width": 375, "height": 800})
            page.screenshot(path=folder / "03-narrow.png", full_page=True)
        finally:
            browser.close()

    assert errors == []
    part.refresh_from_db()
    assert part.text == "<p>The council meets on Tuesday.</p>"
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED
