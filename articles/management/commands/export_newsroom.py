"""Write the whole newsroom to a folder or a .tar.gz, in the documented format."""

import sys
import time

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from ...interchange.archive import ArchiveError
from ...interchange.export import export_newsroom


class Command(BaseCommand):
    help = (
        "Export every record of the newsroom and its stored images to PATH (a new "
        "folder, or a file ending in .tar.gz), as described in docs/export-format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A new or empty folder, or NAME.tar.gz.")
        parser.add_argument(
            "--with-credentials",
            action="store_true",
            help="Include the users' password hashes (keep such an export secret).",
        )
        parser.add_argument(
            "--with-revisions",
            action="store_true",
            help="Include every stored revision of every story.",
        )

    def handle(self, *args, path, with_credentials, with_revisions, **options):
        bar = tqdm(
            desc="Exporting",
            unit=" records",
            disable=not sys.stderr.isatty() or options["verbosity"] < 1,
        )
        started = time.perf_counter()
        try:
            report = export_newsroom(
                path,
                with_credentials=with_credentials,
                with_revisions=with_revisions,
                progress=lambda kind, count: bar.update(count),
            )
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        seconds = time.perf_counter() - started
        stories = report.counts["stories"]
        counts = ", ".join(f"{count} {name}" for name, count in report.counts.items())
        self.stdout.write(
            f"Exported {stories} stories to {path} in {seconds:.2f} s "
            f"({stories / seconds if seconds else 0:,.0f} stories/s): {counts}; "
            f"{report.media} media files ({report.media_bytes:,} bytes)."
        )
        if not with_credentials:
            self.stdout.write(
                "Password hashes were left out (--with-credentials puts them in)."
            )
