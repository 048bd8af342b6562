"""Write many published stories shaped like a real one, for the benchmark.

The words come from the generator's own vocabulary; the same ``--seed`` on an empty
database writes the same stories. Rows are written in bulk, so the search index is
rebuilt afterwards (when the project has one), not kept in step story by story.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...generate import generate_stories


def _day(value):
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as error:
        message = f"--until wants a day such as 2026-01-31: {error}"
        raise CommandError(message) from error
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class Command(BaseCommand):
    help = (
        "Write COUNT published stories with generated words (headline, dek, 13 body "
        "parts, citations, bylines, tags) over the past years, and report the rate."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many stories to write.")
        parser.add_argument(
            "--seed", type=int, default=0, help="The same seed writes the same stories."
        )
        parser.add_argument(
            "--batch", type=int, default=1000, help="Stories per transaction."
        )
        parser.add_argument(
            "--years", type=int, default=5, help="Publication dates span these years."
        )
        parser.add_argument(
            "--until",
            help="The day (YYYY-MM-DD) before which every story is published; "
            "today when omitted.",
        )

    def handle(self, *args, count, seed, batch, years, until, **options):
        if count < 1 or batch < 1 or years < 1:
            raise CommandError("COUNT, --batch and --years must be at least 1.")
        report = generate_stories(
            count,
            seed=seed,
            batch_size=batch,
            years=years,
            until=_day(until) if until else None,
            stdout=self.stdout,
        )
        self.stdout.write(
            f"Generated {report.stories} stories in {report.seconds:.2f} s "
            f"({report.rate:,.0f} stories/s). Search index: {report.search_index}."
        )
