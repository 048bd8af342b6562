"""The embedded database under load: many readers and an editor at once.

Makes a fresh SQLite database under ``var/bench/load/`` with ``--stories``
generated stories, serves it with gunicorn (``--workers`` sync workers, DEBUG off,
the page cache on as the site runs by default), and for ``--duration`` seconds runs
``wrk`` with ``--connections`` connections over the home page, a section, a story
and a search, while ``bench/editor.py`` saves a story every second (that story and
the home page's nine others in turn) through the admin of the same server, over
HTTP (each save retires the story's pages and its lists, rendered again). Prints
the requests served, their rate and latency, every error (HTTP status other than
2xx/3xx, socket errors, timeouts) and the editor's saves, failed ones included:
errors are counted on both sides.

``.venv/bin/python bench/load.py`` (after ``make install``, which installs gunicorn);
``--duration 10`` for a quick look.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    PYTHON,
    ROOT,
    WORK_DIR,
    Gunicorn,
    environment,
    load_average,
    manage,
    parse_wrk,
    run,
    say,
)

LOAD_DIR = WORK_DIR / "load"

# Each wrk connection asks these in turn.
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""

FIND_PAGES = """
import json, django
django.setup()
from django.urls import reverse
from articles.models import Article
newest = Article.objects.published().select_related("section").order_by("-published_at")
story = newest[0]
print(json.dumps({
    "story": story.pk,
    # The editor saves these in turn: the story read, then the home page's others.
    "saved": [article.pk for article in newest[:10]],
    "paths": [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("articles:search") + "?q=" + story.headline.split()[0],
    ],
}))
"""


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds (60)")
    parser.add_argument("--connections", type=int, default=64, help="wrk -c (64)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn (4)")
    parser.add_argument("--stories", type=int, default=1000, help="generated (1000)")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_arguments(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    shutil.rmtree(LOAD_DIR, ignore_errors=True)
    LOAD_DIR.mkdir(parents=True)
    database = LOAD_DIR / "newsroom.sqlite3"
    env = environment(f"sqlite:///{database}", page_cache=True)
    env["NEWSROOM_VAR_DIR"] = str(LOAD_DIR / "var")
    say(f"Making {options.stories:,} stories in {database.relative_to(ROOT)} ...")
    manage(env, "migrate", "--no-input")
    manage(env, "generate_stories", options.stories, "--seed", "7")
    found = json.loads(run([PYTHON, "-c", FIND_PAGES], env))
    paths = found["paths"]
    say(
        f"Pages: {', '.join(paths)}; the editor saves a story a second, "
        f"in turn: {', '.join(map(str, found['saved']))}."
    )

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    load_before = load_average()
    with Gunicorn(env, workers=options.workers) as server:
        editor = subprocess.Popen(
            [
                PYTHON, "bench/editor.py", *map(str, found["saved"]),
                "--base", server.base, "--duration", str(options.duration),
            ],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        done = subprocess.run(
            [
                "wrk", f"-t{options.threads}", f"-c{options.connections}",
                f"-d{options.duration}s", "--latency", "--timeout", "10s",
                "-s", script.name, server.base,
            ],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        edited, editor_errors = editor.communicate(timeout=options.duration + 60)
    Path(script.name).unlink()
    if editor.returncode:
        say(editor_errors[-3000:])
        sys.exit("The editor's process failed.")
    figures = parse_wrk(done.stdout)
    editing = json.loads(edited.strip().splitlines()[-1])
    errors = (
        figures["non_2xx"]
        + figures["socket_errors"]
        + figures["timeouts"]
        + len(editing["failures"])
    )

    say()
    say(
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s "
        f"against gunicorn ({options.workers} sync workers) on SQLite, "
        f"{options.stories:,} stories, page cache on; load average before "
        f"{load_before}."
    )
    say(f"Requests:        {figures['requests']:,} ({figures['rps']:,.0f}/s)")
    say(f"Latency:         p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms")
    say(
        f"Reader errors:   {figures['non_2xx']} non-2xx/3xx, "
        f"{figures['socket_errors']} socket errors, {figures['timeouts']} timeouts"
    )
    say(
        f"Editor:          {editing['saves']} saves of {editing['attempts']}, "
        f"{len(editing['failures'])} failed; median {editing['median_ms']:.0f} ms, "
        f"slowest {editing['max_ms']:.0f} ms; a save started at most "
        f"{editing['latest_start_ms']:.0f} ms after its second"
    )
    for failure in editing["failures"][:10]:
        say(f"  {failure}")
    say(f"Errors in all:   {errors}")
    log = WORK_DIR / "gunicorn.log"
    if log.exists() and "database is locked" in log.read_text():
        say(f"gunicorn's log mentions 'database is locked': see {log}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
