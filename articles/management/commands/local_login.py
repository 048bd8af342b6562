"""Create or update the local editor's superuser account, and say how to log in.

``make run`` calls this after loading the demo, so the admin is one click away.
The username and password come from ``NEWSROOM_ADMIN_USERNAME`` and
``NEWSROOM_ADMIN_PASSWORD`` when set. Otherwise the username is "editor" and the
password is generated once and kept in ``var/local-login.txt`` (readable by its
owner only), so the password printed on every run is the one that works.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsroom.private_files import kept_secret

DEFAULT_USERNAME = "editor"
PASSWORD_FILE = "local-login.txt"
DEFAULT_ADMIN_URL = "http://127.0.0.1:8000/admin/"


def password_file():
    """Where the generated local password is kept."""
    return settings.VAR_DIR / PASSWORD_FILE


def stored_password():
    """The password kept in the var folder, made (and kept) on the first call."""
    return kept_secret(password_file(), lambda: secrets.token_urlsafe(15))


class Command(BaseCommand):
    help = (
        "Create or update the local editor's superuser and print how to log in. "
        "Reads NEWSROOM_ADMIN_USERNAME and NEWSROOM_ADMIN_PASSWORD when set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-url",
            default=DEFAULT_ADMIN_URL,
            help=f"The admin's address to print (default {DEFAULT_ADMIN_URL}).",
        )

    def handle(self, *args, admin_url=DEFAULT_ADMIN_URL, **options):
        username = os.environ.get("NEWSROOM_ADMIN_USERNAME", "").strip()
        username = username or DEFAULT_USERNAME
        env_password = os.environ.get("NEWSROOM_ADMIN_PASSWORD", "")
        if not env_password and settings.HTTPS:
            raise CommandError(
                "DJANGO_HTTPS is on, so this is a production site, and local_login "
                "will not write a password to a file there. Set "
                "NEWSROOM_ADMIN_PASSWORD (and NEWSROOM_ADMIN_USERNAME), or run "
                "createsuperuser."
            )
        password = env_password or stored_password()

        user_model = get_user_model()
        lookup = {user_model.USERNAME_FIELD: username}
        user = user_model.objects.filter(**lookup).first() or user_model(**lookup)
        created = user.pk is None
        if env_password:
            try:
                validate_password(env_password, user)
            except ValidationError as error:
                raise CommandError(
                    "NEWSROOM_ADMIN_PASSWORD is too weak: " + " ".join(error.messages)
                ) from error
        user.is_active = user.is_staff = user.is_superuser = True
        if not user.check_password(password):
            user.set_password(password)
        user.save()

        self.stdout.write(
            f"{'Created' if created else 'Updated'} superuser {username}."
        )
        shown = "the password in NEWSROOM_ADMIN_PASSWORD" if env_password else password
        self.stdout.write(f"Log in at {admin_url} as {username} with password {shown}")
