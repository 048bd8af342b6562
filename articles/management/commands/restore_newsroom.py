"""Load an export made by export_newsroom, checking all of it before writing."""

import sys
import time

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from ...interchange.archive import ArchiveError
from ...interchange.restore import RestoreError, restore_newsroom


class Command(BaseCommand):
    help = (
        "Restore the export at PATH (a folder or a .tar.gz) into an empty database, "
        "or with --merge into one that has a newsroom already."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="An export folder or .tar.gz file.")
        parser.add_argument(
            "--merge",
            action="store_true",
            help="Add what the database does not have yet, matching records by their "
            "stable keys (slugs, usernames, a story's section and slug).",
        )

    def handle(self, *args, path, merge, **options):
        interactive = sys.stderr.isatty() and options["verbosity"] >= 1

        def progress(description, total):
            return tqdm(
                desc=description, total=total, unit=" records", disable=not interactive
            )

        started = time.perf_counter()
        try:
            report = restore_newsroom(path, merge=merge, progress=progress)
        except (ArchiveError, RestoreError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        stories = report.added.get("stories", 0)
        self.stdout.write(
            f"Restored {stories} stories from {path} in {seconds:.2f} s "
            f"({stories / seconds if seconds else 0:,.0f} stories/s)."
        )
        added = [f"{count} {name}" for name, count in report.added.items() if count]
        added.append(f"{report.media} media files")
        self.stdout.write(f"Added: {', '.join(added)}.")
        for name, count in report.skipped.items():
            self.stdout.write(f"Skipped {count} {name}: {report.reasons[name]}.")
        if not report.with_credentials and report.added.get("users"):
            self.stdout.write(
                "The export holds no passwords: restored users log in after "
                "`manage.py changepassword` or a password reset."
            )
