"""The copy desk in the admin: the panel, a fix applied, a finding marked as
intended, and the gate on approving and publishing."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, CopyRule, CopyWaiver

from .factories import ArticleFactory, AuthorFactory, BodyPartFactory, BylineFactory
from .helpers import logged_in_client

Status = Article.Status
SLIP = "The council meets on tuesday.The vote follows."


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def status_url(article):
    return reverse("admin:articles_article_status", args=[article.pk])


def apply_url(article):
    return reverse("admin:articles_article_copydesk_apply", args=[article.pk])


def intended_url(article):
    return reverse("admin:articles_article_copydesk_intended", args=[article.pk])


def story_with_slips(status=Status.SUBMITTED, **fields):
    article = ArticleFactory(
        status=status, headline="Council sets its budget", **fields
    )
    BylineFactory(article=article, author=AuthorFactory(name="Ken Sato"))
    part = BodyPartFactory(
        article=article, position=0, text=f"<p><em>Late:</em> {SLIP}</p>"
    )
    return article, part


def findings_on(client, article):
    return client.get(change_url(article)).context["desk_findings"]


def test_the_panel_lists_each_finding_in_its_context(editor):
    article, _part = story_with_slips()
    client = logged_in_client(editor)

    response = client.get(change_url(article))
    html = response.content.decode()

    assert [(f.rule, f.text) for f in response.context["desk_findings"]] == [
        ("capitals.weekday-month", "tuesday"),
        ("punctuation.space-after", "tuesday.The"),
    ]
    assert 'id="copy-desk"' in html
    assert "<mark>tuesday</mark>" in html
    assert "Change to “Tuesday”" in html


def test_applying_a_suggestion_edits_the_story_keeps_its_markup_and_makes_a_revision(
    editor,
):
    article, part = story_with_slips()
    client = logged_in_client(editor)
    finding = next(f for f in findings_on(client, article) if f.text == "tuesday")

    response = client.post(
        apply_url(article),
        {
            "location": finding.location,
            "start": finding.start,
            "end": finding.end,
            "text": finding.text,
            "suggestion": "Tuesday",
        },
    )

    assert response.status_code == 302
    part.refresh_from_db()
    assert (
        part.text
        == "<p><em>Late:</em> The council meets on Tuesday.The vote follows.</p>"
    )
    latest = revisions.revisions_of(article).first()
    assert latest.revision.user == editor
    assert "“tuesday” → “Tuesday”" in latest.revision.get_comment()
    assert [f.text for f in findings_on(client, article)] == ["Tuesday.The"]


def test_a_suggestion_for_text_that_has_changed_since_is_refused(editor):
    article, part = story_with_slips()
    client = logged_in_client(editor)
    finding = next(f for f in findings_on(client, article) if f.text == "tuesday")
    part.text = "<p>Rewritten by someone else.</p>"
    part.save()

    response = client.post(
        apply_url(article),
        {
            "location": finding.location,
            "start": finding.start,
            "end": finding.end,
            "text": "tuesday",
            "suggestion": "Tuesday",
        },
        follow=True,
    )

    part.refresh_from_db()
    assert part.text == "<p>Rewritten by someone else.</p>"
    assert "The text has changed since" in response.content.decode()


def test_a_headline_fix_applies_to_the_headline(editor):
    article = ArticleFactory(
        status=Status.SUBMITTED,
        headline="Talks with prime Minister Takeda",
        ready_for_the_desk=True,
    )
    client = logged_in_client(editor)
    [finding] = findings_on(client, article)

    client.post(
        apply_url(article),
        {"location": "headline", "start": finding.start, "end": finding.end,
         "text": finding.text, "suggestion": finding.suggestions[0]},
    )  # fmt: skip

    article.refresh_from_db()
    assert article.headline == "Talks with Prime Minister Takeda"


def test_marking_a_finding_as_intended_keeps_the_reason_and_stops_it_blocking(editor):
    article, _part = story_with_slips()
    client = logged_in_client(editor)
    for finding in findings_on(client, article):
        client.post(
            intended_url(article),
            {
                "rule": finding.rule,
                "location": finding.location,
                "text": finding.text,
                "reason": "The council's own notice is quoted as printed.",
            },
        )

    response = client.get(change_url(article))

    assert response.context["desk_findings"] == []
    html = response.content.decode()
    assert "2 findings marked as intended" in html
    assert "The council&#x27;s own notice is quoted as printed." in html
    assert CopyWaiver.objects.filter(article=article, created_by=editor).count() == 2
    workflow.approve(article, by=editor)
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_marking_as_intended_needs_a_reason_and_an_editor(editor, reporter):
    article, _part = story_with_slips(status=Status.DRAFT, created_by=reporter)
    finding = findings_on(logged_in_client(editor), article)[0]
    data = {"rule": finding.rule, "location": finding.location, "text": finding.text}

    no_reason = logged_in_client(editor).post(
        intended_url(article), {**data, "reason": ""}
    )
    by_reporter = logged_in_client(reporter).post(
        intended_url(article), {**data, "reason": "I like it."}
    )

    assert no_reason.status_code == 302
    assert by_reporter.status_code == 403
    assert not CopyWaiver.objects.exists()


def test_a_reporter_sees_the_findings_on_her_own_draft_and_may_apply_them(reporter):
    article, part = story_with_slips(status=Status.DRAFT, created_by=reporter)
    client = logged_in_client(reporter)

    response = client.get(change_url(article))

    assert len(response.context["desk_findings"]) == 2
    assert "Change to “Tuesday”" in response.content.decode()
    assert "Mark as intended" not in response.content.decode()


def test_approving_a_story_with_blocking_findings_is_refused_with_the_list(editor):
    article, _part = story_with_slips()

    response = logged_in_client(editor).post(
        status_url(article), {"change": "approve", "note": ""}, follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    html = response.content.decode()
    assert "The copy desk holds this story back" in html
    assert "Days and months take a capital: Tuesday." in html
    assert not article.transitions.filter(target=Status.APPROVED).exists()


def test_an_editor_overrides_the_gate_with_a_reason_the_history_keeps(editor):
    article, _part = story_with_slips()
    client = logged_in_client(editor)

    client.post(
        status_url(article),
        {
            "change": "approve",
            "note": "",
            "override": "Council's spelling, as printed.",
        },
    )

    article.refresh_from_db()
    assert article.status == Status.APPROVED
    move = article.transitions.get(target=Status.APPROVED)
    assert move.desk_override.startswith("Council's spelling, as printed.")
    assert "capitals.weekday-month" in move.desk_override
    assert (
        "Council&#x27;s spelling, as printed."
        in client.get(change_url(article)).content.decode()
    )


def test_the_bulk_publish_action_obeys_the_gate_story_by_story(editor):
    held, _part = story_with_slips(status=Status.APPROVED)
    clean = ArticleFactory(status=Status.APPROVED, ready_for_the_desk=True)

    response = logged_in_client(editor).post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [held.pk, clean.pk]},
        follow=True,
    )

    held.refresh_from_db()
    clean.refresh_from_db()
    assert (held.status, clean.status) == (Status.APPROVED, Status.PUBLISHED)
    assert "The copy desk holds this story back" in response.content.decode()


def test_the_system_publishing_a_story_scheduled_earlier_does_not_ask_again(editor):
    article = ArticleFactory(status=Status.APPROVED, ready_for_the_desk=True)
    soon = timezone.now() + datetime.timedelta(minutes=5)
    workflow.publish(article, by=editor, at=soon)
    BodyPartFactory(article=article, position=1, text="<p>Added on tuesday.</p>")

    workflow.publish_scheduled(now=soon + datetime.timedelta(seconds=1))

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


# ---- The rules in the admin ----


def rule_form(**fields):
    data = {
        "rule_id": "style.whilst",
        "kind": "pattern",
        "category": "style",
        "severity": "advisory",
        "message": "Write while.",
        "is_enabled": "on",
        "pattern": r"\bwhilst\b",
        "replacement": "while",
        "scopes": ["body", "callouts"],
        "skip_quotes": "on",
        "examples_match": "Whilst the vote went on.",
        "examples_clean": "While the vote went on.",
    }
    data.update(fields)
    return data


def test_a_site_administrator_adds_a_rule_and_it_reads_stories(
    site_administrator, editor
):
    client = logged_in_client(site_administrator)

    response = client.post(reverse("admin:articles_copyrule_add"), rule_form())

    assert response.status_code == 302
    article = ArticleFactory(status=Status.SUBMITTED, ready_for_the_desk=True)
    BodyPartFactory(article=article, position=1, text="<p>Whilst we wait.</p>")
    assert [
        (f.rule, f.suggestions) for f in findings_on(logged_in_client(editor), article)
    ] == [("style.whilst", ("While",))]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"examples_clean": "Whilst the vote went on."},
            "flags an example it should leave alone",
        ),
        ({"pattern": "(unclosed"}, "does not compile"),
        ({"rule_id": "Not An Id"}, "lower-case words"),
    ],
)
def test_a_rule_that_fails_its_examples_cannot_be_switched_on(
    site_administrator, fields, message
):
    client = logged_in_client(site_administrator)

    response = client.post(reverse("admin:articles_copyrule_add"), rule_form(**fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CopyRule.objects.filter(rule_id="style.whilst").exists()


def test_a_failing_rule_may_be_saved_switched_off(site_administrator):
    client = logged_in_client(site_administrator)
    data = rule_form(examples_clean="Whilst the vote went on.")
    del data["is_enabled"]

    response = client.post(reverse("admin:articles_copyrule_add"), data)

    assert response.status_code == 302
    assert CopyRule.objects.get(rule_id="style.whilst").is_enabled is False


def test_an_editor_may_read_the_rules_but_not_change_them(editor):
    client = logged_in_client(editor)
    rule = CopyRule.objects.get(rule_id="capitals.title")

    assert client.get(reverse("admin:articles_copyrule_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:articles_copyrule_change", args=[rule.pk]), {}
        ).status_code
        == 403
    )
