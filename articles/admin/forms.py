"""The story form: refuses a save made over an edit its author never saw."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import revisions
from ..models import Article

_MARKS = {"delete": "−", "insert": "+"}


class ArticleForm(forms.ModelForm):
    seen_lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # The admin names the fields it shows (its fieldsets) and passes them here.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_lock_version"].initial = self.instance.lock_version
        self.conflict = None

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_lock_version")
        if self.instance.pk is None or seen is None:
            return cleaned
        # The admin saves inside one transaction; the row stays locked until it ends.
        try:
            revisions.check_not_stale(self.instance.pk, seen)
        except revisions.EditConflict as conflict:
            self.conflict = conflict
            changed = [
                f"{_MARKS[op]} {line}" for op, line in conflict.changes if op != "equal"
            ]
            raise ValidationError(
                [str(conflict)]
                + (
                    [_("What changed since you opened it:")] + changed
                    if changed
                    else []
                )
            ) from conflict
        return cleaned
