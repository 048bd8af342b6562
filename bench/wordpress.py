"""The WordPress import benchmark: posts per second through ``import_wordpress``.

It runs ``manage.py import_wordpress`` on WordPress's own test exports (read from
``../shared/corpus/wordpress/``, or ``--export FILE``) into a fresh, migrated
database, twice: the first run creates every story (read, written with its parts,
walked through the workflow and the copy desk's gate, indexed, given its first
revision and its redirects), the second updates them. It prints the posts per
second of each run and checks that the second created nothing.

    .venv/bin/python bench/wordpress.py [--export FILE] [--database-url URL]
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.commands import (  # noqa: E402
    ROOT,
    environment,
    fresh_database,
    manage,
    timed,
)

WORK_DIR = ROOT / "var" / "bench" / "wordpress"
CORPUS = ROOT.parent / "shared" / "corpus" / "wordpress"
EXPORTS = ["themeunittestdata.wordpress.xml", "64-block-test-data.xml"]


def run(env, export):
    seconds, out = timed(env, "import_wordpress", str(export))
    found = re.search(r"^Stories: (\d+) \((\d+) created, (\d+) updated", out, re.M)
    stories, created, updated = (int(n) for n in found.groups())
    return seconds, stories, created, updated


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", action="append", help="default: the test exports")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    options = parser.parse_args(argv)
    exports = [Path(p) for p in options.export or [CORPUS / n for n in EXPORTS]]
    missing = [str(p) for p in exports if not p.is_file()]
    if missing:
        raise SystemExit(f"No WordPress export at {', '.join(missing)}")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    database_url, name = fresh_database(
        WORK_DIR, "wordpress.sqlite3", options.database_url
    )
    env = environment(database_url, WORK_DIR / "var")
    manage(env, "migrate", "--no-input")
    print(f"WordPress import into {name} (one process, the command)")
    for export in exports:
        for attempt in ("first run", "again"):
            seconds, stories, created, updated = run(env, export)
            print(
                f"  {export.name}, {attempt}: {stories} posts "
                f"({created} created, {updated} updated) in {seconds:.1f} s, "
                f"{stories / seconds:.1f} posts/s"
            )
            if attempt == "again" and created:
                raise SystemExit("the second run created stories")


if __name__ == "__main__":
    main()
