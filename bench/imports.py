"""The import benchmark: stories per second through ``import_article`` into a database.

It writes made-up plain-text stories shaped like real copy (a kicker, a dek, a
byline and a date line, a dateline, subheads, a captioned photo with its credit, a
list, a promo line, a correction) to a folder, then runs the
``import_article FOLDER`` command on a fresh, migrated database: each story is
read, checked for a duplicate, written with its parts, bylines and sources, put in
the search index and given its first revision, one transaction a story. It prints
the stories per second, and checks that every story arrived with its revision and
its search document.

The clock runs from the command's start to its end, in a process of its own whose
Django is set up already: the start-up (about a second and a half, whatever the
number of stories) is printed apart, not divided among the stories. The processor
time of the command is printed too, which a busy machine stretches less than the
clock: its own and its parsing processes', which read the next files while it
writes.

    .venv/bin/python bench/imports.py [--stories N] [--database-url URL]

``make bench`` runs it on SQLite after the page benchmark; ``--database-url``
(or ``BENCH_POSTGRES_URL``, with ``--postgres``) runs it on PostgreSQL.
"""

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.commands import (  # noqa: E402
    ROOT,
    environment,
    fresh_database,
    manage,
    python,
)

WORK_DIR = ROOT / "var" / "bench" / "imports"
TARGET = 200  # stories per second on SQLite

WORDS = (
    "harbour council ferry quay tide budget vote mayor island dredging pier market "
    "storm fishing season lighthouse channel freight cargo workers union ticket "
    "timetable engine hull crane berth pilot coast ward school bridge tunnel river"
).split()
PLACES = ["NORPORT", "SEAHAVEN", "LOWMOUTH", "BRACKLEY BAY", "EASTHOLM"]
NAMES = ["Ana Ruiz", "Tom Lee", "Mira Okafor", "Jon Berg", "Ida Sato", "Lev Marek"]


def sentence(rng, words=18):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def story_text(number, rng):
    """One story, unlike every other: its number is in the headline and body."""
    place = rng.choice(PLACES)
    lines = [
        f"Harbour plan {number} wins the council vote",
        "Harbours",
        f"The council backs plan {number} for the {rng.choice(WORDS)} after a long "
        "debate",
        f"By {rng.choice(NAMES)} and {rng.choice(NAMES)}",
        "March 3, 2026 5:52 AM EST",
        f"{place} (Harbour News) — {sentence(rng)} Plan {number} passed.",
        sentence(rng, 30),
        "Ferries in the old harbour at dawn",
        "Jon Berg/Harbour News",
        "What the plan costs",
        " ".join(sentence(rng) for _ in range(3)),
        "The council listed three steps:",
        "- Dredge the channel",
        "- Build the quay",
        "- Open the market",
        "READ MORE: Ferry fares to rise in May",
        " ".join(sentence(rng) for _ in range(4)),
        "Why it matters: " + sentence(rng, 14),
        " ".join(sentence(rng) for _ in range(3)),
        "Correction: An earlier version of this story misstated the cost.",
    ]
    return "\n".join(lines) + "\n"


def write_stories(folder, count, seed):
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number in range(count):
        path = folder / f"story-{number:05d}.txt"
        path.write_text(story_text(number, rng), encoding="utf-8")


# Run in a process of its own: Django set up, then the command timed alone. Its
# processor time counts the processes that parse for it (ended with the command).
IMPORT = """
import io, resource, sys, time
started = time.perf_counter()
import django
django.setup()
from django.core.management import call_command
ready = time.perf_counter()
cpu = time.process_time()
out = io.StringIO()
call_command("import_article", sys.argv[1], "--section", "world", stdout=out)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
parsing = children.ru_utime + children.ru_stime
print(
    ready - started,
    time.perf_counter() - ready,
    time.process_time() - cpu + parsing,
    parsing,
)
print(out.getvalue().strip().splitlines()[-1])
"""

COUNT = """
import django
django.setup()
from django.db import connection
from reversion.models import Version
from articles.models import Article
from articles.search.backends import DOCUMENT_TABLE, FTS_TABLE
table = FTS_TABLE if connection.vendor == "sqlite" else DOCUMENT_TABLE
with connection.cursor() as cursor:
    cursor.execute(f"SELECT COUNT(*) FROM {table}")
    documents = cursor.fetchone()[0]
print(
    Article.objects.count(),
    Version.objects.get_for_model(Article).count(),
    documents,
)
"""


def bench(database_url, count, seed):
    env = environment(database_url, WORK_DIR / "var")
    folder = WORK_DIR / "stories"
    write_stories(folder, count, seed)
    manage(env, "migrate", "--no-input")
    manage(
        env,
        "shell",
        "-c",
        "from articles.models import Section;"
        "Section.objects.get_or_create(slug='world', defaults={'name': 'World'})",
    )
    times, summary = python(env, IMPORT, str(folder))[-2:]
    start_up, seconds, cpu, parsing = (float(value) for value in times.split())
    checked = python(env, COUNT)[-1].split()
    return start_up, seconds, cpu, parsing, summary, checked


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    options = parser.parse_args(argv)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    database_url, name = fresh_database(
        WORK_DIR, "imports.sqlite3", options.database_url
    )
    print(
        f"Import: {options.stories} stories into {name}"
        " (the command, and its parsing processes)"
    )
    start_up, seconds, cpu, parsing, summary, checked = bench(
        database_url, options.stories, options.seed
    )
    articles, revisions, documents = (int(number) for number in checked)
    rate = options.stories / seconds
    print(f"  {summary}")
    print(
        f"  articles {articles}, first revisions {revisions},"
        f" search documents {documents}"
    )
    print(
        f"  {seconds:.1f} s, {rate:,.0f} stories/s"
        f" (target on SQLite: {TARGET} stories/s);"
        f" processor {cpu:.1f} s, {options.stories / cpu:,.0f} stories/s"
        f" (the parsing processes' {parsing:.1f} s included)"
    )
    print(f"  Django's start-up, before the command: {start_up:.1f} s")
    if not articles == revisions == documents == options.stories:
        raise SystemExit("not every story arrived with its revision and document")


if __name__ == "__main__":
    main()
