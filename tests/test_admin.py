"""The admin as editors use it: a whole story on one page, the story list, the desk's
status buttons and actions, and the lists of sources, quotes and the rest."""

import io
import re

import pytest
from PIL import Image

from django.contrib.messages import ERROR, SUCCESS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode

from articles import revisions
from articles.models import Article, BodyPart, CalloutKind, Quote
from bench.forms import form_fields

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CitationFactory,
    PublishedArticleFactory,
    SectionFactory,
    SourceFactory,
)
from .helpers import logged_in_client

Kind = BodyPart.Kind
Status = Article.Status

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def status_url(article):
    return reverse("admin:articles_article_status", args=[article.pk])


def form_data(response, form_id="article_form"):
    """The story form of ``response`` as the browser would submit it, unchanged."""
    fields = form_fields(response.content.decode(), form_id)
    assert fields, f"no form #{form_id} on the page"
    return fields


def set_rows(data, prefix, rows):
    """Fill inline ``prefix`` of the add page with ``rows``, as "Add another" would.

    Each row starts as a copy of the page's blank row, so it holds everything a
    browser sends for a new row, hidden fields included.
    """
    blank = {}
    for name in [name for name in data if name.startswith(f"{prefix}-")]:
        index, _, field = name[len(prefix) + 1 :].partition("-")
        if index.isdigit():
            if index == "0":
                blank[field] = data[name]
            del data[name]
    for index, row in enumerate(rows):
        for field, value in {**blank, **row}.items():
            data[f"{prefix}-{index}-{field}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))


def png_upload(name="harbour.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def messages_of(response):
    return [(message.level, str(message)) for message in response.context["messages"]]


def row_errors(response, prefix):
    for formset in response.context["inline_admin_formsets"]:
        if formset.formset.prefix == prefix:
            return [form.errors for form in formset.formset.forms]
    raise AssertionError(f"no inline {prefix}")


@pytest.fixture
def desk(db):
    """The things a whole story refers to: a section, authors, a source, kinds."""
    return {
        "section": SectionFactory(name="World", slug="world"),
        "reporter": AuthorFactory(name="Hana Mori"),
        "photographer": AuthorFactory(name="Sam Ortiz"),
        "source": SourceFactory(organisation="Institute for Harbour Studies"),
        "did_you_know": CalloutKind.objects.get(slug="did-you-know"),
    }


def whole_story_data(response, desk):
    data = form_data(response)
    data.update(
        headline="Harbour city opens its new ferry line",
        slug="",
        dek="Commuters cross the bay in twelve minutes.",
        section=str(desk["section"].pk),
        dateline="OSAKA",
        tags="ferries, transport",
    )
    set_rows(
        data,
        "parts",
        [
            {
                "position": "1",
                "kind": "paragraph",
                "text": "<p>The first ferry left.</p>",
            },
            {
                "position": "2",
                "kind": "callout",
                "callout_kind": str(desk["did_you_know"].pk),
                "text": "<p>Steam ferries crossed the bay in 1890.</p>",
            },
            {"position": "3", "kind": "subhead", "title": "Why the line matters"},
            {
                "position": "4",
                "kind": "paragraph",
                "text": "<p>Planners expect less traffic.</p>",
            },
            {
                "position": "5",
                "kind": "quote",
                "text": "<p>This changes how the city moves.</p>",
                "speaker": "Aiko Tanaka",
                "speaker_title": "transport planner",
                "quote_source": str(desk["source"].pk),
                "display": "pull",
            },
            {
                "position": "6",
                "kind": "bulleted",
                "text": "<p>Boats every 15 minutes</p>",
            },
            {
                "position": "7",
                "kind": "bulleted",
                "text": "<p>Bikes allowed on board</p>",
            },
            {"position": "8", "kind": "numbered", "text": "<p>Buy a pass</p>"},
            {
                "position": "9",
                "kind": "numbered",
                "text": "<p>Board at the north pier</p>",
            },
            {
                "position": "10",
                "kind": "image",
                "image": png_upload(),
                "caption": "The new ferry at dawn.",
                "credit": "Sam Ortiz",
                "alt_text": "A white ferry leaving a pier.",
            },
        ],
    )
    set_rows(
        data,
        "bylines",
        [
            {"author": str(desk["reporter"].pk), "role": "written", "position": "1"},
            {"author": str(desk["photographer"].pk), "role": "photos", "position": "2"},
        ],
    )
    set_rows(
        data,
        "citations",
        [
            {
                "source": str(desk["source"].pk),
                "claim": "Traffic across the bay.",
                "position": "1",
            }
        ],
    )
    return data


def test_the_add_page_opens_with_the_rich_text_editor_loaded(staff_client):
    response = staff_client.get(ADD_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<script type="importmap"' in page
    assert "django_prose_editor/editor.js" in page
    assert "django_prose_editor/configurable.js" in page
    # Every body-part text, the blank row for "Add another" too, is an editor.
    assert 'name="parts-0-text"' in page
    assert page.count("data-django-prose-editor-configurable") >= 2
    assert "admin/articles/body_parts.js" in page
    assert "admin/articles/inline_order.js" in page


def test_a_whole_story_is_written_on_one_page(staff_client, staff_user, desk):
    data = whole_story_data(staff_client.get(ADD_URL), desk)

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get()
    assert article.slug == "harbour-city-opens-its-new-ferry-line"
    assert article.status == Status.DRAFT
    assert article.created_by == staff_user
    assert sorted(article.tags.names()) == ["ferries", "transport"]
    parts = list(article.parts.all())
    assert [part.kind for part in parts] == [
        Kind.PARAGRAPH,
        Kind.CALLOUT,
        Kind.SUBHEAD,
        Kind.PARAGRAPH,
        Kind.QUOTE,
        Kind.BULLETED_ITEM,
        Kind.BULLETED_ITEM,
        Kind.NUMBERED_ITEM,
        Kind.NUMBERED_ITEM,
        Kind.IMAGE,
    ]
    assert parts[1].callout_kind == desk["did_you_know"]
    assert parts[2].title == "Why the line matters"
    quote = parts[4]
    assert (quote.speaker, quote.display, quote.quote_source) == (
        "Aiko Tanaka",
        BodyPart.Display.PULL,
        desk["source"],
    )
    assert parts[9].image.name.endswith(".png") and parts[9].alt_text
    assert [(b.author.name, b.role) for b in article.bylines.all()] == [
        ("Hana Mori", "written"),
        ("Sam Ortiz", "photos"),
    ]
    assert [c.source for c in article.citations.all()] == [desk["source"]]

    page = staff_client.get(change_url(article))

    assert page.status_code == 200
    shown = form_data(page)
    assert shown["headline"] == "Harbour city opens its new ferry line"
    assert shown["parts-TOTAL_FORMS"] == "10"
    assert shown["parts-1-callout_kind"] == str(desk["did_you_know"].pk)
    assert shown["parts-4-speaker"] == "Aiko Tanaka"
    assert shown["parts-4-display"] == "pull"
    assert shown["bylines-1-author"] == str(desk["photographer"].pk)
    assert shown["citations-0-source"] == str(desk["source"].pk)
    content = page.content.decode()
    assert "Hana Mori" in content and "Institute for Harbour Studies" in content
    assert "Why the line matters" in content


def test_parts_are_reordered_and_edited_on_the_change_page(staff_client):
    article = ArticleFactory()
    first = BodyPartFactory(article=article, position=1, text="<p>First.</p>")
    second = BodyPartFactory(article=article, position=2, text="<p>Second.</p>")
    third = BodyPartFactory(article=article, position=3, text="<p>Third.</p>")
    data = form_data(staff_client.get(change_url(article)))
    index = {data[f"parts-{i}-id"]: i for i in range(3)}

    # What the up/down buttons do: the third part moves to the top.
    data[f"parts-{index[str(third.pk)]}-position"] = "1"
    data[f"parts-{index[str(first.pk)]}-position"] = "2"
    data[f"parts-{index[str(second.pk)]}-position"] = "3"
    data[f"parts-{index[str(second.pk)]}-text"] = "<p>Second, <em>rewritten</em>.</p>"
    response = staff_client.post(change_url(article), data)

    assert response.status_code == 302
    assert [part.pk for part in article.parts.all()] == [third.pk, first.pk, second.pk]
    second.refresh_from_db()
    assert second.text == "<p>Second, <em>rewritten</em>.</p>"


def test_hostile_html_posted_in_a_part_is_cleaned(staff_client):
    article = ArticleFactory()
    part = BodyPartFactory(article=article, position=1)
    data = form_data(staff_client.get(change_url(article)))
    data["parts-0-text"] = (
        '<p>Read <a href="javascript:alert(1)">this</a><script>alert("x")</script>'
        '<strong onclick="steal()">now</strong><img src="x" onerror="steal()"></p>'
    )

    response = staff_client.post(change_url(article), data)

    assert response.status_code == 302
    part.refresh_from_db()
    assert "<script" not in part.text and "alert" not in part.text
    assert "onclick" not in part.text and "onerror" not in part.text
    assert "javascript:" not in part.text and "<img" not in part.text
    assert part.text.startswith("<p>") and "<strong>now</strong>" in part.text


def test_a_callout_without_a_kind_is_an_error_on_its_row(staff_client, desk):
    data = whole_story_data(staff_client.get(ADD_URL), desk)
    data["parts-1-callout_kind"] = ""

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    errors = row_errors(response, "parts")
    assert "callout_kind" in errors[1]
    assert "Pick the kind of callout" in str(errors[1]["callout_kind"])
    assert not any(errors[0]) and not any(errors[2])
    assert not Article.objects.exists()


def test_a_subhead_without_words_is_an_error_on_its_row(staff_client, desk):
    data = whole_story_data(staff_client.get(ADD_URL), desk)
    data["parts-2-title"] = ""

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    errors = row_errors(response, "parts")
    assert "A subhead needs its words." in str(errors[2]["title"])
    assert not Article.objects.exists()


def test_blank_extra_rows_are_ignored_even_when_renumbered(staff_client, desk):
    data = form_data(staff_client.get(ADD_URL))
    data.update(headline="A story with no body yet", section=str(desk["section"].pk))
    # The reorder buttons give every row a position, blank ones included.
    data["parts-0-position"] = "4"
    data["bylines-0-position"] = "2"

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert not article.parts.exists()
    assert not article.bylines.exists()


def test_fields_a_part_kind_does_not_use_are_not_kept(staff_client, desk):
    article = ArticleFactory()
    part = BodyPartFactory(
        article=article,
        position=1,
        kind=Kind.CALLOUT,
        callout_kind=desk["did_you_know"],
    )
    data = form_data(staff_client.get(change_url(article)))
    data["parts-0-kind"] = "paragraph"

    response = staff_client.post(change_url(article), data)

    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.kind, part.callout_kind) == (Kind.PARAGRAPH, None)


# What the Copy desk panel reads, whatever the story's length: its rules, house
# list, settings, the names it knows (sources, authors, sections, tags), the
# story whole, and the findings marked as intended.
COPY_DESK_QUERIES = 9


def test_a_long_story_page_takes_a_bounded_number_of_queries(
    staff_client, desk, django_assert_max_num_queries
):
    article = ArticleFactory()
    for position in range(30):
        kind = Kind.CALLOUT if position % 5 == 0 else Kind.PARAGRAPH
        callout_kind = desk["did_you_know"] if kind == Kind.CALLOUT else None
        BodyPartFactory(
            article=article, position=position, kind=kind, callout_kind=callout_kind
        )
    BylineFactory(article=article, author=desk["reporter"])
    CitationFactory(article=article, source=desk["source"])

    # The form with its inlines, the header's unread notifications, and the
    # editor's autosave if she left one.
    with django_assert_max_num_queries(17 + COPY_DESK_QUERIES):
        response = staff_client.get(change_url(article))

    assert response.status_code == 200
    assert response.content.decode().count('class="part-kind"') == 31
    assert 'id="copy-desk"' in response.content.decode()


@pytest.fixture
def stories(request, desk):
    """``request.param`` stories with bylines, tags and a citation each."""
    articles = []
    for number in range(request.param):
        factory = ArticleFactory if number % 2 else PublishedArticleFactory
        article = factory(section=desk["section"], headline=f"Ferry story {number}")
        article.tags.add("ferries", f"tag-{number}")
        BylineFactory(article=article, author=desk["reporter"], position=1)
        BylineFactory(article=article, author=AuthorFactory(), position=2)
        CitationFactory(article=article, source=desk["source"])
        articles.append(article)
    return articles


def list_queries(desk, published):
    published_on = timezone.localtime(published.published_at)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    created_today = urlencode(
        {
            "created_at__gte": str(midnight),
            "created_at__lt": str(midnight + timezone.timedelta(days=1)),
        }
    )
    return [
        "",
        "q=ferry",
        "q=Hana+Mori",
        "status__exact=draft",
        f"section__id__exact={desk['section'].pk}",
        f"bylines__author__id__exact={desk['reporter'].pk}",
        f"cites={desk['source'].pk}",
        f"published_at__year={published_on.year}"
        f"&published_at__month={published_on.month}",
        "published_at__isnull=False",
        created_today,
        f"q=Mori&status__exact=published&section__id__exact={desk['section'].pk}"
        f"&bylines__author__id__exact={desk['reporter'].pk}&cites={desk['source'].pk}",
    ]


@pytest.mark.parametrize("stories", [1, 30], indirect=True)
def test_the_story_list_answers_every_search_and_filter_in_few_queries(
    staff_client, desk, stories, django_assert_max_num_queries
):
    for query in list_queries(desk, published=stories[0]):
        with django_assert_max_num_queries(14):
            response = staff_client.get(f"{LIST_URL}?{query}")

        assert response.status_code == 200, query


@pytest.mark.parametrize("stories", [3], indirect=True)
def test_the_story_list_shows_status_bylines_and_tags(staff_client, stories):
    response = staff_client.get(LIST_URL)

    content = response.content.decode()
    assert 'class="status-badge status-published"' in content
    assert 'class="status-badge status-draft"' in content
    # Each row's own column, in byline order: the name alone is in the filters too.
    for story in stories:
        names = ", ".join(b.author.name for b in story.bylines.order_by("position"))
        assert names.startswith("Hana Mori, ")
        assert f'<td class="field-credits">{escape(names)}</td>' in content
    assert "ferries, tag-1" in content


def test_search_finds_stories_by_a_bylines_author(staff_client, desk):
    credited = ArticleFactory(headline="Trams return")
    BylineFactory(article=credited, author=desk["photographer"])
    ArticleFactory(headline="Buses leave")

    response = staff_client.get(f"{LIST_URL}?q=Ortiz")

    assert list(response.context["cl"].result_list) == [credited]


def test_a_source_links_to_the_stories_that_cite_it(staff_client, desk):
    citing = [ArticleFactory(headline=f"Citing {n}") for n in range(2)]
    for article in citing:
        CitationFactory(article=article, source=desk["source"])
    ArticleFactory(headline="Not citing")

    sources = staff_client.get(reverse("admin:articles_source_changelist"))
    link = f"{LIST_URL}?cites={desk['source'].pk}"

    assert f'<a href="{link}">2 stories</a>' in sources.content.decode()
    listed = staff_client.get(link)
    assert set(listed.context["cl"].result_list) == set(citing)
    assert "Institute for Harbour Studies" in listed.content.decode()


def test_the_source_list_is_searched_and_filtered(staff_client, desk):
    SourceFactory(
        organisation="Ministry of Transport", abbreviation="MOT", kind="statement"
    )

    by_abbreviation = staff_client.get(
        reverse("admin:articles_source_changelist") + "?q=MOT"
    )
    by_kind = staff_client.get(
        reverse("admin:articles_source_changelist") + "?kind__exact=statement"
    )

    assert [s.organisation for s in by_abbreviation.context["cl"].result_list] == [
        "Ministry of Transport"
    ]
    assert [s.organisation for s in by_kind.context["cl"].result_list] == [
        "Ministry of Transport"
    ]


def test_quotes_are_listed_by_speaker_across_stories_with_links(staff_client):
    stories = [ArticleFactory(headline="Ferries"), ArticleFactory(headline="Trams")]
    for article in stories:
        BodyPartFactory(
            article=article, kind=Kind.QUOTE, speaker="Aiko Tanaka", text="<p>Yes.</p>"
        )
    BodyPartFactory(article=stories[0], kind=Kind.QUOTE, speaker="Ben Ito")
    BodyPartFactory(article=stories[0], kind=Kind.PARAGRAPH)

    response = staff_client.get(
        reverse("admin:articles_quote_changelist") + "?q=Tanaka"
    )

    assert response.status_code == 200
    quotes = list(response.context["cl"].result_list)
    assert {quote.article for quote in quotes} == set(stories)
    assert all(quote.speaker == "Aiko Tanaka" for quote in quotes)
    content = response.content.decode()
    for article in stories:
        assert change_url(article) in content
    assert Quote.objects.count() == 3
    assert not response.context["has_add_permission"]


def test_view_on_site_is_offered_only_once_a_story_is_public(staff_client):
    live = PublishedArticleFactory()
    draft = ArticleFactory()

    live_page = staff_client.get(change_url(live)).content.decode()
    draft_page = staff_client.get(change_url(draft))

    assert "View on site" in live_page
    assert draft_page.context["has_absolute_url"] is False


@pytest.mark.parametrize(
    "name",
    ["section", "author", "calloutkind", "source", "correction", "quote"],
)
def test_the_other_lists_answer(staff_client, name, desk):
    CitationFactory(source=desk["source"])
    BodyPartFactory(kind=Kind.QUOTE, speaker="Aiko Tanaka")

    response = staff_client.get(reverse(f"admin:articles_{name}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "name", ["section", "author", "calloutkind", "source", "correction"]
)
def test_the_other_add_pages_answer(staff_client, name):
    response = staff_client.get(reverse(f"admin:articles_{name}_add"))

    assert response.status_code == 200


def test_section_positions_are_edited_on_the_list(staff_client):
    world = SectionFactory(name="World", slug="world", position=1)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(world.pk),
        "form-0-position": "7",
        "_save": "Save",
    }

    response = staff_client.post(reverse("admin:articles_section_changelist"), data)

    assert response.status_code == 302
    world.refresh_from_db()
    assert world.position == 7


def test_sources_are_found_by_the_story_pages_autocomplete(staff_client, desk):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "citation",
            "field_name": "source",
            "term": "Harbour",
        },
    )

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [
        str(desk["source"].pk)
    ]


# Status changes: buttons on the story page, actions on the list.


def test_a_button_submits_the_story_and_records_the_transition(
    staff_client, staff_user
):
    article = ArticleFactory()

    response = staff_client.post(
        status_url(article), {"change": "submit", "note": "Ready"}, follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    transition = article.transitions.get()
    assert (transition.source, transition.target) == (Status.DRAFT, Status.SUBMITTED)
    assert (transition.by, transition.note) == (staff_user, "Ready")
    assert (SUCCESS, f"“{article}” is now submitted.") in messages_of(response)
    content = response.content.decode()
    assert "Status history" in content and "Ready" in content


def test_the_page_offers_only_the_changes_open_from_the_status(staff_client):
    article = ArticleFactory(status=Status.SUBMITTED)

    response = staff_client.get(change_url(article))

    content = response.content.decode()
    assert 'value="approve"' in content and 'value="send_back"' in content
    assert 'value="publish"' not in content and 'value="unpublish"' not in content


@pytest.mark.parametrize(
    ("source", "change", "target"),
    [
        (Status.SUBMITTED, "approve", Status.APPROVED),
        (Status.APPROVED, "publish", Status.PUBLISHED),
        (Status.SUBMITTED, "send_back", Status.DRAFT),
        (Status.DRAFT, "spike", Status.SPIKED),
    ],
)
def test_each_button_moves_the_status(staff_client, source, change, target):
    article = ArticleFactory(status=source, ready_for_the_desk=True)

    staff_client.post(
        status_url(article), {"change": change, "note": "Needs a source."}
    )

    article.refresh_from_db()
    assert article.status == target
    assert article.transitions.get().target == target


def test_sending_back_without_a_note_is_refused_and_changes_nothing(staff_client):
    article = ArticleFactory(status=Status.SUBMITTED)

    response = staff_client.post(
        status_url(article), {"change": "send_back"}, follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert not article.transitions.exists()
    [(level, text)] = messages_of(response)
    assert level == ERROR and "why the story goes back" in text


def test_publishing_then_unpublishing_by_button(staff_client):
    article = ArticleFactory(status=Status.APPROVED, ready_for_the_desk=True)

    staff_client.post(status_url(article), {"change": "publish"})
    staff_client.post(status_url(article), {"change": "unpublish"})

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert [t.target for t in article.transitions.all()] == ["published", "unpublished"]


def test_scheduling_by_button_sets_the_publication_time(staff_client):
    article = ArticleFactory(status=Status.APPROVED, ready_for_the_desk=True)
    at = timezone.localtime() + timezone.timedelta(days=2)

    staff_client.post(
        status_url(article), {"change": "schedule", "at": at.strftime("%Y-%m-%dT%H:%M")}
    )

    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert article.published_at == at.replace(second=0, microsecond=0)


def test_scheduling_for_a_past_time_is_refused(staff_client):
    article = ArticleFactory(status=Status.APPROVED)
    past = timezone.localtime() - timezone.timedelta(hours=1)

    response = staff_client.post(
        status_url(article),
        {"change": "schedule", "at": past.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert (ERROR, "Pick a time in the future.") in messages_of(response)


def test_a_refused_change_shows_an_error_and_changes_nothing(staff_client):
    article = ArticleFactory(status=Status.DRAFT)

    response = staff_client.post(
        status_url(article), {"change": "publish"}, follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.published_at is None
    assert not article.transitions.exists()
    assert (ERROR, "A draft story cannot become published.") in messages_of(response)


def test_the_status_view_answers_only_posts(staff_client):
    article = ArticleFactory()

    response = staff_client.get(status_url(article))

    assert response.status_code == 405


def run_action(client, action, articles, **extra):
    return client.post(
        LIST_URL,
        {"action": action, "_selected_action": [a.pk for a in articles], **extra},
        follow=True,
    )


def test_a_list_action_moves_every_selected_story(staff_client):
    articles = [ArticleFactory(), ArticleFactory()]

    response = run_action(staff_client, "submit_selected", articles)

    for article in articles:
        article.refresh_from_db()
        assert article.status == Status.SUBMITTED
        assert article.transitions.get().target == Status.SUBMITTED
    assert (SUCCESS, "Submit for review: 2 stories changed.") in messages_of(response)


def test_a_list_action_refuses_what_it_cannot_move_and_says_so(staff_client):
    live = PublishedArticleFactory(headline="Live")
    draft = ArticleFactory(headline="Draft")

    response = run_action(staff_client, "unpublish_selected", [live, draft])

    live.refresh_from_db()
    draft.refresh_from_db()
    assert live.status == Status.UNPUBLISHED
    assert draft.status == Status.DRAFT
    assert not draft.transitions.exists()
    [(level, text)] = messages_of(response)
    assert level == ERROR
    assert "1 story changed" in text
    assert "“Draft”: A draft story cannot become unpublished." in text


@pytest.mark.parametrize(
    ("action", "source", "target"),
    [
        ("approve_selected", Status.SUBMITTED, Status.APPROVED),
        ("publish_selected", Status.APPROVED, Status.PUBLISHED),
        ("spike_selected", Status.DRAFT, Status.SPIKED),
    ],
)
def test_each_list_action_moves_the_status(staff_client, action, source, target):
    article = ArticleFactory(status=source, ready_for_the_desk=True)

    run_action(staff_client, action, [article])

    article.refresh_from_db()
    assert article.status == target


def test_the_schedule_action_asks_when_then_schedules(staff_client):
    articles = [
        ArticleFactory(status=Status.APPROVED, ready_for_the_desk=True)
        for _ in range(2)
    ]
    at = timezone.localtime() + timezone.timedelta(days=1)

    question = run_action(staff_client, "schedule_selected", articles)
    assert question.status_code == 200
    assert [a.status for a in Article.objects.all()] == [Status.APPROVED] * 2
    data = form_data(question, form_id="schedule-form")
    data["at"] = at.strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(LIST_URL, data, follow=True)

    for article in articles:
        article.refresh_from_db()
        assert article.status == Status.SCHEDULED
        assert article.published_at == at.replace(second=0, microsecond=0)
    assert (SUCCESS, "Schedule: 2 stories changed.") in messages_of(response)


def test_a_reporter_is_offered_only_what_a_reporter_may_do(client, reporter):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)

    page = client.get(change_url(article)).content.decode()
    actions = client.get(LIST_URL).context["action_form"].fields["action"].choices

    assert 'value="submit"' in page
    assert 'value="spike"' not in page
    assert {name for name, _label in actions} == {"", "submit_selected"}


def test_a_reporter_cannot_publish_through_the_button(client, reporter):
    article = ArticleFactory(created_by=reporter, status=Status.APPROVED)
    client.force_login(reporter)

    response = client.post(status_url(article), {"change": "publish"}, follow=True)

    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert [level for level, _text in messages_of(response)] == [ERROR]


def _story_page_queries(client, desk, rows):
    article = ArticleFactory()
    for position in range(rows):
        BylineFactory(article=article, author=AuthorFactory(), position=position)
        CitationFactory(article=article, source=SourceFactory(), position=position)
    client.get(change_url(article))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(article)).status_code == 200
    return len(queries)


def test_bylines_and_citations_cost_the_story_page_one_query_a_row_at_most(
    staff_client, desk
):
    # Each row's autocomplete asks for its chosen author or source; nothing else
    # (its label, the row's str()) may ask again.
    one = _story_page_queries(staff_client, desk, 1)
    eleven = _story_page_queries(staff_client, desk, 11)

    assert eleven - one <= 2 * 10  # ten more bylines and ten more citations


def test_a_page_with_errors_says_which_chosen_files_to_choose_again(staff_client):
    article = ArticleFactory()
    BodyPartFactory(article=article, position=0, kind=Kind.IMAGE, alt_text="A quay.")
    data = form_data(staff_client.get(change_url(article)))
    data.update(
        headline="",
        lead_image=png_upload("ferry-at-dawn.png"),
        **{"parts-0-image": png_upload("quay.png")},
    )

    response = staff_client.post(change_url(article), data)

    assert response.status_code == 200
    assert (
        "WARNING",
        "Nothing was saved, so the files you chose were not uploaded: "
        "Lead image (ferry-at-dawn.png), Body part 1, image (quay.png). "
        "Choose them again before you save.",
    ) in [
        (message.level_tag.upper(), str(message))
        for message in response.context["messages"]
    ]
    # Each file field asks for its own file again, by name, and says why.
    page = response.content.decode()
    assert 'aria-describedby="id_lead_image_again"' in page
    assert (
        '<p class="choose-again" id="id_lead_image_again"><strong>Choose '
        "“ferry-at-dawn.png” again.</strong> The story was not saved, so it was "
        "not uploaded, and a browser cannot keep a chosen file.</p>"
    ) in page
    assert 'id="id_parts-0-image_again"><strong>Choose “quay.png” again.' in page
    article.refresh_from_db()
    assert not article.lead_image


def test_image_fields_show_a_thumbnail_of_the_image_they_hold(staff_client):
    article = ArticleFactory(lead_image=png_upload("harbour-at-dawn.png"))
    part = BodyPartFactory(article=article, kind=Kind.IMAGE, image=png_upload())
    empty = ArticleFactory()

    page = staff_client.get(change_url(article)).content.decode()

    thumbnails = re.findall(r'<img src="([^"]+)" alt="" class="image-thumbnail"', page)
    assert len(thumbnails) == 2
    assert all("/renditions/" in src and src.endswith(".webp") for src in thumbnails)
    assert article.lead_image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] in thumbnails[0]
    assert part.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] in thumbnails[1]
    assert "image-thumbnail" not in staff_client.get(change_url(empty)).content.decode()


@pytest.mark.parametrize("has_profile", [True, False])
def test_a_new_story_carries_its_writers_byline_when_she_has_a_profile(
    reporter, desk, has_profile
):
    if has_profile:
        AuthorFactory(name="Rita Reyes", user=reporter)
    client = logged_in_client(reporter)
    data = form_data(client.get(ADD_URL))
    data.update(headline="Ferry fares fall", slug="", section=str(desk["section"].pk))

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get()
    expected = ["Rita Reyes"] if has_profile else []
    assert [byline.author.name for byline in article.bylines.all()] == expected
    # The first revision holds the byline too.
    [version] = revisions.revisions_of(article)
    bylines = version.revision.version_set.filter(content_type__model="byline")
    assert bylines.count() == len(expected)


def test_a_byline_the_writer_gives_is_kept_and_not_doubled(
    staff_client, staff_user, desk
):
    AuthorFactory(name="Desk Editor", user=staff_user)
    data = whole_story_data(staff_client.get(ADD_URL), desk)

    staff_client.post(ADD_URL, data)

    article = Article.objects.get()
    assert [byline.author for byline in article.bylines.all()] == [
        desk["reporter"],
        desk["photographer"],
    ]
