"""Create or update the newsroom's roles (Reporter, Editor, Site administrator)."""

from django.core.management.base import BaseCommand

from ...roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Reporter, Editor and Site administrator groups."

    def handle(self, *args, **options):
        for role, count in setup_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
