"""The articles app: stories, their parts, and the site they are published on."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not above: they import the models, which Django loads
        # only after every app's config.
        from . import (
            caching,
            cards,
            defaults,
            images,
            notifications,
            redirects,
            revisions,
            roles,
            tags,
        )
        from .search import receivers as search  # also registers SearchDocument

        revisions.register()
        search.connect()
        caching.connect()
        images.connect_signals()
        tags.connect()
        redirects.connect()
        cards.connect()
        roles.connect()
        notifications.connect()
        post_migrate.connect(
            defaults.create_default_callout_kinds,
            sender=self,
            dispatch_uid="articles.default_callout_kinds",
        )
