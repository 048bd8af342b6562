"""The desk: what waits for review and what has a deadline, nearest first.

One page for whoever runs the desk, instead of filtering the story list twice; every
row is a link to the story's page. The counts per state go on the admin's home page
(``templatetags/desk_tags.py``, from ``selectors.story_counts()``).

"Due" is not a word here: ``Article.objects.due()`` names the scheduled stories whose
publication time has come, for ``publish_scheduled``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article, BodyPart
from ..selectors import corrections_to_consider
from .status import status_badge

Status = Article.Status

# Stories the desk still has to get out; scheduled ones already have their time.
NOT_YET_PUBLISHED = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)


def _desk_rows(queryset):
    """Stories with what a desk row shows, ``words`` among it.

    The words are the sum of the counts each part keeps, added up by the database:
    the desk reads no part's text. A subquery rather than a join, which would
    repeat each story once per part under the other aggregates of the row.
    """
    words = (
        BodyPart.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Sum("word_count"))
        .values("total")
    )
    return queryset.select_related("assigned_editor", "created_by").annotate(
        words=Coalesce(Subquery(words, output_field=IntegerField()), 0)
    )


def waiting_for_review():
    """Submitted stories, the one submitted longest ago first."""
    return _desk_rows(
        Article.objects.outside_trash()
        .filter(status=Status.SUBMITTED)
        .annotate(
            submitted_at=Max(
                "transitions__created_at",
                filter=Q(transitions__target=Status.SUBMITTED),
            )
        )
        .order_by("submitted_at", "created_at", "pk")
    )


def with_deadlines():
    """Stories not yet published that have a deadline, the nearest deadline first."""
    return _desk_rows(
        Article.objects.outside_trash()
        .filter(status__in=NOT_YET_PUBLISHED, deadline__isnull=False)
        .order_by("deadline", "pk")
    )


class DeskRow:
    """One story as a row of the desk's tables."""

    def __init__(self, article, now):
        self.article = article
        self.status_badge = status_badge(article)
        self.words = article.words
        self.planned_words = article.planned_words
        self.is_overdue = bool(article.deadline and article.deadline < now)
        self.submitted_at = getattr(article, "submitted_at", None)


class DeskAdminMixin:
    """The desk's page, under the story list's address, for ``ArticleAdmin``."""

    def get_urls(self):
        return [
            path(
                "desk/",
                self.admin_site.admin_view(self.desk_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_desk",
            ),
            *super().get_urls(),
        ]

    def desk_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        now = timezone.now()
        context = {
            **self.admin_site.each_context(request),
            "title": _("The desk"),
            "subtitle": None,
            "opts": self.opts,
            "has_view_permission": True,
            "waiting": [DeskRow(article, now) for article in waiting_for_review()],
            "deadlines": [DeskRow(article, now) for article in with_deadlines()],
            "corrections_to_consider": corrections_to_consider(),
        }
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/desk.html",
            context,
        )
