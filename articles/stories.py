"""Writes a parsed story into the database: for the importer, the demo and the admin.

A story read by ``articles.importing`` is plain data; ``write_story`` makes it an
Article with its body parts, bylines, citations, corrections and tags, in one
transaction, and rebuilds its search document once at the end rather than once a
row. ``write_new_stories`` writes thousands of new stories at once for the benchmark
generator. What each parsed part becomes is said once, in ``part_fields()``, for both.
"""

import hashlib
from dataclasses import dataclass, field

from taggit.models import TaggedItem

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, models, router, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from . import caching, rows, sanitize
from .models import (
    Article,
    Author,
    BodyPart,
    Byline,
    CalloutKind,
    Citation,
    Correction,
    Source,
    unicode_slug,
)
from .revisions import FOLLOWED_TAGS, save_written_revision
from .sanitize import clean_html, html_to_text, text_to_html
from .search import index as search_index

Kind = BodyPart.Kind

# The BodyPart kind of each kind of parsed part; list items go by their list style.
PART_KINDS = {
    "paragraph": Kind.PARAGRAPH,
    "subhead": Kind.SUBHEAD,
    "callout": Kind.CALLOUT,
    "quote": Kind.QUOTE,
    "pull_quote": Kind.QUOTE,
    "caption": Kind.IMAGE,
    "image": Kind.IMAGE,
}
LIST_KINDS = {
    "bulleted": Kind.BULLETED_ITEM,
    "numbered": Kind.NUMBERED_ITEM,
}


@dataclass
class WrittenStory:
    """What ``write_story`` did.

    ``sources`` has one ``(cited, source, is_new)`` for each source the story cites,
    in its order: the Source on file now, and whether this story created it.
    ``authors`` maps each of its credits to its Author, ``callout_kinds`` each
    callout kind's name to its CalloutKind, found or created. ``rows`` holds the
    parts, bylines and citations written, in their order, with their ids.
    """

    article: Article
    created: bool
    sources: list
    authors: dict = field(default_factory=dict)
    callout_kinds: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)


class Lookups:
    """The callout kinds and authors on file, read once for a run of imports.

    Each story of a run would otherwise read every callout kind and look its
    authors up again. What a story creates joins these only when its transaction
    commits (``transaction.on_commit``), so a story that fails leaves nothing
    here that the database does not have. A kind or author deleted while the run
    goes on makes the stories that name it fail, as any story naming a row that
    is gone.
    """

    def __init__(self):
        self._callout_kinds = None
        self._authors = {}

    def callout_kinds(self):
        """``{name: CalloutKind}``: those on file when first asked, and those made
        since by the run's stories."""
        if self._callout_kinds is None:
            self._callout_kinds = {
                kind.name: kind for kind in CalloutKind.objects.all()
            }
        return dict(self._callout_kinds)

    def authors(self, credits):
        """``{credit: Author}`` for the credits whose author the run has met.

        By the name as written: the database decides what a name matches in
        another case (``find_or_create_authors``), and the run keeps its answer.
        """
        known = self._authors
        return {
            credit: known[credit.name] for credit in credits if credit.name in known
        }

    def learn(self, written):
        """Keep the kinds and authors ``written`` used, once its transaction commits."""

        def keep():
            if self._callout_kinds is not None:
                self._callout_kinds.update(written.callout_kinds)
            for credit, author in written.authors.items():
                self._authors.setdefault(credit.name, author)

        transaction.on_commit(keep)


def body_kind(part):
    """The ``BodyPart.Kind`` a parsed part becomes."""
    if part.kind == "list_item":
        return LIST_KINDS[part.list_style]
    return PART_KINDS[part.kind]


def part_fields(part, *, callout_kinds, sources=None):
    """The BodyPart field values, by name, that the parsed ``part`` stands for.

    ``callout_kinds`` maps a callout kind's name to its CalloutKind, ``sources`` a
    quote's CitedSource to its Source. Only the fields the part's kind uses
    (``BodyPart.FIELDS_BY_KIND``) are given; the others keep their defaults. Markup
    in ``part.html`` is taken as it is: whoever saves it cleans it.
    """
    kind = body_kind(part)
    used = BodyPart.FIELDS_BY_KIND[kind]
    values = {"kind": kind}
    if "text" in used:
        values["text"] = part.html or text_to_html(part.text)
    if "title" in used:
        values["title"] = part.text if kind == Kind.SUBHEAD else part.title
    if "callout_kind" in used:
        values["callout_kind"] = callout_kinds[part.callout_kind]
    if kind == Kind.QUOTE:
        values["speaker"] = part.speaker
        values["speaker_title"] = part.speaker_title
        values["quote_source"] = sources[part.source] if part.source else None
        pull = part.kind == "pull_quote"
        values["display"] = BodyPart.Display.PULL if pull else BodyPart.Display.INLINE
    if kind == Kind.IMAGE:
        values["image"] = part.image
        values["caption"] = part.text
        values["credit"] = part.credit
        values["alt_text"] = part.alt_text
    return values


def markup_ahead(story):
    """The markup of ``story``'s parts as writing it will clean it and read its
    words (``sanitize.work_out_ahead()``): worked out where the story is parsed,
    for ``sanitize.known_ahead()`` where it is written."""
    return sanitize.work_out_ahead(
        [part.html or sanitize.text_as_markup(part.text) for part in story.body]
    )


class DuplicateStory(Exception):
    """The story is on file already; ``article`` is the one that has it."""

    def __init__(self, article):
        super().__init__(f"already imported as article {article.pk}")
        self.article = article


def story_fingerprint(story):
    """The same for two stories with the same headline and body, whatever the file."""
    text = "\n".join([story.headline, *(part.text for part in story.body)])
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def find_duplicate(story, *, source="", by_text=True, fingerprint=None):
    """The article that has this headline and body, or came from ``source``.

    ``by_text=False`` matches the source only: for imports whose every story has a
    key of its own (a WordPress post), where two stories may share their words.
    ``fingerprint`` is the story's ``story_fingerprint()``, when the caller has it.
    """
    wanted = {}
    if source:
        wanted["imported_from"] = source
    if by_text:
        wanted["import_fingerprint"] = fingerprint or story_fingerprint(story)
    pk = _first_with_any(wanted)
    return None if pk is None else Article.objects.filter(pk=pk).first()


def _first_with_any(values):
    """The id of the first article holding any of ``values`` (``{field: value}``),
    or None.

    ``filter(Q(...) | Q(...)).values_list("pk")`` written out: most stories are
    new, so only the id is asked for (the article, some forty columns, is read
    when there is one), and building the query through the ORM cost ten times
    what running it does, once a story of every import.
    """
    if not values:
        return None
    using = router.db_for_read(Article)
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = Article._meta
    pk = quote(meta.pk.column)
    matches = " OR ".join(
        f"{quote(meta.get_field(name).column)} = %s" for name in values
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk} FROM {quote(meta.db_table)} WHERE {matches}"
            f" ORDER BY {pk} LIMIT 1",
            list(values.values()),
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def import_story(
    story,
    *,
    section,
    source="",
    update=False,
    by=None,
    by_text=True,
    fields=None,
    new_fields=None,
    comment="",
    lookups=None,
):
    """Write an imported ``story`` as a new draft with its first revision.

    A story on file already (same headline and body, or the same ``source``)
    raises ``DuplicateStory`` naming it, unless ``update``: then the story replaces
    that article's text as a new revision, its status, section and history kept.
    ``by_text=False`` looks for it by ``source`` only. ``fields`` sets other
    Article fields on either; ``new_fields`` only on a new article (its slug and
    creation time, which an editor may have changed since). ``lookups`` (a
    ``Lookups``) gives the callout kinds and authors a run has read already, and
    learns this story's. Returns ``(WrittenStory, replaced)``. One transaction:
    all of it is written or none.
    """
    with transaction.atomic():
        fingerprint = story_fingerprint(story)
        existing = find_duplicate(
            story, source=source, by_text=by_text, fingerprint=fingerprint
        )
        if existing is not None and not update:
            raise DuplicateStory(existing)
        values = {"import_fingerprint": fingerprint, **(fields or {})}
        if source:
            values["imported_from"] = source
        if existing is None:
            values.update(new_fields or {})
        written = write_story(
            story,
            section=existing.section if existing is not None else section,
            article=existing,
            by=by,
            fields=values,
            authors=lookups.authors(story.bylines) if lookups else None,
            callout_kinds=lookups.callout_kinds() if lookups else None,
            savepoint=False,
        )
        if lookups is not None:
            lookups.learn(written)
        name = comment or source.rsplit("/", 1)[-1] or "pasted text"
        verb = "Imported again" if existing is not None else "Imported"
        save_written_revision(
            written.article,
            [*written.rows, *tagged_items(written.article, story, existing)],
            by=by,
            comment=f"{verb} from {name}.",
        )
    return written, existing is not None


def tagged_items(article, story, existing):
    """The story's tagged items as its revision names them (read only when it has
    tags, or had some before)."""
    if not story.tags and existing is None:
        return []
    # Read for the revision only: nothing prefetched before is taken as read, and
    # the caller's article keeps no prefetch.
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    prefetched.pop("tagged_items", None)
    prefetch_related_objects([article], FOLLOWED_TAGS)
    return list(article._prefetched_objects_cache.pop("tagged_items"))


def find_or_create_author(credit):
    """The author of that name (any case), or a new one with a free slug."""
    author = Author.objects.filter(name__iexact=credit.name).order_by("pk").first()
    if author is not None:
        return author
    base = unicode_slug(credit.name, max_length=140)
    slug, number = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return Author.objects.create(name=credit.name, slug=slug, title=credit.title)


def find_or_create_authors(credits):
    """``{credit: Author}`` as ``find_or_create_author`` gives them: the authors on
    file found in one query, in any case, the first made first; the others created."""
    credits = list(credits)
    names = list(dict.fromkeys(credit.name for credit in credits))
    match = Q(pk__in=[])
    for name in names:
        match |= Q(name__iexact=name)
    on_file = {}
    for author in Author.objects.filter(match).order_by("pk") if names else []:
        on_file.setdefault(author.name.casefold(), author)
    authors = {}
    for credit in credits:
        author = on_file.get(credit.name.casefold())
        if author is None:
            author = on_file[credit.name.casefold()] = find_or_create_author(credit)
        authors[credit] = author
    return authors


def byline_the_writer(article, user):
    """Give a new story its writer's byline, when it has none and the writer has an
    author profile: a reporter's story is hers without her adding herself."""
    if user is None or article.bylines.exists():
        return None
    author = Author.objects.filter(user=user).first()
    if author is None:
        return None
    return Byline.objects.create(article=article, author=author)


def find_source(cited):
    """The Source on file with the same organisation or abbreviation (any case),
    one of the same date first; None when there is none."""
    return find_sources([cited])[cited]


def find_sources(cited_sources):
    """``{cited: Source or None}`` as ``find_source`` finds them, in one query."""
    cited_sources = list(dict.fromkeys(cited_sources))
    match = Q(pk__in=[])
    for cited in cited_sources:
        match |= Q(organisation__iexact=cited.organisation)
        if cited.abbreviation:
            match |= Q(abbreviation__iexact=cited.abbreviation)
    on_file = list(Source.objects.filter(match).order_by("pk")) if cited_sources else []
    return {cited: best_source(cited, on_file) for cited in cited_sources}


def best_source(cited, candidates):
    """The source of ``candidates`` that ``find_source`` would give for ``cited``."""
    abbreviation = cited.abbreviation.casefold()
    candidates = [
        source
        for source in candidates
        if source.organisation.casefold() == cited.organisation.casefold()
        or (abbreviation and source.abbreviation.casefold() == abbreviation)
    ]
    same_date = [
        source for source in candidates if source.published_on == cited.published_on
    ]
    return (same_date or candidates or [None])[0]


def create_source(cited):
    """A new Source for a cited organisation that is not on file yet."""
    return Source.objects.create(
        organisation=cited.organisation,
        abbreviation=cited.abbreviation,
        published_on=cited.published_on,
        published_precision=cited.precision or Source.Precision.DAY,
        kind=Source.Kind(cited.kind),
    )


def write_story(
    story,
    *,
    section,
    article=None,
    by=None,
    fields=None,
    authors=None,
    sources=None,
    callout_kinds=None,
    savepoint=True,
):
    """Write ``story`` as a new draft in ``section``, or over ``article``.

    Over an existing article, the story's headline, dek, dateline, body, bylines,
    citations, corrections and tags replace the article's; its status and history
    stay. ``fields`` sets other Article fields (slug, language, lead image, ...);
    ``by`` is recorded as the creator of a new article. ``authors`` and ``sources``
    map the story's credits and cited sources to rows the caller already has; the
    others are found on file (``find_or_create_author``, ``find_source``) or created.
    ``callout_kinds`` maps names to the callout kinds on file, when the caller has
    read them; a kind it lacks is found or created. Returns a ``WrittenStory``.
    All of it is written or none: inside a caller's transaction, a savepoint, or
    with ``savepoint=False`` (a caller that fails whole, as an import does) none,
    two statements fewer.
    """
    with (
        transaction.atomic(savepoint=savepoint),
        search_index.deferred(),
        caching.batched(),
    ):
        return _write_story(
            story,
            section=section,
            article=article,
            by=by,
            fields=fields or {},
            authors=authors or {},
            sources=sources or {},
            callout_kinds=callout_kinds,
        )


def _write_story(
    story, *, section, article, by, fields, authors, sources, callout_kinds
):
    created = article is None
    values = {
        "headline": story.headline,
        "dek": story.dek,
        "dateline": story.dateline,
        "section": section,
        **fields,
    }
    if created:
        article = Article(created_by=by, **values)
        if article.slug:
            # A slug brought from elsewhere may be taken in its new section.
            article.slug = article.free_slug(unicode_slug(article.slug))
        article.save_new()
    else:
        for name, value in values.items():
            setattr(article, name, value)
        article.save()
        article.parts.all().delete()
        article.bylines.all().delete()
        article.citations.all().delete()
        article.corrections.all().delete()

    quoted = [part.source for part in story.body if part.source is not None]
    on_file = find_sources(
        cited for cited in [*story.sources, *quoted] if cited not in sources
    )
    new_sources = []
    cited = _resolve_sources(story.sources, {**on_file, **sources}, new_sources)
    known = {**sources, **{entry: source for entry, source, _new in cited}}
    for entry, source, _is_new in _resolve_sources(
        [entry for entry in quoted if entry not in known], on_file, new_sources
    ):
        known[entry] = source
    parts, kinds = _write_parts(article, story.body, known, callout_kinds)
    bylines, authors = _write_bylines(article, story.bylines, authors)
    using = article._state.db
    citations = rows.insert(_citations(article, cited), using=using)
    rows.insert(
        (
            Correction(
                article=article, kind=Correction.Kind(note.note_kind), text=note.text
            )
            for note in story.corrections
        ),
        using=using,
    )
    if story.tags or not created:
        article.tags.set(story.tags)
    search_index.written(article, parts, using=using, created=created)
    return WrittenStory(
        article=article,
        created=created,
        sources=cited,
        authors=authors,
        callout_kinds=kinds,
        rows=[*parts, *bylines, *citations],
    )


def _resolve_sources(cited_sources, sources, created):
    """``(cited, source, is_new)`` for each of ``cited_sources``: the one in
    ``sources`` (found on file or given), else one this story already created (in
    ``created``), else a new one, added to ``created``."""
    resolved = []
    for cited in cited_sources:
        source = sources.get(cited) or best_source(cited, created)
        is_new = source is None
        if is_new:
            source = create_source(cited)
            created.append(source)
        resolved.append((cited, source, is_new))
    return resolved


def find_or_create_callout_kind(name):
    """The callout kind called ``name`` (any case), or a new one at the end of the
    list: an imported box whose label no kind lists suggests a kind of its own."""
    kind = CalloutKind.objects.filter(name__iexact=name).first()
    if kind is not None:
        return kind
    base = unicode_slug(name, max_length=50) or "callout"
    slug, number = base, 2
    while CalloutKind.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    last = CalloutKind.objects.order_by("-position").first()
    return CalloutKind.objects.create(
        name=name[:60],
        slug=slug,
        label=name[:60],
        position=(last.position + 1) if last else 0,
    )


def _write_parts(article, parts, sources, kinds=None):
    """Write the parts; return them, and the callout kinds by name, those made for
    them too."""
    if kinds is None:
        kinds = {kind.name: kind for kind in CalloutKind.objects.all()}
    for part in parts:
        if (
            part.kind == "callout"
            and part.is_new_kind
            and part.callout_kind not in kinds
        ):
            kind = find_or_create_callout_kind(part.callout_kind)
            kinds[part.callout_kind] = kind
    written = []
    for position, part in enumerate(parts):
        # By column (``rows.new()``): a story's dozen parts or more were made at
        # three times the cost by their fields' names.
        values = part_row(part, position, callout_kinds=kinds, sources=sources)
        if part.html:
            values["text"] = clean_html(values["text"])
        values["article_id"] = article.pk
        written.append(rows.new(BodyPart, values))
    return BodyPart.objects.using(article._state.db).insert(written), kinds


def _write_bylines(article, credits, authors):
    credits = list(dict.fromkeys(credits))
    authors = {
        **find_or_create_authors(credit for credit in credits if credit not in authors),
        **authors,
    }
    written, seen = [], set()
    for position, credit in enumerate(credits):
        author = authors[credit]
        role = Byline.Role(credit.role)
        if (author.pk, role) not in seen:
            seen.add((author.pk, role))
            written.append(
                Byline(article=article, author=author, role=role, position=position)
            )
    return rows.insert(written, using=article._state.db), authors


def _citations(article, cited):
    """One citation a source, the first claim made of it kept."""
    written, seen = [], set()
    for position, (entry, source, _is_new) in enumerate(cited):
        if source.pk not in seen:
            seen.add(source.pk)
            written.append(
                Citation(
                    article=article, source=source, position=position, claim=entry.claim
                )
            )
    return written


# Many new stories at once.


@dataclass
class NewStory:
    """A story for ``write_new_stories``: an unsaved article, its parsed parts, and
    the rows on file its bylines (``(author_id, role)``), citations
    (``(source_id, claim)``) and tags (ids) point to."""

    article: Article
    parts: list
    bylines: list = field(default_factory=list)
    citations: list = field(default_factory=list)
    tag_ids: list = field(default_factory=list)


class BulkInsert:
    """``bulk_create`` for rows given as ``{attname: value}``, without model instances.

    A story brings about twenty dependent rows; building and compiling a model
    instance for each costs several times what the database spends storing it.
    The columns are the model's own, and a column a row leaves out gets the field's
    default, prepared once, so a field added later needs nothing here. Values must
    be ready for the database (strings, numbers, ``None``).
    """

    def __init__(self, model, **fixed):
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: self._default(f) for f in self.fields}
        self.defaults.update(fixed)
        self.model = model

    @staticmethod
    def _default(field):
        value = field.get_default()
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        return field.get_db_prep_save(value, connection)

    def __call__(self, rows):
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = quote(self.model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        names = [f.attname for f in self.fields]
        defaults = self.defaults
        values = [tuple(row.get(n, defaults[n]) for n in names) for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)


def part_row(part, position, *, callout_kinds, sources=None):
    """The BodyPart row, by column, for ``part``: ``part_fields`` ready to insert.

    Its words are counted as ``BodyPart.count_words()`` would, from the plain text
    when the part has it, so that nh3 does not run for every part.
    """
    row = {"position": position}
    for name, value in part_fields(
        part, callout_kinds=callout_kinds, sources=sources
    ).items():
        if isinstance(value, models.Model):
            row[f"{name}_id"] = value.pk
        elif name in ("callout_kind", "quote_source"):
            row[f"{name}_id"] = value
        else:
            row[name] = getattr(value, "value", value)
    words = len(row.get("title", "").split())
    if "text" in row:
        text = part.text if part.text else html_to_text(row["text"])
        words += len(text.split())
    row["word_count"] = words
    return row


def write_new_stories(stories, *, callout_kinds, sources=None):
    """Write many ``NewStory`` at once, in one transaction; return their articles.

    Rows go in with one INSERT a table, without ``save()`` or signals: part markup
    must come as ``sanitize.clean_html`` stores it, and the caller brings the search
    index and the page cache in step afterwards.
    """
    article_type = ContentType.objects.get_for_model(Article)
    inserts = {
        "parts": BulkInsert(BodyPart),
        "bylines": BulkInsert(Byline),
        "citations": BulkInsert(Citation),
        "tags": BulkInsert(TaggedItem, content_type_id=article_type.pk),
    }
    rows = {name: [] for name in inserts}
    with transaction.atomic():
        articles = Article.objects.bulk_create([story.article for story in stories])
        for article, story in zip(articles, stories, strict=True):
            pk = article.pk
            for position, part in enumerate(story.parts):
                row = part_row(
                    part, position, callout_kinds=callout_kinds, sources=sources
                )
                row["article_id"] = pk
                rows["parts"].append(row)
            rows["bylines"] += [
                {"article_id": pk, "author_id": author, "role": role, "position": i}
                for i, (author, role) in enumerate(story.bylines)
            ]
            rows["citations"] += [
                {"article_id": pk, "source_id": source, "claim": claim, "position": i}
                for i, (source, claim) in enumerate(story.citations)
            ]
            rows["tags"] += [{"object_id": pk, "tag_id": tag} for tag in story.tag_ids]
        for name, insert in inserts.items():
            insert(rows[name])
    return articles
