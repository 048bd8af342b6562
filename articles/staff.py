"""The newsroom's people: adding someone with a role, their author profile, and the
invitation that lets them choose a password.

The invitation is Django's password-reset machinery: a token from
``default_token_generator`` (it stops working once a password is set, or after
``PASSWORD_RESET_TIMEOUT``) in a link to ``password_reset_confirm``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Author, display_name, unicode_slug
from .roles import set_role


@transaction.atomic
def take_on(user, *, role, writes=True):
    """Save ``user`` (a new one with no password until they choose one) in ``role``,
    with an author profile linked when they write (``writes``)."""
    if user.pk is None:
        user.set_unusable_password()
    user.save()
    set_role(user, role)
    if writes:
        author_profile(user)
    return user


def add_person(*, username, role, first_name="", last_name="", email="", writes=True):
    """A new account in ``role``: see ``take_on``."""
    user = get_user_model()(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    return take_on(user, role=role, writes=writes)


def author_profile(user):
    """``user``'s author profile, linked now if need be: an unlinked author of the
    same name (a contributor who joined the staff), or a new one with a free slug."""
    author = Author.objects.filter(user=user).first()
    if author is not None:
        return author
    name = display_name(user)
    author = Author.objects.filter(user=None, name__iexact=name).order_by("pk").first()
    if author is None:
        base = unicode_slug(name, max_length=140) or f"author-{user.pk}"
        slug, number = base, 2
        while Author.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        author = Author(name=name, slug=slug)
    author.user = user
    author.save()
    return author


def invitation_link(user, *, base_url):
    """The address where ``user`` chooses a password; it works once."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invitation(user, *, base_url, invited_by=None):
    """The invitation email for ``user``, ready to send."""
    context = {
        "user": user,
        "name": display_name(user),
        "invited_by": display_name(invited_by) if invited_by else "",
        "site_name": settings.NEWSROOM_SITE_NAME,
        "link": invitation_link(user, base_url=base_url),
        "username": user.get_username(),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = render_to_string("registration/invitation_subject.txt", context)
    body = render_to_string("registration/invitation_email.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[user.email])


def invite(user, *, base_url, invited_by=None):
    """Send ``user`` an invitation; raises ``OSError`` (SMTP errors among them) when
    the mail server refuses it, and ``ValueError`` when there is no address."""
    if not user.email:
        raise ValueError(f"{user.get_username()} has no email address.")
    invitation(user, base_url=base_url, invited_by=invited_by).send()
