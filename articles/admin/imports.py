"""The "Import story" page: paste or upload copy, check each line's role, save a draft.

Reading is the importer's (``articles.importing``), writing the story module's
(``stories.import_story``): the page only shows what the importer found, lets the
editor change a line's role, and saves. The copy travels between the two steps in
the form itself, so nothing is stored before the editor saves.
"""

import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..importing import StoryError, parse_story
from ..importing.markup import read_docx, read_html
from ..importing.story import LINE_ROLES, apply_roles
from ..models import CalloutKind, Section
from ..sanitize import clean_text
from ..selectors import callout_lead_ins
from ..stories import DuplicateStory, import_story
from ..upload_names import NamedFileField
from .text import LONGEST_RICH_TEXT, PlainTextField

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ROLE_LABELS = {
    "headline": _("Headline"),
    "paragraph": _("Paragraph"),
    "subhead": _("Subhead"),
    "list_item": _("List item"),
    "callout": _("Callout"),
    "quote": _("Quote"),
    "pull_quote": _("Pull quote"),
    "caption": _("Caption"),
    "credit": _("Photo credit"),
    "dek": _("Dek"),
    "byline": _("Byline"),
    "date": _("Date"),
    "note": _("Correction or note"),
    "dropped": _("Left out (promo, link, ...)"),
}


class ImportForm(forms.Form):
    text = PlainTextField(
        multiline=True,
        max_length=LONGEST_RICH_TEXT,
        label=_("Or plain text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "The headline on the first line, then one paragraph a line. "
            "Subheads, lists, captions, callouts and bylines are found by their shape."
        ),
    )
    html = PlainTextField(
        multiline=True,
        max_length=LONGEST_RICH_TEXT,
        required=False,
        widget=forms.HiddenInput,
    )
    file = NamedFileField(
        label=_("Or a file"),
        required=False,
        help_text=_("A .txt, .md or Word .docx file."),
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.select_related("parent")
    )
    replace = forms.BooleanField(
        label=_("Replace the story if it was imported before (a new revision)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        # Labels stand above their boxes (and after the checkbox): no colon.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = upload.name.lower()
        if not name.endswith((".txt", ".md", ".docx")):
            raise forms.ValidationError(_("Upload a .txt, .md or .docx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def copy(self):
        """``(text, roles)`` of what was pasted or uploaded, held to the plain-text
        rule of every text field (``sanitize.clean_text``) whatever it came from."""
        text, roles = self._read_copy()
        return clean_text(text, multiline=True), roles

    def _read_copy(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.name.lower().endswith(".docx"):
                try:
                    return read_docx(upload)
                except (zipfile.BadZipFile, KeyError, ValueError) as error:
                    raise forms.ValidationError(
                        _("This .docx file cannot be read (%(error)s).")
                        % {"error": error}
                    ) from None
            try:
                return upload.read().decode("utf-8-sig"), {}
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text; save it as UTF-8 and try again.")
                ) from None
        if self.cleaned_data.get("html", "").strip():
            return read_html(self.cleaned_data["html"])
        return self.cleaned_data.get("text", ""), {}


class ImportAdminMixin:
    """Adds the import page to the story admin, for whoever may add stories."""

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        story = None
        rows = []
        if request.method == "POST" and form.is_valid():
            try:
                text, roles = form.copy()
                story = self._read(text, roles, request.POST)
            except forms.ValidationError as error:
                form.add_error(None, error)
            except StoryError as error:
                form.add_error(None, _("The copy %(problem)s.") % {"problem": error})
            if story is not None and "save" in request.POST:
                saved = self._save(request, form, story)
                if saved is not None:
                    return saved
            if story is not None:
                rows = [
                    {
                        "line": line.line,
                        "role": line.role,
                        "label": ROLE_LABELS.get(line.role, line.role),
                        "why": line.why,
                        "text": line.text,
                        "choices": self._choices(line.role),
                    }
                    for line in story.lines
                ]
                if not form.errors:
                    # The copy goes on as plain text; each line's role is in its
                    # select, markup's roles included.
                    form = ImportForm(
                        initial={
                            "text": text,
                            "section": form.cleaned_data["section"],
                            "replace": form.cleaned_data["replace"],
                        }
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import story"),
            "subtitle": None,
            "opts": self.opts,
            "has_view_permission": True,
            "form": form,
            "story": story,
            "rows": rows,
        }
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/import.html",
            context,
        )

    @staticmethod
    def _choices(role):
        choices = [(value, ROLE_LABELS[value]) for value in LINE_ROLES]
        if role not in LINE_ROLES and role != "headline":
            choices.insert(0, (role, ROLE_LABELS.get(role, role)))
        return choices

    @staticmethod
    def _read(text, roles, data):
        """The story in ``text``: the markup's roles, then the editor's changes."""
        story = parse_story(
            text, callout_lead_ins=callout_lead_ins(), language=settings.LANGUAGE_CODE
        )
        changes = dict(roles)
        for name, value in data.items():
            if name.startswith("role-") and name[5:].isdigit():
                changes[int(name[5:])] = value
        default_kind = CalloutKind.objects.values_list("name", flat=True).first() or ""
        if "callout" in changes.values() and not default_kind:
            raise forms.ValidationError(
                _("No callout kind exists yet: add one before making a callout.")
            )
        return apply_roles(story, changes, callout_kind=default_kind)

    def _save(self, request, form, story):
        try:
            written, replaced = import_story(
                story,
                section=form.cleaned_data["section"],
                update=form.cleaned_data["replace"],
                by=request.user,
            )
        except DuplicateStory as refused:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[refused.article.pk],
            )
            form.add_error(
                None,
                format_html(
                    '{} <a href="{}">{}</a>. {}',
                    _("This story was imported before:"),
                    url,
                    refused.article.headline,
                    _("Tick “Replace” to save it as a new revision of that story."),
                ),
            )
            return None
        except DatabaseError as error:
            form.add_error(None, _("The story could not be saved (%s).") % error)
            return None
        article = written.article
        message = (
            _("The story was replaced with the imported copy, as a new revision.")
            if replaced
            else _("The story was imported as a draft.")
        )
        if not replaced:
            self.log_addition(request, article, [{"added": {}}])
        messages.success(request, message)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[article.pk],
            )
        )
