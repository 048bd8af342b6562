"""Uploaded images and their renditions, served only where readers may see them.

Every address under ``MEDIA_URL`` comes here. An image is served to anyone when an
author's photo or a published story uses it; otherwise only to staff (the admin's
preview) and to the holder of an active share link for a story that uses it.
Renditions are made on the first request for one that does not exist yet. With
``NEWSROOM_MEDIA_ACCEL_REDIRECT`` set (nginx, see the README), the file itself is
sent by the web server, from an internal location, after this view said yes.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signing import BadSignature
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from .. import cards, images, preview
from ..storage import is_remote

# A public image's address changes whenever its picture does: it may be kept for good.
FOREVER = "public, max-age=31536000, immutable"
PRIVATE = "private, no-store"
# The cookie a share link's page sets, so that its images load for its holder.
PREVIEW_COOKIE = "newsroom_preview"
PREVIEW_SALT = "articles.preview.media"


@require_safe
def rendition(request, path):
    """The rendition at ``path`` under the renditions folder, made if it is missing."""
    found = images.rendition_from_path(path)
    caching = found and _caching_for(request, found.original)
    if not caching:
        raise Http404("No such image.")
    return _send(found.name, images.CONTENT_TYPES[found.extension], caching)


@require_safe
def original(request, path):
    """A stored image as it was uploaded (cleaned)."""
    parts = PurePosixPath(path).parts
    if (
        not parts
        or parts[0] == images.RENDITIONS_DIR
        or any(part in (".", "..") or part.startswith(".") for part in parts)
    ):
        raise Http404("No such image.")
    kind = {
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".png": "image/png",
        ".webp": "image/webp",
        ".gif": "image/gif",
    }.get(PurePosixPath(path).suffix.lower())
    caching = kind and default_storage.exists(path) and _caching_for(request, path)
    if not caching:
        raise Http404("No such image.")
    return _send(path, kind, caching)


def _caching_for(request, name):
    """How the image ``name`` may be cached for this request, or None if it may
    not be seen: for good when it is public, by no one when only this viewer may."""
    if images.is_public(name):
        return FOREVER
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return PRIVATE
    link = _preview_link(request)
    if link is not None and images.is_in_story(name, link.article_id):
        return PRIVATE
    return None


def _preview_link(request):
    try:
        token = request.get_signed_cookie(PREVIEW_COOKIE, salt=PREVIEW_SALT)
    except (KeyError, BadSignature):
        return None
    return preview.link_for(token)


def _send(name, content_type, caching):
    # A file in a bucket is streamed from it: the web server has no folder to send
    # it from, and the bucket answers no one but the site.
    accel = "" if is_remote(default_storage) else settings.NEWSROOM_MEDIA_ACCEL_REDIRECT
    if accel:
        response = HttpResponse(content_type=content_type)
        response.headers["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{name}"
    else:
        response = FileResponse(
            default_storage.open(name, "rb"), content_type=content_type
        )
    response.headers["Cache-Control"] = caching
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def remember_preview(response, link):
    """Let the holder of share link ``link`` load its story's images until it ends."""
    response.set_signed_cookie(
        PREVIEW_COOKIE,
        link.token,
        salt=PREVIEW_SALT,
        expires=link.expires_at,
        path=f"/{settings.MEDIA_URL.lstrip('/')}",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_safe
def card(request, path):
    """The social card at ``path`` (under the media folder), drawn if it is missing.

    Only the current card of a story readers can see is drawn or served.
    """
    story = cards.story_for_card(path)
    if story is None:
        raise Http404("No such card.")
    name = cards.ensure_card(story)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response.headers["Cache-Control"] = FOREVER
    return response
