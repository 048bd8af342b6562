"""The status map and who may move a story along it."""

import itertools

import pytest

from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleTransition, stories
from articles.querysets import NOW

from .factories import ArticleFactory, SectionFactory, UserFactory

Status = Article.Status
S = Status

# Every move the status map allows, written out by hand so the test does not
# merely repeat the code under test.
EVERY_MOVE = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.SPIKED),
    (S.SUBMITTED, S.APPROVED),
    (S.SUBMITTED, S.DRAFT),
    (S.SUBMITTED, S.SPIKED),
    (S.APPROVED, S.SCHEDULED),
    (S.APPROVED, S.PUBLISHED),
    (S.APPROVED, S.DRAFT),
    (S.APPROVED, S.SPIKED),
    (S.SCHEDULED, S.PUBLISHED),
    (S.SCHEDULED, S.APPROVED),
    (S.SCHEDULED, S.SPIKED),
    (S.PUBLISHED, S.UNPUBLISHED),
    (S.UNPUBLISHED, S.PUBLISHED),
    (S.UNPUBLISHED, S.DRAFT),
    (S.UNPUBLISHED, S.SPIKED),
    (S.SPIKED, S.DRAFT),
}
ALL_PAIRS = list(itertools.product(Status.values, repeat=2))


def _story_in(status, owner=None):
    article = ArticleFactory(created_by=owner, ready_for_the_desk=True)
    published_at = timezone.now() if status in (S.PUBLISHED, S.SCHEDULED) else None
    Article.objects.filter(pk=article.pk).update(
        status=status, published_at=published_at
    )
    article.refresh_from_db()
    return article


def _fields_for(target):
    if target in (S.PUBLISHED, S.SCHEDULED):
        return {"published_at": timezone.now()}
    return {}


def _try(user, article, target):
    try:
        workflow.transition(
            article, target, by=user, note="test", **_fields_for(target)
        )
    except workflow.TransitionNotAllowed:
        return False
    return True


def test_the_status_map_is_exactly_the_newsroom_workflow():
    mapped = {
        (source, target)
        for source, targets in workflow.TRANSITIONS.items()
        for target in targets
    }

    assert mapped == EVERY_MOVE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, expected",
    [
        ("editor", EVERY_MOVE),
        ("site_administrator", EVERY_MOVE),
        ("reporter_own", {(S.DRAFT, S.SUBMITTED)}),
        ("reporter_others", set()),
        ("nobody", set()),
    ],
)
def test_every_role_through_every_transition(request, role, expected):
    if role == "nobody":
        user = UserFactory(username="no-role", is_staff=True)
        owner = user
    elif role.startswith("reporter"):
        user = request.getfixturevalue("reporter")
        owner = (
            user
            if role == "reporter_own"
            else request.getfixturevalue("other_reporter")
        )
    else:
        user = request.getfixturevalue(role)
        owner = None

    outcomes = {}
    for source, target in ALL_PAIRS:
        article = _story_in(source, owner=owner)
        outcomes[(source, target)] = _try(user, article, target)
        article.refresh_from_db()
        recorded = ArticleTransition.objects.filter(article=article)
        if outcomes[(source, target)]:
            assert article.status == target
            assert list(recorded.values_list("source", "target", "by")) == [
                (source, target, user.pk)
            ]
        else:
            assert article.status == source, (source, target)
            assert not recorded.exists()

    allowed = {pair for pair, ok in outcomes.items() if ok}
    assert allowed == expected


@pytest.mark.django_db
def test_a_draft_cannot_be_published_without_review(editor):
    article = ArticleFactory(ready_for_the_desk=True)

    with pytest.raises(workflow.TransitionNotAllowed, match="cannot become published"):
        workflow.publish(article, by=editor)

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not article.transitions.exists()


@pytest.mark.django_db
def test_a_reporter_byline_counts_as_their_own_story(reporter):
    from .factories import AuthorFactory, BylineFactory

    article = ArticleFactory(ready_for_the_desk=True)
    BylineFactory(article=article, author=AuthorFactory(user=reporter))

    workflow.submit(article, by=reporter)

    assert article.status == Status.SUBMITTED


@pytest.mark.django_db
def test_publishing_with_a_future_time_schedules_and_publish_scheduled_publishes_when_due(
    editor,
):
    now = timezone.now()
    article = _story_in(S.APPROVED)

    workflow.publish(article, by=editor, at=now + timezone.timedelta(hours=2), now=now)
    assert article.status == S.SCHEDULED
    assert workflow.publish_scheduled(now=now) == []

    published = workflow.publish_scheduled(now=now + timezone.timedelta(hours=3))

    assert [story.pk for story in published] == [article.pk]
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.published_at == now + timezone.timedelta(hours=2)
    assert workflow.publish_scheduled(now=now + timezone.timedelta(hours=4)) == []


@pytest.mark.django_db
def test_republishing_an_unpublished_story_keeps_its_first_publication_time(editor):
    article = _story_in(S.APPROVED)
    workflow.publish(article, by=editor)
    first = article.published_at
    workflow.unpublish(article, by=editor)

    workflow.publish(article, by=editor, now=first + timezone.timedelta(days=1))

    assert article.published_at == first


@pytest.mark.django_db
def test_editing_rights_follow_role_ownership_and_status(
    reporter, other_reporter, editor
):
    own_draft = _story_in(S.DRAFT, owner=reporter)
    own_submitted = _story_in(S.SUBMITTED, owner=reporter)
    others_draft = _story_in(S.DRAFT, owner=other_reporter)

    assert workflow.can_edit(reporter, own_draft)
    assert not workflow.can_edit(reporter, own_submitted)
    assert not workflow.can_edit(reporter, others_draft)
    assert all(
        workflow.can_edit(editor, a) for a in (own_draft, own_submitted, others_draft)
    )


@pytest.mark.django_db
def test_setup_roles_is_idempotent_and_takes_back_stray_permissions(editor):
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    reporters = Group.objects.get(name="Reporter")
    reporters.permissions.add(Permission.objects.get(codename="publish_article"))

    call_command("setup_roles")
    call_command("setup_roles")

    assert not reporters.permissions.filter(codename="publish_article").exists()
    assert (
        Group.objects.filter(
            name__in=["Reporter", "Editor", "Site administrator"]
        ).count()
        == 3
    )
    assert editor.has_perm("articles.publish_article")


@pytest.mark.django_db
def test_an_embargoed_story_cannot_become_public_before_its_embargo(editor):
    now = timezone.now()
    embargo = now + timezone.timedelta(hours=6)
    article = _story_in(S.APPROVED)
    article.embargo_until = embargo
    article.save()

    workflow.publish(article, by=editor, now=now)

    assert article.status == S.SCHEDULED
    assert article.published_at == embargo
    assert workflow.publish_scheduled(now=now + timezone.timedelta(hours=1)) == []
    assert not Article.objects.published(now=now + timezone.timedelta(hours=1)).exists()
    assert workflow.publish_scheduled(now=embargo) == [article]


@pytest.mark.django_db
def test_a_published_story_given_a_later_embargo_disappears_until_it_lifts():
    now = timezone.now()
    article = _story_in(S.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(
        embargo_until=now + timezone.timedelta(hours=1)
    )

    assert not Article.objects.published(now=now).exists()
    assert (
        Article.objects.published(now=now + timezone.timedelta(hours=2)).get()
        == article
    )


@pytest.mark.django_db
def test_published_shows_live_stories_only():
    now = timezone.now()
    live = _story_in(S.PUBLISHED)
    _story_in(S.DRAFT)
    later = ArticleFactory()
    Article.objects.filter(pk=later.pk).update(
        status=S.PUBLISHED, published_at=now + timezone.timedelta(hours=1)
    )

    assert list(Article.objects.published(now=now + timezone.timedelta(seconds=1))) == [
        live
    ]


@pytest.mark.django_db
def test_a_published_story_under_embargo_is_not_public_until_it_lifts():
    now = timezone.now()
    article = _story_in(S.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(
        embargo_until=now + timezone.timedelta(hours=1)
    )
    article.refresh_from_db()

    assert not article.is_public
    assert not article.is_public_at(now)
    assert article.is_public_at(now + timezone.timedelta(hours=2))


@pytest.mark.django_db
def test_is_public_agrees_with_published_whatever_the_story_and_the_time():
    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    section = SectionFactory()
    for status in S:
        for published_at in (None, now - hour, now + hour):
            if published_at is None and status in (S.PUBLISHED, S.SCHEDULED):
                continue  # refused by the table's constraint
            for embargo_until in (None, now - hour, now, now + hour):
                ArticleFactory(
                    section=section,
                    status=status,
                    published_at=published_at,
                    embargo_until=embargo_until,
                )

    seen = set()
    for moment in (now - 2 * hour, now, now + 2 * hour):
        public = {
            story.pk for story in Article.objects.all() if story.is_public_at(moment)
        }
        assert public == set(
            Article.objects.published(now=moment).values_list("pk", flat=True)
        )
        # A list checks its stories with the same rule, read once for all of them.
        among = Article.public_among(list(Article.objects.all()), now=moment)
        assert {story.pk for story in among} == public
        seen |= public
    assert seen, "some of the stories are public at some moment"


@pytest.mark.django_db
def test_is_public_reads_the_rule_built_once_for_any_time(monkeypatch):
    now = timezone.now()
    article = _story_in(S.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(
        embargo_until=now + timezone.timedelta(hours=1)
    )
    article.refresh_from_db()
    built = []
    visible_at = Article.visible_at.__func__

    def counted(cls, moment):
        built.append(moment)
        return visible_at(cls, moment)

    monkeypatch.setattr(Article, "visible_at", classmethod(counted))
    stories._public_test.cache_clear()
    try:
        answers = [
            article.is_public_at(now + timezone.timedelta(hours=hours))
            for hours in (0, 2, 0, 2)
        ]
    finally:
        stories._public_test.cache_clear()

    assert answers == [False, True, False, True]
    assert built == [NOW]


@pytest.mark.django_db
def test_publish_scheduled_leaves_a_due_story_alone_until_its_embargo_lifts():
    now = timezone.now()
    article = _story_in(S.SCHEDULED)
    embargo = now + timezone.timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(embargo_until=embargo)

    assert workflow.publish_scheduled(now=now + timezone.timedelta(minutes=1)) == []
    article.refresh_from_db()
    assert article.status == S.SCHEDULED
    assert not article.transitions.exists()

    assert workflow.publish_scheduled(now=embargo) == [article]
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert Article.objects.published(now=embargo).get() == article


@pytest.mark.django_db
def test_a_correction_keeps_the_story_published_moves_its_update_time_and_is_on_record(
    editor,
):
    from articles.models import Correction

    article = _story_in(S.PUBLISHED)
    later = timezone.now() + timezone.timedelta(hours=3)

    correction = workflow.correct(
        article,
        kind=Correction.Kind.CORRECTION,
        text="An earlier version misstated the date of the meeting.",
        reason="Reader email",
        by=editor,
        now=later,
    )

    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.updated_at == later
    assert correction.revision is not None
    assert correction.revision.user == editor
    assert article.transitions.get().note.startswith("Correction: An earlier version")
    assert Article.objects.published(now=later).get() == article


@pytest.mark.django_db
def test_only_editors_correct_and_only_published_stories(reporter, editor):
    from articles.models import Correction

    published = _story_in(S.PUBLISHED, owner=reporter)
    draft = _story_in(S.DRAFT)

    with pytest.raises(workflow.TransitionNotAllowed, match="may not correct"):
        workflow.correct(published, kind="correction", text="Fix.", by=reporter)
    with pytest.raises(workflow.TransitionNotAllowed, match="Only a published story"):
        workflow.correct(draft, kind="correction", text="Fix.", by=editor)
    with pytest.raises(workflow.TransitionNotAllowed, match="needs the text"):
        workflow.correct(published, kind="correction", text="  ", by=editor)
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_a_retracted_story_stays_public_under_its_notice(editor):
    article = _story_in(S.PUBLISHED)

    workflow.retract(article, text="This story has been retracted.", by=editor)

    live = Article.objects.published().prefetch_related("corrections").get()
    assert live.retraction.text == "This story has been retracted."
