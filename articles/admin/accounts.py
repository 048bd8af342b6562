"""Accounts: Django's user and group admins, with the project's rule for plain text."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .text import PlainTextAdminMixin

admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(PlainTextAdminMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(PlainTextAdminMixin, auth_admin.GroupAdmin):
    pass
