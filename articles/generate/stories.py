"""Many published stories at once, shaped like a real one, for benchmarks.

Each story has the shape of a typical wire story: a headline, a dek, a dateline, and a
body of 13 parts in this order: paragraph, callout, subhead, paragraph, paragraph, pull
quote, subhead, paragraph, paragraph, callout of another kind, subhead, paragraph,
paragraph. The pull quote repeats words of the paragraph before it, as pull quotes
do. Each story cites three reusable sources, carries one or two bylines and a few tags,
and is spread over the sections and over the past years.

Rows are written by ``articles.stories.write_new_stories`` in batches, one
transaction a batch, so ``save()`` and the ``post_save`` signals do not run: text is
written already in the shape ``sanitize.clean_html`` stores, and what signals would
have kept in step is brought in step once at the end: the page cache's content
version, and the search index (see ``rebuild_search_index``).
"""

import datetime
import html
import random
import time
from dataclasses import dataclass
from itertools import accumulate

from taggit.models import Tag

from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from .. import caching
from ..importing import CitedSource, Part
from ..models import (
    Article,
    Author,
    BodyPart,
    Byline,
    CalloutKind,
    Section,
    Source,
    unicode_slug,
)
from ..stories import NewStory, write_new_stories
from . import words

Kind = BodyPart.Kind

# The body, in reading order. "quote" is the pull quote; the paragraph before it
# ends with the same words.
SHAPE = [
    Kind.PARAGRAPH,
    Kind.CALLOUT,
    Kind.SUBHEAD,
    Kind.PARAGRAPH,
    Kind.PARAGRAPH,
    Kind.QUOTE,
    Kind.SUBHEAD,
    Kind.PARAGRAPH,
    Kind.PARAGRAPH,
    Kind.CALLOUT,
    Kind.SUBHEAD,
    Kind.PARAGRAPH,
    Kind.PARAGRAPH,
]
CITATIONS_PER_STORY = 3
AUTHOR_POOL = 40
SOURCE_POOL = 30
SPEAKER_POOL = 60
TAG_POOL = 60

# The name of the search app's command that rebuilds its index from the stories.
SEARCH_REBUILD_COMMAND = "rebuild_search_index"
TITLE_WORDS = [*words.NOUNS, *words.ADJECTIVES, *words.VERBS]


@dataclass
class Report:
    """What a run made, and how long it took."""

    stories: int
    seconds: float
    search_index: str

    @property
    def rate(self):
        return self.stories / self.seconds if self.seconds else float("inf")


def _sentence(rng, pool, low, high):
    chosen = rng.choices(pool, k=rng.randint(low, high))
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def _title(rng, low, high):
    chosen = rng.choices(TITLE_WORDS, k=rng.randint(low, high))
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen)


def _html(text):
    """Plain text as ``sanitize.text_to_html`` stores it, without nh3 for each part."""
    return f"<p>{html.escape(text, quote=False)}</p>"


class StoryGenerator:
    """Writes published stories into the database; ``run(count)`` writes ``count``."""

    def __init__(self, *, seed=0, batch_size=1000, until=None, years=5, stdout=None):
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        # Whole days, so that two runs on the same day with the same seed agree.
        until = until or timezone.now()
        self.until = until.replace(hour=0, minute=0, second=0, microsecond=0)
        self.span = int(datetime.timedelta(days=365 * years).total_seconds())
        self.stdout = stdout
        self.text_pool = [
            *words.FUNCTION_WORDS,
            *words.NOUNS * 2,
            *words.VERBS,
            *words.ADJECTIVES,
            *words.ADVERBS,
        ]

    # The pools: rows shared by many stories, found again on a second run.

    @transaction.atomic
    def _pools(self):
        self.sections, self.section_weights = self._sections()
        self.authors = self._authors()
        self.sources = self._sources()
        self.tags = self._tags()
        self.callout_kinds = list(CalloutKind.objects.order_by("position", "pk"))
        if len(self.callout_kinds) < 2:
            raise ValueError("Stories need two callout kinds: run the migrations.")
        self.callout_kinds_by_name = {kind.name: kind for kind in self.callout_kinds}
        self.speakers = self._speakers()
        # A pull quote's source, as a parsed story names it (organisation and title
        # together are unique in the pool).
        self.cited = {
            source.pk: CitedSource(source.organisation, as_written=str(source))
            for source in self.sources
        }
        self.quoted = {self.cited[source.pk]: source for source in self.sources}

    def _sections(self):
        sections, weights = {}, []
        for position, (slug, name, parent, weight) in enumerate(words.SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "parent": sections[parent] if parent else None,
                    "position": position,
                },
            )
            weights.append(weight)
        return list(sections.values()), list(accumulate(weights))

    def _people(self, count, stride):
        first, last = words.FIRST_NAMES, words.LAST_NAMES
        return [
            f"{first[i % len(first)]} {last[(i * stride) % len(last)]}"
            for i in range(count)
        ]

    def _authors(self):
        authors = []
        for i, name in enumerate(self._people(AUTHOR_POOL, 7)):
            author, _ = Author.objects.get_or_create(
                slug=unicode_slug(name),
                defaults={
                    "name": name,
                    "title": words.STAFF_TITLES[i % len(words.STAFF_TITLES)],
                    "bio": f"{name.split()[0]} writes for the desk. "
                    + _sentence(random.Random(i), self.text_pool, 12, 20),
                },
            )
            authors.append(author)
        return authors

    def _sources(self):
        pick = random.Random(SOURCE_POOL)
        sources = []
        for i in range(SOURCE_POOL):
            form = words.ORGANISATION_FORMS[i % len(words.ORGANISATION_FORMS)]
            nouns = pick.sample(words.NOUNS, 2)
            organisation = form.format(
                Adjective=pick.choice(words.ADJECTIVES).capitalize(),
                Noun=nouns[0].capitalize(),
                Noun2=nouns[1].capitalize(),
            )
            title = _title(pick, 4, 7) if i % 3 else ""
            source, _ = Source.objects.get_or_create(
                organisation=organisation,
                title=title,
                defaults={
                    "kind": Source.Kind.REPORT if title else Source.Kind.ORGANISATION,
                    "published_on": datetime.date(2020 + i % 5, 1 + i % 12, 1),
                    "published_precision": Source.Precision.MONTH,
                },
            )
            sources.append(source)
        return sources

    def _tags(self):
        names = sorted(set(words.NOUNS))[:: max(1, len(set(words.NOUNS)) // TAG_POOL)]
        tags = []
        for name in names[:TAG_POOL]:
            tag = Tag.objects.filter(name__iexact=name).first()
            tags.append(tag or Tag.objects.create(name=name, slug=name))
        return tags

    def _speakers(self):
        titles = words.SPEAKER_TITLES
        return [
            (name, titles[i % len(titles)])
            for i, name in enumerate(self._people(SPEAKER_POOL, 11))
        ]

    # One story.

    def _text(self, low, high):
        count = self.rng.randint(low, high)
        sentences = (_sentence(self.rng, self.text_pool, 9, 22) for _ in range(count))
        return " ".join(sentences)

    def _marker_words(self, number):
        """The sentence with the word every story has, and now and then the rare one."""
        verb, adverb = self.rng.choice(words.VERBS), self.rng.choice(words.ADVERBS)
        text = f" The {words.COMMON_WORD} {verb} it {adverb}."
        if number % words.RARE_EVERY == words.RARE_EVERY // 2:
            text += f" A {words.RARE_WORD} was {self.rng.choice(words.VERBS)} there."
        return text

    def _story(self, number):
        rng = self.rng
        headline = _title(rng, 6, 11)
        age = datetime.timedelta(seconds=rng.randrange(60, self.span))
        published_at = self.until - age
        article = Article(
            headline=headline,
            slug=f"{unicode_slug(headline, 100)}-{number}",
            dek=_sentence(rng, self.text_pool, 14, 24),
            dateline=rng.choice(words.DATELINES),
            section=rng.choices(self.sections, cum_weights=self.section_weights)[0],
            status=Article.Status.PUBLISHED,
            published_at=published_at,
            created_at=published_at - datetime.timedelta(hours=rng.randint(2, 30)),
            lock_version=1,
        )
        kinds = rng.sample(self.callout_kinds, 2)
        speaker, speaker_title = rng.choice(self.speakers)
        sources = rng.sample(self.sources, CITATIONS_PER_STORY)
        quote = _sentence(rng, self.text_pool, 22, 32)
        parts = []
        paragraphs = 0
        for kind in SHAPE:
            if kind == Kind.SUBHEAD:
                parts.append(Part("subhead", _title(rng, 4, 9)))
                continue
            if kind == Kind.PARAGRAPH:
                text = self._text(3, 5)
                if paragraphs == 0:
                    text += self._marker_words(number)
                if SHAPE[len(parts) + 1 : len(parts) + 2] == [Kind.QUOTE]:
                    text = f"{text} {speaker} said: “{quote}”"
                paragraphs += 1
                part = Part("paragraph", text)
            elif kind == Kind.CALLOUT:
                callout_kind = kinds.pop().name
                part = Part("callout", self._text(2, 2), callout_kind=callout_kind)
            elif kind == Kind.QUOTE:
                source = sources[0] if rng.random() < 0.3 else None
                part = Part(
                    "pull_quote",
                    quote,
                    speaker=speaker,
                    speaker_title=speaker_title,
                    source=self.cited[source.pk] if source else None,
                )
            part.html = _html(part.text)
            parts.append(part)
        authors = rng.sample(self.authors, rng.choice((1, 1, 2)))
        roles = [Byline.Role.WRITTEN.value, Byline.Role.REPORTED.value]
        citations = [
            (source.pk, _sentence(rng, self.text_pool, 8, 14)) for source in sources
        ]
        tags = [tag.pk for tag in rng.sample(self.tags, rng.randint(2, 4))]
        return NewStory(
            article=article,
            parts=parts,
            bylines=[
                (author.pk, role) for author, role in zip(authors, roles, strict=False)
            ],
            citations=citations,
            tag_ids=tags,
        )

    # Writing.

    def _write(self, stories):
        with transaction.atomic():
            articles = write_new_stories(
                stories,
                callout_kinds=self.callout_kinds_by_name,
                sources=self.quoted,
            )
            # bulk_create stamps auto_now fields with the present; a generated
            # story was last changed when it was published.
            Article.objects.filter(pk__in=[a.pk for a in articles]).update(
                updated_at=F("published_at")
            )

    def run(self, count):
        """Write ``count`` published stories; return a ``Report``."""
        started = time.perf_counter()
        self._pools()
        first = (Article.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        written = 0
        while written < count:
            size = min(self.batch_size, count - written)
            self._write([self._story(first + written + i) for i in range(size)])
            written += size
            if self.stdout and count > self.batch_size:
                self.stdout.write(f"  {written} stories written")
        seconds = time.perf_counter() - started
        # Signals would have retired pages row by row: retire them all once, so
        # that a running site's page cache retires the pages written before.
        caching.bump()
        report = Report(count, seconds, search_index=rebuild_search_index(self.stdout))
        _refresh_statistics()
        return report


def _refresh_statistics():
    """Let the query planner see the rows just written.

    With autovacuum off (or not yet run), PostgreSQL plans for the empty tables it
    last analysed and reads every story where an index would do; SQLite likewise
    plans better with statistics.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rebuild_search_index(stdout=None):
    """Bring the search index in step with stories written without signals.

    Calls the search app's ``rebuild_search_index`` command when the project has one,
    and says plainly when it has none.
    """
    if SEARCH_REBUILD_COMMAND not in get_commands():
        return f"not rebuilt: the project has no {SEARCH_REBUILD_COMMAND} command"
    started = time.perf_counter()
    call_command(SEARCH_REBUILD_COMMAND, stdout=stdout)
    return f"rebuilt in {time.perf_counter() - started:.1f} s"


def generate_stories(count, **options):
    """Write ``count`` published stories; see ``StoryGenerator`` for their shape."""
    return StoryGenerator(**options).run(count)
