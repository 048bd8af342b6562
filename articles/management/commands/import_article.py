"""Import plain-text stories as structured drafts: parts, bylines, sources, corrections.

The file's structure is read by ``articles.importing`` (no database there); this
command looks up what the database knows (callout kinds, sections, authors, sources)
and writes each story in one transaction, so a file either imports whole or not at
all, and one bad file never stops the others.
"""

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.urls import reverse

from ...importing import StoryError, parse_story, read_story_file
from ...models import (
    Article,
    Author,
    BodyPart,
    Byline,
    CalloutKind,
    Citation,
    Correction,
    Section,
    Source,
    unicode_slug,
)
from ...revisions import save_revision
from ...sanitize import text_to_html
from ...search import index as search_index

PART_KINDS = {
    "paragraph": BodyPart.Kind.PARAGRAPH,
    "subhead": BodyPart.Kind.SUBHEAD,
    "callout": BodyPart.Kind.CALLOUT,
    "quote": BodyPart.Kind.QUOTE,
    "pull_quote": BodyPart.Kind.QUOTE,
    "caption": BodyPart.Kind.IMAGE,
}
LIST_KINDS = {
    "bulleted": BodyPart.Kind.BULLETED_ITEM,
    "numbered": BodyPart.Kind.NUMBERED_ITEM,
}
PREVIEW_LENGTH = 72


class Command(BaseCommand):
    help = (
        "Import plain-text stories (the headline on the first line, then one paragraph "
        "per line) as draft articles, with their subheads, callouts, pull quotes, "
        "lists, captions, bylines, dateline, cited sources and corrections."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Story files (UTF-8)."
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="Section for the drafts (default: the first top-level section).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the structure found; write nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the structure as JSON: one document per file, a list for more.",
        )

    def handle(
        self, *args, paths, section=None, dry_run=False, as_json=False, **options
    ):
        lead_ins = callout_lead_ins()
        section = self._section(section, required=not dry_run, say=not as_json)
        documents = []
        failures = 0
        for path in paths:
            try:
                story = parse_story(read_story_file(path), callout_lead_ins=lead_ins)
                if dry_run:
                    article = None
                    sources = [planned_source(cited) for cited in story.sources]
                else:
                    article, sources = self._import(story, section, path)
            except (StoryError, DatabaseError) as error:
                failures += 1
                self.stderr.write(f"{path}: {one_line(error)}")
                continue
            if as_json:
                documents.append(json_document(story, section, article, sources))
            else:
                self._report(path, story, article, sources, dry_run)
        if as_json and documents:
            output = documents if len(paths) > 1 else documents[0]
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        if failures:
            raise CommandError(
                f"{failures} of {len(paths)} files could not be imported."
            )

    def _section(self, slug, *, required, say):
        if slug:
            try:
                return Section.objects.get(slug=slug)
            except Section.DoesNotExist:
                known = (
                    ", ".join(Section.objects.values_list("slug", flat=True)) or "none"
                )
                raise CommandError(
                    f'No section "{slug}" (sections: {known}).'
                ) from None
        section = Section.objects.filter(parent__isnull=True).first()
        if section is None and required:
            raise CommandError(
                "No section exists yet: create one, or pass --section SLUG."
            )
        if section is not None and say:
            self.stdout.write(
                f"No --section given: filing under {section.name} ({section.slug})."
            )
        return section

    def _import(self, story, section, path):
        with transaction.atomic():
            article, sources = write_story(story, section)
            save_revision(article, by=None, comment=f"Imported from {Path(path).name}.")
        return article, sources

    def _report(self, path, story, article, sources, dry_run):
        write = self.stdout.write
        if dry_run:
            write(f"{path} (dry run, nothing written)")
            write(f"  headline    {story.headline}")
            write(f"  dek         {story.dek or '-'}")
            credits = "; ".join(describe_credit(credit) for credit in story.bylines)
            write(f"  bylines     {credits or '-'}")
            wire = f" (wire: {story.wire_credit})" if story.wire_credit else ""
            write(f"  dateline    {story.dateline or '-'}{wire}")
            for part in story.parts:
                write(f"  {part.line:>4} {describe_kind(part):<22} {preview(part)}")
        else:
            write(
                f'{path}: imported "{story.headline}" as a draft in {article.section}.'
            )
            write(f"  parts: {count_parts(story)}")
            if story.bylines:
                write(
                    f"  bylines: {'; '.join(describe_credit(c) for c in story.bylines)}"
                )
            if story.dateline:
                wire = (
                    f" (wire credit: {story.wire_credit})" if story.wire_credit else ""
                )
                write(f"  dateline: {story.dateline}{wire}")
            for part in story.dropped:
                write(f"  dropped line {part.line} ({part.reason}): {part.text}")
        for cited, _source, is_new in sources:
            write(
                f"  source: {describe_source(cited)} ({'new' if is_new else 'reused'})"
            )
        for note in story.corrections:
            write(f"  {note.note_kind.replace('_', ' ')}: {note.text}")
        for notice in story.notices:
            write(f"  note: {notice}")
        if article is not None:
            write(f"  edit: {admin_url(article)}")


def callout_lead_ins():
    """Every opening that marks a callout, mapped to its kind's name (first wins)."""
    lead_ins = {}
    for kind in CalloutKind.objects.all():
        for lead_in in kind.all_lead_ins():
            lead_ins.setdefault(lead_in, kind.name)
    return lead_ins


def planned_source(cited):
    """``(cited, source, is_new)``: the Source on file with the same organisation or
    abbreviation (any case), else ``(cited, None, True)``."""
    match = Q(organisation__iexact=cited.organisation)
    if cited.abbreviation:
        match |= Q(abbreviation__iexact=cited.abbreviation)
    candidates = list(Source.objects.filter(match).order_by("pk"))
    same_date = [
        source for source in candidates if source.published_on == cited.published_on
    ]
    source = (same_date or candidates or [None])[0]
    return cited, source, source is None


def json_document(story, section, article, sources):
    """The story as JSON data, with what became (or would become) of its sources."""
    document = story.as_json()
    document["section"] = section.slug if section else None
    for entry, (_cited, source, is_new) in zip(
        document["sources"], sources, strict=True
    ):
        entry["reused"] = not is_new
        entry["source_id"] = None if is_new and article is None else source.pk
    if article is not None:
        document["article"] = {"id": article.pk, "admin_url": admin_url(article)}
    return document


def write_story(story, section):
    """Create the draft for ``story``; return it and what became of its sources.

    Its search document is written once, when every row is in, not once a row.
    """
    with search_index.deferred():
        return _write_story(story, section)


def _write_story(story, section):
    article = Article.objects.create(
        headline=story.headline, dek=story.dek, dateline=story.dateline, section=section
    )
    for position, credit in enumerate(dict.fromkeys(story.bylines)):
        Byline.objects.get_or_create(
            article=article,
            author=find_or_create_author(credit),
            role=Byline.Role(credit.role),
            defaults={"position": position},
        )
    kinds = {kind.name: kind for kind in CalloutKind.objects.all()}
    for position, part in enumerate(story.body):
        body_part(article, position, part, kinds).save()
    for note in story.corrections:
        Correction.objects.create(
            article=article, kind=Correction.Kind(note.note_kind), text=note.text
        )
    sources = []
    for position, cited in enumerate(story.sources):
        cited, source, is_new = planned_source(cited)
        if is_new:
            source = Source.objects.create(
                organisation=cited.organisation,
                abbreviation=cited.abbreviation,
                published_on=cited.published_on,
                published_precision=cited.precision or Source.Precision.DAY,
                kind=Source.Kind(cited.kind),
            )
        Citation.objects.get_or_create(
            article=article,
            source=source,
            defaults={"position": position, "claim": cited.claim},
        )
        sources.append((cited, source, is_new))
    return article, sources


def body_part(article, position, part, kinds):
    """The unsaved BodyPart for one parsed part."""
    kind = (
        LIST_KINDS[part.list_style]
        if part.kind == "list_item"
        else PART_KINDS[part.kind]
    )
    row = BodyPart(article=article, position=position, kind=kind)
    if part.kind == "subhead":
        row.title = part.text
    elif part.kind == "caption":
        row.caption, row.credit = part.text, part.credit
    else:
        row.text = text_to_html(part.text)
    if part.kind == "callout":
        row.callout_kind = kinds[part.callout_kind]
    if part.kind in ("quote", "pull_quote"):
        row.speaker, row.speaker_title = part.speaker, part.speaker_title
        if part.kind == "pull_quote":
            row.display = BodyPart.Display.PULL
    return row


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


def admin_url(article):
    """The path of the article's change page in the admin."""
    return reverse("admin:articles_article_change", args=[article.pk])


def count_parts(story):
    counts = Counter(describe_kind(part, detail=False) for part in story.body)
    return ", ".join(f"{kind} {number}" for kind, number in counts.items()) or "none"


def describe_kind(part, detail=True):
    if part.kind == "list_item":
        return f"{part.list_style} item"
    if part.kind == "pull_quote":
        return "pull quote"
    if part.kind == "callout" and detail:
        return f"callout ({part.callout_kind})"
    if part.kind == "note" and detail:
        return f"note ({part.note_kind.replace('_', ' ')})"
    return part.kind


def preview(part):
    """The start of the part's text, with its credit or speaker."""
    text = part.text
    if len(text) > PREVIEW_LENGTH:
        text = text[: PREVIEW_LENGTH - 1] + "…"
    if part.kind == "caption" and part.credit:
        text = f"{text} [credit: {part.credit}]".strip()
    if part.kind in ("quote", "pull_quote"):
        speaker = ", ".join(filter(None, [part.speaker, part.speaker_title]))
        text = f"{text} [{speaker or 'speaker unknown'}]"
    return text


def describe_credit(credit):
    role = "" if credit.role == "written" else f" ({Byline.Role(credit.role).label})"
    title = f", {credit.title}" if credit.title else ""
    return f"{credit.name}{title}{role}"


def describe_source(cited):
    name = cited.organisation
    if cited.abbreviation:
        name = f"{name} ({cited.abbreviation})"
    if cited.published:
        name = f"{name}, {cited.published} ({cited.precision})"
    return f"{name}, {cited.kind}"


def one_line(error):
    return " ".join(str(error).split())
