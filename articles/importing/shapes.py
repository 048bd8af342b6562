"""What a single line of copy looks like: a date, a photo credit, a name, a caption.

Each function looks at one line (and at most the cues of ``cues.Cues``) and answers
with the reason it recognised the line, as a short phrase for a dry run, or None.
"""

import re

from .cues import AGENCIES
from .people import _looks_like_name, parse_byline

SENTENCE_END = ".!?…。！？"
SIGNATURE = re.compile(
    r"\s*\([a-z]{2,4}\)$"
)  # a writer's initials: "... voraus. (bsc)"
CLOSING = "”\"’'»)]*†"
TIME = re.compile(
    r"(?<![\d.])\d{1,2}[:h]\d{2}(?!\d)(?:\s*(?:[ap]\.?m\.?|uhr)(?!\w))?"
    r"|\b\d{1,2}\.\d{2}\s*(?:[ap]m|est|gmt|utc|edt|bst|cet)\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}(?:T[\d:]+Z?)?|"
    r"\b\d{1,2}/\d{1,2}\s*[(（]|\d{4}年|\d{1,2}月\d{1,2}日"
)
YEAR = re.compile(r"\b(?:19|20)\d{2}")
FUSED_MONTH = re.compile(r"(?<=[a-z])(?=[A-Z][a-z]{2,8}\.? \d)")
SEPARATOR = re.compile(r"^[\W_]{1,40}$")
FIGURE = re.compile(r"\d")
BYLINE_THEN_DATE = re.compile(
    r"^(?P<head>.+?)\s*(?:\bon\b|\||,|-|–|—)\s*(?:\w+day,?\s+)?(?=(?:"
    r"[A-Z][a-z]{2,8}\.?\s+\d|\d{1,4}[-./]\d))"
)
HANDLE_OR_LINK = re.compile(r"@\w|https?://|www\.|\.\w{2,3}/")
PAGINATION = re.compile(r"^(?:\d+\s*\|\s*)+\d+(?:\s+\S.*)?$")


def ends_sentence(line):
    """Whether ``line`` ends as a sentence does: a full stop, ! or ?, maybe quoted."""
    # A signature closes the line (before a final newline, which "$" lets by):
    # a line that ends otherwise is not searched through for one.
    if line.endswith((")", ")\n")):
        line = SIGNATURE.sub("", line)
    stripped = line.rstrip(CLOSING)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def words_of(line):
    return line.split()


def is_separator(line):
    return bool(SEPARATOR.match(line)) and not any(char.isalnum() for char in line)


def is_pagination(line):
    return bool(PAGINATION.match(line))


def date_line(line, cues):
    """Why ``line`` is a date or time standing alone ("Published 2:16 AM EST ...")."""
    if len(line) > 120 or line[:1] in "—–-":
        return None  # "— Jane Doe (@jdoe) May 5, 2020" closes a quoted post
    if not FIGURE.search(line):
        return None  # every date and time below has figures: a day, a year, an hour
    has_date = TIME.search(line) or NUMERIC_DATE.search(line)
    month = cues.month_in(line)
    if not has_date and not (month and YEAR.search(line)):
        return None
    left = cues.strip_date_words(line)
    left = TIME.sub(" ", NUMERIC_DATE.sub(" ", left))
    left = re.sub(r"[\d.,:|/()（）•·\-–—+]+|\b(?:th|st|nd|rd|er)\b", " ", left)
    leftover = [word for word in left.split() if len(word) > 1 or word.isalpha()]
    if len(leftover) > 4:
        return None
    return "a date or time alone on its line"


def is_credit_text(text, *, loose=False):
    """Whether ``text`` names who took or supplied a picture: "Jane Doe/Reuters"."""
    text = text.strip().strip("()").strip()
    if not text or len(text) > 160 or len(text.split()) > 14:
        return False
    if text.endswith(".") and not text.endswith(" F."):
        text = text[:-1]
        if "." in text.replace("Jr.", "").replace("St.", "") and "/" not in text:
            return False
    lowered = re.sub(r"^(?:photos?|foto|bild|image|crédit)\s+", "", text.casefold())
    if "/" in text and len(text.split()) <= 12 and len(text) <= 100:
        pieces = [piece.strip() for piece in text.split("/")]
        if all(
            (piece[:1].isupper() or piece[:1].isdigit())
            and len(piece.split()) <= 6
            and not re.search(r"[a-z]\.[A-Za-z]|\.\s|\.\.|\(", piece)
            for piece in pieces
        ):
            return not text.endswith("?")
    pieces = [piece.strip() for piece in re.split(r"[,/|]|\bvia\b|\bfor\b", lowered)]
    if any(piece in AGENCIES or piece.removesuffix(" images") in AGENCIES
           for piece in pieces):  # fmt: skip
        return True
    if re.search(r"©|\bcourtesy\b|\bcortesía\b", lowered):
        return True
    return loose and _looks_like_name(text.rstrip("."))


def credit_line(line, cues):
    """``(why, credit)`` when ``line`` is a photo credit and nothing more."""
    found = cues.credit(line)
    if found:
        credit = found.match.group("credit").strip()
        if len(credit.split()) <= 16 and not ends_sentence(credit.rstrip(".")):
            return found.why("credit label"), credit
    inner = line.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    bare = re.sub(r"^(?:photos?|foto|bild|image|crédit)\s+", "", inner, flags=re.I)
    if len(inner.split()) <= 8 and len(inner) <= 80 and is_credit_text(inner):
        if (
            "/" in inner
            or any(
                piece.strip().casefold().removesuffix(" images") in AGENCIES
                for piece in re.split(r"[,/|]", bare)
            )
            or re.search(r"©|courtesy|cortesía", inner, re.IGNORECASE)
        ):
            return "the name of a photographer or picture agency alone", inner
    return None


# "Some words (AP Photo/Jane Doe)", "... (Image: GETTY)", "... (Lucy Akins)".
TRAILING_PARENTHESIS = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{2,90})\)$")
# "He didn’t get it.Credit...Doug Mills/The New York Times"
FUSED_CREDIT = re.compile(
    r"^(?P<caption>.+?[.!?”])(?:\s*(?:Credit|Photo|Photograph|Image)(?:\.{2,}|…|:)\s*"
    r"|(?=[A-Z][\w’'-]+\s[A-Z]))(?P<credit>[^.]{2,100})$"
)


def caption_with_credit(line, cues):
    """``(why, caption, credit)`` when ``line`` is a caption that ends with its credit."""
    if len(line.split()) > 90:
        return None
    # The pattern tries its caption at every length: a line that does not end in
    # a bracket (or in one and a newline, which "$" lets by) is spared it.
    if line.endswith((")", ")\n")) and (match := TRAILING_PARENTHESIS.match(line)):
        credit = match.group("credit")
        labelled = cues.credit(credit)
        if labelled:
            return (
                labelled.why("caption ending in a labelled credit"),
                match.group("caption"),
                credit,
            )
        if re.match(r"^(?:AP|AFP|Reuters)\s+Photo\b", credit) or is_credit_text(credit):
            return "caption ending in a picture credit", match.group("caption"), credit
        if _looks_like_name(credit) and len(line.split()) <= 16:
            return (
                "short caption ending in a name in brackets",
                match.group("caption"),
                credit,
            )
    # The credit runs to the end of the line without a full stop.
    if not line.endswith(".") and (match := FUSED_CREDIT.match(line)):
        credit = match.group("credit").strip()
        tail = line[len(match.group("caption")) :]
        labelled = re.match(r"\s*(?:Credit|Photo|Photograph|Image)", tail)
        if (labelled and not ends_sentence(credit)) or (
            not tail.startswith(" ") and is_credit_text(credit)
        ):
            return "caption run into its credit", match.group("caption"), credit
    return None


def is_headline_like(line, max_words=22):
    """A title: not ending as a sentence does, short, one line of display type."""
    words = line.split()
    if not words or len(words) > max_words:
        return False
    return not ends_sentence(line) or line.endswith(("…", "...", "?"))


def is_title_like_name(line):
    """A bare name on its own line: "Molly Wood", "Steve LeVine"."""
    return len(line) <= 60 and _looks_like_name(line.strip())


def byline_line(line, cues):
    """``(why, names_text, role)`` when ``line`` credits the story's writers."""
    if len(line) > 240:
        return None
    # Only a line with a figure can hold the date; the pattern, trying its head
    # at every length, is slow to fail.
    dated = FIGURE.search(line) and BYLINE_THEN_DATE.match(line)
    if dated and len(dated.group("head").split()) >= 2:
        found = byline_line(dated.group("head").rstrip(" ,"), cues)
        if found:
            why, names, role = found
            names = names or dated.group("head").split(None, 1)[1]
            return f"{why}, then a date", names, role or "written"
    credits = parse_byline(line)
    if credits:
        return "byline opening with “By”", None, None
    found = cues.byline(line)
    if found:
        names = found.match.group("names")
        if names[:1].isupper():
            return found.why("byline label"), names, "written"
    lowered = re.match(r"^by\s+(?P<names>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)+)", line)
    if lowered:
        return "byline opening with “by”", lowered.group("names"), "written"
    return None


def run_into_date(line, cues):
    """The name part of a byline run into a date: "Jane DoeNovember 6, 2023"."""
    month = cues.month_in(line)
    candidates = []
    if fused := FUSED_MONTH.search(line):
        candidates.append(line[: fused.start()])
    if month:
        candidates.append(line[: month.match.start()])
    numeric = NUMERIC_DATE.search(line) or TIME.search(line)
    if numeric:
        candidates.append(line[: numeric.start()])
    for head in candidates:
        head = re.sub(r"[\s|,–—-]+$", "", head)
        head = re.sub(r"\s*\|\s*(?:le|el|am|on)?$", "", head, flags=re.IGNORECASE)
        if cues.strip_date_words(head).split() != head.split():
            continue
        if head and (_looks_like_name(head) or is_agency_name(head)):
            return head
    return None


def is_agency_name(text):
    """A news organisation rather than a person: "EFE", "CNET Japan", "Reuters"."""
    text = text.strip()
    words = text.split()
    if not 1 <= len(words) <= 4 or ends_sentence(text):
        return False
    lowered = text.casefold()
    if lowered.removeprefix("the ") in AGENCIES or words[0].casefold() in AGENCIES:
        return True
    shouting = [word.isupper() and len(word) > 1 for word in words]
    return (
        len(words) <= 3
        and all(word[:1].isupper() for word in words)
        and any(shouting)
        and not all(shouting)
    )


def has_handle_or_link(line):
    return bool(HANDLE_OR_LINK.search(line))
