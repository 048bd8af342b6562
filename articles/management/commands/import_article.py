"""Import plain-text stories as structured drafts: parts, bylines, sources, corrections.

The file's structure is read by ``articles.importing`` (no database there) and
written by ``articles.stories``; each story goes in one transaction with its first
revision, so a file either imports whole or not at all, and one bad file never stops
the others.
"""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.urls import reverse

from ...importing import StoryError, parse_story, read_story_file
from ...models import Byline, CalloutKind, Section
from ...revisions import save_revision
from ...stories import find_source, write_story

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
                story = parse_story(
                    read_story_file(path),
                    callout_lead_ins=lead_ins,
                    language=settings.LANGUAGE_CODE,
                )
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
            written = write_story(story, section=section)
            comment = f"Imported from {Path(path).name}."
            save_revision(written.article, by=None, comment=comment)
        return written.article, written.sources

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
    """``(cited, source, is_new)``: the Source on file that the story would cite."""
    source = find_source(cited)
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
