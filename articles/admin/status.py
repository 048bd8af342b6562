"""Status changes from the admin: buttons on a story's page and actions on the list.

Every change calls its verb in ``workflow``. The workflow decides whether the move is
allowed (the status map and the person's permissions) and raises
``TransitionNotAllowed`` when it is not; the admin shows that refusal as an error and
changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import workflow
from ..models import Article
from .text import PlainTextField

Status = Article.Status


@dataclass(frozen=True)
class StatusChange:
    """One button of the story page and one action of the story list."""

    name: str
    label: str
    action_label: str
    target: str
    verb: Callable
    needs_time: bool = False
    # A change that needs a note of its own per story (sending back says what to
    # fix) is a button on the story page, never a bulk action of the list.
    needs_note: bool = False
    # A different button text when the story is in one of these statuses.
    labels_from: dict = field(default_factory=dict)
    # Approving and publishing pass the copy desk first; an editor may go ahead
    # despite blocking findings with a reason (``override``).
    gated: bool = False

    @property
    def action_name(self):
        return f"{self.name}_selected"

    def label_from(self, status):
        return self.labels_from.get(status, self.label)

    def run(self, article, *, by, note="", at=None, override=""):
        """Make the change through the workflow; raises ``TransitionNotAllowed``."""
        options = {"override": override} if self.gated else {}
        if self.needs_time:
            return self.verb(article, by=by, note=note, at=at, **options)
        return self.verb(article, by=by, note=note, **options)


STATUS_CHANGES = (
    StatusChange(
        "submit",
        _("Submit for review"),
        _("Submit selected stories for review"),
        Status.SUBMITTED,
        workflow.submit,
    ),
    StatusChange(
        "approve",
        _("Approve"),
        _("Approve selected stories"),
        Status.APPROVED,
        workflow.approve,
        labels_from={Status.SCHEDULED: _("Cancel schedule")},
        gated=True,
    ),
    StatusChange(
        "publish",
        _("Publish now"),
        _("Publish selected stories now"),
        Status.PUBLISHED,
        workflow.publish,
        gated=True,
    ),
    StatusChange(
        "schedule",
        _("Schedule"),
        _("Schedule selected stories…"),
        Status.SCHEDULED,
        workflow.publish,
        needs_time=True,
        gated=True,
    ),
    StatusChange(
        "send_back",
        _("Send back to draft"),
        _("Send selected stories back to draft"),
        Status.DRAFT,
        workflow.send_back,
        needs_note=True,
    ),
    StatusChange(
        "unpublish",
        _("Unpublish"),
        _("Unpublish selected stories"),
        Status.UNPUBLISHED,
        workflow.unpublish,
    ),
    StatusChange(
        "spike",
        _("Spike"),
        _("Spike selected stories"),
        Status.SPIKED,
        workflow.spike,
    ),
)
CHANGES_BY_NAME = {change.name: change for change in STATUS_CHANGES}
SCHEDULE = CHANGES_BY_NAME["schedule"]
# What the status panel's fields are called when they belong to the story's own form
# (so that a button saves the page first): apart from the story's fields.
IN_STORY_FORM = "_status_"


def status_badge(article):
    """The story's status as a coloured label, the same on the list and the page."""
    return format_html(
        '<span class="status-badge status-{}">{}</span>',
        article.status,
        article.get_status_display(),
    )


def _last_send_back(article, transitions):
    """The move that sent a draft back to its reporter, whose note says what to fix.

    None once the story has moved on: the note matters only while it is a draft.
    """
    if article.status != Status.DRAFT or not transitions:
        return None
    last = transitions[-1]
    return last if last.target == Status.DRAFT and last.source != Status.DRAFT else None


def _why_read_only(user, article):
    """Why ``user`` reads this story without being able to edit it, in their terms."""
    if not user.has_perm("articles.change_article"):
        return _("You may read this story, not edit it.")
    if not workflow.is_own(user, article):
        return _("Only the reporter who wrote this story and the editors may edit it.")
    if article.status == Status.SUBMITTED:
        return _(
            "Submitted for review: the desk has the story now. It comes back to you "
            "to edit if an editor sends it back."
        )
    return _("The story is %(status)s: from here on, only editors change it.") % {
        "status": article.get_status_display().lower()
    }


# What an editor types in "Publish at": the admin's own date format, a space, the
# time on the 24-hour clock. A browser's date picker answers "T" between them.
PUBLISH_TIME_FORMAT = "%Y-%m-%d %H:%M"


def publish_time_help(now=None):
    """How to write a publication time, with the newsroom's time zone and an example."""
    local = timezone.localtime(now)
    example = (local + timezone.timedelta(days=1)).replace(hour=7, minute=30)
    zone = timezone.get_current_timezone_name()
    if (abbreviation := local.tzname()) and abbreviation != zone:
        zone = f"{zone}, {abbreviation}"
    return _(
        "Year-month-day and 24-hour time in the newsroom's time (%(zone)s), such as %(example)s."
    ) % {
        "zone": zone,
        "example": example.strftime(PUBLISH_TIME_FORMAT),
    }


class PublishTimeField(forms.DateTimeField):
    input_formats = [PUBLISH_TIME_FORMAT, "%Y-%m-%dT%H:%M"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "placeholder": "YYYY-MM-DD HH:MM",
                    "size": 16,
                    "autocomplete": "off",
                }
            ),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value <= timezone.now():
            raise forms.ValidationError(_("Pick a time in the future."), code="past")


class StatusChangeForm(forms.Form):
    """What a button on the story page sends: the change, a note, and a time."""

    change = forms.ChoiceField(choices=[(c.name, c.label) for c in STATUS_CHANGES])
    note = PlainTextField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_(
            "Kept in the story's history. Sending a story back needs one: say what "
            "to fix."
        ),
    )
    at = PublishTimeField(label=_("Publish at"), required=False)
    override = PlainTextField(
        label=_("Go ahead despite the copy desk, because"),
        required=False,
        max_length=1000,
        help_text=_(
            "Only when the copy desk holds the story back and it must run as it is: "
            "the reason and the findings are kept in the story's history."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = publish_time_help()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change") == SCHEDULE.name and not cleaned.get("at"):
            if "at" not in self.errors:
                self.add_error("at", _("Pick when the story goes live."))
        return cleaned


class ScheduleForm(forms.Form):
    """The page the "Schedule" list action asks its time on."""

    at = PublishTimeField(label=_("Publish at"))
    note = PlainTextField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = publish_time_help()


def _status_action(change):
    def action(modeladmin, request, queryset):
        modeladmin.apply_status_change(request, queryset, change)

    action.__name__ = change.action_name
    return admin.action(description=change.action_label, permissions=["change"])(action)


@admin.action(description=SCHEDULE.action_label, permissions=["change"])
def schedule_selected(modeladmin, request, queryset):
    """Ask when, on a page of its own, then schedule every selected story."""
    form = ScheduleForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        modeladmin.apply_status_change(
            request,
            queryset,
            SCHEDULE,
            at=form.cleaned_data["at"],
            note=form.cleaned_data["note"],
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Schedule stories"),
        "opts": modeladmin.opts,
        "form": form,
        "stories": queryset,
        "action_name": SCHEDULE.action_name,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(
        request, "admin/articles/article/schedule_selected.html", context
    )


STATUS_ACTIONS = [
    schedule_selected if change.needs_time else _status_action(change)
    for change in STATUS_CHANGES
    if not change.needs_note
]


class StatusChangeAdminMixin:
    """Workflow buttons, their view, and the list actions, for ``ArticleAdmin``."""

    def get_status_changes(self, request, article=None):
        """The changes ``request.user`` may make: to ``article``, or to some story.

        The one place the admin decides which buttons and actions to offer; the
        workflow checks again, on the locked row, when the change is made.
        """
        if article is not None:
            targets = set(workflow.allowed_targets(request.user, article))
            return [change for change in STATUS_CHANGES if change.target in targets]
        return [
            change
            for change in STATUS_CHANGES
            if any(
                request.user.has_perm(
                    f"articles.{workflow.required_permission(source, change.target)}"
                )
                for source, targets in workflow.TRANSITIONS.items()
                if change.target in targets
            )
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        offered = {change.action_name for change in self.get_status_changes(request)}
        for change in STATUS_CHANGES:
            if change.action_name not in offered:
                actions.pop(change.action_name, None)
        return actions

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_status"
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def status_context(self, request, article):
        """What the status panel of the story page needs.

        On a page the person may edit, the panel's buttons submit the story's own
        form: the edits are saved, then the story moves (``response_change()``).
        When that save failed, the page comes back with the errors and says that
        the story did not move.
        """
        changes = self.get_status_changes(request, article)
        saves_first = self.has_change_permission(request, article)
        asked = None
        if saves_first and request.method == "POST":
            asked = CHANGES_BY_NAME.get(request.POST.get(f"{IN_STORY_FORM}change"))
        transitions = None
        if request.user.has_perm("articles.view_articletransition"):
            transitions = list(article.transitions.select_related("by"))
        return {
            "status_badge": status_badge(article),
            "status_buttons": [
                (change.name, change.label_from(article.status))
                for change in changes
                if not change.needs_time
            ],
            "status_can_schedule": SCHEDULE in changes,
            "status_form": StatusChangeForm(),
            "status_saves_first": saves_first,
            "status_names": IN_STORY_FORM if saves_first else "",
            "status_asked": asked.label_from(article.status) if asked else None,
            "status_note": request.POST.get(f"{IN_STORY_FORM}note", "")
            if asked
            else "",
            "transitions": transitions,
            "sent_back": _last_send_back(article, transitions or []),
            "read_only_reason": (
                None
                if self.has_change_permission(request, article)
                else _why_read_only(request.user, article)
            ),
        }

    def status_view(self, request, object_id):
        """Make the change a button on the story page asked for, then go back there."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        form = StatusChangeForm(request.POST)
        if form.is_valid():
            change = CHANGES_BY_NAME[form.cleaned_data["change"]]
            self.make_status_change(
                request,
                article,
                change,
                note=form.cleaned_data["note"],
                at=form.cleaned_data["at"],
                override=form.cleaned_data["override"],
            )
        else:
            problems = [
                str(error) for errors in form.errors.values() for error in errors
            ]
            self.message_user(request, " ".join(problems), messages.ERROR)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[article.pk],
                current_app=self.admin_site.name,
            )
        )

    def response_change(self, request, obj):
        """After a save from a status button, move the story, in the save's transaction.

        ``changeform_view()`` saves inside one transaction and calls this only once
        the story and all its parts are saved; a page that did not save never gets
        here, so the story never moves without the edits made on the page.
        """
        name = request.POST.get(f"{IN_STORY_FORM}change")
        if name is None:
            return super().response_change(request, obj)
        form = StatusChangeForm(
            {
                field: request.POST.get(f"{IN_STORY_FORM}{field}", "")
                for field in StatusChangeForm.base_fields
            }
        )
        if form.is_valid():
            change = CHANGES_BY_NAME[form.cleaned_data["change"]]
            self.make_status_change(
                request,
                obj,
                change,
                note=form.cleaned_data["note"],
                at=form.cleaned_data["at"],
                override=form.cleaned_data["override"],
                saved=True,
            )
        else:
            problems = [
                str(error) for errors in form.errors.values() for error in errors
            ]
            self.message_user(
                request,
                " ".join(
                    [
                        str(_("Your edits are saved; the status did not change.")),
                        *problems,
                    ]
                ),
                messages.ERROR,
            )
        return HttpResponseRedirect(request.path)

    def make_status_change(self, request, article, change, saved=False, **options):
        """Change one story's status and say what happened (and that edits were saved)."""
        source = article.get_status_display()
        try:
            change.run(article, by=request.user, **options)
        except workflow.TransitionNotAllowed as refusal:
            refused = str(refusal)
            if saved:
                refused = " ".join(
                    [
                        str(_("Your edits are saved; the status did not change.")),
                        refused,
                    ]
                )
            self.message_user(request, refused, messages.ERROR)
            return False
        self._log_status_change(request, article, source)
        moved = _("“%(story)s” is now %(status)s.") % {
            "story": article,
            "status": article.get_status_display().lower(),
        }
        if saved:
            moved = " ".join([str(_("Your edits are saved.")), moved])
        self.message_user(request, moved, messages.SUCCESS)
        return True

    def apply_status_change(self, request, queryset, change, **options):
        """Change every selected story it can; one message says what moved and not."""
        moved, refused = 0, []
        for article in queryset:
            source = article.get_status_display()
            try:
                change.run(article, by=request.user, **options)
            except workflow.TransitionNotAllowed as refusal:
                refused.append(f"“{article}”: {refusal}")
            else:
                self._log_status_change(request, article, source)
                moved += 1
        message = ngettext(
            "%(label)s: %(count)d story changed.",
            "%(label)s: %(count)d stories changed.",
            moved,
        ) % {"label": change.label, "count": moved}
        if refused:
            message = " ".join([message, str(_("Not changed:")), *refused])
        self.message_user(
            request, message, messages.ERROR if refused else messages.SUCCESS
        )

    def _log_status_change(self, request, article, source):
        self.log_change(
            request, article, f"Status: {source} → {article.get_status_display()}."
        )
