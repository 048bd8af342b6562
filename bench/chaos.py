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
- Redis outage: redis-server stops and starts again, empty;
- object store outage: the media are in an S3-compatible store of its own (moto's
  server); an editor gives a story a new lead image through the admin
  (``bench/upload.py``), the store stops, she tries again, the store starts again
  with what it held, and she tries once more, while readers read the story's page
  and ask for its image's renditions. moto keeps its objects in memory, so the
  new server is given its bucket and objects back as soon as it listens: a
  request that comes in between finds no bucket (a 500, named in the log's
  summary), which a real store, restarting with its data, would not give.

For each phase it prints the answers by status, when the failures were against
when the server was down, and how long after it was back the last failure came.
Nothing shared is touched: every server is its own, stopped and removed at the end.

``make chaos``, or ``.venv/bin/python bench/chaos.py --help``.
"""

import argparse
import contextlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.services import (  # noqa: E402
    PYTHON,
    ROOT,
    ObjectStore,
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


NEWEST_STORIES = """
import json
from articles.models import Article
print(json.dumps(list(
    Article.objects.published().order_by("-pk").values_list("pk", flat=True)[:2]
)))
"""

IMAGE_PATHS = """
import json
from articles import images
from articles.models import Article
story = Article.objects.get(pk={pk})
image = story.lead_image
print(json.dumps([story.get_absolute_url(), [image.url] + [
    rendition.url
    for group in images.renditions(
        image.name, story.lead_image_width, story.lead_image_height
    ).values()
    for rendition in group
]]))
"""


def last_line(output):
    return output.strip().splitlines()[-1]


def edit(env, story, dek):
    """What the editor saw giving ``story`` a new lead image (``bench/upload.py``)."""
    done = subprocess.run(
        [PYTHON, ROOT / "bench" / "upload.py", str(story), "--dek", dek],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode:
        return {"saved": False, "crashed": done.stderr.strip().splitlines()[-1:]}
    return json.loads(last_line(done.stdout))


def say_edit(when, saw):
    if "crashed" in saw:
        say(f"   editor, {when}: the upload crashed: {saw['crashed']}")
    elif saw["saved"]:
        say(
            f"   editor, {when}: saved in {saw['seconds']:.1f} s, new image {saw['image']}"
        )
    else:
        say(
            f"   editor, {when}: not saved (HTTP {saw['status']}, {saw['seconds']:.1f} s); "
            f"the form said: {' / '.join(saw['errors']) or '(nothing)'}; "
            f"her dek still in the form: {'yes' if saw['dek_kept_in_form'] else 'NO'}; "
            f"image changed: {'YES' if saw['image_changed'] else 'no'}"
        )


def object_store_phase(site, store, env, paths, options):
    """Readers of a story and its image, and an editor, through a store outage."""
    editor_env = {
        **env,
        "DJANGO_ALLOWED_HOSTS": env["DJANGO_ALLOWED_HOSTS"] + ",testserver",
    }
    # Readers read the first story and its image; the editor works on the second
    # in the outage, since a story's former image is no longer anyone's to see.
    story, other = json.loads(last_line(manage(env, "shell", "-c", NEWEST_STORIES)))
    before = edit(editor_env, story, "Before the outage.")
    page, image_paths = json.loads(
        last_line(manage(env, "shell", "-c", IMAGE_PATHS.format(pk=story)))
    )
    started = time.monotonic()
    pages = Readers(site.base, [page, *paths], readers=options.readers // 2 or 1)
    pictures = Readers(site.base, image_paths, readers=2)
    pages.start(started)
    pictures.start(started)
    try:
        time.sleep(options.before)
        kept = store.keep()
        down = pages.now()
        store.stop()
        during = edit(editor_env, other, "During the outage.")
        ready_status, ready_body = site.get("/readyz")
        time.sleep(max(0.0, options.down - (pages.now() - down)))
        store.start()
        up = pages.now()
        after = edit(editor_env, other, "After the outage.")
        time.sleep(options.after)
    finally:
        pages.stop()
        pictures.stop()
    report(
        "object store outage: the story's page, the front page, lists", pages, down, up
    )
    report(
        "object store outage: the story's image and its renditions", pictures, down, up
    )
    say(f"   the store held {kept} objects, put back when it started again")
    storage = json.loads(ready_body)["checks"]["storage"]
    say(
        f"   /readyz while down: {ready_status}, storage: {storage.get('problem', 'ok')}"
    )
    say_edit("store up", before)
    say_edit("store down", during)
    say_edit("store back", after)


def report_log(path):
    """What the site logged at WARNING and above, by message, and its tracebacks."""
    counts, tracebacks = {}, 0
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8") as log:
        for line in log:
            tracebacks += line.startswith("Traceback")
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict) or "level" not in entry:
                continue
            tracebacks += "exc_info" in entry
            if entry["level"] in ("WARNING", "ERROR", "CRITICAL"):
                message = str(entry.get("message", ""))[:90]
                if "exc_info" in entry:
                    message += " <- " + str(entry["exc_info"]).strip().splitlines()[-1]
                name = (entry["level"], message)
                counts[name] = counts.get(name, 0) + 1
    say("== the site's log")
    say(f"   {tracebacks} tracebacks")
    for (level, message), count in sorted(counts.items(), key=lambda item: -item[1]):
        say(f"   {level} x{count}: {message}")


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
            with Redis() as redis, ObjectStore() as store:
                settings = {"REDIS_URL": redis.url, **store.environment()}
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
                    object_store_phase(
                        site, store, env, ["/", "/latest/", "/authors/"], options
                    )
                report_log(site.log)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
