"""Revisions of a story: a snapshot of the whole story on every save, with its parts.

django-reversion stores each snapshot; the story is registered to follow its body
parts, bylines, citations and tags, so a revision holds everything an editor sees on
the story's page and restoring one gives every part back. Status and publication
times belong to the workflow, never to a revision: restoring old text does not
unpublish a story, nor publish an old draft.
"""

import datetime
import decimal
import difflib
import functools
import operator
import re

import reversion
from reversion.models import Revision, Version
from reversion.revisions import _get_options
from reversion.signals import post_revision_commit, pre_revision_commit
from taggit.models import TaggedItem

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.encoding import is_protected_type

from . import rows
from .models import Article, BodyPart, Byline, Citation, display_name
from .sanitize import html_to_text
from .search import index as search_index

# Fields that the workflow owns; a restore keeps their current values.
WORKFLOW_FIELDS = (
    "status",
    "published_at",
    "embargo_until",
    "created_by",
    "created_at",
)


def register():
    """Put the story and the rows it follows under revision control (AppConfig.ready)."""
    if reversion.is_registered(Article):
        return
    reversion.register(
        Article, follow=("parts", "bylines", "citations", "tagged_items")
    )
    reversion.register(BodyPart)
    reversion.register(Byline)
    reversion.register(Citation)
    reversion.register(TaggedItem)


def save_revision(article, *, by, comment="", just_saved=False):
    """Store a snapshot of ``article`` as it is now in the database.

    The story is read again with the rows it follows prefetched, each byline with
    its author, each citation with its source and each tagged item with its tag
    and story (which name them in the revision), so that a snapshot costs the same
    few queries however long the story and however many its tags.
    ``just_saved`` says that ``article`` is the instance that was saved last, its
    rows untouched since (a writer's own): its fields are taken as they are, and
    only the rows it follows are read.
    """
    with reversion.create_revision(atomic=True):
        reversion.add_to_revision(_as_on_file(article, just_saved=just_saved))
        reversion.set_user(by)
        reversion.set_comment(comment)


def save_written_revision(article, followed, *, by, comment=""):
    """Store a snapshot of a story its writer has just written, from the rows in hand.

    ``article`` is the instance saved last and ``followed`` the rows it follows
    (its parts, bylines with their authors, citations with their sources, tagged
    items) as they were written, in their order, with their ids: what
    ``save_revision(just_saved=True)`` would read back. Each row becomes its
    Version as django-reversion makes it (the same serializer, options, names
    and signals), without reading the story again nor checking that rows written
    a moment ago exist; the result is the same snapshot, byte for byte.
    """
    using = router.db_for_write(Article, instance=article)
    versions = _versions([article, *followed], using)
    revision = Revision(date_created=timezone.now(), user=by, comment=comment)
    # Inside a writer's transaction, no savepoint: a snapshot that fails fails the
    # whole write, as a story without its first revision is no story to keep.
    with transaction.atomic(using=using, savepoint=False):
        pre_revision_commit.send(
            sender=reversion.create_revision, revision=revision, versions=versions
        )
        # Written as bulk_create() writes the versions (``rows.insert()``): no
        # save signals, which nothing here nor in django-reversion listens to.
        rows.insert([revision], using=using)
        for version in versions:
            version.revision = revision
        rows.insert(versions, using=using)
        post_revision_commit.send(
            sender=reversion.create_revision, revision=revision, versions=versions
        )
    return revision


def _versions(rows_in_hand, using):
    """The unsaved Versions of ``rows_in_hand``, in their order, as
    ``reversion.add_to_revision`` makes them: the rows of each model serialized
    together, its content type and options looked up once."""
    by_model = {}
    for row in rows_in_hand:
        by_model.setdefault(type(row), []).append(row)
    content_types = ContentType.objects.db_manager(using)
    made = {}
    for model, rows_of_model in by_model.items():
        options = _get_options(model)
        content_type = content_types.get_for_model(
            model, for_concrete_model=options.for_concrete_model
        )
        values = {
            "content_type_id": content_type.pk,
            "db": using,
            "format": options.format,
        }
        for row, data in zip(
            rows_of_model, _serialized(rows_of_model, options), strict=True
        ):
            values["object_id"] = str(getattr(row, options.object_id_field))
            values["serialized_data"] = data
            values["object_repr"] = str(row)
            version = rows.new(Version, values)
            version.content_type = content_type
            made[id(row)] = version
    return [made[id(row)] for row in rows_in_hand]


def _serialized(rows_of_model, options):
    """Each row of one model as reversion stores it: Django's serializer over
    ``(row,)``, for each row.

    In JSON, the default, each row is written by the model's ``_JSONRows`` (made
    once a process): the text Django's JSON serializer writes, without its
    machinery around each value. Another format goes through Django's serializer.
    """
    if options.format != "json" or options.use_natural_foreign_keys:
        return [
            serializers.serialize(
                options.format,
                (row,),
                fields=options.fields,
                use_natural_foreign_keys=options.use_natural_foreign_keys,
            )
            for row in rows_of_model
        ]
    return _json_rows(type(rows_of_model[0]), options.fields)(rows_of_model)


class _JSONRows:
    """Rows of one model as Django's JSON serializer writes each alone.

    The serializer (``django.core.serializers.python``, then ``json``) gives a row
    as ``{"model", "pk", "fields"}``, ``fields`` holding the concrete model's own
    fields it is asked for, in their order, each value kept as it is when
    ``is_protected_type()`` (nothing, numbers, times) and else the field's
    ``value_to_string()``; ``json.dump()`` then writes it with ``DjangoJSONEncoder``,
    ``ensure_ascii=False``, in a list. This does the same, the choice of fields and
    their order worked out once. The values are read at once, and the types they
    have, together, say which of them to ask of their field as Django asks it
    (worked out once for each such shape): not those of a protected type, nor text
    in a field whose ``value_to_string()`` is ``str()`` (which leaves text as it
    is). ``json.dumps()``'s C
    encoder writes what Python's own writes. A model with many-to-many fields to
    serialize goes to Django's serializer (``_json_rows``).
    """

    # Values of exactly these types are protected (kept as they are) by any field.
    PROTECTED = frozenset(
        {
            type(None),
            int,
            bool,
            float,
            decimal.Decimal,
            datetime.datetime,
            datetime.date,
            datetime.time,
        }
    )

    def __init__(self, model, selected):
        meta = model._meta.concrete_model._meta
        self.label = str(meta)
        fields = [
            field
            for field in meta.local_fields
            if field.serialize
            and (
                selected is None
                or (field.attname if field.remote_field is None else field.attname[:-3])
                in selected
            )
        ]
        self.names = [field.name for field in fields]
        self.fields = [meta.pk, *fields]
        self.read = operator.attrgetter(*(field.attname for field in self.fields))
        self.as_read = [self.PROTECTED | self._text(field) for field in self.fields]
        # Which values of these types, in the order of the fields, their fields
        # write: kept for the shapes met most lately, as a model's rows come in few.
        self.to_ask = functools.lru_cache(maxsize=256)(self._to_ask)
        self.plain_read = all(
            type(field).value_from_object is models.Field.value_from_object
            for field in self.fields
        )
        self.encode = DjangoJSONEncoder(ensure_ascii=False).encode

    def _to_ask(self, types):
        """The indexes of the values of ``types`` (one a field) that their fields
        are asked to write (``value_to_string()``), as the serializer asks them:
        those neither of a type their field keeps nor protected (a protected type
        or one derived from it). Text of a type of its own that ``str()`` makes
        its very text (a choice, ``TextChoices``), which JSON writes as that text
        too, is kept where the field keeps text: the field would give that text."""
        protected = tuple(self.PROTECTED)
        return tuple(
            index
            for index, (kind, as_read) in enumerate(
                zip(types, self.as_read, strict=True)
            )
            if not (
                kind in as_read
                or issubclass(kind, protected)
                or (
                    str in as_read
                    and issubclass(kind, str)
                    and kind.__str__ is str.__str__
                )
            )
        )

    @staticmethod
    def _text(field):
        """``{str}`` if the field's ``value_to_string()`` is ``str()``, else none."""
        plain = type(field).value_to_string is models.Field.value_to_string
        return {str} if plain else set()

    def _values(self, row):
        """The row's values, pk first, as the serializer gives them."""
        if self.plain_read:
            values = self.read(row)
            if len(self.fields) == 1:
                values = (values,)
            to_ask = self.to_ask(tuple(map(type, values)))
            if not to_ask:
                return values
            values = list(values)
            for index in to_ask:
                values[index] = self.fields[index].value_to_string(row)
            return values
        values = [field.value_from_object(row) for field in self.fields]
        return [
            value
            if type(value) in as_read or is_protected_type(value)
            else field.value_to_string(row)
            for value, field, as_read in zip(
                values, self.fields, self.as_read, strict=True
            )
        ]

    def __call__(self, rows_of_model):
        label, names, encode = self.label, self.names, self.encode
        made = []
        for row in rows_of_model:
            pk, *values = self._values(row)
            data = {
                "model": label,
                "pk": pk,
                "fields": dict(zip(names, values, strict=True)),
            }
            made.append(f"[{encode(data)}]")
        return made


@functools.cache
def _json_rows(model, selected):
    meta = model._meta.concrete_model._meta
    if any(field.serialize for field in meta.local_many_to_many):
        return functools.partial(_django_json, selected=selected)
    return _JSONRows(model, selected)


def _django_json(rows_of_model, selected):
    return [
        serializers.serialize("json", (row,), fields=selected) for row in rows_of_model
    ]


# A tagged item names its story and its tag in the revision (taggit's
# ``__str__``): both read with the items, not two queries a tag.
FOLLOWED_TAGS = Prefetch(
    "tagged_items",
    queryset=TaggedItem.objects.select_related("tag").prefetch_related(
        "content_object"
    ),
)
FOLLOWED = (
    "parts",
    Prefetch("bylines", queryset=Byline.objects.select_related("author")),
    Prefetch("citations", queryset=Citation.objects.select_related("source")),
    FOLLOWED_TAGS,
)


def _as_on_file(article, *, just_saved=False):
    if not just_saved:
        return Article.objects.prefetch_related(*FOLLOWED).get(pk=article.pk)
    # A new instance with the saved values (Model.from_db(), as a query would make
    # it), so that nothing prefetched into the caller's instance is taken as read,
    # nor this prefetch left in it.
    fields = Article._meta.concrete_fields
    fresh = Article.from_db(
        article._state.db,
        [field.attname for field in fields],
        [getattr(article, field.attname) for field in fields],
    )
    prefetch_related_objects([fresh], *FOLLOWED)
    return fresh


def revisions_of(article):
    """The story's revisions, newest first, with their authors."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


class EditConflict(Exception):
    """A save was based on an edit number that is no longer the story's latest."""

    def __init__(self, article, seen_lock_version, changes):
        self.article = article
        self.seen_lock_version = seen_lock_version
        self.changes = changes
        super().__init__(
            f"Someone else saved “{article}” after you opened it; "
            "your changes were not saved. Reload the story to see theirs."
        )


def check_not_stale(article_pk, seen_lock_version):
    """Refuse a save based on an old edit; lock the row for the rest of the transaction.

    Call inside the transaction that saves. The error carries the changes made since
    the version the editor saw, when that version is on record.
    """
    current = Article.objects.select_for_update().get(pk=article_pk)
    if int(seen_lock_version) == current.lock_version:
        return current
    seen = next(
        (
            version
            for version in revisions_of(current)
            if version.field_dict.get("lock_version") == int(seen_lock_version)
        ),
        None,
    )
    now_text = describe_article(current)
    then_text = describe_version(seen) if seen else []
    raise EditConflict(current, seen_lock_version, diff_lines(then_text, now_text))


@transaction.atomic
def restore(version, *, by):
    """Bring the story back to ``version``, as a new revision: nothing is lost."""
    article = Article.objects.select_for_update().get(pk=version.object_id)
    keep = {name: getattr(article, name) for name in WORKFLOW_FIELDS}
    # Every part comes back: the search document is rebuilt once, at the end.
    with search_index.deferred(), reversion.create_revision(atomic=False):
        version.revision.revert(delete=True)
        article = Article.objects.get(pk=article.pk)
        for name, value in keep.items():
            setattr(article, name, value)
        article.updated_at = timezone.now()
        article.save()
        reversion.add_to_revision(article)
        reversion.set_user(by)
        when = timezone.localtime(version.revision.date_created)
        reversion.set_comment(f"Restored the revision of {when:%Y-%m-%d %H:%M}.")
    return article


def describe_article(article):
    """The story as lines (every field an editor sets, its parts, bylines, sources
    and tags), for comparing with a revision (``describe_version``)."""
    parts = article.parts.select_related("callout_kind").order_by("position", "pk")
    bylines = article.bylines.select_related("author").order_by("position", "pk")
    citations = article.citations.select_related("source").order_by("position", "pk")
    fields = {name: getattr(article, name) for name in _COMPARED_FIELDS}
    names = {
        "section_id": {article.section_id: str(article.section)},
        "assigned_editor_id": _user_names([article.assigned_editor_id]),
    }
    return _describe(
        fields,
        names,
        [
            _part_line(part.kind, part.title, part.text, part.speaker, part.caption)
            for part in parts
        ],
        [_byline_line(b.author.name, b.role) for b in bylines],
        [_citation_line(str(c.source), c.claim) for c in citations],
        sorted(article.tags.names()),
    )


def describe_version(version):
    """The same lines as ``describe_article``, for a stored revision."""
    from taggit.models import Tag

    from .models import Author, Section, Source

    fields = version.field_dict
    parts, bylines, citations, tag_ids = [], [], [], []
    # ContentType.objects.get_for_id() is cached in the process: no query per row.
    for follower in version.revision.version_set.all():
        model = ContentType.objects.get_for_id(follower.content_type_id).model_class()
        data = follower.field_dict
        key = (data.get("position", 0), int(follower.object_id))
        if model is BodyPart:
            parts.append((key, data))
        elif model is Byline:
            bylines.append((key, data))
        elif model is Citation:
            citations.append((key, data))
        elif model is TaggedItem:
            tag_ids.append(data["tag_id"])
    # The names rows point to, each read once for the whole revision.
    authors = dict(
        Author.objects.filter(pk__in=[d["author_id"] for _k, d in bylines]).values_list(
            "pk", "name"
        )
    )
    sources = {
        source.pk: str(source)
        for source in Source.objects.filter(
            pk__in=[d["source_id"] for _k, d in citations]
        )
    }
    section = Section.objects.select_related("parent").filter(
        pk=fields.get("section_id")
    )
    names = {
        "section_id": {found.pk: str(found) for found in section},
        "assigned_editor_id": _user_names([fields.get("assigned_editor_id")]),
    }
    return _describe(
        fields,
        names,
        [
            _part_line(d["kind"], d["title"], d["text"], d["speaker"], d["caption"])
            for _key, d in sorted(parts, key=lambda item: item[0])
        ],
        [
            _byline_line(authors.get(d["author_id"], "?"), d["role"])
            for _key, d in sorted(bylines, key=lambda item: item[0])
        ],
        [
            _citation_line(sources.get(d["source_id"], "?"), d["claim"])
            for _key, d in sorted(citations, key=lambda item: item[0])
        ],
        sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)),
    )


# The story's own fields a comparison shows, with their labels, in page order.
_COMPARED = (
    ("Headline", "headline"),
    ("Slug", "slug"),
    ("Dek", "dek"),
    ("Section", "section_id"),
    ("Dateline", "dateline"),
    ("Language", "language"),
    ("Lead image", "lead_image"),
    ("Alt text", "lead_image_alt"),
    ("Caption", "lead_image_caption"),
    ("Credit", "lead_image_credit"),
    ("Embargoed until", "embargo_until"),
    ("Assigned editor", "assigned_editor_id"),
    ("Deadline", "deadline"),
    ("Budget line", "budget_line"),
    ("Planned words", "planned_words"),
)
_COMPARED_FIELDS = [name for _label, name in _COMPARED]


def _user_names(ids):
    from django.contrib.auth import get_user_model

    wanted = [pk for pk in ids if pk]
    if not wanted:
        return {}
    return {
        user.pk: display_name(user)
        for user in get_user_model().objects.filter(pk__in=wanted)
    }


def _shown(value):
    """A field's value as a line shows it: times in local time, files by name."""
    if hasattr(value, "isoformat"):
        if isinstance(value, str):
            return value
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if hasattr(value, "name"):  # a stored file
        return value.name or ""
    return "" if value is None else str(value)


def _part_line(kind, title, text, speaker, caption):
    words = " ".join(item for item in (title, html_to_text(text), caption) if item)
    if speaker:
        words = f"{words} ({speaker})"
    return f"[{kind}] {words}"


def _byline_line(name, role):
    return f"Byline: {name} ({Byline.Role(role).label.lower()})"


def _citation_line(source, claim):
    return f"Cites: {source}" + (f" for “{claim}”" if claim else "")


def _describe(fields, names, part_lines, byline_lines, citation_lines, tags):
    lines = [f"Headline: {fields.get('headline', '')}"]
    for label, name in _COMPARED[1:]:
        value = fields.get(name)
        if name in names:
            value = names[name].get(value)
        elif isinstance(value, str) and name in ("embargo_until", "deadline"):
            # A stored revision keeps times as ISO text.
            value = timezone.datetime.fromisoformat(value)
        if shown := _shown(value):
            lines.append(f"{label}: {shown}")
    lines.extend(part_lines)
    lines.extend(byline_lines)
    lines.extend(citation_lines)
    if tags:
        lines.append("Tags: " + ", ".join(tags))
    return lines


def diff_lines(old, new):
    """A readable diff: ``[(op, text)]`` with op one of "equal", "delete", "insert"."""
    result = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(("equal", line) for line in old[a1:a2])
            continue
        result.extend(("delete", line) for line in old[a1:a2])
        result.extend(("insert", line) for line in new[b1:b2])
    return result


def compare(older, newer):
    """The diff between two revisions of one story."""
    return diff_lines(describe_version(older), describe_version(newer))


# Words, runs of space, and each other character: what a change within a line is
# made of.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# Two lines this alike are one line changed, shown word by word; less alike, a line
# removed and another added.
ALIKE = 0.5


def with_word_changes(diff):
    """``diff`` (from ``diff_lines``) with each line changed in place shown word by
    word: a removed line followed by its added counterpart becomes one row
    ``("change", [(op, text), ...])``, op one of "equal", "delete", "insert"."""
    rows, index = [], 0
    while index < len(diff):
        deleted = []
        while index < len(diff) and diff[index][0] == "delete":
            deleted.append(diff[index][1])
            index += 1
        inserted = []
        while index < len(diff) and diff[index][0] == "insert":
            inserted.append(diff[index][1])
            index += 1
        if not deleted and not inserted:
            rows.append(diff[index])
            index += 1
            continue
        rows.extend(_paired(deleted, inserted))
    return rows


def _paired(deleted, inserted):
    """Rows for lines removed and added at one place: each removed line is matched,
    in order, with the added line most like it (at least ``ALIKE``) and shown as
    changed word by word; the rest are removed or added whole."""
    changes, unmatched, start = {}, [], 0
    for old in deleted:
        best = None
        for index in range(start, len(inserted)):
            ratio, pieces = _word_diff(old, inserted[index])
            if ratio >= ALIKE and (best is None or ratio > best[0]):
                best = (ratio, index, pieces)
        if best is None:
            unmatched.append(("delete", old))
            continue
        changes[best[1]] = best[2]
        start = best[1] + 1
    return unmatched + [
        ("change", changes[index]) if index in changes else ("insert", new)
        for index, new in enumerate(inserted)
    ]


def _word_diff(old, new):
    """How alike two lines are (0 to 1), and ``[(op, text)]`` from ``old`` to
    ``new`` word by word."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("delete", "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(("insert", "".join(after[b1:b2])))
    return matcher.ratio(), pieces
