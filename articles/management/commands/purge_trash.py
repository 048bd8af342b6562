"""Delete for good the stories that have been in the trash longer than 30 days."""

from django.core.management.base import BaseCommand

from ...trash import TRASH_DAYS, purge


class Command(BaseCommand):
    help = f"Delete for good the stories in the trash for more than {TRASH_DAYS} days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        purged = purge(dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        for story in purged:
            self.stdout.write(
                f"{verb}: {story.pk} {story.headline} "
                f"(in the trash since {story.trashed_at:%Y-%m-%d})"
            )
        self.stdout.write(f"{len(purged)} {verb}.")
