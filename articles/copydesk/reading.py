"""A story, from the database or from a file, as the copy desk reads it.

``copy_of_article`` reads an ``Article`` through its ``listed_*()`` methods, so a
story read whole (``selectors.whole_story``) costs no further query.
``copy_of_parsed`` reads what the importer parsed from a plain-text file, without
the database. Locations name a field so that it can be found again: a part by its
id (``part:12:text``) when stored, by its line in the file (``line:7``) when not.
"""

from django.utils import timezone

from .copy import CitedRecord, Picture, Piece, Quotation, StoryCopy
from .language import guess_language


class _Labels:
    """ "Paragraph 3", "Subhead 2": each kind of part numbered as the story reads."""

    def __init__(self):
        self.counts = {}

    def __call__(self, name):
        self.counts[name] = self.counts.get(name, 0) + 1
        return f"{name} {self.counts[name]}"


def copy_of_article(article, *, requires_dek=False, now=None):
    """The ``StoryCopy`` of ``article`` as it is stored."""
    now = now or timezone.now()
    pieces = [Piece("headline", "headline", "Headline", article.headline)]
    pictures = []
    if article.dek:
        pieces.append(Piece("dek", "dek", "Dek", article.dek))
    if article.lead_image:
        if article.lead_image_caption:
            pieces.append(
                Piece("lead_image_caption", "captions", "Lead image caption",
                      article.lead_image_caption)
            )  # fmt: skip
        if article.lead_image_alt:
            pieces.append(
                Piece("lead_image_alt", "captions", "Lead image alt text",
                      article.lead_image_alt)
            )  # fmt: skip
        pictures.append(Picture("lead_image_alt", "Lead image", article.lead_image_alt))
    quotations = []
    label = _Labels()
    for part in article.listed_parts():
        where = f"part:{part.pk}"
        kind = part.kind
        if kind == "subhead":
            pieces.append(
                Piece(f"{where}:title", "subheads", label("Subhead"), part.title)
            )
        elif kind == "paragraph":
            pieces.append(
                Piece(f"{where}:text", "body", label("Paragraph"), part.plain_text)
            )
        elif kind in ("bulleted", "numbered"):
            pieces.append(
                Piece(f"{where}:text", "body", label("List item"), part.plain_text)
            )
        elif kind == "callout":
            name = label("Callout")
            if part.title:
                pieces.append(
                    Piece(f"{where}:title", "callouts", f"{name} title", part.title)
                )
            pieces.append(Piece(f"{where}:text", "callouts", name, part.plain_text))
        elif kind == "quote":
            name = label("Pull quote" if part.is_pull_quote else "Quote")
            pieces.append(
                Piece(f"{where}:text", "quotes", name, part.plain_text, is_quote=True)
            )
            quotations.append(
                Quotation(f"{where}:text", name, part.plain_text, part.speaker,
                          part.is_pull_quote)
            )  # fmt: skip
        elif kind == "image":
            name = label("Image")
            if part.caption:
                pieces.append(
                    Piece(
                        f"{where}:caption", "captions", f"{name} caption", part.caption
                    )
                )
            if part.alt_text:
                pieces.append(
                    Piece(f"{where}:alt_text", "captions", f"{name} alt text",
                          part.alt_text)
                )  # fmt: skip
            pictures.append(Picture(f"{where}:alt_text", name, part.alt_text))
    citations = []
    for number, citation in enumerate(article.listed_citations(), 1):
        source = citation.source
        citations.append(
            CitedRecord(
                organisation=source.organisation,
                abbreviation=source.abbreviation,
                title=source.title,
                url=source.url,
                published=source.published_display,
                kind=source.kind,
                status=source.standing if source.standing != "sound" else "",
                status_note=source.standing_note,
                location=f"citation:{citation.pk}",
                label=f"Citation {number}",
            )
        )
    return StoryCopy(
        headline=article.headline,
        pieces=pieces,
        bylines=[str(byline.author) for byline in article.listed_bylines()],
        quotations=quotations,
        citations=citations,
        pictures=pictures,
        language=article.language or "en",
        requires_dek=requires_dek,
        is_published=article.status == "published",
        reference_date=(article.published_at or now).date(),
    )


def copy_of_parsed(story, *, today=None, language=None):
    """The ``StoryCopy`` of a story parsed from a file (``importing.parse_story``).

    Without ``language``, the language is guessed from the words.
    """
    pieces = [Piece("headline", "headline", "Headline", story.headline)]
    if story.dek:
        pieces.append(Piece("dek", "dek", "Dek", story.dek))
    quotations = []
    label = _Labels()
    for part in story.body:
        where = f"line:{part.line}"
        if part.kind == "subhead":
            pieces.append(Piece(where, "subheads", label("Subhead"), part.text))
        elif part.kind in ("paragraph", "list_item"):
            name = "Paragraph" if part.kind == "paragraph" else "List item"
            pieces.append(Piece(where, "body", label(name), part.text))
        elif part.kind == "callout":
            pieces.append(Piece(where, "callouts", label("Callout"), part.text))
        elif part.kind in ("quote", "pull_quote"):
            is_pull = part.kind == "pull_quote"
            name = label("Pull quote" if is_pull else "Quote")
            pieces.append(Piece(where, "quotes", name, part.text, is_quote=True))
            quotations.append(Quotation(where, name, part.text, part.speaker, is_pull))
        elif part.kind == "caption":
            pieces.append(Piece(where, "captions", label("Caption"), part.text))
    citations = [
        CitedRecord(
            organisation=source.organisation,
            abbreviation=source.abbreviation,
            published=source.published,
            kind=source.kind,
            location=f"source:{number}",
            label=f"Source {number}",
        )
        for number, source in enumerate(story.sources, 1)
    ]
    if language is None:
        language = guess_language(" ".join(piece.text for piece in pieces))
    return StoryCopy(
        headline=story.headline,
        pieces=pieces,
        language=language,
        bylines=[credit.name for credit in story.bylines],
        quotations=quotations,
        citations=citations,
        reference_date=today,
    )
