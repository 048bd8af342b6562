"""Write the search index again from the stories: for repairs, and after bulk loads."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ...search import index


class Command(BaseCommand):
    help = (
        "Empty the search index and index every story again (PostgreSQL: the "
        "tsvector table; SQLite: the FTS5 table), in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=index.BATCH_SIZE,
            help="Stories read and written at a time.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to index."
        )

    def handle(self, *args, batch_size, database, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.perf_counter()
        written = index.rebuild(using=database, batch_size=batch_size)
        seconds = time.perf_counter() - started
        rate = written / seconds if seconds else 0
        self.stdout.write(
            f"Indexed {written} stories in {seconds:.2f} s ({rate:,.0f} stories/s)."
        )
