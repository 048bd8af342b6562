"""What several test modules share and is not a fixture."""

from django.test import Client


def logged_in_client(user):
    """A test client of its own, logged in as ``user``: for tests that need two
    people's sessions at once, where the ``client`` fixture is only one."""
    client = Client()
    client.force_login(user)
    return client
