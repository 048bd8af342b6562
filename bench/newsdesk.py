"""An editor at the desk during a newsroom day: a story published or corrected every
``--every`` seconds through the workflow, in a process of its own beside the server.

Run by ``bench/prod.py`` with the site's settings:

    python bench/newsdesk.py prepare N      take N of the oldest stories back to draft
    python bench/newsdesk.py run --duration 60 --every 10 [--correct 1,2,3]

``prepare`` runs before the readers come: each story is unpublished and sent back
to draft, so that the day has stories to publish. ``run`` then takes turns: one of
those drafts is submitted, approved and published (it goes to the top of the home
page and its section, whose pages are purged), then one of ``--correct`` (the most
read stories) takes a correction (its page is purged). Prints what it did as JSON.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

# The generated copy is not written to pass the copy desk; the day is about load.
OVERRIDE = "Newsroom day benchmark."
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(count):
    from articles import workflow
    from articles.models import Article

    stories = list(Article.objects.published().order_by("published_at", "pk")[:count])
    for story in stories:
        workflow.unpublish(story, by=None, note="Held back for the newsroom day.")
        workflow.transition(story, Article.Status.DRAFT, by=None)
    return {"drafts": [story.pk for story in stories]}


def run_day(duration, every, correct):
    from articles import workflow
    from articles.models import Article, Correction

    drafts = list(Article.objects.filter(status=Article.Status.DRAFT).order_by("pk"))
    published, corrected, failures, times = [], [], [], []
    stop = time.monotonic() + duration
    turn = 0
    while time.monotonic() < stop:
        started = time.monotonic()
        try:
            if turn % 2 == 0 and drafts:
                story = drafts.pop(0)
                workflow.submit(story, by=None)
                workflow.approve(story, by=None, override=OVERRIDE)
                workflow.publish(story, by=None, override=OVERRIDE)
                published.append(story.pk)
            else:
                story = Article.objects.get(pk=correct[turn // 2 % len(correct)])
                workflow.correct(
                    story,
                    kind=Correction.Kind.CORRECTION,
                    text=f"An earlier version misspelt a name (turn {turn}).",
                    by=None,
                )
                corrected.append(story.pk)
        except Exception as error:  # noqa: BLE001 - every failure is a figure here
            failures.append(f"turn {turn}: {type(error).__name__}: {error}")
        took = time.monotonic() - started
        times.append(took * 1000)
        turn += 1
        time.sleep(max(0.0, min(every - took, stop - time.monotonic())))
    return {
        "published": published,
        "corrected": corrected,
        "failures": failures,
        "median_ms": statistics.median(times) if times else None,
        "max_ms": max(times) if times else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    preparing = commands.add_parser("prepare")
    preparing.add_argument("count", type=int)
    running = commands.add_parser("run")
    running.add_argument("--duration", type=float, default=60)
    running.add_argument("--every", type=float, default=10)
    running.add_argument("--correct", required=True, help="Story ids, comma-separated.")
    options = parser.parse_args()

    import django

    django.setup()
    if options.command == "prepare":
        result = prepare(options.count)
    else:
        correct = [int(pk) for pk in options.correct.split(",")]
        result = run_day(options.duration, options.every, correct)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
