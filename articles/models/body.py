"""The body of a story, in reading order: paragraphs, subheads, callouts, quotes, ...

Every part of a story's body is one row of ``BodyPart``, ordered by ``position``, so
one query returns the whole body in the order the story is read and an editor can
put any callout or quote between any two paragraphs. A subhead part opens one of the
story's headed sections; ``Article.body_sections()`` groups the parts into
``ArticleSection`` objects for the page. ``Callout`` and ``Quote`` are proxies over
the same rows, for asking "every quote of this speaker" across stories.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..querysets import BodyPartQuerySet
from ..sanitize import clean_html, html_to_text
from .choices import label_of
from .fields import RichTextField, SizedImageField


class CalloutKind(models.Model):
    """An entry of the editable list of callout kinds: Did You Know?, Pro Tip, ..."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    label = models.CharField(
        _("label"),
        max_length=60,
        help_text=_('What the reader sees above the callout, such as "Did You Know?".'),
    )
    lead_ins = models.CharField(
        _("other lead-ins"),
        max_length=300,
        blank=True,
        help_text=_(
            'Other openings that mark this kind in imported copy, separated by "|", '
            'such as "Tip:|Quick tip:".'
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("callout kind")
        verbose_name_plural = _("callout kinds")

    def __str__(self):
        return self.name

    def all_lead_ins(self):
        """Every opening the importer recognises as this kind, longest first."""
        lead_ins = {self.label.strip(), self.name.strip()}
        lead_ins.update(part.strip() for part in self.lead_ins.split("|"))
        return sorted((item for item in lead_ins if item), key=len, reverse=True)


class BodyPart(models.Model):
    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        SUBHEAD = "subhead", _("Subhead")
        CALLOUT = "callout", _("Callout")
        QUOTE = "quote", _("Quote")
        BULLETED_ITEM = "bulleted", _("Bulleted list item")
        NUMBERED_ITEM = "numbered", _("Numbered list item")
        IMAGE = "image", _("Image")

    class Display(models.TextChoices):
        INLINE = "inline", _("In the text")
        PULL = "pull", _("Pull quote")

    # What each kind of part is made of: the fields it uses besides its position and
    # kind. The admin shows only these on a part's row and the writers fill only these.
    FIELDS_BY_KIND = {
        Kind.PARAGRAPH: ("text",),
        Kind.SUBHEAD: ("title",),
        Kind.CALLOUT: ("callout_kind", "title", "text"),
        Kind.QUOTE: ("text", "speaker", "speaker_title", "quote_source", "display"),
        Kind.BULLETED_ITEM: ("text",),
        Kind.NUMBERED_ITEM: ("text",),
        Kind.IMAGE: ("image", "caption", "credit", "alt_text"),
    }

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="parts"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.PARAGRAPH
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("A subhead's words, or a callout's optional title."),
    )
    text = RichTextField(_("text"), blank=True)
    callout_kind = models.ForeignKey(
        CalloutKind,
        verbose_name=_("callout kind"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    speaker = models.CharField(_("speaker"), max_length=150, blank=True)
    speaker_title = models.CharField(_("speaker's title"), max_length=200, blank=True)
    quote_source = models.ForeignKey(
        "articles.Source",
        verbose_name=_("quoted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    display = models.CharField(
        _("display"), max_length=10, choices=Display, default=Display.INLINE
    )
    image = SizedImageField(
        _("image"),
        upload_to="body/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    alt_text = models.CharField(_("alt text"), max_length=300, blank=True)
    # Counted when the part is written (``count_words()``), so that pages and the
    # desk add numbers up rather than strip the markup of every part they show.
    word_count = models.PositiveIntegerField(_("words"), default=0, editable=False)

    objects = BodyPartQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("body part")
        verbose_name_plural = _("body parts")
        indexes = [models.Index(fields=["article", "position"], name="bodypart_order")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="callout")
                | models.Q(callout_kind__isnull=False),
                name="bodypart_callout_has_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="subhead") | ~models.Q(title=""),
                name="bodypart_subhead_has_words",
            ),
        ]

    def __str__(self):
        words = self.title or self.plain_text or self.caption
        return f"{label_of(self.Kind, self.kind)}: {words[:60]}"

    def save(self, *args, **kwargs):
        self.text = clean_html(self.text)
        self.word_count = self.count_words()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"text", "title"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "word_count"}
        super().save(*args, **kwargs)

    def count_words(self):
        """The words a reader reads in this part: its title's and its text's."""
        return len(self.title.split()) + len(self.plain_text.split())

    @property
    def plain_text(self):
        return html_to_text(self.text)

    @property
    def is_pull_quote(self):
        return self.kind == self.Kind.QUOTE and self.display == self.Display.PULL

    @property
    def is_list_item(self):
        return self.kind in (self.Kind.BULLETED_ITEM, self.Kind.NUMBERED_ITEM)


class CalloutManager(models.Manager.from_queryset(BodyPartQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=BodyPart.Kind.CALLOUT)


class QuoteManager(models.Manager.from_queryset(BodyPartQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=BodyPart.Kind.QUOTE)


class Callout(BodyPart):
    """A body part set apart from the text: Did You Know?, Pro Tip, Editor's Note."""

    objects = CalloutManager()

    class Meta:
        proxy = True
        verbose_name = _("callout")
        verbose_name_plural = _("callouts")

    def save(self, *args, **kwargs):
        self.kind = BodyPart.Kind.CALLOUT
        super().save(*args, **kwargs)


class Quote(BodyPart):
    """Words someone said, in the text or pulled out as a pull quote."""

    objects = QuoteManager()

    class Meta:
        proxy = True
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def save(self, *args, **kwargs):
        self.kind = BodyPart.Kind.QUOTE
        super().save(*args, **kwargs)


@dataclass
class ArticleSection:
    """One headed section of a story: its subhead (none for the opening) and parts."""

    subhead: BodyPart | None = None
    parts: list = field(default_factory=list)

    @property
    def heading(self):
        return self.subhead.title if self.subhead else ""

    def blocks(self):
        """The parts, with consecutive list items gathered into one list.

        Yields ``(kind, value)``: ``("part", part)`` or ``("list", [items])``, where
        ``kind`` of the list is the items' own kind.
        """
        run = []
        for part in self.parts:
            if part.is_list_item and run and run[0].kind == part.kind:
                run.append(part)
                continue
            if run:
                yield run[0].kind, run
                run = []
            if part.is_list_item:
                run = [part]
            else:
                yield "part", part
        if run:
            yield run[0].kind, run

    @cached_property
    def block_list(self):
        """``blocks()`` as ``(first, kind, value)``, worked out once: ``kind`` is the
        part's own kind for a part ("paragraph", "callout", ...) and the items' for
        a list; ``first`` marks the section's first block.

        The article page loops over these itself: a macro call per section and the
        loop's bookkeeping for ``loop.first`` cost more than its paragraphs. A story
        read with its rows keeps its sections with them (``section_list``), so a
        story's blocks are worked out once for each text of it.
        """
        return tuple(
            (index == 0, value.kind if kind == "part" else kind, value)
            for index, (kind, value) in enumerate(self.blocks())
        )


def group_into_sections(parts):
    """Split parts in reading order into the story's headed sections."""
    sections = [ArticleSection()]
    for part in parts:
        if part.kind == BodyPart.Kind.SUBHEAD:
            sections.append(ArticleSection(subhead=part))
        else:
            sections[-1].parts.append(part)
    if not sections[0].parts and len(sections) > 1:
        sections.pop(0)
    return sections
