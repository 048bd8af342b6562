"""Newsroom staff: where a Site administrator adds a person with a role, and
invites them by email to choose a password.

Staff status is not a box to tick here: it follows the role (``roles.py``). Someone
who leaves is made inactive, not deleted, so that the history keeps their name.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import staff
from ..models import StaffMember
from ..roles import ROLES, role_of
from .text import PlainTextAdminMixin

logger = logging.getLogger(__name__)

NO_ROLE = ""
ROLE_CHOICES = [
    (NO_ROLE, gettext_lazy("No role (cannot log in to the admin)")),
    *[(role, role) for role in ROLES],
]


class StaffMemberForm(forms.ModelForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=ROLE_CHOICES,
        required=False,
        help_text=gettext_lazy(
            "Reporters write and submit their own stories; Editors edit any story "
            "and make every move; Site administrators also run sections, rules and "
            "people. A role gives access to the admin; no role takes it away."
        ),
    )
    invite = forms.BooleanField(
        label=gettext_lazy("Send an invitation by email"),
        required=False,
        help_text=gettext_lazy(
            "An email with a link, good for a few days and for one use, where they "
            "choose a password and are signed in."
        ),
    )

    class Meta:
        model = StaffMember
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["role"].initial = role_of(self.instance)
            self.fields["invite"].label = _("Send the invitation again")

    def clean_username(self):
        username = self.cleaned_data["username"]
        taken = get_user_model().objects.filter(username__iexact=username)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Someone already has that username (in some case); choose another.")
            )
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("invite") and not cleaned.get("email"):
            self.add_error("email", _("An invitation needs an email address."))
        return cleaned


class AddStaffMemberForm(StaffMemberForm):
    writes = forms.BooleanField(
        label=gettext_lazy("Writes for the newsroom"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Makes an author profile linked to the account (or links the profile "
            "of the same name), so that their stories carry their byline."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["role"].choices = ROLE_CHOICES[1:]
        self.fields["invite"].initial = True


@admin.register(StaffMember)
class StaffMemberAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    form = StaffMemberForm
    add_form = AddStaffMemberForm
    list_display = [
        "username",
        "full_name",
        "email",
        "role",
        "author_profile",
        "last_login",
        "is_active",
    ]
    list_filter = ["is_active", "groups"]
    list_select_related = ["author"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    readonly_fields = ["author_profile", "last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "username",
                "first_name",
                "last_name",
                "email",
                "role",
                "writes",
                "invite",
            ]
        return [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "is_active",
            "author_profile",
            "invite",
            "last_login",
            "date_joined",
        ]

    def has_delete_permission(self, request, obj=None):
        # Untick "Active" instead: a deleted account takes its name out of history.
        return False

    @admin.display(description=gettext_lazy("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=gettext_lazy("role"))
    def role(self, obj):
        return role_of(obj) or "—"

    @admin.display(description=gettext_lazy("author profile"))
    def author_profile(self, obj):
        author = getattr(obj, "author", None)
        if author is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_author_change", args=[author.pk]),
            author.name,
        )

    def save_model(self, request, obj, form, change):
        role = form.cleaned_data["role"]
        writes = form.cleaned_data.get("writes", False)
        staff.take_on(obj, role=role, writes=writes)
        if change:
            self.log_change(request, obj, f"Role: {role or 'none'}.")
        if form.cleaned_data.get("invite"):
            transaction.on_commit(lambda: self._invite(request, obj))

    def _invite(self, request, user):
        """Send the invitation once the account is saved; say whether it went."""
        try:
            staff.invite(
                user,
                base_url=request.build_absolute_uri("/"),
                invited_by=request.user,
            )
        except (OSError, ValueError) as error:
            logger.warning("The invitation to %s was not sent: %s", user, error)
            self.message_user(
                request,
                _(
                    "The invitation to %(email)s could not be sent (%(error)s). The "
                    "account is saved: send it again from this page."
                )
                % {"email": user.email, "error": error},
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                _("An invitation went to %(email)s.") % {"email": user.email},
                messages.SUCCESS,
            )
