"""local_login: the local editor's superuser, and the login line `make run` prints."""

import io
import re
import stat

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"Log in at (\S+) as (\S+) with password (.+)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    """Each test gets its own var folder and starts with no login settings."""
    monkeypatch.delenv("NEWSROOM_ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("NEWSROOM_ADMIN_PASSWORD", raising=False)
    settings.HTTPS = False
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def local_login(*args):
    out = io.StringIO()
    call_command("local_login", *args, stdout=out)
    return LOGIN_LINE.search(out.getvalue()).groups()


def logs_in(client, username, password):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code == 302 and response.url == "/admin/"


def test_it_creates_a_superuser_who_can_log_in_with_the_printed_password(client):
    url, username, password = local_login()

    assert url == "http://127.0.0.1:8000/admin/"
    assert username == "editor"
    user = get_user_model().objects.get(username="editor")
    assert user.is_superuser and user.is_staff and user.is_active
    assert logs_in(client, username, password)


def test_the_generated_password_is_kept_in_a_file_only_its_owner_can_read(var_dir):
    _, _, password = local_login()

    path = var_dir / "local-login.txt"
    assert path.read_text().strip() == password
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_second_run_keeps_the_same_password(client):
    _, _, first = local_login()
    _, _, second = local_login()

    assert second == first
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert logs_in(client, "editor", first)


def test_a_second_run_puts_back_a_password_changed_in_the_admin(client):
    _, _, password = local_login()
    user = get_user_model().objects.get(username="editor")
    user.set_password("a different one, chosen later")
    user.save()

    local_login()

    assert logs_in(client, "editor", password)


def test_the_printed_address_follows_the_admin_url_option():
    url, _, _ = local_login("--admin-url", "http://127.0.0.1:8103/admin/")

    assert url == "http://127.0.0.1:8103/admin/"


def test_username_and_password_from_the_environment_win(client, monkeypatch, var_dir):
    monkeypatch.setenv("NEWSROOM_ADMIN_USERNAME", "night-desk")
    monkeypatch.setenv("NEWSROOM_ADMIN_PASSWORD", "tide-lantern-quarry-51")

    _, username, shown = local_login()

    assert username == "night-desk"
    assert "tide-lantern-quarry-51" not in shown
    assert logs_in(client, "night-desk", "tide-lantern-quarry-51")
    assert not get_user_model().objects.filter(username="editor").exists()
    assert not (var_dir / "local-login.txt").exists()


def test_a_weak_password_from_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSROOM_ADMIN_PASSWORD", "password")

    with pytest.raises(CommandError, match="too weak"):
        local_login()

    assert not get_user_model().objects.exists()


def test_on_an_https_site_it_refuses_to_invent_a_password(settings, var_dir):
    settings.HTTPS = True

    with pytest.raises(CommandError, match="NEWSROOM_ADMIN_PASSWORD"):
        local_login()

    assert not get_user_model().objects.exists()
    assert not (var_dir / "local-login.txt").exists()


def test_on_an_https_site_it_uses_the_password_from_the_environment(
    settings, monkeypatch
):
    settings.HTTPS = True
    monkeypatch.setenv("NEWSROOM_ADMIN_PASSWORD", "tide-lantern-quarry-51")

    local_login()

    assert (
        get_user_model()
        .objects.get(username="editor")
        .check_password("tide-lantern-quarry-51")
    )
