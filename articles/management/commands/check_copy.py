"""Read stories as the copy desk does and print what it finds.

Stories in the database by id, by status or all of them, and plain-text files in
the importer's format (read, never imported). Exits 1 when anything blocking is
found and 2 when an input could not be read, so that scripts can stop on it.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ...copydesk import check_story
from ...copydesk.reading import copy_of_parsed
from ...copyreading import load_desk, story_report
from ...importing import StoryError, parse_story, read_story_file
from ...models import Article
from ...selectors import callout_lead_ins

BLOCKING_EXIT, UNREADABLE_EXIT = 1, 2


class Command(BaseCommand):
    help = (
        "Run the copy desk over stories (by id, --status or --all) and plain-text "
        "files (--file), printing the findings as a table or as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", metavar="ID", help="Story ids.")
        parser.add_argument(
            "--status",
            action="append",
            choices=Article.Status.values,
            default=[],
            help="Every story in this status (may be given more than once).",
        )
        parser.add_argument("--all", action="store_true", help="Every story.")
        parser.add_argument(
            "--file",
            action="append",
            dest="files",
            default=[],
            metavar="PATH",
            help="A plain-text story in the importer's format (may be repeated).",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON."
        )

    def handle(self, *args, ids, status, all, files, as_json, **options):
        if not (ids or status or all or files):
            raise CommandError(
                "Say which stories: ids, --status, --all or --file PATH."
            )
        desk = load_desk()
        results, unreadable = [], 0
        for item in self._stories(ids, status, all):
            if isinstance(item, str):
                self.stderr.write(item)
                unreadable += 1
                continue
            report = story_report(item, desk=desk)
            results.append(({"story": item.pk, "headline": item.headline}, report))
        lead_ins = callout_lead_ins() if files else {}
        for path in files:
            try:
                parsed = parse_story(read_story_file(path), callout_lead_ins=lead_ins)
            except StoryError as error:
                self.stderr.write(f"{path}: {error}")
                unreadable += 1
                continue
            report = check_story(copy_of_parsed(parsed), desk)
            results.append(({"file": str(path), "headline": parsed.headline}, report))
        if as_json:
            self.stdout.write(json.dumps(
                [
                    {
                        **what,
                        "blocking": len(report.blocking),
                        "findings": [f.as_json() for f in report.findings],
                        "marked_as_intended": [f.as_json() for f in report.waived],
                    }
                    for what, report in results
                ],
                ensure_ascii=False,
                indent=2,
            ))  # fmt: skip
        else:
            for what, report in results:
                self._table(what, report)
        blocking = sum(len(report.blocking) for _what, report in results)
        if blocking:
            raise CommandError(
                f"{blocking} blocking finding{'s' if blocking != 1 else ''}.",
                returncode=BLOCKING_EXIT,
            )
        if unreadable:
            raise CommandError(
                f"{unreadable} input{'s' if unreadable != 1 else ''} could not be read.",
                returncode=UNREADABLE_EXIT,
            )

    def _stories(self, ids, statuses, everything):
        """The stories asked for, in order, or a line saying why one is missing."""
        seen = set()
        for raw in ids:
            if not raw.isdigit():
                yield f"{raw}: not a story id (a number); use --file for a file."
                continue
            article = Article.objects.filter(pk=int(raw)).first()
            if article is None:
                yield f"{raw}: no story with this id."
                continue
            seen.add(article.pk)
            yield article
        if everything or statuses:
            stories = Article.objects.order_by("pk")
            if not everything:
                stories = stories.filter(status__in=statuses)
            for article in stories.iterator():
                if article.pk not in seen:
                    yield article

    def _table(self, what, report):
        name = f"#{what['story']}" if "story" in what else what["file"]
        self.stdout.write(self.style.MIGRATE_HEADING(f"{name}  {what['headline']}"))
        if not report.findings:
            self.stdout.write("  nothing found")
        for finding in report.findings:
            mark = "BLOCK" if finding.is_blocking else "note "
            text = f" “{finding.text}”" if finding.text else ""
            fix = f" → “{finding.suggestions[0]}”" if finding.suggestions else ""
            line = f"  {mark}  {finding.label:<18} {finding.rule:<26}{text}{fix}"
            style = self.style.ERROR if finding.is_blocking else self.style.WARNING
            self.stdout.write(style(line))
            self.stdout.write(f"         {finding.message}")
        if report.waived:
            self.stdout.write(f"  ({len(report.waived)} marked as intended)")
