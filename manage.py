#!/usr/bin/env python
"""Django's command-line utility for the newsroom project."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.management import execute_from_command_line

    from newsroom.secret_key import MISSING, is_missing_key, refuse_without_key

    if sys.argv[1:2] == ["runserver"]:
        refuse_without_key()
    try:
        execute_from_command_line(sys.argv)
    except Exception as error:
        # A command that signs something, run with no key: say how to set one.
        if is_missing_key(error):
            sys.exit(MISSING)
        raise


if __name__ == "__main__":
    main()
