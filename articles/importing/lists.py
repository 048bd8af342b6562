"""Lists whose markers the copy lost: bullets and numbers a paste left behind.

A list pasted as plain text keeps its items, one a line, but not always the "•" or
"1." that marked them. ``find_unmarked_lists`` reads the parts of a story's body
(as ``story._Reader.read_body`` made them) and makes list items of the runs of
paragraphs that have a list's shape, each with the rule that decided it:

- a lead-in that ends in a colon, then two or more short lines of one shape
  (all ending as sentences, or none), up to the next longer paragraph;
- three or more short lines in a row, none ending as a sentence (headings never
  stand three in a row);
- in a newsletter whose paragraphs open with bold labels ("Why it matters:",
  "The big picture:"), the unlabelled paragraphs under a section's first label:
  such newsletters set their points as bullets between the labelled paragraphs.

The parts are changed in place; nothing here reads the database.
"""

import re
from collections import Counter

from .people import _looks_like_name
from .shapes import ends_sentence, has_handle_or_link

# A lead-in a short label opens: "Why it matters: Schools are ...".
LABELLED = re.compile(r"^(?P<label>[^\W\d_][^:.!?;\"“”]{0,40}?)\s*:\s+\S")
MAX_LABEL_WORDS = 6
# An item under a lead-in ending in a colon: a line or two of type at most.
MAX_ITEM_WORDS = 16
# A short line without a full stop, as the items of a list of things are.
MAX_FRAGMENT_WORDS = 10
MIN_FRAGMENT_RUN = 3
# A newsletter's point: a paragraph, not a page of them.
MAX_POINT_WORDS = 60
# How many different labels make a newsletter, and how often one may come back
# (a speaker's name or "Q:" comes back at every turn of an interview).
MIN_LABELS = 3
MAX_LABEL_REPEATS = 2

RUNNING = ("paragraph", "quote")


def label_of(part, *, alone=True):
    """The label that opens ``part`` ("Why it matters"), or "" when none does;
    with ``alone``, a label alone on its line too ("By the numbers:")."""
    if part.kind == "callout":
        return part.lead_in.rstrip(" :") if part.text or alone else ""
    if part.kind not in RUNNING:
        return ""
    text = part.text.strip()
    if text.endswith(":") and len(text.split()) <= MAX_LABEL_WORDS:
        if not alone:
            return ""
        return text.rstrip(" :")  # a label alone over what it introduces
    match = LABELLED.match(text)
    if not match:
        return ""
    label = match.group("label").strip()
    if len(label.split()) > MAX_LABEL_WORDS or not label[:1].isupper():
        return ""
    return label


def is_speaker_label(label):
    """A turn of a conversation ("Q", "MAYOR", "Ana Ruiz"), not a newsletter's label."""
    return len(label) <= 2 or label.isupper() or _looks_like_name(label)


def _item(part, style, why):
    part.kind, part.list_style, part.why = "list_item", style, why
    part.marker = ""


def _is_fragment(part):
    """A short line of words without final punctuation: not a heading in capitals,
    a line of figures (a score, a table row), an address or a handle."""
    words = part.text.split()
    if (
        part.kind not in ("paragraph", "subhead")
        or not 1 <= len(words) <= MAX_FRAGMENT_WORDS
    ):
        return False
    wordy = [word for word in words if sum(char.isalpha() for char in word) >= 2]
    return (
        len(wordy) * 2 > len(words)
        and not part.text.isupper()
        and not has_handle_or_link(part.text)
        and not ends_sentence(part.text.rstrip(")"))
        and not part.text.endswith(":")
    )


def _items_under_lead_in(parts, start):
    """The parts after the lead-in ``parts[start]`` that are its list, or []."""
    run = []
    for part in parts[start + 1 :]:
        if part.kind not in RUNNING or part.text.endswith(":"):
            break
        if len(part.text.split()) > MAX_ITEM_WORDS or label_of(part):
            break
        run.append(part)
    if len(run) < 2:
        return []
    endings = {ends_sentence(part.text) for part in run}
    if len(endings) > 1:
        return []  # fragments and sentences mixed: not one list's items
    longest = max(len(part.text.split()) for part in run)
    following = (
        parts[start + 1 + len(run)] if start + 1 + len(run) < len(parts) else None
    )
    if following is not None and following.kind in RUNNING:
        # The list ends where running text resumes, longer than any item.
        if len(following.text.split()) <= longest:
            return []
    return run


def _lead_in_lists(parts):
    for index, part in enumerate(parts):
        if part.kind not in RUNNING or not part.text.endswith(":"):
            continue
        if len(part.text.split()) <= MAX_LABEL_WORDS:
            continue  # a bare label over short lines: read_body has read those
        for item in _items_under_lead_in(parts, index):
            _item(item, "bulleted", "one of the lines of like shape under a lead-in "
                  "ending in “:”")  # fmt: skip


def _fragment_runs(parts):
    index = 0
    while index < len(parts):
        end = index
        while end < len(parts) and _is_fragment(parts[end]):
            end += 1
        if end - index >= MIN_FRAGMENT_RUN:
            for part in parts[index:end]:
                _item(part, "bulleted", f"one of {end - index} short lines in a row"
                      " without final punctuation")  # fmt: skip
        index = max(end, index + 1)


def is_newsletter(parts):
    """Whether the body's paragraphs open with the varied labels of a newsletter.

    Labels that open a paragraph count, not headings alone on their line ("Sources:");
    a conversation's speakers ("Q:", "MAYOR:") rule it out.
    """
    labels = [label_of(part, alone=False) for part in parts]
    labels = [label for label in labels if label]
    if any(is_speaker_label(label) for label in labels):
        return False
    counts = Counter(label.casefold() for label in labels)
    once = sum(1 for count in counts.values() if count == 1)
    return once >= MIN_LABELS and max(counts.values(), default=0) <= MAX_LABEL_REPEATS


def _newsletter_points(parts):
    if not is_newsletter(parts):
        return
    labelled_seen = False
    section = []
    for part in [*parts, None]:
        if part is None or part.kind == "subhead":
            _points_of_section(section)
            labelled_seen, section = False, []
            continue
        if labelled_seen or label_of(part):
            labelled_seen = True
            section.append(part)


def _points_of_section(section):
    """Under the section's first label, each unlabelled paragraph is a point; a
    labelled one between two points is a point too."""
    points = [
        index > 0
        and part.kind in RUNNING
        and not label_of(part)
        and not part.text.endswith(":")
        and len(part.text.split()) <= MAX_POINT_WORDS
        for index, part in enumerate(section)
    ]
    for index, part in enumerate(section):
        between = (
            0 < index < len(section) - 1 and points[index - 1] and points[index + 1]
        )
        if points[index] or (
            between and part.kind in RUNNING and not part.text.endswith(":")
        ):
            _item(part, "bulleted", "a paragraph under a newsletter's lead-in label")


def find_unmarked_lists(parts):
    """Make list items of the runs of ``parts`` that are lists without markers."""
    _newsletter_points(parts)
    _lead_in_lists(parts)
    _fragment_runs(parts)
    return parts
