"""Import plain-text stories as structured drafts: parts, bylines, sources, corrections.

The file's structure is read by ``articles.importing`` (no database there) and
written by ``articles.stories``; each story goes in one transaction with its first
revision, so a file either imports whole or not at all, and one bad file never stops
the others.
"""

import json
import os
import sys
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from tqdm import tqdm

import django
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.urls import reverse

from ...defaults import shipped_callout_kinds
from ...importing import StoryError, parse_story, read_story_file
from ...models import Byline, CalloutKind, Section
from ...sanitize import clean_text, known_ahead
from ...selectors import callout_lead_ins
from ...stories import (
    DuplicateStory,
    Lookups,
    find_duplicate,
    find_source,
    import_story,
    markup_ahead,
)

PREVIEW_LENGTH = 72


STORY_SUFFIXES = (".txt", ".md")

# The files a parsing process reads and parses in one go, and how many such
# batches wait parsed ahead of the writer, per process.
PARSE_BATCH = 8
BATCHES_AHEAD = 2


def default_parse_workers():
    """One process parsing per processor the writer leaves free (none on one)."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        processors = os.cpu_count() or 1
    return processors - 1


class Command(BaseCommand):
    help = (
        "Import plain-text stories (the headline on the first line, then one paragraph "
        "per line) as draft articles, with their subheads, callouts, pull quotes, "
        "lists, captions, bylines, dateline, cited sources and corrections. A story "
        "imported before is refused unless --update; a directory imports every "
        ".txt and .md file in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="Story files (UTF-8), or directories of them.",
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="Section for the drafts (default: the first top-level section).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the structure found, each line's role and why; write nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the structure as JSON: one document per file, a list for more.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Import a story that is on file already as a new revision of it.",
        )
        parser.add_argument(
            "--parse-workers",
            type=int,
            metavar="N",
            default=default_parse_workers(),
            help="Processes that read and parse the next files while this one writes"
            " (default: one per processor but one; 0 parses here, file by file).",
        )

    def handle(
        self,
        *args,
        paths,
        section=None,
        dry_run=False,
        as_json=False,
        update=False,
        parse_workers=0,
        **options,
    ):
        # A dry run reads a file before any database is set up, too: with the
        # shipped callout kinds, and nothing on file to compare it with.
        on_file = not dry_run or database_is_set_up()
        if on_file:
            lead_ins = callout_lead_ins()
            section = self._section(section, required=not dry_run, say=not as_json)
        else:
            self.stderr.write(
                "The database is not set up (manage.py migrate): reading with the"
                " shipped callout kinds, comparing with nothing on file."
            )
            lead_ins, section = callout_lead_ins(shipped_callout_kinds()), None
        files = story_files(paths)
        # The callout kinds and authors on file, read once for all the files.
        lookups = Lookups()
        documents = []
        done = Counter()
        failures = []
        progress = tqdm(
            read_stories(
                files,
                workers=parse_workers,
                lead_ins=lead_ins,
                language=settings.LANGUAGE_CODE,
            ),
            total=len(files),
            unit="story",
            file=sys.stderr,
            disable=as_json or not (self.stdout.isatty() and sys.stderr.isatty()),
        )
        for path, story, unread in progress:
            try:
                if unread is not None:
                    raise unread
                if dry_run:
                    article, replaced = None, False
                    sources = [
                        planned_source(cited) if on_file else (cited, None, True)
                        for cited in story.sources
                    ]
                    duplicate = (
                        find_duplicate(story, source=source_name(path))
                        if on_file
                        else None
                    )
                else:
                    written, replaced = import_story(
                        story,
                        section=section,
                        source=source_name(path),
                        update=update,
                        lookups=lookups,
                    )
                    article, sources, duplicate = written.article, written.sources, None
            except DuplicateStory as refused:
                done["duplicate"] += 1
                self.stderr.write(
                    f"{path}: already imported as “{refused.article.headline}”"
                    f" ({admin_url(refused.article)}); --update makes a new revision"
                )
                continue
            except (StoryError, DatabaseError) as error:
                failures.append((path, one_line(error)))
                self.stderr.write(f"{path}: {one_line(error)}")
                continue
            done["updated" if replaced else "imported"] += 1
            if as_json:
                document = json_document(story, section, article, sources)
                if duplicate is not None:
                    document["duplicate_of"] = {
                        "id": duplicate.pk,
                        "admin_url": admin_url(duplicate),
                    }
                documents.append(document)
            else:
                self._report(path, story, article, sources, dry_run, duplicate)
        if as_json and documents:
            output = documents if len(files) > 1 else documents[0]
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        if len(files) > 1 and not as_json:
            self._summary(done, failures, dry_run)
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(files)} files could not be imported."
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

    def _report(self, path, story, article, sources, dry_run, duplicate=None):
        write = self.stdout.write
        if dry_run:
            write(f"{path} (dry run, nothing written)")
            if duplicate is not None:
                write(
                    f"  already imported as “{duplicate.headline}”"
                    f" ({admin_url(duplicate)}); --update would replace it"
                )
            write(f"  headline    {story.headline}")
            write(f"  dek         {story.dek or '-'}")
            credits = "; ".join(describe_credit(credit) for credit in story.bylines)
            write(f"  bylines     {credits or '-'}")
            wire = f" (wire: {story.wire_credit})" if story.wire_credit else ""
            write(f"  dateline    {story.dateline or '-'}{wire}")
            for part in story.parts:
                write(
                    f"  {part.line:>4} {describe_kind(part):<22} {preview(part)}"
                    f"  ({part.why})"
                )
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

    def _summary(self, done, failures, dry_run):
        verb = "Read" if dry_run else "Imported"
        counts = [f"{verb} {done['imported']}"]
        if done["updated"]:
            counts.append(f"updated {done['updated']}")
        counts.append(f"skipped {done['duplicate']} as duplicates")
        counts.append(f"failed {len(failures)}")
        self.stdout.write(", ".join(counts) + ("." if not failures else ":"))
        for path, reason in failures:
            self.stdout.write(f"  {path}: {reason}")


def database_is_set_up():
    """Whether ``migrate`` has made the tables a story is compared with."""
    return CalloutKind._meta.db_table in connection.introspection.table_names()


def story_files(paths):
    """``(path, problem)`` for each story file the paths name, directories opened.

    A directory gives its ``.txt`` and ``.md`` files, in name order, its
    subdirectories' included; one without any is a problem of its own.
    """
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and child.suffix.lower() in STORY_SUFFIXES
            )
            if not found:
                files.append((name, "is a directory with no .txt or .md files"))
            files.extend((str(child), None) for child in found)
        else:
            files.append((name, None))
    return files


def read_story(path, problem, lead_ins, language):
    """``(story, None)`` for the story file at ``path``, or ``(None, StoryError)``
    when it cannot be read as one (``problem`` says why, found before)."""
    try:
        if problem:
            raise StoryError(problem)
        text = plain_text(path)
        return parse_story(text, callout_lead_ins=lead_ins, language=language), None
    except StoryError as error:
        return None, error


def read_batch(files, lead_ins, language):
    """``read_story`` for each of ``files``, with the markup of each story worked
    out ahead for its writer (``markup_ahead``): a parsing process's task."""
    read = []
    for path, problem in files:
        story, error = read_story(path, problem, lead_ins, language)
        read.append((story, error, None if story is None else markup_ahead(story)))
    return read


def read_stories(files, *, workers, lead_ins, language):
    """``(path, story, error)`` for each of ``files`` (``(path, problem)``), in order.

    With ``workers``, that many processes read and parse the files ahead, a few
    batches at a time, while the caller writes the stories already read: parsing
    is pure, so the same stories come out, in the same order, as when each file
    is read here in turn. A worker sets Django up when it starts without it (its
    settings come from the environment, as this process's did).
    """
    if workers < 1 or len(files) <= PARSE_BATCH:
        for path, problem in files:
            yield path, *read_story(path, problem, lead_ins, language)
        return
    batches = (
        files[start : start + PARSE_BATCH]
        for start in range(0, len(files), PARSE_BATCH)
    )
    pool = ProcessPoolExecutor(max_workers=workers, initializer=django.setup)
    try:
        ahead = deque(
            (batch, pool.submit(read_batch, batch, lead_ins, language))
            for batch in islice(batches, workers * BATCHES_AHEAD)
        )
        while ahead:
            batch, parsed = ahead.popleft()
            results = parsed.result()
            for following in islice(batches, 1):
                ahead.append(
                    (following, pool.submit(read_batch, following, lead_ins, language))
                )
            for (path, _problem), (story, error, markup) in zip(
                batch, results, strict=True
            ):
                if markup is not None:
                    # The story is written next: its markup is known.
                    known_ahead(markup)
                yield path, story, error
    finally:
        pool.shutdown(cancel_futures=True)


def plain_text(path):
    """The text of the story file at ``path``, held to the plain-text rule of every
    text field (``sanitize.clean_text``), as the admin's import page holds its copy:
    a file with a control character or a noncharacter is refused, not stored."""
    text = read_story_file(path)
    try:
        return clean_text(text, multiline=True)
    except ValidationError as refused:
        raise StoryError(refused.messages[0]) from None


def source_name(path):
    """How an article records the file it came from: its full path."""
    return str(Path(path).resolve())


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
