"""Revisions of a story: a snapshot of the whole story on every save, with its parts.

django-reversion stores each snapshot; the story is registered to follow its body
parts, bylines, citations and tags, so a revision holds everything an editor sees on
the story's page and restoring one gives every part back. Status and publication
times belong to the workflow, never to a revision: restoring old text does not
unpublish a story, nor publish an old draft.
"""

import difflib

import reversion
from reversion.models import Version
from taggit.models import TaggedItem

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import Article, BodyPart, Byline, Citation
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


def save_revision(article, *, by, comment=""):
    """Store a snapshot of ``article`` as it is now in the database."""
    with reversion.create_revision(atomic=True):
        reversion.add_to_revision(article)
        reversion.set_user(by)
        reversion.set_comment(comment)


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
    """The story's words as lines, for comparing with an older revision."""
    parts = article.parts.select_related("callout_kind").order_by("position", "pk")
    return _describe(
        {
            "headline": article.headline,
            "dek": article.dek,
            "dateline": article.dateline,
            "lead_image_caption": article.lead_image_caption,
        },
        [
            _part_line(part.kind, part.title, part.text, part.speaker, part.caption)
            for part in parts
        ],
        sorted(article.tags.names()),
    )


def describe_version(version):
    """The same lines as ``describe_article``, for a stored revision."""
    fields = version.field_dict
    parts = []
    tag_ids = []
    # ContentType.objects.get_for_id() is cached in the process: no query per row.
    for follower in version.revision.version_set.all():
        model = ContentType.objects.get_for_id(follower.content_type_id).model_class()
        if model is BodyPart:
            data = follower.field_dict
            parts.append((data["position"], follower.object_id, data))
        elif model is TaggedItem:
            tag_ids.append(follower.field_dict["tag_id"])
    parts.sort(key=lambda item: (item[0], int(item[1])))
    from taggit.models import Tag

    return _describe(
        fields,
        [
            _part_line(d["kind"], d["title"], d["text"], d["speaker"], d["caption"])
            for _position, _pk, d in parts
        ],
        sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)),
    )


def _part_line(kind, title, text, speaker, caption):
    words = " ".join(item for item in (title, html_to_text(text), caption) if item)
    if speaker:
        words = f"{words} ({speaker})"
    return f"[{kind}] {words}"


def _describe(fields, part_lines, tags):
    lines = [f"Headline: {fields.get('headline', '')}"]
    for label, name in (
        ("Dek", "dek"),
        ("Dateline", "dateline"),
        ("Caption", "lead_image_caption"),
    ):
        if fields.get(name):
            lines.append(f"{label}: {fields[name]}")
    lines.extend(part_lines)
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
