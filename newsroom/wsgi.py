"""WSGI entry point, for gunicorn or any other WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.secret_key import refuse_without_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

# A site that would sign sessions and share links with no key does not start.
refuse_without_key()

application = get_wsgi_application()
