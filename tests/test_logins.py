"""Login throttling: repeated wrong passwords lock one account out from one
address, with a clear page, until the cool-off ends or a command unlocks it."""

import pytest
from axes.models import AccessAttempt

from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.logins import client_address

from .factories import UserFactory

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"


def attempt(password, *, username="desk", address="203.0.113.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
    )
    return response


@pytest.fixture
def desk_user(db):
    return UserFactory(username="desk", is_staff=True, is_superuser=True)


def test_five_wrong_passwords_lock_the_account_out_from_that_address(desk_user):
    for _ in range(4):
        assert attempt("guess").status_code == 200  # the form again, with an error

    locked = attempt("guess")

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "locked out from your address after 5 wrong passwords" in page
    assert "Try again in 15 minutes" in page
    # Even the right password is refused now, from that address.
    assert attempt(PASSWORD).status_code == 429
    # The same account from another address, and another account from this one.
    assert attempt(PASSWORD, address="198.51.100.2").status_code == 302
    UserFactory(username="copy", is_staff=True)
    assert attempt(PASSWORD, username="copy").status_code == 302


def test_the_unlock_command_lets_the_account_log_in_again(desk_user):
    for _ in range(5):
        attempt("guess")
    assert attempt(PASSWORD).status_code == 429

    call_command("axes_reset_username", "desk")

    assert attempt(PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_right_password_clears_the_count(desk_user):
    for _ in range(4):
        attempt("guess")
    assert attempt(PASSWORD).status_code == 302

    for _ in range(4):
        assert attempt("guess").status_code == 200


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )

    assert client_address(request) == "203.0.113.9"
