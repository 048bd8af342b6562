"""The copy desk's speed: how long checking one story takes, warm and cold.

The stories are made of our own demo newsroom's English copy (paragraphs,
subheads, callouts and quotes), repeated until they reach 500, 2,000 and 5,000
words, and checked with the shipped rules and house list. The target is under
50 ms for a 2,000-word story once the process is warm (the dictionary loaded);
the first check of a process, which loads it, is shown apart.

Run it with the project's virtualenv: ``make bench`` runs it after the pages,
or ``.venv/bin/python bench/copydesk.py``.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (500, 2000, 5000)
RUNS = 20
TARGET_MS = 50


def english_parts():
    """``(scope, text)`` of every English demo story's words, in reading order."""
    from articles.demo import STORIES
    from articles.demo.parts import p  # noqa: F401 (the helpers shape the parts)

    parts = []
    for spec in STORIES:
        if spec.get("language", "en") != "en":
            continue
        for part in _flatten(spec["body"]):
            kind = part["kind"]
            text = part.get("text") or part.get("title") or ""
            scope = {"subhead": "subheads", "callout": "callouts", "quote": "quotes"}
            parts.append((scope.get(kind, "body"), _plain(text), part))
    return parts


def _flatten(body):
    for item in body:
        yield from item if isinstance(item, list) else [item]


def _plain(text):
    import re

    return re.sub(r"<[^>]+>", "", text)


def story_of(words, parts):
    """A ``StoryCopy`` of about ``words`` words, from the demo's parts in turn."""
    from articles.copydesk import Piece, Quotation, StoryCopy

    headline = "Forty cities agree to share heatwave warnings across borders"
    pieces = [Piece("headline", "headline", "Headline", headline)]
    quotations, count, index = [], 0, 0
    while count < words:
        scope, text, part = parts[index % len(parts)]
        index += 1
        if not text:
            continue
        location = f"part:{index}"
        is_quote = scope == "quotes"
        pieces.append(Piece(location, scope, f"Part {index}", text, is_quote))
        if is_quote:
            quotations.append(
                Quotation(location, f"Part {index}", text, part.get("speaker", ""),
                          part.get("display") == "pull")
            )  # fmt: skip
        count += len(text.split())
    copy = StoryCopy(headline, pieces, bylines=["Reporter"], quotations=quotations)
    return copy, count


def main():
    # The checks are pure: no settings, no database.
    sys.path.insert(0, str(ROOT))
    from articles.copydesk import check_story, default_desk

    desk = default_desk()
    parts = english_parts()
    print("Copy desk: one story checked with the shipped rules (times in ms)")
    print(f"{'words':>7} {'findings':>9} {'first':>8} {'median':>8} {'p90':>8}")
    verdict = None
    for size in SIZES:
        copy, words = story_of(size, parts)
        started = time.perf_counter()
        report = check_story(copy, desk)
        first = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            check_story(copy, desk)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        median = statistics.median(times)
        p90 = times[int(len(times) * 0.9) - 1]
        print(
            f"{words:>7} {len(report.findings):>9} {first:>8.1f} {median:>8.1f} {p90:>8.1f}"
        )
        if size == 2000:
            verdict = median
    state = "met" if verdict < TARGET_MS else "NOT met"
    print(
        f"Target: a 2,000-word story under {TARGET_MS} ms warm: {state} ({verdict:.1f} ms)."
    )


if __name__ == "__main__":
    main()
