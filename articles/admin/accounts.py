"""Accounts: Django's user and group admins, with the project's rule for plain text."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .text import PlainTextAdminMixin

admin.site.unregister(get_user_model())
admin.site.unregister(Group)

# The one form field that looks accounts up from another page: an author's account.
_AUTHOR_ACCOUNT = {
    "app_label": "articles",
    "model_name": "author",
    "field_name": "user",
}


def looks_up_an_authors_account(request):
    """Whether ``request`` is the autocomplete of an author's account field, asked by
    someone who may link any author to an account (editors)."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and all(request.GET.get(key) == value for key, value in _AUTHOR_ACCOUNT.items())
        and request.user.has_perm("articles.change_author")
    )


@admin.register(get_user_model())
class UserAdmin(PlainTextAdminMixin, auth_admin.UserAdmin):
    def has_view_permission(self, request, obj=None):
        """Editors may not browse accounts, but may find one to link to an author:
        the autocomplete asks this admin, not the author's."""
        if obj is None and looks_up_an_authors_account(request):
            return True
        return super().has_view_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        if looks_up_an_authors_account(request):
            queryset = queryset.filter(is_active=True)
        return super().get_search_results(request, queryset, search_term)


@admin.register(Group)
class GroupAdmin(PlainTextAdminMixin, auth_admin.GroupAdmin):
    pass
