"""In-process figures for the benchmark's pages, printed as JSON.

Run by ``bench/run.py`` with ``DATABASE_URL`` pointing at a generated archive:

    python bench/pages.py urls              the pages to measure, and what was skipped
    python bench/pages.py measure [--only article] [--runs 30]
                                            SQL queries and render time (clock and CPU) of each page
    python bench/pages.py profile URL       where an in-process render spends its time

Pages go through Django's test client, so middleware, view and templates all count,
and the figures do not depend on DEBUG. Queries are counted on a request after a
first one, as a warm worker would run it; the render time is the median of
``--runs`` requests, or of as many as fit in ``--budget`` seconds, by the clock and
in processor time.
"""

import argparse
import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from articles.generate import COMMON_WORD, RARE_WORD  # noqa: E402
from articles.models import Article, Section  # noqa: E402

# The deep section page measured; bench/prod.py asks for page 100.
SECTION_PAGE = int(os.environ.get("BENCH_SECTION_PAGE", 50))
_PAGE_OF = re.compile(r'class="pagination__current">Page (\d+) of (\d+)<')
# Where a profiled function's time is counted: the first matching piece of its path.
AREAS = [
    ("django/template", "templates"),
    ("django/db/models", "ORM (building queries and rows)"),
    ("django/db/backends", "database driver and adapter"),
    ("sqlite3", "database driver and adapter"),
    ("psycopg", "database driver and adapter"),
    ("django/utils", "Django utilities (escaping, dates, i18n)"),
    ("asgiref", "Django utilities (escaping, dates, i18n)"),
    ("django/urls", "URL resolving and reversing"),
    ("django/core/handlers", "request handling and middleware"),
    ("django/middleware", "request handling and middleware"),
    ("django/contrib", "Django contrib apps"),
    ("django/test", "test client (not in a real request)"),
    ("articles/", "project code"),
    ("taggit", "django-taggit"),
    ("nh3", "nh3"),
    ("difflib", "difflib (pull quote check)"),
    ("re/", "regular expressions"),
]


def _largest_section():
    """The top-level section holding the most published stories, children included."""
    published = Article.objects.published()
    tops = {section.pk: section for section in Section.objects.filter(parent=None)}
    totals = dict.fromkeys(tops, 0)
    rows = (
        published.values("section_id", "section__parent_id")
        .annotate(n=Count("pk"))
        .values_list("section_id", "section__parent_id", "n")
    )
    for section_id, parent_id, n in rows:
        top = parent_id or section_id
        if top in totals:
            totals[top] += n
    best = max(totals, key=totals.get)
    return tops[best], totals[best]


def urls():
    """The pages to measure: ``[{"key", "label", "url"}]``, and notes on the rest."""
    published = Article.objects.published().select_related("section")
    total = published.count()
    middle = published.order_by("-published_at", "-pk")[total // 2]
    section, in_section = _largest_section()
    section_url = reverse("articles:section_detail", kwargs={"slug": section.slug})
    # A page past the last one is not found, and the last one may hold a single
    # story: a section with 50 pages or fewer gets its last full page measured
    # instead, and the report says so.
    _, num_pages = _page_number(_client(), section_url)
    num_pages = num_pages or SECTION_PAGE + 1
    deep_page = SECTION_PAGE if num_pages > SECTION_PAGE else max(1, num_pages - 1)
    pages = [
        {"key": "article", "label": "article page", "url": middle.get_absolute_url()},
        {"key": "home", "label": "home page", "url": reverse("articles:home")},
        {"key": "section", "label": "section page 1", "url": section_url},
        {
            "key": "section50",
            "label": f"section page {SECTION_PAGE}",
            "url": f"{section_url}?page={deep_page}",
        },
    ]
    notes = [
        f"Article page: {middle.get_absolute_url()} (the story in the middle of the "
        f"archive by date).",
        f"Section: /{section.slug}/, the largest ({in_section} stories with its "
        "children).",
    ]
    try:
        search_url = reverse("articles:search")
    except NoReverseMatch:
        notes.append("Search: skipped, the project has no URL named articles:search.")
    else:
        has_common = Q(parts__text__contains=f" {COMMON_WORD} ")
        common = published.filter(has_common).distinct().count()
        pages += [
            {
                "key": "search_rare",
                "label": "search, rare word",
                "url": f"{search_url}?q={RARE_WORD}",
                "word": RARE_WORD,
            },
            {
                "key": "search_common",
                "label": "search, word in every story",
                "url": f"{search_url}?q={COMMON_WORD}",
                "word": COMMON_WORD,
            },
        ]
        notes.append(
            f"Search: {search_url}?q=… for {RARE_WORD!r} (in one story per thousand) "
            f"and {COMMON_WORD!r} (in {common} of {total} stories)."
        )
    pages += _api_pages(published, total, notes)
    return {"pages": pages, "notes": notes, "stories": total}


API_PAGE = 500
API_LIMIT = 20


def _api_pages(published, total, notes):
    """The content API's first page of stories and its page ``API_PAGE`` (or its
    last), reached by the cursor a client would have followed there."""
    try:
        from articles.api import _cursor
    except ImportError:
        notes.append("API: skipped, the project has no content API.")
        return []
    url = "/api/v1/stories"
    deep = min(API_PAGE, max(1, -(-total // API_LIMIT)))
    before = (
        published.order_by("-published_at", "-pk")[(deep - 1) * API_LIMIT - 1]
        if deep > 1
        else None
    )
    deep_url = f"{url}?cursor={_cursor(before)}" if before else url
    notes.append(f"API: {url} and its page {deep} of {API_LIMIT} stories, by cursor.")
    return [
        {"key": "api", "label": "API stories page 1", "url": url},
        {"key": "api_deep", "label": f"API stories page {deep}", "url": deep_url},
    ]


def _page_number(client, url):
    """The number of the page served for ``url``, and how many there are.

    Read from the page's own "Page 3 of 37": the public pages render with Jinja2,
    whose context the test client does not see.
    """
    content = client.get(url).content.decode()
    if found := _PAGE_OF.search(content):
        return int(found[1]), int(found[2])
    # A list short enough for one page shows no page links.
    return (1, 1) if 'class="story-list' in content else (None, None)


def _client():
    # A host the site answers to, without the test environment's "testserver".
    return Client(HTTP_HOST="127.0.0.1")


def measure(page, client, runs, budget):
    """Status, queries and median render time of one page."""
    url = page["url"]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    result = {
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(response.content),
        # "hit" when the page cache served it: the benchmark checks for it.
        "page_cache": response.get("X-Page-Cache", ""),
    }
    if "word" in page:
        result["word_found"] = page["word"] in response.content.decode(errors="replace")
    times, cpu_times, stop = [], [], time.perf_counter() + budget
    while len(times) < runs and (not times or time.perf_counter() < stop):
        started, cpu_started = time.perf_counter(), time.thread_time()
        client.get(url)
        cpu_times.append(time.thread_time() - cpu_started)
        times.append(time.perf_counter() - started)
    result["render_ms"] = statistics.median(times) * 1000
    # The processor time this thread spent: less swayed than the clock by other
    # work on a busy machine, which takes the processor away between two reads.
    result["render_cpu_ms"] = statistics.median(cpu_times) * 1000
    result["render_runs"] = len(times)
    number, pages = _page_number(client, url)
    if number is not None:
        result["page_number"], result["num_pages"] = number, pages
    return result


def _area(filename):
    path = filename.replace("\\", "/")
    for piece, area in AREAS:
        if piece in path:
            return area
    return "other (Python, stdlib)"


def profile(url, runs):
    """Render ``url`` ``runs`` times under cProfile; return a short summary."""
    client = _client()
    for _ in range(3):
        client.get(url)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    by_area, functions = {}, []
    for function, (_, calls, tottime, cumtime, callers) in stats.stats.items():
        filename, line, name = function
        # A built-in (getattr, str.join, ...) counts for the code that called it,
        # except the database's own methods: SQLite runs a query as rows are fetched.
        shares = (
            [(caller[0], timing[2]) for caller, timing in callers.items()]
            if filename == "~" and callers and _area(name).startswith("other")
            else [(name if filename == "~" else filename, tottime)]
        )
        for where, seconds in shares:
            area = _area(where)
            by_area[area] = by_area.get(area, 0) + seconds
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        functions.append((tottime, cumtime, calls, f"{short}:{line}({name})"))
    total = sum(by_area.values())
    return {
        "url": url,
        "runs": runs,
        "ms_per_render_profiled": wall / runs * 1000,
        "areas": sorted(
            ((area, t / total * 100) for area, t in by_area.items()),
            key=lambda item: -item[1],
        ),
        "functions": [
            {
                "tottime_ms": t / runs * 1000,
                "cumtime_ms": c / runs * 1000,
                "calls": n // runs,
                "name": name,
            }
            for t, c, n, name in sorted(functions, reverse=True)[:15]
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("urls")
    measuring = commands.add_parser("measure")
    measuring.add_argument("--only", action="append", help="A page's key; repeatable.")
    measuring.add_argument("--runs", type=int, default=30)
    measuring.add_argument("--budget", type=float, default=5.0)
    profiling = commands.add_parser("profile")
    profiling.add_argument("url")
    profiling.add_argument("--runs", type=int, default=100)
    options = parser.parse_args()

    if options.command == "urls":
        result = urls()
    elif options.command == "measure":
        client = _client()
        result = {
            page["key"]: measure(page, client, options.runs, options.budget)
            for page in urls()["pages"]
            if not options.only or page["key"] in options.only
        }
    else:
        result = profile(options.url, options.runs)
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
