"""The status map of a story and the functions that change its status.

Every status change goes through ``transition()``: admin actions, views and commands
call the verbs below, and ``Article.status`` is not editable anywhere else.
"""

from django.db import transaction
from django.utils import timezone

from . import notifications
from .copyreading import story_report
from .models import Article, ArticleTransition, Correction
from .revisions import revisions_of, save_revision

Status = Article.Status

TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.SPIKED},
    Status.SUBMITTED: {Status.APPROVED, Status.DRAFT, Status.SPIKED},
    Status.APPROVED: {Status.SCHEDULED, Status.PUBLISHED, Status.DRAFT, Status.SPIKED},
    Status.SCHEDULED: {Status.PUBLISHED, Status.APPROVED, Status.SPIKED},
    Status.PUBLISHED: {Status.UNPUBLISHED},
    Status.UNPUBLISHED: {Status.PUBLISHED, Status.DRAFT, Status.SPIKED},
    Status.SPIKED: {Status.DRAFT},
}


class TransitionNotAllowed(Exception):
    """The story cannot move to that status from where it is, or not for this user."""


class CopyNotReady(TransitionNotAllowed):
    """The copy desk has blocking findings on the story; ``findings`` lists them."""

    def __init__(self, findings):
        self.findings = findings
        listed = "; ".join(
            f"{finding.label}: {finding.message}" for finding in findings[:10]
        )
        more = f" (and {len(findings) - 10} more)" if len(findings) > 10 else ""
        super().__init__(
            f"The copy desk holds this story back: {listed}{more}. Fix them, mark "
            "them as intended, or give a reason to go ahead anyway."
        )


def is_gated(source, target, by):
    """Whether the copy desk must pass the story before this move.

    Approving and publishing are gated, scheduling too; a scheduled story the
    system publishes on time was passed when it was scheduled.
    """
    if target == Status.APPROVED:
        return source == Status.SUBMITTED
    if target == Status.SCHEDULED:
        return True
    if target == Status.PUBLISHED:
        return not (source == Status.SCHEDULED and by is None)
    return False


def _desk_override(article, source, target, by, override):
    """The override to record, or "" when the copy desk has nothing blocking;
    raises ``CopyNotReady`` when it does and no reason was given."""
    if not is_gated(source, target, by):
        return ""
    blocking = story_report(article).blocking
    if not blocking:
        return ""
    if not override.strip():
        raise CopyNotReady(blocking)
    listed = "\n".join(f"- {f.label}: {f.message} ({f.rule})" for f in blocking)
    return f"{override.strip()}\n\nBlocking findings at the time:\n{listed}"


def required_permission(source, target):
    """The permission (codename) a person needs to move a story from ``source`` to ``target``."""
    if Status.SPIKED in (source, target):
        return "spike_article"
    if target == Status.SUBMITTED:
        return "submit_article"
    if target == Status.DRAFT:
        # Sending a story back is the copy desk's call, whatever state it is in.
        return "approve_article"
    if target == Status.APPROVED and source == Status.SUBMITTED:
        return "approve_article"
    return "publish_article"


def is_own(user, article):
    """Whether ``user`` wrote ``article``: created it, or carries one of its bylines."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_edit(user, article):
    """Editors edit any story; a reporter edits only their own drafts (sent back ones too)."""
    if not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return article.status == Status.DRAFT and is_own(user, article)


def allowed_targets(user, article):
    """The statuses ``user`` may move ``article`` to from where it is now."""
    return [
        target
        for target in TRANSITIONS[article.status]
        if _refusal(user, article, article.status, target) is None
    ]


def _refusal(user, article, source, target):
    """Why ``user`` may not make this move, or None when they may."""
    if target not in TRANSITIONS[source]:
        return (
            f"A {Status(source).label.lower()} story cannot become "
            f"{Status(target).label.lower()}."
        )
    if user is None:  # the system itself: scheduled publishing, imports, demo content
        return None
    codename = required_permission(source, target)
    if not user.is_active or not user.has_perm(f"articles.{codename}"):
        return (
            f"You may not move a story from {Status(source).label.lower()} to "
            f"{Status(target).label.lower()}."
        )
    if (
        codename == "submit_article"
        and not user.has_perm("articles.edit_any_article")
        and not is_own(user, article)
    ):
        return "You may submit only your own stories."
    return None


@transaction.atomic
def transition(article, target, *, by, note="", override="", **fields):
    """Move ``article`` to ``target``, set ``fields``, and record who did it.

    ``by`` is the user making the move (None for the system itself). The move is
    checked against the status map and the user's permissions on the row as it is
    in the database, locked, so two people clicking at once cannot both move it.
    Approving and publishing also ask the copy desk: blocking findings refuse the
    move (``CopyNotReady``) unless ``override`` gives a reason, which the history
    keeps with the findings it overrode. The people the move concerns are notified
    (``notifications.story_moved``), by email once the move is committed.
    """
    locked = Article.objects.select_for_update().get(pk=article.pk)
    source = locked.status
    if locked.trashed_at is not None:
        raise TransitionNotAllowed("The story is in the trash: restore it first.")
    if refusal := _refusal(by, article, source, target):
        raise TransitionNotAllowed(refusal)
    desk_override = _desk_override(article, source, target, by, override)
    article.status = target
    for name, value in fields.items():
        setattr(article, name, value)
    article.save(update_fields=["status", "updated_at", *fields])
    ArticleTransition.objects.create(
        article=article,
        source=source,
        target=target,
        by=by,
        note=note,
        desk_override=desk_override,
    )
    notifications.story_moved(article, source=source, target=target, by=by, note=note)
    return article


def submit(article, *, by, note=""):
    return transition(article, Status.SUBMITTED, by=by, note=note)


def approve(article, *, by, note="", override=""):
    return transition(article, Status.APPROVED, by=by, note=note, override=override)


def send_back(article, *, by, note=""):
    """Return a story to its reporter; the note says what to fix, and is required."""
    if not note.strip():
        raise TransitionNotAllowed("Say in the note why the story goes back.")
    return transition(article, Status.DRAFT, by=by, note=note)


def publish(article, *, by, at=None, now=None, note="", override=""):
    """Publish now, or schedule for ``at`` when it lies in the future.

    A story published again after being unpublished keeps its first publication
    time, and so its address.
    """
    now = now or timezone.now()
    if article.embargo_until and article.embargo_until > now:
        # An embargoed story waits for its embargo, whatever time was asked for.
        at = max(at or now, article.embargo_until)
    if at and at > now:
        return transition(
            article,
            Status.SCHEDULED,
            by=by,
            note=note,
            override=override,
            published_at=at,
        )
    published_at = at or now
    if (
        article.status in (Status.SCHEDULED, Status.UNPUBLISHED)
        and article.published_at
    ):
        published_at = min(article.published_at, now)
    return transition(
        article,
        Status.PUBLISHED,
        by=by,
        note=note,
        override=override,
        published_at=published_at,
    )


def unpublish(article, *, by, note=""):
    return transition(article, Status.UNPUBLISHED, by=by, note=note)


def spike(article, *, by, note=""):
    return transition(article, Status.SPIKED, by=by, note=note)


def publish_scheduled(now=None):
    """Publish every scheduled story whose time has come; return what was published.

    A story whose embargo was moved later than its scheduled time waits for it
    (``due()``).
    Each story is taken under a row lock that other runs skip (on PostgreSQL), and
    published in its own transaction, so two runs at once publish each story once
    and one failure does not hold back the rest.
    """
    now = now or timezone.now()
    published = []
    while True:
        with transaction.atomic():
            article = (
                Article.objects.due(now)
                .select_for_update(skip_locked=True)
                .order_by("published_at", "pk")
                .first()
            )
            if article is None:
                return published
            transition(
                article, Status.PUBLISHED, by=None, note="Published on schedule."
            )
        published.append(article)


@transaction.atomic
def correct(article, *, kind, text, by, reason="", now=None):
    """Record a correction, clarification, update, editor's note or retraction.

    The story stays published; its update time moves, the fix is stored as a new
    revision that the correction points to, and the history says who did it.
    """
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.status != Status.PUBLISHED:
        raise TransitionNotAllowed(
            "Only a published story takes a correction; edit a draft directly."
        )
    if by is not None and not (by.is_active and by.has_perm("articles.add_correction")):
        raise TransitionNotAllowed("You may not correct published stories.")
    if not text.strip():
        raise TransitionNotAllowed("A correction needs the text readers will see.")
    now = now or timezone.now()
    correction = Correction.objects.create(
        article=article,
        kind=kind,
        text=text.strip(),
        reason=reason,
        created_at=now,
        created_by=by,
    )
    article.updated_at = now
    Article.objects.filter(pk=article.pk).update(updated_at=now)
    label = Correction.Kind(kind).label
    save_revision(article, by=by, comment=f"{label}: {correction.text}")
    correction.revision = revisions_of(article).first().revision
    correction.save(update_fields=["revision"])
    ArticleTransition.objects.create(
        article=article,
        source=Status.PUBLISHED,
        target=Status.PUBLISHED,
        by=by,
        note=f"{label}: {correction.text}",
        created_at=now,
    )
    return correction


def retract(article, *, text, by, reason=""):
    """Retract a published story: it stays at its address, under a retraction notice."""
    return correct(
        article, kind=Correction.Kind.RETRACTION, text=text, by=by, reason=reason
    )
