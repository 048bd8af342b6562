"""The copy desk on the story page: the findings, a suggestion applied with one
click, a finding marked as intended; and the desk's rules and house list."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import copyreading
from ..copydesk import rule_problems
from ..copydesk.copy import SCOPES
from ..models import CopyDeskSettings, CopyRule, HouseTerm
from .access import story_to_view
from .text import PlainTextAdminMixin, PlainTextField


class ApplyForm(forms.Form):
    """A suggestion to apply: where, what the text was, and what it becomes.

    The suggestion becomes story text, so it is held to the plain-text rule of the
    story form: a post made by hand cannot put there what the form would refuse.
    """

    location = PlainTextField(max_length=80)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    text = PlainTextField(max_length=2000, strip=False, multiline=True)
    suggestion = PlainTextField(
        max_length=2000, strip=False, required=False, multiline=True
    )


class IntendedForm(forms.Form):
    """A finding marked as intended, with the reason the next editor reads."""

    rule = PlainTextField(max_length=80)
    location = PlainTextField(max_length=80)
    text = PlainTextField(max_length=2000, strip=False, required=False, multiline=True)
    reason = PlainTextField(
        label=_("Why it is right as it is"),
        max_length=1000,
        multiline=True,
        widget=forms.Textarea,
    )


class CopyDeskAdminMixin:
    """The Copy desk panel of ``ArticleAdmin`` and the two views behind its buttons."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/copydesk/apply/",
                view(self.apply_suggestion_view),
                name=f"{prefix}_copydesk_apply",
            ),
            path(
                "<path:object_id>/copydesk/intended/",
                view(self.mark_intended_view),
                name=f"{prefix}_copydesk_intended",
            ),
            *super().get_urls(),
        ]

    def copydesk_context(self, request, article):
        """What the Copy desk panel shows: the findings and what the user may do."""
        waivers = list(article.copy_waivers.select_related("created_by"))
        report = copyreading.story_report(article, waivers=waivers)
        waivers = {waiver.key: waiver for waiver in waivers}
        may_edit = self.has_change_permission(request, article)
        return {
            "desk_findings": report.findings,
            "desk_blocking": report.blocking,
            "desk_waived": [
                (finding, waivers.get(finding.key)) for finding in report.waived
            ],
            "desk_may_apply": may_edit,
            "desk_may_mark": may_edit
            and request.user.has_perm("articles.approve_article"),
        }

    def _back_to_story(self, article, anchor="copy-desk"):
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[article.pk],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(f"{url}#{anchor}")

    def apply_suggestion_view(self, request, object_id):
        """Apply one suggestion as an edit of the story (a new revision)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = story_to_view(self, request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        form = ApplyForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, _("That suggestion could not be read."), messages.ERROR
            )
            return self._back_to_story(article)
        data = form.cleaned_data
        try:
            copyreading.apply_suggestion(article, by=request.user, **data)
        except copyreading.CannotApply as problem:
            self.message_user(request, str(problem), messages.ERROR)
        else:
            self.log_change(
                request,
                article,
                f"Copy desk: “{data['text']}” → “{data['suggestion']}”.",
            )
            self.message_user(
                request,
                _("Changed “%(text)s” to “%(suggestion)s”.") % data,
                messages.SUCCESS,
            )
        return self._back_to_story(article)

    def mark_intended_view(self, request, object_id):
        """Mark a finding as intended: kept with its reason, not raised again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = story_to_view(self, request, object_id)
        if not (
            self.has_change_permission(request, article)
            and request.user.has_perm("articles.approve_article")
        ):
            raise PermissionDenied
        form = IntendedForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, _("Say why the text is right as it is."), messages.ERROR
            )
            return self._back_to_story(article)
        copyreading.mark_as_intended(article, by=request.user, **form.cleaned_data)
        self.message_user(request, _("Marked as intended."), messages.SUCCESS)
        return self._back_to_story(article)


class CopyRuleForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("applies to"),
        choices=[(scope, scope.capitalize()) for scope in SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CopyRule
        fields = [
            "rule_id", "kind", "category", "severity", "message", "is_enabled",
            "pattern", "replacement", "case_sensitive", "words", "builtin",
            "scopes", "skip_quotes", "examples_match", "examples_clean", "description",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["scopes"] = [s for s in self.instance.scopes.split(",") if s]

    def clean_scopes(self):
        return ",".join(self.cleaned_data["scopes"])

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        rule = self.instance
        for name, value in cleaned.items():
            setattr(rule, name, value)
        problems = rule_problems(rule.as_rule(), copyreading.load_desk())
        if problems and cleaned.get("is_enabled"):
            raise forms.ValidationError(
                [_("This rule cannot be switched on:"), *problems]
            )
        return cleaned


@admin.register(CopyRule)
class CopyRuleAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    form = CopyRuleForm
    list_display = ["rule_id", "kind", "category", "severity", "is_enabled", "message"]
    list_filter = ["kind", "category", "severity", "is_enabled"]
    list_editable = ["is_enabled"]
    search_fields = ["rule_id", "message", "pattern", "words"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "rule_id",
                    "kind",
                    "category",
                    "severity",
                    "message",
                    "is_enabled",
                ]
            },
        ),
        (
            _("What it looks for"),
            {
                "fields": [
                    "pattern",
                    "replacement",
                    "case_sensitive",
                    "words",
                    "builtin",
                ]
            },
        ),
        (_("Where"), {"fields": ["scopes", "skip_quotes"]}),
        (
            _("Examples, run before the rule can be switched on"),
            {"fields": ["examples_match", "examples_clean", "description"]},
        ),
    ]

    def get_changelist_form(self, request, **kwargs):
        # Switching a rule on from the list runs its examples, as its own page does.
        return _ListRuleForm


class _ListRuleForm(forms.ModelForm):
    class Meta:
        model = CopyRule
        fields = ["is_enabled"]

    def clean_is_enabled(self):
        enabled = self.cleaned_data["is_enabled"]
        if enabled:
            problems = rule_problems(self.instance.as_rule(), copyreading.load_desk())
            if problems:
                raise forms.ValidationError(problems)
        return enabled


@admin.register(HouseTerm)
class HouseTermAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["canonical", "kind", "abbreviation", "note"]
    list_filter = ["kind"]
    search_fields = ["canonical", "variants", "abbreviation"]


@admin.register(CopyDeskSettings)
class CopyDeskSettingsAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "spelling", "headline_style", "headline_max_length"]

    def has_add_permission(self, request):
        return False  # one row, made by the migrations (CopyDeskSettings.current())

    def has_delete_permission(self, request, obj=None):
        return False
