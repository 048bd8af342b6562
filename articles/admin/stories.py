"""The story list and the story page: every part of a story edited on one page."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .. import revisions, stories
from ..models import Article, Byline, Section, Source
from ..search import index as search_index
from ..upload_names import is_nameless
from .access import may_edit_story
from .autosaves import AutosaveAdminMixin
from .comments import CommentsAdminMixin
from .copydesk import CopyDeskAdminMixin
from .desk import DeskAdminMixin
from .forms import IMAGE_FIELDS, ArticleForm
from .imports import ImportAdminMixin
from .inlines import (
    BodyPartInline,
    BylineInline,
    CitationInline,
    CorrectionFormSet,
    CorrectionInline,
)
from .previews import PreviewAdminMixin
from .status import STATUS_ACTIONS, StatusChangeAdminMixin, status_badge
from .text import PlainTextAdminMixin
from .trash import TrashAdminMixin, trash_selected
from .uploads import UploadNamesAdminMixin
from .versions import RevisionsAdminMixin

PLANNING_FIELDS = ["assigned_editor", "deadline", "budget_line", "planned_words"]
# The statuses of a story readers have seen, and so may need a correction about.
SEEN_BY_READERS = (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED)


class SectionListFilter(admin.RelatedFieldListFilter):
    """Sections by name, with their parents fetched in the same query."""

    def field_choices(self, field, request, model_admin):
        return [
            (section.pk, str(section))
            for section in Section.objects.select_related("parent")
        ]


class MineFilter(admin.SimpleListFilter):
    """A reporter's own stories: the ones they created or carry a byline on."""

    title = _("writer")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("Me"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        user = request.user
        return queryset.filter(
            Q(created_by=user) | Q(bylines__author__user=user)
        ).distinct()


class CitedSourceFilter(admin.SimpleListFilter):
    """The stories that cite one source; reached from the source list's links.

    Listing every source in the sidebar would be too long to use, so the filter
    shows only once a source is chosen, with "All" to leave it.
    """

    title = _("cites")
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value or not value.isdigit():
            return []
        source = Source.objects.filter(pk=value).first()
        return [(value, str(source))] if source else []

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(citations__source=value)


class StoryChangeList(ChangeList):
    """The story list, with what its columns show (tags, bylines) read per page.

    Here rather than in ``ArticleAdmin.get_queryset()``, which every page about one
    story uses too, and which would read its tags and bylines there for nothing.
    """

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(
                "tags",
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            )
        )


@admin.register(Article)
class ArticleAdmin(
    AutosaveAdminMixin,
    RevisionsAdminMixin,
    PreviewAdminMixin,
    CommentsAdminMixin,
    CopyDeskAdminMixin,
    DeskAdminMixin,
    ImportAdminMixin,
    StatusChangeAdminMixin,
    UploadNamesAdminMixin,
    PlainTextAdminMixin,
    TrashAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleForm
    formfield_overrides = IMAGE_FIELDS
    list_display = [
        "headline",
        "section",
        "status_badge",
        "credits",
        "tag_list",
        "published",
        "updated",
    ]
    list_select_related = ["section", "section__parent"]
    list_filter = [
        MineFilter,
        "status",
        ("section", SectionListFilter),
        ("bylines__author", admin.RelatedOnlyFieldListFilter),
        CitedSourceFilter,
        "published_at",
        "created_at",
    ]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek", "slug", "bylines__author__name"]
    search_help_text = _("Headline, dek, slug or a byline's name.")
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    readonly_fields = [
        "status_badge",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "dek",
                    "section",
                    ("dateline", "language"),
                    "tags",
                    "seen_lock_version",
                ]
            },
        ),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    ("lead_image_caption", "lead_image_credit"),
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    ("status_badge", "published_at"),
                    "embargo_until",
                    ("created_by", "created_at", "updated_at"),
                ]
            },
        ),
        (
            _("Planning"),
            {
                "fields": [
                    ("assigned_editor", "deadline"),
                    "budget_line",
                    "planned_words",
                ],
                "description": _("The desk's plan for the story, shown on the desk."),
            },
        ),
    ]
    actions = [*STATUS_ACTIONS, trash_selected]
    save_on_top = True

    class Media:
        css = {"all": ["admin/articles/story.css", "admin/articles/desk.css"]}
        js = [
            "admin/articles/inline_order.js",
            "admin/articles/body_parts.js",
            "admin/articles/unsaved_changes.js",
            "admin/articles/autosave.js",
        ]

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def get_inlines(self, request, obj):
        inlines = [BodyPartInline, BylineInline, CitationInline]
        if obj is not None and obj.status in SEEN_BY_READERS:
            inlines.append(CorrectionInline)
        return inlines

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit_story(request, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.has_perm("articles.edit_any_article"):
            return readonly
        # The plan is the desk's: a reporter reads it on their story, editors set it.
        return [*readonly, *PLANNING_FIELDS]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_editor":
            kwargs["queryset"] = _desk_editors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, CorrectionFormSet):
            # The correction's own revision is the snapshot of this save.
            request._corrections_recorded = formset.record(by=request.user)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        """Save the parts, then snapshot the whole story as a revision.

        The story's search document is rebuilt once, after every part is saved,
        rather than once for each.
        """
        with search_index.deferred():
            super().save_related(request, form, formsets, change)
            if not change:
                stories.byline_the_writer(form.instance, request.user)
        # What was kept while typing is saved now, or was replaced by this save.
        self.forget_autosave(request, form.instance, added=not change)
        if getattr(request, "_corrections_recorded", 0):
            return
        message = self.construct_change_message(request, form, formsets, not change)
        revisions.save_revision(
            form.instance,
            by=request.user,
            comment=_summarise(message) if change else "Created.",
        )

    def view_on_site(self, obj):
        """The public page, only once readers can see it."""
        return obj.get_absolute_url() if obj.is_public else None

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            context.update(self.status_context(request, obj))
            context.update(self.copydesk_context(request, obj))
        context.update(self.autosave_context(request, obj, add))
        if obj is not None and request.method == "POST":
            # A refused save (an error, an edit conflict) comes back with the typed
            # headline on the story; the heading names the story as it is saved.
            saved = Article.objects.filter(pk=obj.pk).values_list("headline", flat=True)
            context["subtitle"] = context["saved_headline"] = saved.first()
        again = request.method == "POST" and _files_to_choose_again(request, context)
        if again:
            # The page came back with errors: browsers never keep chosen files.
            self.message_user(
                request,
                _(
                    "Nothing was saved, so the files you chose were not uploaded: "
                    "%(files)s. Choose them again before you save."
                )
                % {"files": ", ".join(again)},
                messages.WARNING,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return status_badge(obj)

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, obj):
        return _short_time(obj.published_at)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj):
        return _short_time(obj.updated_at)

    def changelist_view(self, request, extra_context=None):
        # The list has filters of its own; without the admin's navigation beside it,
        # every column fits a 1280-pixel screen with no scrollbar of its own.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("bylines"))
    def credits(self, obj):
        return ", ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


def _files_to_choose_again(request, context):
    """Mark each file field of a failed save with the file chosen for it, and name
    them all: "Lead image: ferry.png", "Body part 3, image: quay.jpg"."""
    rows = [(None, context["adminform"].form)] + [
        (f"{inline.opts.verbose_name.capitalize()} {number}", form)
        for inline in context.get("inline_admin_formsets", [])
        for number, form in enumerate(inline.formset.forms, start=1)
    ]
    named = []
    for row, form in rows:
        for name, field in form.fields.items():
            chosen = request.FILES.get(form.add_prefix(name))
            if chosen is None or is_nameless(chosen):
                continue  # a file without a name has its own error on its field
            if hasattr(field.widget, "choose_again"):
                field.widget.choose_again = chosen.name
            label = str(field.label or name)
            label = f"{row}, {label.lower()}" if row else label.capitalize()
            named.append(f"{label} ({chosen.name})")
    return named


def _short_time(moment):
    """A date and time for a narrow column, in local time: "3 Dec" over "14:05",
    with the year when it is not this one."""
    if moment is None:
        return "–"
    local = timezone.localtime(moment)
    day = f"{local.day} {date_format(local, 'M')}"
    if local.year != timezone.localdate().year:
        day = f"{day} {local.year}"
    return format_html(
        '<time datetime="{}" class="short-time">{}<br>{}</time>',
        local.isoformat(),
        day,
        local.strftime("%H:%M"),
    )


def _desk_editors():
    """Active people who may edit any story: whom a story can be assigned to."""
    may_edit_any = Q(codename="edit_any_article", content_type__app_label="articles")
    permission = Permission.objects.filter(may_edit_any)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _summarise(change_message):
    """A short line of what a save changed, from the admin's own change message."""
    words = []
    for entry in change_message:
        for verb, details in entry.items():
            what = [str(details.get("name", ""))] + [
                str(f).lower() for f in details.get("fields", [])
            ]
            words.append(" ".join([verb.capitalize(), ", ".join(w for w in what if w)]))
    return ("; ".join(words)[:500] + ".") if words else "Saved without changes."


def story_list_link(text, **filters):
    """A link to the story list filtered by ``filters``, for the lists around it."""
    return format_html(
        '<a href="{}?{}">{}</a>',
        reverse("admin:articles_article_changelist"),
        urlencode(filters),
        text,
    )
