"""An editor who saves a story through the served admin every second, for
``--duration`` seconds, in a process of its own; prints what it saw as JSON.

Run by ``bench/load.py`` against the server the readers load (``--base``). Each save
is what a browser does, over HTTP: open the story's page, change the dek, post the
whole form (parts, bylines and the rest, the CSRF token included), follow nothing. It
logs in once through the login page, with a password of its own, so that its saves
reach the same workers and the same database as the readers, and its failures are
the server's answers.
"""

import argparse
import http.cookiejar
import json
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import forms  # noqa: E402


class Answer:
    """An HTTP answer as the save needs it: status, body and where it points."""

    def __init__(self, status, body, location=""):
        self.status, self.content, self.location = status, body, location


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer itself: a saved form answers 302."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept between requests, redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )

    def request(self, path, data=None):
        body = None if data is None else urllib.parse.urlencode(data, doseq=True)
        request = urllib.request.Request(
            self.base + path,
            data=body and body.encode(),
            method="POST" if body else "GET",
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as answer:
            return Answer(
                answer.code, answer.read(), answer.headers.get("Location", "")
            )


def form_fields(answer, form_id):
    """The form ``form_id`` of ``answer`` as the browser would send it, unchanged."""
    fields = forms.form_fields(answer.content.decode(), form_id)
    if not fields:
        raise RuntimeError(f"no form #{form_id} (HTTP {answer.status})")
    return fields


def make_editor():
    """An editor with a password, in the database the server serves."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.save()
    return user.username, password


def log_in(browser, username, password):
    from django.urls import reverse

    login = reverse("admin:login")
    data = form_fields(browser.request(login), "login-form")
    data.update(username=username, password=password)
    answer = browser.request(login, data)
    if answer.status != 302:
        raise RuntimeError(f"the login answered {answer.status}, not a redirect")


def save(browser, story, number):
    """Open the story's page, change its dek and post the whole form, as a browser
    does; the failure as a line of text, or None for a save."""
    from django.urls import reverse

    url = reverse("admin:articles_article_change", args=[story])
    try:
        page = browser.request(url)
        if page.status != 200:
            return f"edit {number} (story {story}): the page answered {page.status}"
        data = form_fields(page, "article_form")
        data["dek"] = f"Saved by the load benchmark, edit {number}."
        data["_continue"] = "Save and continue editing"
        answer = browser.request(url, data)
    except (OSError, RuntimeError) as error:  # every failure is a figure here
        return f"edit {number} (story {story}): {type(error).__name__}: {error}"
    if answer.status == 302 and answer.location.endswith(url):
        return None
    return f"edit {number} (story {story}): HTTP {answer.status}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stories", type=int, nargs="+", help="saved in turn")
    parser.add_argument("--base", required=True, help="the server, http://host:port")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--every", type=float, default=1.0)
    options = parser.parse_args()

    username, password = make_editor()
    browser = Browser(options.base)
    log_in(browser, username, password)
    # A save starts every ``--every`` seconds on the clock, however long the last
    # one takes under load, in a thread of its own (a tab, with the same login).
    # Saves take the stories in turn, and a story's next save waits for its last,
    # so that no save is refused for an edit made meanwhile by the same editor.
    failures, times, late = [], [], []
    running = {}

    def timed_save(story, number, due):
        started = time.monotonic()
        late.append(started - due)
        failure = save(browser, story, number)
        times.append((time.monotonic() - started) * 1000)
        if failure:
            failures.append(failure)

    start = time.monotonic()
    number = 0
    while (due := start + number * options.every) < start + options.duration:
        time.sleep(max(0.0, due - time.monotonic()))
        story = options.stories[number % len(options.stories)]
        if story in running:
            running[story].join()
        number += 1
        running[story] = threading.Thread(target=timed_save, args=(story, number, due))
        running[story].start()
    for thread in running.values():
        thread.join()
    print(
        json.dumps(
            {
                "saves": number - len(failures),
                "attempts": number,
                "failures": failures,
                "median_ms": statistics.median(times) if times else None,
                "max_ms": max(times) if times else None,
                "latest_start_ms": max(late) * 1000 if late else None,
            }
        )
    )


if __name__ == "__main__":
    main()
