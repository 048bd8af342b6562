"""An editor who gives a story a new lead image through the admin, once, in a process
of its own with the site's settings; prints what she saw as JSON.

Run by ``bench/chaos.py`` while the object store is up, down and back. The form is
posted as a browser posts it (every field as the page had it, a new dek, a new
image); what comes back is read as she would read it: saved (a redirect), or the
form again with its errors, and whether the dek she typed is still in it.
"""

import argparse
import html
import io
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.forms import form_fields  # noqa: E402


def picture(seed):
    """A small JPEG of its own for each upload."""
    from PIL import Image

    image = Image.new("RGB", (800, 500), ((seed * 37) % 256, 90, 140))
    data = io.BytesIO()
    image.save(data, "JPEG", quality=80)
    return data.getvalue()


def errors_in(page):
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    return sorted(
        {html.unescape(re.sub(r"<[^>]+>", "", error)).strip() for error in found} - {""}
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("story", type=int)
    parser.add_argument("--dek", default="A new picture from the quay.")
    options = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from articles.models import Article

    user, _ = get_user_model().objects.get_or_create(
        username="chaos-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = reverse("admin:articles_article_change", args=[options.story])
    before = Article.objects.get(pk=options.story).lead_image.name
    started = time.monotonic()
    data = form_fields(client.get(url).content.decode(), "article_form")
    data["dek"] = options.dek
    data["lead_image"] = SimpleUploadedFile(
        "quay.jpg", picture(int(started)), content_type="image/jpeg"
    )
    data["lead_image_alt"] = "The quay at dawn"
    data["_continue"] = "Save and continue editing"
    answer = client.post(url, data)
    took = time.monotonic() - started
    page = answer.content.decode()
    after = Article.objects.get(pk=options.story)
    print(
        json.dumps(
            {
                "status": answer.status_code,
                "saved": answer.status_code == 302,
                "seconds": round(took, 2),
                "errors": errors_in(page),
                "dek_kept_in_form": answer.status_code == 302
                or html.escape(options.dek) in page,
                "image_changed": after.lead_image.name != before,
                "image": after.lead_image.name,
            }
        )
    )


if __name__ == "__main__":
    main()
