"""generate_stories: many published stories shaped like the seed story, for benchmarks.

The expected shape is read from the seed story itself, imported as an editor would.
"""

import re
from io import StringIO

import pytest

from django.core.management import call_command, get_commands
from django.test import Client

from articles.generate import COMMON_WORD, RARE_EVERY, RARE_WORD
from articles.models import Article, BodyPart
from articles.sanitize import clean_html, html_to_text

from .factories import SectionFactory

pytestmark = pytest.mark.django_db

WHOLE = ("parts__callout_kind", "citations__source", "bylines__author", "tags")


def _generate(count, **options):
    out = StringIO()
    call_command("generate_stories", count, stdout=out, **options)
    return out.getvalue()


def _shape(article):
    """The kinds of the body's parts in reading order, pull quotes told apart."""
    return ["pull quote" if p.is_pull_quote else p.kind for p in article.parts.all()]


def _contents():
    """Everything a reader sees of every story, without database ids."""
    return [
        (
            story.headline,
            story.slug,
            story.dek,
            story.dateline,
            story.section.slug,
            story.published_at,
            [
                (p.kind, p.title, p.text, str(p.callout_kind or ""), p.speaker)
                for p in story.parts.all()
            ],
            [(b.author.slug, b.role) for b in story.bylines.all()],
            [(str(c.source), c.claim) for c in story.citations.all()],
            sorted(story.tags.names()),
        )
        for story in Article.objects.select_related("section")
        .prefetch_related(*WHOLE)
        .order_by("published_at", "slug")
    ]


@pytest.fixture
def seed(seed_story_path):
    SectionFactory(slug="seed-desk")
    call_command(
        "import_article", str(seed_story_path), section="seed-desk", stdout=StringIO()
    )
    return Article.objects.prefetch_related(*WHOLE).get()


def test_generated_stories_are_published_with_the_shape_of_the_seed_story(seed):
    seed_callouts = [p.callout_kind for p in seed.parts.all() if p.kind == "callout"]

    output = _generate(50, seed=3)

    stories = Article.objects.published().exclude(pk=seed.pk).prefetch_related(*WHOLE)
    assert len(stories) == 50
    assert re.search(r"Generated 50 stories in [\d.]+ s \([\d,]+ stories/s\)", output)
    for story in stories:
        parts = list(story.parts.all())
        assert story.headline and story.dek and story.dateline
        # Written without save(), each part still carries the words it holds.
        assert [p.word_count for p in parts] == [p.count_words() for p in parts]
        assert all(p.word_count for p in parts)
        assert _shape(story) == _shape(seed)
        callouts = [p.callout_kind for p in parts if p.kind == "callout"]
        assert len(set(callouts)) == len(callouts) == len(set(seed_callouts))
        [pull] = [p for p in parts if p.is_pull_quote]
        assert pull.speaker and pull.speaker_title
        before_pull = parts[parts.index(pull) - 1]
        assert html_to_text(pull.text) in html_to_text(before_pull.text)
        sources = [c.source_id for c in story.citations.all()]
        assert len(set(sources)) == len(sources) == len(seed.citations.all())
        assert 1 <= len(story.bylines.all()) <= 2
        assert len(story.tags.all()) >= 2
        assert all(clean_html(p.text) == p.text for p in parts)
        assert story.updated_at == story.published_at


def test_generated_stories_reuse_sections_authors_sources_and_tags_across_stories():
    _generate(200, seed=1)

    stories = Article.objects.prefetch_related(*WHOLE)
    sections = {story.section_id for story in stories}
    authors = [b.author_id for story in stories for b in story.bylines.all()]
    sources = [c.source_id for story in stories for c in story.citations.all()]
    tags = [t.pk for story in stories for t in story.tags.all()]
    assert len(sections) > 5
    for used in (authors, sources, tags):
        assert len(set(used)) < len(used)
    years = {story.published_at.year for story in stories}
    assert len(years) >= 4


def test_the_same_seed_writes_the_same_stories_and_another_seed_other_ones():
    _generate(20, seed=7, until="2026-01-15")
    first = _contents()

    Article.objects.all().delete()
    _generate(20, seed=7, until="2026-01-15")
    again = _contents()
    Article.objects.all().delete()
    _generate(20, seed=8, until="2026-01-15")
    other = _contents()

    assert again == first
    assert other != first
    assert max(story[5] for story in first).isoformat() < "2026-01-15"


def test_a_second_run_adds_stories_beside_the_first_ones():
    _generate(10, seed=1)
    _generate(10, seed=1)

    assert Article.objects.published().count() == 20
    assert Article.objects.values("slug").distinct().count() == 20


def test_the_common_word_is_in_every_story_and_the_rare_word_in_one_per_thousand():
    _generate(RARE_EVERY, seed=2, batch=400)

    paragraphs = BodyPart.objects.filter(kind="paragraph")
    with_common = paragraphs.filter(text__contains=f" {COMMON_WORD} ")
    assert with_common.values("article").distinct().count() == RARE_EVERY
    with_rare = paragraphs.filter(text__contains=RARE_WORD)
    assert with_rare.values("article").distinct().count() == 1


def test_the_generated_stories_pages_answer():
    _generate(12, seed=5)

    client = Client()
    for story in Article.objects.select_related("section"):
        assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_a_page_cached_before_shows_the_stories_written_after():
    _generate(3, seed=1)
    client = Client()
    client.get("/")

    _generate(1, seed=2)

    written_after = Article.objects.latest("pk")
    assert written_after.headline in client.get("/").content.decode()


def test_the_report_says_whether_the_search_index_was_rebuilt():
    output = _generate(3, seed=1)

    if "rebuild_search_index" in get_commands():
        assert "Search index: rebuilt in" in output
    else:
        assert "no rebuild_search_index command" in output


def test_a_count_below_one_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        _generate(0)
