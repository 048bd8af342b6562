"""In a real Chromium: the desk and its calendar at 1280 and 375 pixels, and the
story form's typing kept when the tab closes and restored on return."""

import datetime

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave
from articles.roles import EDITOR, setup_roles

from .browser import CHROMIUM_ARGS, log_in, require
from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    SectionFactory,
    UserFactory,
)
from .test_page_checks import AXE_SCRIPT

PASSWORD = "ferry-timetable-at-dawn-41"
Status = Article.Status
# What axe-core checks the desk's pages against, within the page's own content
# (the admin's header and navigation are Django's).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk-screenshots")
    print(f"\nScreenshots of the desk: {folder}")
    return folder


def _editor():
    setup_roles()
    user = UserFactory(username="ed", first_name="Edna", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def _log_in(browser, live_server, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    log_in(page, live_server, "ed", PASSWORD)
    return context, page


def _axe(page):
    page.add_script_tag(path=AXE_SCRIPT)
    return page.evaluate(
        """tags => axe.run({include: [["#content"]]}, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        }).then(results => results.violations.map(v =>
            v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", ")))""",
        AXE_TAGS,
    )


def test_the_desk_and_its_calendar_read_at_1280_and_375_pixels(
    chromium, live_server, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    require(AXE_SCRIPT.is_file(), f"axe-core ({AXE_SCRIPT.name}; run `npm ci`)")
    editor = _editor()
    world = SectionFactory(name="World", slug="world")
    now = timezone.now()
    scheduled = ArticleFactory(
        headline="Harbour bridge reopens to traffic after two years of repairs",
        section=world,
        status=Status.SCHEDULED,
        published_at=now + datetime.timedelta(hours=3),
        assigned_editor=editor,
        budget_line="The bridge, the tolls, and what it cost",
    )
    BylineFactory(article=scheduled, author=AuthorFactory(name="Lucía Fernández"))
    for number, status in enumerate(
        [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.DRAFT]
    ):
        story = ArticleFactory(
            headline=f"Coastal towns draw up plans to move inland, part {number}",
            section=world,
            status=status,
            deadline=now + datetime.timedelta(hours=number * 20 - 10),
            planned_words=800,
        )
        BodyPartFactory(article=story)
    day = timezone.localtime(scheduled.published_at).date().isoformat()
    calendar = reverse("admin:articles_article_calendar")
    widths, violations = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            for width in (1280, 375):
                # axe-core goes in as a script of its own, which the admin's
                # policy would refuse.
                context, page = _log_in(browser, live_server, width, bypass_csp=True)
                for name, url in [
                    ("desk", reverse("admin:articles_article_desk")),
                    ("week", f"{calendar}?view=week&day={day}"),
                    ("month", f"{calendar}?view=month&day={day}"),
                ]:
                    page.goto(live_server.url + url)
                    page.screenshot(
                        path=screenshots / f"{name}-{width}.png", full_page=True
                    )
                    widths[name, width] = page.evaluate(
                        "() => document.documentElement.scrollWidth"
                    )
                    violations[name, width] = _axe(page)
                # The scheduled story is on its day, and a link to its page.
                page.goto(live_server.url + f"{calendar}?view=month&day={day}")
                entry = page.locator(
                    f'.calendar-publication:has(time[datetime^="{day}"])'
                )
                expect(entry).to_contain_text("Publishes")
                entry.get_by_role("link", name=scheduled.headline).click()
                expect(page.locator("#id_headline")).to_have_value(scheduled.headline)
                context.close()
        finally:
            browser.close()

    assert widths == {
        (name, width): width
        for name in ("desk", "week", "month")
        for width in (1280, 375)
    }
    assert violations == {key: [] for key in violations}


def test_typing_is_kept_when_the_tab_closes_and_restored_on_return(
    chromium, live_server, screenshots
):
    from playwright.sync_api import expect, sync_playwright

    editor = _editor()
    story = ArticleFactory(headline="Night ferry returns", created_by=editor)
    BodyPartFactory(article=story, position=0, text="<p>The ferry left.</p>")
    url = live_server.url + reverse("admin:articles_article_change", args=[story.pk])
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            context, page = _log_in(browser, live_server, 1280)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            page.fill("#id_headline", "Night ferry returns to the islands")
            page.locator("#parts-0 .ProseMirror").click()
            page.keyboard.press("End")
            page.keyboard.type(" It came back at dawn.")
            page.locator("#parts-group .add-row a").click()
            page.locator("#parts-1 .ProseMirror").click()
            page.keyboard.type("A second paragraph, typed and never saved.")
            expect(page.locator(".autosave-status")).to_contain_text(
                "Unsaved changes kept at", timeout=15000
            )
            # Closing the tab: nothing asks, nothing is saved.
            page.close()

            for width in (1280, 375):
                page = context.new_page()
                page.set_viewport_size({"width": width, "height": 900})
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(url)
                expect(page.locator("#autosave-heading")).to_contain_text(
                    "You have unsaved changes from"
                )
                expect(page.locator("#id_headline")).to_have_value(
                    "Night ferry returns"
                )
                page.screenshot(
                    path=screenshots / f"autosave-offer-{width}.png", full_page=False
                )
            page.get_by_role("link", name="Restore them").click()
            expect(page.locator("#autosave-heading")).to_contain_text(
                "are in the form below"
            )
            expect(page.locator("#id_headline")).to_have_value(
                "Night ferry returns to the islands"
            )
            expect(page.locator("#parts-0 .ProseMirror")).to_contain_text(
                "The ferry left. It came back at dawn."
            )
            expect(page.locator("#parts-1 .ProseMirror")).to_contain_text(
                "A second paragraph, typed and never saved."
            )
            page.screenshot(path=screenshots / "autosave-restored.png", full_page=True)
            # Restoring saved nothing: the story's page, opened afresh, says so.
            other = context.new_page()
            other.goto(url + "?autosave=no")
            expect(other.locator("#id_headline")).to_have_value("Night ferry returns")
            expect(other.locator("#parts-1")).to_have_count(0)
            other.close()

            page.locator("input[name='_continue']").first.click()
            expect(page.locator(".messagelist .success")).to_be_visible()
            expect(page.locator("#autosave-heading")).to_have_count(0)
            context.close()
        finally:
            browser.close()

    story.refresh_from_db()
    assert story.headline == "Night ferry returns to the islands"
    assert [p.text for p in story.parts.order_by("position")] == [
        "<p>The ferry left. It came back at dawn.</p>",
        "<p>A second paragraph, typed and never saved.</p>",
    ]
    assert not Autosave.objects.exists()
    assert errors == []


def test_a_new_story_not_yet_saved_is_kept_too(chromium, live_server):
    from playwright.sync_api import expect, sync_playwright

    _editor()
    url = live_server.url + reverse("admin:articles_article_add")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            context, page = _log_in(browser, live_server, 1280)
            page.goto(url)
            page.fill("#id_headline", "A story begun and never saved")
            page.fill("#id_dek", "Its dek, typed before the tab closed.")
            expect(page.locator(".autosave-status")).to_contain_text(
                "Unsaved changes kept at", timeout=15000
            )
            page.close()
            page = context.new_page()
            page.goto(url)
            expect(page.locator("#id_headline")).to_have_value("")
            page.get_by_role("link", name="Restore them").click()
            expect(page.locator("#id_headline")).to_have_value(
                "A story begun and never saved"
            )
            expect(page.locator("#id_dek")).to_have_value(
                "Its dek, typed before the tab closed."
            )
            # Discarding forgets it: the next new story starts empty.
            page.get_by_role("button", name="Discard them").click()
            expect(page.locator("#autosave-heading")).to_have_count(0)
            expect(page.locator("#id_headline")).to_have_value("")
            context.close()
        finally:
            browser.close()

    assert not Article.objects.exists()
    assert not Autosave.objects.exists()
