"""Sources: what stories cite, and which stories cite each one."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Article, Source
from .stories import story_list_link
from .text import PlainTextAdminMixin


@admin.register(Source)
class SourceAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = [
        "organisation",
        "abbreviation",
        "title",
        "kind",
        "published_display",
        "cited_by",
    ]
    list_filter = ["kind", "standing"]
    search_fields = ["organisation", "abbreviation", "title"]
    fields = [
        "organisation",
        "abbreviation",
        "title",
        "kind",
        "url",
        ("published_on", "published_precision"),
        "cited_by",
        ("standing", "standing_changed_on"),
        "standing_note",
        "citing_stories",
    ]
    readonly_fields = ["cited_by", "citing_stories"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # A counted query ignores Meta.ordering; the autocomplete needs an order.
        return (
            super()
            .get_queryset(request)
            .annotate(story_count=Count("citations__article", distinct=True))
            .order_by(*Source._meta.ordering)
        )

    def save_model(self, request, obj, form, change):
        marked = "standing" in form.changed_data and obj.is_in_doubt
        if marked and not obj.standing_changed_on:
            obj.standing_changed_on = timezone.localdate()
        super().save_model(request, obj, form, change)
        if marked:
            stories = Article.objects.filter(citations__source=obj).distinct()
            published = stories.filter(status=Article.Status.PUBLISHED).count()
            waiting = stories.exclude(
                status__in=[Article.Status.PUBLISHED, Article.Status.SPIKED]
            ).count()
            self.message_user(
                request,
                _(
                    "Marked %(standing)s. %(published)d published stories cite it: "
                    "they are on the desk as corrections to consider. The copy desk "
                    "now holds back the %(waiting)d not yet published that cite it."
                )
                % {
                    "standing": obj.get_standing_display().lower(),
                    "published": published,
                    "waiting": waiting,
                },
                messages.WARNING,
            )

    @admin.display(description=_("stories citing it"))
    def citing_stories(self, obj):
        """Every story citing the source, with its status and a link to it."""
        if obj.pk is None:
            return "—"
        stories = (
            Article.objects.filter(citations__source=obj)
            .distinct()
            .order_by("-published_at", "headline")
        )
        if not stories:
            return _("None yet.")
        return format_html_join(
            "",
            '<p><a href="{}">{}</a> · {}</p>',
            (
                (
                    reverse("admin:articles_article_change", args=[story.pk]),
                    story.headline,
                    story.get_status_display(),
                )
                for story in stories
            ),
        )

    @admin.display(description=_("published"), ordering="published_on")
    def published_display(self, obj):
        return obj.published_display

    @admin.display(description=_("cited by"), ordering="story_count")
    def cited_by(self, obj):
        """How many stories cite the source, linking to the list of them."""
        if obj.pk is None:
            return "—"
        text = ngettext("%(count)d story", "%(count)d stories", obj.story_count) % {
            "count": obj.story_count
        }
        return story_list_link(text, cites=obj.pk)
