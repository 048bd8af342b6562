"""The story itself: headline, standfirst, section, dateline, tags and lead image."""

import functools
import re

from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import RegexValidator
from django.db import connections, models, router
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .. import addresses, rows
from ..querysets import NOW, ArticleQuerySet, test_of, time_has_come
from .body import group_into_sections
from .fields import SizedImageField

SLUG_MAX_LENGTH = 120
# The fields a story's address is made of (and its status, which says whether readers
# could use it).
ADDRESS_FIELDS = frozenset(
    {"section_id", "slug", "published_at", "created_at", "status"}
)
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}


def unicode_slug(text, max_length=SLUG_MAX_LENGTH):
    """A slug that keeps letters of any script, so a Japanese headline keeps its words."""
    slug = slugify(text, allow_unicode=True)[:max_length].strip("-_")
    return slug or "story"


def _listed(story, name, related):
    """``story.<name>`` when set, else ``story.<related>.all()``: related rows that
    a page read its own way, as a list, or from the database.

    The related manager is made only when it is asked: a list of twenty cards asks
    each story for its bylines twice, and making a manager it does not use cost
    more than the answer.
    """
    rows = getattr(story, name, None)
    return getattr(story, related).all() if rows is None else rows


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        SPIKED = "spiked", _("Spiked")

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        allow_unicode=True,
        blank=True,
        help_text=_("The last part of the address; made from the headline when empty."),
    )
    dek = models.TextField(
        _("dek"), blank=True, help_text=_("The standfirst under the headline.")
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        default="en",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                _('A language tag such as "en", "ja" or "ar".'),
            )
        ],
        help_text=_(
            'The language the story is written in, as a tag such as "en", "ja" or "ar"; '
            "screen readers pick their voice from it."
        ),
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_('Such as "TOKYO".')
    )
    tags = TaggableManager(_("tags"), blank=True)
    # The rows behind ``tags``, so that revisions can follow and restore them.
    tagged_items = GenericRelation(TaggedItem, related_query_name="article")
    lead_image = SizedImageField(
        _("lead image"),
        upload_to="lead/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    lead_image_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    imported_from = models.CharField(
        _("imported from"),
        max_length=500,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The file the story was imported from."),
    )
    import_fingerprint = models.CharField(
        _("import fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The same for two imports with the same headline and body."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=200, blank=True)
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        editable=False,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the workflow when the story is published or scheduled."),
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_(
            "The story cannot be public before this time, whatever anyone clicks."
        ),
    )
    assigned_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_articles",
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    budget_line = models.CharField(
        _("budget line"),
        max_length=300,
        blank=True,
        help_text=_("The one-line pitch on the desk's news budget."),
    )
    planned_words = models.PositiveIntegerField(
        _("planned length (words)"), null=True, blank=True
    )
    lock_version = models.PositiveIntegerField(
        _("edit number"),
        default=0,
        editable=False,
        help_text=_(
            "Counts saves of the text, so that a save over an unseen edit is refused."
        ),
    )
    trashed_at = models.DateTimeField(
        _("moved to the trash at"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Set while the story is in the trash; an editor may restore it."),
    )
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved to the trash by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="trashed_articles",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="created_articles",
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()  # unfiltered, on purpose

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", _("Can submit stories to the copy desk")),
            ("approve_article", _("Can approve stories and send them back")),
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("spike_article", _("Can spike stories and bring them back")),
            ("edit_any_article", _("Can edit any story, not only one's own drafts")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "slug"], name="article_slug_unique_in_section"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "scheduled"])
                | models.Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_section_pub",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._ready_to_save(update_fields) and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """``/<section>/<year>/<month>/<day>/<slug>/``, by the local publication date."""
        return addresses.of_story(self)

    def _ready_to_save(self, update_fields=None):
        """What a save adds to the row, for ``save()`` and ``save_new()`` alike:
        the edit counted (unless ``update_fields`` leaves it out), and a slug found
        for a story without one. Whether it found a slug."""
        if update_fields is None or "lock_version" in update_fields:
            self.lock_version += 1
        if self.slug:
            return False
        self.slug = self.free_slug(unicode_slug(self.headline))
        return True

    def save_new(self, *, using=None):
        """``save()`` of a new story, its row written by ``rows.save_new()``: the
        same row and signals, for less of the processor (a writer of many new
        stories, as an import)."""
        self._ready_to_save()
        using = using or router.db_for_write(Article, instance=self)
        return rows.save_new(self, using=using)

    @cached_property
    def url(self):
        """``get_absolute_url()``, as a story's card reads it (an attribute: a list
        sets it for all its stories at once, ``addresses.settle()``). Worked out
        once for the instance: a page shows it, nothing saves it."""
        return self.get_absolute_url()

    @classmethod
    def from_db(cls, db, field_names, values):
        """The story as read, remembering what its address was made of when read.

        ``redirects`` compares it after a save, so that a published story's old
        address can lead to its new one.
        """
        story = super().from_db(db, field_names, values)
        story.loaded_address = (
            story.address_parts() if ADDRESS_FIELDS.issubset(field_names) else None
        )
        return story

    def address_parts(self):
        """What the story's address is made of, with the status it had then."""
        return {name: getattr(self, name) for name in ADDRESS_FIELDS}

    def free_slug(self, base):
        """``base``, or ``base`` numbered, whichever no other story of the section has."""
        # A numbered slug may cut the end of a long base to fit its suffix: look
        # for every slug sharing what is left of the base whatever the suffix.
        stem = base[: SLUG_MAX_LENGTH - 8]
        taken = set(self._slugs_of_section_starting(stem))
        slug, number = base, 2
        while slug in taken:
            suffix = f"-{number}"
            slug = f"{base[: SLUG_MAX_LENGTH - len(suffix)]}{suffix}"
            number += 1
        return slug

    def _slugs_of_section_starting(self, stem):
        """The slugs of the section's other stories that start with ``stem``.

        What ``filter(section_id=..., slug__startswith=stem)`` asks, written out:
        building that query through the ORM cost ten times what running it does,
        and every new story asks it (an import, thousands a run). The pattern is
        ``LIKE`` with its wildcards escaped, as Django's ``startswith`` makes it
        on both databases.
        """
        using = router.db_for_read(Article, instance=self)
        connection = connections[using]
        quote = connection.ops.quote_name
        meta = Article._meta
        slug = quote(meta.get_field("slug").column)
        section = quote(meta.get_field("section").column)
        escaped = re.sub(r"([\\%_])", r"\\\1", stem)
        sql = (
            f"SELECT {slug} FROM {quote(meta.db_table)}"
            f" WHERE {section} = %s AND {slug} LIKE %s ESCAPE '\\'"
        )
        params = [self.section_id, f"{escaped}%"]
        if self.pk is not None:  # a new story is none of them
            sql += f" AND {quote(meta.pk.column)} <> %s"
            params.append(self.pk)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    @classmethod
    def visible_at(cls, now):
        """What readers may see at ``now``: published, its publication time come and
        its embargo, if any, lifted.

        The one rule: ``published()`` filters by it and ``is_public_at()`` reads it in
        Python, so that the lists and the admin cannot disagree.
        """
        return models.Q(status=cls.Status.PUBLISHED) & time_has_come(now)

    @classmethod
    def public_among(cls, stories, now=None):
        """The stories of ``stories`` that readers may see (now or at ``now``): one
        condition built and read for the whole list, not one a story."""
        public, now = _public_test(cls), now or timezone.now()
        return [story for story in stories if public(story, now)]

    def is_public_at(self, now=None):
        """Whether readers may see the story at ``now`` (``visible_at()``).

        The rule is built and read once, for any time (``NOW``): building its ``Q``
        objects again for each story read cost the article page more than reading
        them."""
        return _public_test(type(self))(self, now or timezone.now())

    @property
    def is_public(self):
        """Whether readers may see the story now."""
        return self.is_public_at()

    @cached_property
    def local_published_at(self):
        """The publication time in the site's time zone, None before publication.

        A list sets it for all its stories at once (``addresses.settle()``), which
        reads the time zone once rather than once a card."""
        return timezone.localtime(self.published_at) if self.published_at else None

    @property
    def last_changed(self):
        """When readers' copy of the story last changed: a story scheduled ahead
        was last saved before it went out, so its publication is the later time."""
        if self.published_at and self.published_at > self.updated_at:
            return self.published_at
        return self.updated_at

    @property
    def was_updated(self):
        """Whether the story changed noticeably after it was published."""
        return bool(
            self.published_at
            and self.updated_at
            and (self.updated_at - self.published_at).total_seconds() > 60
        )

    def body_sections(self):
        """The body grouped into its headed sections (uses prefetched parts):
        ``section_list`` when its reader kept them with the story's rows (the
        article page, ``selectors._story_rows()``), shared and read-only."""
        sections = getattr(self, "section_list", None)
        return (
            group_into_sections(self.listed_parts()) if sections is None else sections
        )

    @property
    def text_direction(self):
        """ "rtl" for languages written right to left, else "ltr"."""
        return "rtl" if self.language.split("-")[0] in RTL_LANGUAGES else "ltr"

    def listed_parts(self):
        """The story's body parts in reading order: ``part_list`` when its reader
        set it (the article page reads them with the story's row), else
        ``parts.all()``."""
        return _listed(self, "part_list", "parts")

    def listed_bylines(self):
        """The story's bylines: ``byline_list`` when its reader set it (lists and
        the article page read them with the story's row), else ``bylines.all()``."""
        return _listed(self, "byline_list", "bylines")

    def listed_citations(self):
        """The story's cited sources: ``citation_list`` when its reader set it (the
        article page reads them with the story's row), else ``citations.all()``."""
        return _listed(self, "citation_list", "citations")

    def listed_tags(self):
        """The story's tags: ``tag_list`` when its reader set it (the article page
        reads them with the story's row), else ``tags.all()``."""
        return _listed(self, "tag_list", "tags")

    def listed_corrections(self):
        """The story's corrections, oldest first: ``correction_list`` when its reader
        set it (the article page reads them with the story's row), else
        ``corrections.all()``."""
        return _listed(self, "correction_list", "corrections")

    @property
    def retraction(self):
        """The retraction notice, when the story has been retracted (uses prefetch)."""
        return next(
            (note for note in self.listed_corrections() if note.kind == "retraction"),
            None,
        )

    def word_count(self):
        """Words in the body as it stands (uses prefetched parts)."""
        return sum(part.word_count for part in self.listed_parts())

    @cached_property
    def card_credits(self):
        """``credit_lines()``, as a story's card reads them
        (``addresses.written_credits()``): a list works them out for all its
        stories at once (``addresses.settle()``)."""
        return addresses.written_credits(self.credit_lines())

    @cached_property
    def card_time(self):
        """The publication time as a story's card shows it (``addresses.card_time()``):
        a list works it out for all its stories at once (``addresses.settle()``)."""
        if not self.published_at:
            return addresses.NO_CARD_TIME
        return addresses.card_time(
            self.local_published_at, addresses.month_names(get_language())
        )

    def credit_lines(self, by=None):
        """Bylines grouped by role, in order: ``[("By", [author, ...]), ...]``.

        Written and reported by share the opening "By" (``by``, translated here
        unless given: a list translates it once for all its stories); every other
        role follows with its own words ("additional reporting by").
        """
        groups = {}
        for byline in self.listed_bylines():
            if byline.is_lead:
                # Translated once for the story, not through a lazy string per name.
                label = by = by or gettext("By")
            else:
                label = str(byline.get_role_display())
            groups.setdefault(label, []).append(byline.author)
        return list(groups.items())


@functools.cache
def _public_test(model):
    """``model.visible_at()`` for any time, ``NOW`` where the time goes, read once:
    a function of a story and the time (``test_of()``)."""
    return test_of(model.visible_at(NOW))


class FormerAddress(models.Model):
    """An address a published story had before its slug, section or date changed.

    The article page answers it with a permanent redirect to the story's address
    now, as long as readers may see the story (``redirects``).
    """

    path = models.CharField(_("address"), max_length=500, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="former_addresses"
    )
    created_at = models.DateTimeField(_("left at"), default=timezone.now)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.path
