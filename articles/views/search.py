"""The search page: published stories matching the reader's words, best first."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from .. import search as full_text
from ..caching import public_page
from ..search.query import MAX_LENGTH

# Ten, as search engines taught readers; each result costs its snippet.
RESULTS_PER_PAGE = 10


@public_page(keys=("search",))
def search(request):
    """``/search/?q=...``: a page of results with highlighted snippets, or the form.

    A public page like the others: the same words asked again (a story in the news
    is searched for by many readers at once) are answered from the page cache until
    a story readers see changes (key ``search``).
    """
    text = request.GET.get("q", "").strip()
    query = full_text.parse(text)
    page = results = None
    if query:
        results = full_text.search(query)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    # A TemplateResponse keeps its context (``context_data``) for tests to read.
    return TemplateResponse(
        request,
        "articles/search.html",
        {
            "q": text,
            "searched": bool(query),
            "cut_short": len(text) > MAX_LENGTH,
            "page": page,
            "capped": bool(results and results.capped),
        },
    )
