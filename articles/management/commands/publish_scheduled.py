"""Publish the scheduled stories whose time has come. Run it every minute from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...models import Article
from ...workflow import publish_scheduled


class Command(BaseCommand):
    help = "Publish every scheduled story whose publication time has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            due = Article.objects.due(now).order_by("published_at", "pk")
            for article in due:
                when = f"{article.published_at:%Y-%m-%d %H:%M %Z}"
                self.stdout.write(f"due: {article.pk} {article.headline} ({when})")
            self.stdout.write(f"{len(due)} due, nothing published (dry run).")
            return
        published = publish_scheduled(now=now)
        for article in published:
            self.stdout.write(
                f"published: {article.pk} {article.headline} {article.get_absolute_url()}"
            )
        self.stdout.write(f"{len(published)} published.")
