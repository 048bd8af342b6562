"""Chaos: faults done for real to the site under readers, and what the readers saw.

Starts a PostgreSQL cluster of its own (``initdb`` in a temporary folder on a free
port, with a streaming replica unless ``--no-replica``), a ``redis-server`` of its
own, and the site under gunicorn on them, as production runs it (``REDIS_URL``
for both caches, the page cache on, the replica for readers). It loads
``--stories`` generated stories, then runs each phase with ``--readers``
concurrent readers asking for the front page, lists, stories and searches for
words no one asked before (which the page cache cannot hold):

- steady: nothing happens, for comparison;
- PostgreSQL restart: the primary stops (fast: every session ends) and starts
  again ``--down`` seconds later;
- replica down: the replica stops and starts again; readers read from the primary;
- Redis outage: redis-server stops and starts again, empty.

For each phase it prints the answers by status, when the failures were against
when the server was down, and how long after it was back the last failure came.
Nothing shared is touched: every server is its own, stopped and removed at the end.

``make chaos``, or ``.venv/bin/python bench/chaos.py --help``.
"""

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.services import (  # noqa: E402
    Readers,
    Redis,
    Site,
    manage,
    postgresql_cluster,
    site_environment,
)

SHOW_PATHS = """
import json
from articles.models import Article, Section
stories = Article.objects.published().select_related("section").order_by("-pk")[:20]
sections = Section.objects.filter(parent=None)[:3]
print(json.dumps(
    [story.get_absolute_url() for story in stories]
    + [section.get_absolute_url() for section in sections]
))
"""


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--before", type=float, default=3, help="seconds of reading before a fault"
    )
    parser.add_argument(
        "--down", type=float, default=3, help="seconds a server is down"
    )
    parser.add_argument(
        "--after", type=float, default=5, help="seconds of reading once it is back"
    )
    parser.add_argument("--no-replica", action="store_true")
    return parser.parse_args(argv)


def say(message=""):
    print(message, flush=True)


class Searches(list):
    """Paths that include a search for a word no reader asked before, each time."""

    def __init__(self, paths):
        super().__init__(paths)
        self.random = random.Random(14)

    def __getitem__(self, index):
        if index % 5 == 4:
            word = "".join(self.random.choices("abcdefghijklmnoprstuvw", k=5))
            return f"/search/?q={word}"
        return super().__getitem__(index)


def run_phase(name, site, paths, options, fault=None):
    """Read through one phase; ``fault(readers)`` returns (down at, back at)."""
    readers = Readers(site.base, paths, readers=options.readers, timeout=10).start()
    try:
        time.sleep(options.before)
        down = up = None
        if fault is not None:
            down, up = fault(readers)
        time.sleep(options.after)
    finally:
        readers.stop()
    report(name, readers, down, up)


def report(name, readers, down, up):
    counts = readers.counts()
    total = sum(counts.values())
    seconds = readers.answers[-1][0] if readers.answers else 0
    say(f"== {name}")
    say(
        f"   {total} answers in {seconds:.1f} s ({total / max(seconds, 0.001):.0f}/s): "
        + ", ".join(f"{status} x{count}" for status, count in counts.most_common())
    )
    failures = [at for at, status in readers.answers if status != 200]
    if down is not None:
        say(f"   server down from {down:.2f} s to {up:.2f} s ({up - down:.2f} s)")
    if failures:
        say(
            f"   failures from {failures[0]:.2f} s to {failures[-1]:.2f} s "
            f"({len(failures)} of {total})"
        )
    else:
        say("   no failure")
    if up is not None:
        recovered = readers.recovered_at(up)
        if recovered is None:
            say("   NOT RECOVERED: the last answers failed")
        else:
            say(
                f"   every answer 200 again {max(recovered - up, 0):.2f} s after it was back"
            )
            outside = [at for at in failures if at < down or at > recovered]
            if outside:
                say(f"   {len(outside)} failures while the server was up")


def outage(server, options):
    def fault(readers):
        down = readers.now()
        server.stop()
        time.sleep(options.down)
        server.start()
        return down, readers.now()

    return fault


def main(argv=None):
    options = parse_arguments(argv)
    work = Path(tempfile.mkdtemp(prefix="newsroom-chaos-"))
    replicas = 0 if options.no_replica else 1
    say(f"Servers of its own; the site's var folder and log in {work}")
    try:
        with postgresql_cluster(replicas=replicas) as (primary, replica_servers):
            with Redis() as redis:
                settings = {"REDIS_URL": redis.url}
                if replica_servers:
                    settings["DATABASE_REPLICA_URLS"] = replica_servers[0].url()
                env = site_environment(work / "var", primary.url(), **settings)
                manage(env, "migrate", "--no-input")
                manage(env, "generate_stories", options.stories, "--seed", 14)
                story_paths = json.loads(
                    manage(env, "shell", "-c", SHOW_PATHS).splitlines()[-1]
                )
                paths = Searches(["/", "/latest/", *story_paths, "/authors/"])
                with Site(env, workers=options.workers) as site:
                    say(
                        f"{options.stories} stories, gunicorn with {options.workers} "
                        f"sync workers, {options.readers} readers"
                        + (", a streaming replica" if replica_servers else "")
                    )
                    run_phase("steady", site, paths, options)
                    run_phase(
                        "PostgreSQL restart (the primary)",
                        site,
                        paths,
                        options,
                        outage(primary, options),
                    )
                    if replica_servers:
                        run_phase(
                            "replica down",
                            site,
                            paths,
                            options,
                            outage(replica_servers[0], options),
                        )
                    run_phase(
                        "Redis outage", site, paths, options, outage(redis, options)
                    )
                    # TODO: an object storage outage (uploads refused with a message,
                    # pages still served) joins these phases once media can live in
                    # S3 (issue 14, item 4): outage() takes any server with stop()
                    # and start().
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
