"""An editor who saves one story through the admin every second, for ``--duration``
seconds, in a process of its own beside the server; prints what it saw as JSON.

Run by ``bench/load.py``. Each save is what a browser does: open the story's page,
change the dek, post the whole form (parts, bylines and the rest), follow nothing.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("story", type=int)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--every", type=float, default=1.0)
    options = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tests.test_admin import form_data

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = reverse("admin:articles_article_change", args=[options.story])
    saves, failures, times = 0, [], []
    stop = time.monotonic() + options.duration
    number = 0
    while time.monotonic() < stop:
        started = time.monotonic()
        number += 1
        try:
            page = client.get(url)
            data = form_data(page)
            data["dek"] = f"Saved by the load benchmark, edit {number}."
            data["_continue"] = "Save and continue editing"
            answer = client.post(url, data)
            if answer.status_code == 302:
                saves += 1
            else:
                failures.append(f"edit {number}: HTTP {answer.status_code}")
        except Exception as error:  # noqa: BLE001 - every failure is a figure here
            failures.append(f"edit {number}: {type(error).__name__}: {error}")
        took = time.monotonic() - started
        times.append(took * 1000)
        time.sleep(max(0.0, options.every - took))
    print(
        json.dumps(
            {
                "saves": saves,
                "failures": failures,
                "median_ms": statistics.median(times) if times else None,
                "max_ms": max(times) if times else None,
            }
        )
    )


if __name__ == "__main__":
    main()
