"""Choosing a password from a link: invitations to the newsroom and forgotten
passwords, on Django's password-reset views, dressed as the admin."""

from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _


def _admin_dress():
    """What the admin's own templates expect to name the site."""
    return {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
    }


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of an invitation (or a reset): set a password, and be signed in.

    The login names its backend: django-axes stands before the model backend.
    """

    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("admin:index")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password is set, and you are signed in. Welcome.")
        )
        return response


def urlpatterns():
    """The addresses, under the admin's, that the admin's templates look for (the
    login page offers "Forgotten your password?" once ``admin_password_reset`` is
    there). They come before the admin's own, whose last pattern takes any address,
    inside the admin's prefix (``newsroom/urls.py``)."""
    dress = _admin_dress()
    return [
        path(
            "password_reset/",
            auth_views.PasswordResetView.as_view(extra_context=dress),
            name="admin_password_reset",
        ),
        path(
            "password_reset/done/",
            auth_views.PasswordResetDoneView.as_view(extra_context=dress),
            name="password_reset_done",
        ),
        path(
            "reset/<uidb64>/<token>/",
            SetPasswordView.as_view(extra_context=dress),
            name="password_reset_confirm",
        ),
        path(
            "reset/done/",
            auth_views.PasswordResetCompleteView.as_view(extra_context=dress),
            name="password_reset_complete",
        ),
    ]
