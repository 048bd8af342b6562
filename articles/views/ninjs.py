"""Each published story as IPTC ninjs 3.1 JSON, for partners and aggregators."""

from django.http import Http404, JsonResponse

from ..caching import public_page
from ..ninjs import story_as_ninjs
from ..selectors import published_story_by_id


@public_page
def story_ninjs(request, pk):
    """The published story ``pk`` as a ninjs 3.1 object; a 404 for any other."""
    article = published_story_by_id(pk)
    if article is None:
        raise Http404("No published story with this id.")
    item = story_as_ninjs(article, absolute=request.build_absolute_uri)
    response = JsonResponse(item, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    return response
