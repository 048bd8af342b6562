"""Move a newsroom in from WordPress: its export file (WXR) becomes sections,
authors, tags and structured stories, its old addresses redirects.

The file is read by ``articles.importing.wxr`` and written by ``articles.wordpress``
through the one story writer; each post is one transaction, so a post that fails
never stops the others, and running the command again updates what it made.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...importing.wxr import ExportError, read_export
from ...wordpress import ImportProblem, WordPressImport, parse_section_map


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools › Export in WordPress, a .xml file): "
        "categories as sections, tags, authors, and posts as stories with their "
        "dates, status, excerpt as dek and body as parts; old addresses redirect to "
        "the new ones. Running it again updates the stories it made."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.xml", help="The WordPress export.")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="A copy of the site's wp-content/uploads folder: images found there "
            "are attached; the others are listed.",
        )
        parser.add_argument(
            "--section-map",
            action="append",
            metavar="CATEGORY=SECTION",
            help="File a WordPress category's posts in an existing section (by slug); "
            "repeat it, or separate pairs with commas. Posts without a category "
            "count as “uncategorized”.",
        )
        parser.add_argument(
            "--pages",
            action="store_true",
            help="Import pages too, as stories (without it they are counted and "
            "skipped).",
        )
        parser.add_argument(
            "--users",
            action="store_true",
            help="Make an inactive account for each WordPress author, linked to "
            "their author profile.",
        )

    def handle(self, *args, file, uploads=None, section_map=None, **options):
        try:
            export = read_export(file)
        except ExportError as error:
            raise CommandError(f"{file}: {error}") from None
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"--uploads {uploads}: no such folder")
        try:
            run = WordPressImport(
                export,
                uploads=uploads,
                section_map=parse_section_map(section_map),
                pages=options["pages"],
                users=options["users"],
                language=settings.LANGUAGE_CODE.split("-")[0],
            )
        except ImportProblem as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{file}: “{export.title}”, WordPress export {export.wxr_version}, "
            f"{export.items} items."
        )
        report = run.run()
        self._summary(report, uploads, comments=export.comments)
        if report.failures:
            raise CommandError(
                f"{len(report.failures)} posts could not be imported; the others were."
            )

    def _summary(self, report, uploads, *, comments=0):
        write = self.stdout.write
        counts = report.counts
        created, updated = counts["story", "created"], counts["story", "updated"]
        failed = counts["story", "failed"]
        statuses = ", ".join(
            f"{number} {status}" for status, number in sorted(report.statuses.items())
        )
        write(
            f"Stories: {created + updated + failed} ({created} created, "
            f"{updated} updated{f', {failed} failed' if failed else ''})"
            f"{': ' + statuses if statuses else ''}."
        )
        for noun, plural in (("section", "Sections"), ("author", "Authors")):
            made, kept = counts[noun, "created"], counts[noun, "kept"]
            write(f"{plural}: {made + kept} ({made} created, {kept} kept).")
        if counts["user", "created"] or counts["user", "kept"]:
            write(
                f"Accounts: {counts['user', 'created']} created (inactive), "
                f"{counts['user', 'kept']} kept."
            )
        write(f"Tags given: {counts['tag', 'given']}.")
        write(f"Redirects from old addresses: {counts['redirect', 'kept']}.")
        attached, missing = counts["image", "attached"], counts["image", "missing"]
        why = "" if uploads else " (no --uploads folder given)"
        write(f"Images: {attached} attached, {missing} not found{why}.")
        if comments:
            write(
                f"Readers' comments: {comments}, not imported (the site has "
                "no readers' comments)."
            )
        skipped = sum(report.skipped.values())
        write(f"Skipped: {skipped}.")
        for (what, reason), number in sorted(report.skipped.items()):
            write(f"  {number} {what}: {reason}")
        if report.notices:
            write("Kept differently or left out:")
            for label, notice in report.notices:
                write(f"  {label}: {notice}")
        if report.missing_images:
            write("Images not found:")
            for label, address in report.missing_images:
                write(f"  {label}: {address}")
        for label, message in report.failures:
            self.stderr.write(f"{label}: {message}")
