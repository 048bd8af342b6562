"""Image renditions, made on the first request for one that does not exist yet.

The web server serves ``MEDIA_ROOT`` itself and hands this view only the
renditions it does not find on disk (see the README); ``make run`` sends every
rendition here. Either way each is encoded once, then read from disk.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .. import cards, images

# A rendition's address changes whenever its picture does, so it may be kept for good.
FOREVER = "public, max-age=31536000, immutable"


@require_safe
def rendition(request, path):
    """The rendition at ``path`` under the renditions folder, made if it is missing."""
    found = images.rendition_from_path(path)
    if found is None:
        raise Http404("No such image.")
    response = FileResponse(
        default_storage.open(found.name, "rb"),
        content_type=images.CONTENT_TYPES[found.extension],
    )
    response.headers["Cache-Control"] = FOREVER
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
