"""One factory per model, each valid by default."""

import factory

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    BodyPart,
    Byline,
    CalloutKind,
    Citation,
    Correction,
    Section,
    Source,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    title = "Staff writer"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    dek = "What the story is about, in a sentence."
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def ready_for_the_desk(article, create, extracted, **kwargs):
        """A story the copy desk passes: a byline and a paragraph, when the test
        asks for one (``ready_for_the_desk=True``)."""
        if not create or not extracted:
            return
        Byline.objects.create(article=article, author=AuthorFactory())
        BodyPart.objects.create(
            article=article, position=0, text="<p>The story, in one paragraph.</p>"
        )


class PublishedArticleFactory(ArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(hours=1)
    )


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(AuthorFactory)


class CalloutKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalloutKind
        django_get_or_create = ("slug",)

    name = "Did You Know?"
    slug = "did-you-know"
    label = "Did You Know?"


class BodyPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyPart

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"<p>Paragraph {n} of the story.</p>")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    organisation = factory.Sequence(lambda n: f"Institute {n}")
    title = "Annual report"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(PublishedArticleFactory)
    text = "An earlier version of this story misstated a date."


def unseen_stories(**fields):
    """One story in every state readers must not see, with ``fields`` set on each."""
    now = timezone.now()
    return [
        ArticleFactory(headline="Draft story", status=Article.Status.DRAFT, **fields),
        ArticleFactory(
            headline="Submitted story", status=Article.Status.SUBMITTED, **fields
        ),
        ArticleFactory(
            headline="Approved story", status=Article.Status.APPROVED, **fields
        ),
        ArticleFactory(
            headline="Scheduled story",
            status=Article.Status.SCHEDULED,
            published_at=now + timezone.timedelta(hours=2),
            **fields,
        ),
        PublishedArticleFactory(
            headline="Embargoed story",
            embargo_until=now + timezone.timedelta(hours=2),
            **fields,
        ),
        ArticleFactory(headline="Spiked story", status=Article.Status.SPIKED, **fields),
        ArticleFactory(
            headline="Unpublished story",
            status=Article.Status.UNPUBLISHED,
            published_at=now - timezone.timedelta(days=1),
            **fields,
        ),
    ]


def walk_to(article, status, *, published_at=None, scheduled_for=None):
    """Bring ``article`` to ``status`` as the newsroom does: through the workflow.

    ``published_at`` is when a published (or later unpublished) story went out;
    ``scheduled_for`` is the time a scheduled story waits for (a day ahead by default).
    """
    from articles import workflow

    scheduled_for = scheduled_for or timezone.now() + timezone.timedelta(days=1)

    def publish(article, by):
        workflow.publish(article, by=by, at=published_at)

    def schedule(article, by):
        workflow.publish(article, by=by, at=scheduled_for)

    review = [workflow.submit, workflow.approve]
    steps = {
        "draft": [],
        "submitted": [workflow.submit],
        "approved": review,
        "scheduled": [*review, schedule],
        "published": [*review, publish],
        "unpublished": [*review, publish, workflow.unpublish],
        "spiked": [workflow.spike],
    }[status]
    for step in steps:
        step(article, by=None)
    assert article.status == status
    return article
