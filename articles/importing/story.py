"""Reading a plain-text story: one line per paragraph, the first line its headline.

``parse_story`` recognises the structure that copy pasted from other systems
carries (bylines, datelines, subheads, callouts, pull quotes, lists, photo captions,
promo lines, closing corrections) and returns it as plain data, without touching
the database. Text is never rewritten: every part holds a stretch of the file,
character for character; only markers (a bullet, a callout's lead-in, a dateline,
the quotation marks around a pull quote) are set apart from the words they mark.
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .citations import cited_sources
from .cues import cues_for
from .lists import find_unmarked_lists
from .people import (
    MAX_TITLE_LENGTH,
    SPEECH_VERBS,
    Credit,
    _looks_like_name,
    parse_byline,
    parse_credit_line,
    same_words,
    speaker_of,
)
from .shapes import (
    byline_line,
    caption_with_credit,
    credit_line,
    date_line,
    ends_sentence,
    has_handle_or_link,
    is_agency_name,
    is_headline_like,
    is_pagination,
    is_separator,
    is_title_like_name,
    run_into_date,
)
from .text import comparable_words

MAX_HEADLINE_LENGTH = 300
MAX_HEADLINE_WORDS = 30
MAX_DEK_WORDS = 40
MAX_SUBHEAD_WORDS = 14
MAX_SUBHEAD_LENGTH = 120
MAX_QUESTION_WORDS = 10
MAX_CAPTION_LENGTH = 500
MAX_CREDIT_LENGTH = 200

SMALL_WORDS = {
    "a", "about", "after", "an", "and", "as", "at", "before", "between", "but", "by",
    "for", "from", "in", "into", "nor", "of", "off", "on", "onto", "or", "over", "per",
    "so", "than", "the", "through", "to", "under", "up", "via", "vs", "vs.", "with",
    "yet",
}  # fmt: skip
QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "‘": "’"}
DASH = "—–"

BULLET = re.compile(r"^(?P<marker>[-•*·▪◦‣])\s+(?P<text>\S.*)$")
FOOTNOTE_MARKERS = "*†"
NUMBERED = re.compile(r"^(?P<marker>\d{1,2}[.)])\s+(?P<text>\S.*)$")
PROMO = re.compile(
    r"^(?:related(?:\s+(?:coverage|stories|story|articles?|reading))?|read\s+more"
    r"|read\s+also|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|recommended"
    r"|watch|listen)\s*:\s*\S",
    re.IGNORECASE,
)
NOTE_LABELS = [
    (
        re.compile(r"^\W{0,2}corrections?\b[^:]{0,40}:\s*(?P<text>\S.*)$", re.I),
        "correction",
    ),
    (re.compile(r"^clarification\s*:\s*(?P<text>\S.*)$", re.I), "clarification"),
    (
        re.compile(r"^\W{0,2}editors?[’']?s?[’']?\s+note\s*:\s*(?P<text>\S.*)$", re.I),
        "editors_note",
    ),
    (re.compile(r"^(?:update|updated)\s*:\s*(?P<text>\S.*)$", re.I), "update"),
]
NOTE_SENTENCES = [
    (re.compile(r"^(?:this|the)\s+(?:story|article|report|piece)\s+(?:has\s+been|was)"
                r"\s+corrected\b", re.I), "correction"),
    (re.compile(r"^(?:this|the)\s+(?:story|article|report|piece)\s+(?:has\s+been|was)"
                r"\s+clarified\b", re.I), "clarification"),
    (re.compile(r"^(?:this|the)\s+(?:story|article|report|piece)\s+(?:has\s+been|was)"
                r"\s+updated\b", re.I), "update"),
    (re.compile(r"^an\s+earlier\s+version\s+of\s+this\s+(?:story|article|report)\b", re.I),
     "correction"),
    (re.compile(r"^\W{0,2}(?:cet\s+article|dieser\s+(?:artikel|beitrag)|este\s+"
                r"artículo)\b.{0,80}(?:mis\s+à\s+jour|mise\s+à\s+jour|aktualisiert"
                r"|actualizado)", re.I), "update"),
    (re.compile(r"^\W{0,2}(?:cet\s+article|dieser\s+(?:artikel|beitrag)|este\s+"
                r"artículo)\b.{0,80}(?:corrigé|korrigiert|corregido)", re.I),
     "correction"),
]  # fmt: skip
CAPTION_LABEL = re.compile(
    r"^(?P<label>photo|photograph|image|picture|pictured|caption)\s*:\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
CREDIT_LABEL = re.compile(
    r"^(?:photograph|photo(?:\s+credit)?|credit|image|picture)\s*:\s*(?P<credit>\S.*)$",
    re.IGNORECASE,
)
CREDIT_IN_PARENTHESES = re.compile(
    r"^(?P<caption>.+?)\s*\(\s*(?:photo|photograph|image|picture)(?:\s+credit)?\s*:\s*"
    r"(?P<credit>[^()]+?)\s*\)$",
    re.IGNORECASE,
)
CREDIT_AFTER_CAPTION = re.compile(
    r"^(?P<caption>.+?[.!?”])\s+(?:Photograph|Photo|Photo credit|Credit)\s*:\s*"
    r"(?P<credit>[^.]+?)$"
)
TRAILING_CREDIT = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{2,80})\)$")
AGENCY_CREDIT = re.compile(r"^[^\s/][^/]{0,80}/[^/]{1,80}$")
DATELINE = re.compile(
    r"^(?P<head>[^\s" + DASH + r"][^" + DASH + r"]{0,78}?)"
    r"(?:\s*[" + DASH + r"]\s*|\s+--?\s+)(?P<rest>\S.*)$"
)
# Words that address the reader, or bid them act, as a promotion does.
TO_THE_READER = re.compile(
    r"\b(?:you|your|us|our|we|vous|votre|nos|tu|te|nuestr|sie|ihr)\b"
    r"|(?:^|[.!?]\s+)(?:get|sign|subscribe|follow|visit|consider|need"
    r"|want|catch|keep|join|download|try|revivez|suivez)\b"
    r"|read$|:",
    re.IGNORECASE,
)
LINK_ARROW = re.compile(r"\s[»›]$")
WRITER_AND_OUTLET = re.compile(rf"\([^()]+\s[{DASH}]\s[^()]+\)$")
SPACES = re.compile(r"\s*")
LEAD_IN_SEPARATOR = re.compile(rf"\s*[:?!{DASH}]\s*|\s+-\s+|$")
DATELINE_HEAD = re.compile(
    r"^(?P<place>[^,()]+?)(?:,\s*(?P<extra>[^,()]+?))?\s*(?:\((?P<wire>[^()]{1,40})\))?$"
)


# What each kind of part says beyond its text, in JSON.
PART_DETAILS = {
    "callout": ("callout_kind", "lead_in"),
    "quote": ("speaker", "speaker_title"),
    "pull_quote": ("speaker", "speaker_title"),
    "list_item": ("list_style", "marker"),
    "caption": ("credit",),
    "note": ("note_kind",),
    "dropped": ("reason",),
}


class StoryError(ValueError):
    """The file cannot be read as a story; the message says why, in one line."""


@dataclass
class Part:
    """One part of the body, in reading order, its words exactly as the file has them.

    ``kind`` is one of paragraph, subhead, callout, quote, pull_quote, caption,
    list_item, note or dropped (the last two are not stored as body parts).
    Plain text never yields the last five fields; a story read from a system with
    markup and pictures (the demo, another CMS) fills them.
    """

    kind: str
    text: str = ""
    line: int = 0
    lead_in: str = ""
    callout_kind: str = ""
    speaker: str = ""
    speaker_title: str = ""
    list_style: str = ""
    marker: str = ""
    credit: str = ""
    note_kind: str = ""
    reason: str = ""
    title: str = ""  # a callout's own title
    html: str = ""  # the text as markup, when the source has it; used instead of text
    image: str = ""  # the name of an image file already in storage
    address: str = ""  # where an image was on the site it came from, to fetch
    alt_text: str = ""
    source: object = None  # the CitedSource a quote comes from
    why: str = ""  # the cue or rule that decided the kind, for a dry run
    is_new_kind: bool = False  # a callout whose label no callout kind lists yet

    def as_json(self):
        data = {"kind": self.kind, "text": self.text, "line": self.line}
        for name in PART_DETAILS.get(self.kind, ()):
            data[name] = getattr(self, name)
        if self.kind == "callout":
            data["new_kind"] = self.is_new_kind
        data["why"] = self.why
        return data


@dataclass
class Line:
    """One line of the file, with the role the importer gave it and why."""

    line: int
    role: str
    text: str
    why: str = ""

    def as_json(self):
        return {
            "line": self.line,
            "kind": self.role,
            "text": self.text,
            "why": self.why,
        }


@dataclass
class Story:
    """Everything the importer found in one file."""

    headline: str
    dek: str = ""
    bylines: list = field(default_factory=list)
    dateline: str = ""
    wire_credit: str = ""
    parts: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # every line's Line, in file order

    @property
    def body(self):
        """The parts that become body parts of the article."""
        return [part for part in self.parts if part.kind not in ("note", "dropped")]

    @property
    def corrections(self):
        return [part for part in self.parts if part.kind == "note"]

    @property
    def dropped(self):
        return [part for part in self.parts if part.kind == "dropped"]

    def as_json(self):
        return {
            "headline": self.headline,
            "dek": self.dek,
            "bylines": [credit.as_json() for credit in self.bylines],
            "dateline": self.dateline,
            "wire_credit": self.wire_credit,
            "body": [part.as_json() for part in self.body],
            "dropped": [
                {"line": part.line, "text": part.text, "reason": part.reason}
                for part in self.dropped
            ],
            "parts": [line.as_json() for line in self.lines],
            "sources": [source.as_json() for source in self.sources],
            "corrections": [
                {"kind": part.note_kind, "text": part.text, "line": part.line}
                for part in self.corrections
            ],
            "notices": list(self.notices),
        }


def read_story_file(path):
    """The text of the story file at ``path``; StoryError if it cannot be one."""
    path = Path(path)
    if path.is_dir():
        raise StoryError("is a directory, not a story file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoryError("no such file") from None
    except PermissionError:
        raise StoryError("cannot be read (permission denied)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoryError(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}"
            f" at offset {error.start});"
            " save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise StoryError("is empty")
    return text


def parse_story(text, *, callout_lead_ins=None, language="en"):
    """The structure of the story in ``text``.

    ``callout_lead_ins`` maps each opening that marks a callout ("Did You Know?",
    "Pro tip:") to the name of its callout kind; those openings make callouts of
    those kinds, and the labels of ``cues.CALLOUT_LABELS`` make callouts of a new,
    suggested kind. ``language`` (the newsroom's, such as "fr") decides which
    language's cues are tried first.
    """
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    if not lines:
        raise StoryError("is empty")
    headline_number, headline = lines[0]
    _check_headline(headline, headline_number)
    story = Story(headline=headline)
    cues = cues_for(language)
    lead_ins = _LeadIns(callout_lead_ins or {}, cues)
    rest = lines[1:]
    if not rest:
        raise StoryError("has a headline but no story under it")

    reader = _Reader(story, lines, lead_ins, cues)
    ending = reader.read_ending(rest)
    rest = rest[: len(rest) - len(ending)]
    top, rest = reader.read_top(rest)
    story.parts = top + find_unmarked_lists(reader.read_body(rest)) + ending
    if not story.body:
        raise StoryError("has a headline but no story under it")
    _find_dateline(story)
    _find_speakers(story)
    _find_repeated_lines(story)
    story.sources = cited_sources(
        part.text
        for part in story.parts
        if part.kind in ("paragraph", "callout", "list_item", "quote")
    )
    story.lines = reader.line_roles(headline_number)
    return story


def _check_headline(headline, number):
    problem = None
    if (
        len(headline) > MAX_HEADLINE_LENGTH
        or len(headline.split()) > MAX_HEADLINE_WORDS
    ):
        problem = "is a paragraph"
    elif parse_byline(headline):
        problem = "is a byline"
    elif BULLET.match(headline) or NUMBERED.match(headline):
        problem = "is a list item"
    elif CAPTION_LABEL.match(headline) or PROMO.match(headline):
        problem = "is a caption or a promo line"
    elif _dateline(headline):
        problem = "opens with a dateline"
    if problem:
        raise StoryError(
            f"has no headline: line {number} {problem};"
            " put the headline on the first line"
        )


class _LeadIns:
    """The callout lead-ins, longest first, matched without regard to case.

    The newsroom's own (its callout kinds' lead-ins) come first; the labels of
    ``cues.CALLOUT_LABELS`` follow, each suggesting a new kind named after it.
    """

    def __init__(self, mapping, cues=None):
        self.items = sorted(
            ((lead_in, kind, False) for lead_in, kind in mapping.items()),
            key=lambda item: len(item[0]),
            reverse=True,
        )
        self.kinds = set(mapping.values())
        known = {lead_in.casefold().rstrip(":?! ") for lead_in in mapping}
        if cues is not None:
            self.items += sorted(
                (
                    (label, label, True)
                    for _language, label in cues.callout_labels
                    if label.casefold() not in known
                ),
                key=lambda item: len(item[0]),
                reverse=True,
            )
        # Each lead-in in the case match() compares lines in, folded once, and
        # filed under its first folded letter: a line is compared only with the
        # lead-ins that open with the fold of its own first letter (casefolding
        # goes letter by letter), in their order, longest first.
        self._by_first = {}
        for lead_in, kind, is_new in self.items:
            folded = lead_in.casefold()
            self._by_first.setdefault(folded[:1], []).append(
                (folded, lead_in, kind, is_new)
            )

    def kind_for(self, label):
        """``(kind_name, is_new)`` for a box labelled ``label``."""
        for lead_in, kind, is_new in self.items:
            if lead_in.casefold().rstrip(":?! ") == label.casefold():
                return kind, is_new
        return label, label not in self.kinds

    def match(self, line):
        """``(lead_in_as_written, kind_name, text_after, is_new)`` or None."""
        candidates = self._by_first.get(line[:1].casefold()[:1], ())
        for folded, lead_in, kind, is_new in candidates:
            if not line[: len(lead_in)].casefold() == folded:
                continue
            after = line[len(lead_in) :]
            if lead_in[-1] in ":?!":
                separator = SPACES.match(after)
            else:
                # A lead-in without its own punctuation needs some: "Background:",
                # never "Background checks ...".
                separator = LEAD_IN_SEPARATOR.match(after)
            if separator is None or (separator.end() == 0 and after):
                continue
            return (
                line[: len(lead_in) + separator.end()].rstrip(),
                kind,
                after[separator.end() :],
                is_new,
            )
        return None


def _note(line):
    for pattern, kind in NOTE_LABELS:
        if match := pattern.match(line):
            return kind, match.group("text")
    for pattern, kind in NOTE_SENTENCES:
        if pattern.match(line):
            return kind, line
    return None


def _is_dek(line, lead_ins):
    """A dek is one short sentence without a full stop, directly under the headline.

    Anything that could be the story's first paragraph is not one: a dateline, more
    than one sentence, a final full stop, or the look of a subhead or other marker.
    """
    words = line.split()
    if not 4 <= len(words) <= MAX_DEK_WORDS or line[-1] in ".:;,…":
        return False
    if re.search(r"[.!?][”\"’]?\s+[“\"‘]?[A-Z]", line):
        return False
    return not (
        parse_byline(line) is not None
        or _dateline(line)
        or _classify(line, lead_ins) is not None
        or _is_title_case(line)
        or _is_all_capitals(line)
    )


def _is_dek_over_byline(line, following, lead_ins):
    """A short line between the headline and the byline is the dek, full stop or not.

    The byline closes the top of the story, so nothing above it is the first paragraph.
    """
    if not parse_byline(following) or parse_byline(line) is not None:
        return False
    return (
        len(line.split()) <= MAX_DEK_WORDS
        and not _dateline(line)
        and _classify(line, lead_ins) is None
    )


class _Reader:
    """Reads the lines under the headline: the top, the body and the ending.

    Every line gets a role from its own shape and from its neighbours, and the cue
    or rule that decided it; ``line_roles`` lists them in the file's order.
    """

    def __init__(self, story, lines, lead_ins, cues):
        self.story = story
        self.lead_ins = lead_ins
        self.cues = cues
        self.texts = dict(lines)
        self.others = {}  # line number -> (role, why) for lines that are no part
        self.all_text = "\n".join(line for _number, line in lines)
        self.interview = sum(_is_question(line) for _number, line in lines) >= 3
        # What a line is by itself is asked again as the lines around it are read
        # (each line is the next one of the line before, and the top and the
        # ending are read ahead): each answer is kept for this story, by the text.
        self.promo = functools.cache(self.promo)
        self.date = functools.cache(self.date)
        self.byline = functools.cache(self.byline)
        self.byline_line = functools.cache(self.byline_line)
        self.credit_alone = functools.cache(self.credit_alone)

    # -- what a line is, by itself ---------------------------------------------

    def promo(self, line):
        """``(why, is_heading)`` when ``line`` links elsewhere or promotes the site."""
        if is_separator(line):
            return "a separator line", False
        if is_pagination(line):
            return "page numbers", False
        if PROMO.match(line):
            return "promo label", False
        found = self.cues.promo(line)
        if found:
            rest = (found.match.group("rest") or "").strip()
            if not rest or rest == "»" or rest.endswith(":"):
                return found.why("related links heading"), True
            if len(rest.split()) <= 25:
                return found.why("promo label"), False
        if len(line.split()) <= 45 and (found := self.cues.standing(line)):
            return found.why("the publication's standing text"), False
        # A promo word counts in a line that speaks to the reader; that is the
        # quicker question, so it is asked first.
        if (
            len(line.split()) <= 45
            and TO_THE_READER.search(line)
            and (word := self.cues.promo_word(line))
        ):
            return word.why("promotion"), False
        # Both patterns end with the line: a line that does not end as they do is
        # not searched through.
        if line.endswith(("»", "›")) and LINK_ARROW.search(line) and "«" not in line:
            return "a line ending in a link arrow", False
        if (
            line.endswith(")")
            and WRITER_AND_OUTLET.search(line)
            and is_headline_like(line)
        ):
            return "a headline with its writer and outlet in brackets", True
        return None

    def date(self, line):
        return date_line(line, self.cues)

    def byline(self, line, *, near_top):
        """``(why, credits)`` when ``line`` credits the writers; credits may be []."""
        words = line.split()
        if len(words) > 30:
            return None
        found = self.byline_line(line)
        if found:
            why, names, role = found
            if names is None:
                return why, parse_byline(line) or []
            if len(words) <= 14 and not ends_sentence(line.rstrip(")")):
                return why, _names_credits(names, role)
        if " | " in line or " • " in line:
            for segment in re.split(r"\s+[|•]\s+", line):
                found = self.byline_line(segment)
                if found and found[1] is not None:
                    return found[0], _names_credits(found[1], found[2])
        if not near_top or len(words) > 14 or ends_sentence(line):
            return None
        if is_agency_name(line) or (
            len(words) <= 4 and self.cues.byline_title_of(line)
        ):
            agency = self.cues.byline_title_of(line)
            why = agency.why("byline title") if agency else "a news agency's name"
            return why, []
        head = run_into_date(line, self.cues)
        if head:
            return "a byline run into a date", _names_credits(head, "written")
        name, _comma, title = line.partition(",")
        name = re.sub(r"\s*\((?:avec|with|con|mit)\s[^()]*\)$", "", name)
        if is_title_like_name(name) and (not title or len(title.split()) <= 6):
            return "a name alone on its line", _names_credits(
                line if not title else name, "written", title.strip()
            )
        agency = self.cues.byline_title_of(line)
        if (agency and len(words) <= 6 and "." not in line) or is_agency_name(line):
            why = agency.why("byline title") if agency else "a news agency's name"
            return why, []
        return None

    def byline_line(self, line):
        """``(why, names_text, role)`` when ``line`` credits the writers, by its
        shape alone (``shapes.byline_line``)."""
        return byline_line(line, self.cues)

    def credit_alone(self, line):
        if self.byline_line(line):
            return None
        return credit_line(line, self.cues)

    def caption(self, line, number):
        """A caption Part for ``line`` by its own shape, or None."""
        part = _caption(line, number)
        if part is not None:
            part.why = "labelled caption or credit"
            return part
        found = caption_with_credit(line, self.cues)
        if found:
            why, caption, credit = found
            return Part("caption", text=caption, line=number, credit=credit, why=why)
        opening = self.cues.caption_opening_of(line)
        if opening and len(line.split()) <= 80:
            return Part(
                "caption", text=line, line=number, why=opening.why("picture wording")
            )
        return None

    def end_matter(self, line):
        """``(role, why, credits)`` for a line that closes a story, or None."""
        note = _note(line)
        if note:
            return "note", "correction or editor's note label", note
        credits = parse_credit_line(line)
        if credits is not None:
            return "credit", "closing credit line", credits
        found = self.cues.end_credit_of(line)
        if found and len(line.split()) <= 40:
            return "credit", found.why("closing credit"), []
        found = self.cues.bio_of(line)
        if found and len(line.split()) <= 60:
            return "bio", found.why("about the author"), None
        if has_handle_or_link(line) and len(line.split()) <= 20 and "@" in line:
            return "bio", "contact details", None
        promo = self.promo(line)
        if promo:
            return "promo", promo[0], promo[1]
        if self.date(line):
            return "date", self.date(line), None
        byline = self.byline(line, near_top=True)
        if byline and byline[1]:
            return "byline", byline[0], byline[1]
        if byline and len(line.split()) <= 4:
            return "bio", "a job title under the closing byline", None
        return None

    # -- the ending ------------------------------------------------------------

    def read_ending(self, lines):
        """Notes, credits, bylines, bios and related links after the last paragraph."""
        run = []
        for number, line in reversed(lines[1:]):
            found = self.end_matter(line)
            if found is None and not is_headline_like(line, 20):
                break
            run.append((number, line, found))
        run.reverse()
        # A headline-like line belongs to the ending only under a related-links
        # heading or in a list of two or more; else the ending starts after it.
        start = 0
        heading = False
        for index, (_number, line, found) in enumerate(run):
            if found is not None:
                heading = heading or (found[0] == "promo" and found[2] is True)
                continue
            neighbours = [
                run[other][2] is None and _title_cased(run[other][1])
                for other in (index - 1, index + 1)
                if 0 <= other < len(run)
            ]
            if not heading and not (
                _title_cased(line) and any(neighbours) and len(line.split()) <= 12
            ):
                start, heading = index + 1, False
        parts = []
        after_bio_heading = False
        for number, line, found in run[start:]:
            if found is None:
                parts.append(
                    self._dropped(
                        line,
                        number,
                        "related link",
                        "a headline in the list of links at the end",
                    )
                )
                continue
            role, why, detail = found
            if heading and role in ("byline", "date") and is_headline_like(line):
                parts.append(
                    self._dropped(
                        line,
                        number,
                        "related link",
                        "a headline under a related -links heading",
                    )
                )
                continue
            if role == "byline" and after_bio_heading:
                role, why = "bio", "the name under an about-the-author heading"
            if role == "note":
                kind, text = detail
                parts.append(
                    Part("note", text=text, line=number, note_kind=kind, why=why)
                )
            elif role == "credit":
                if detail:
                    self.story.bylines.extend(detail)
                parts.append(self._dropped(line, number, "credit line", why))
                self.others[number] = ("credit", why)
            elif role == "byline":
                self.story.bylines.extend(
                    credit for credit in detail if credit not in self.story.bylines
                )
                parts.append(self._dropped(line, number, "closing byline", why))
                self.others[number] = ("byline", why)
            elif role == "date":
                parts.append(self._dropped(line, number, "date line", why))
                self.others[number] = ("date", why)
            else:
                reason = "author bio" if role == "bio" else "promo line"
                parts.append(self._dropped(line, number, reason, why))
            after_bio_heading = role == "bio" and "about the author" in why
        return parts

    @staticmethod
    def _dropped(line, number, reason, why):
        return Part("dropped", text=line, line=number, reason=reason, why=why)

    # -- the top ---------------------------------------------------------------

    def read_top(self, lines):
        """The dek, bylines, dates, captions, kickers and boxes above the first
        paragraph; returns their parts and the lines left for the body."""
        story = self.story
        parts = []
        index = 0
        related = False
        while index < len(lines):
            number, line = lines[index]
            following = lines[index + 1][1] if index + 1 < len(lines) else None
            box = self._claim_box(lines, index)
            if box:
                parts.extend(box)
                index += len(box)
                continue
            promo = self.promo(line)
            if promo:
                parts.append(self._dropped(line, number, "promo line", promo[0]))
                related = promo[1]
                index += 1
                continue
            if index == 0 and _whole_quote(line) and following is not None:
                parts.append(
                    Part(
                        "pull_quote",
                        text=line[1:-1],
                        line=number,
                        why="a quotation set above the story",
                    )
                )
                index += 1
                continue
            if self.lead_ins.match(line) or (self.interview and _is_question(line)):
                break
            if related and is_headline_like(line, 20) and not line.endswith(":"):
                parts.append(
                    self._dropped(
                        line,
                        number,
                        "related link",
                        "a headline under a related-links heading",
                    )
                )
                index += 1
                continue
            related = False
            if (
                (why := self.date(line))
                and not self.byline_line(line)
                and not run_into_date(line, self.cues)
            ):
                self.others[number] = ("date", why)
                index += 1
                continue
            byline = self._top_byline(line, index, lines)
            if byline:
                why, credits = byline
                if credits:
                    story.bylines.extend(credits)
                    self.others[number] = ("byline", why)
                else:
                    parts.append(
                        Part(
                            "dropped",
                            text=line,
                            line=number,
                            reason="byline that names no person",
                            why=why,
                        )
                    )
                    self.others[number] = ("byline", why)
                index += 1
                continue
            caption = self._top_caption(lines, index, parts)
            if caption:
                index += caption
                continue
            if (
                index == 0
                and len(line.split()) <= 3
                and not ends_sentence(line)
                and following is not None
                and not _looks_like_name(line)
                and not self.lead_ins.match(line)
            ):
                parts.append(
                    self._dropped(
                        line, number, "kicker", "a short label above the story"
                    )
                )
                index += 1
                continue
            if (
                index == 0
                and len(line.split()) <= 6
                and not ends_sentence(line)
                and index + 2 < len(lines)
                and (
                    _is_dek(following, self.lead_ins)
                    or _is_dek_over_byline(following, lines[2][1], self.lead_ins)
                )
            ):
                parts.append(
                    self._dropped(line, number, "kicker", "a short label over the dek")
                )
                index += 1
                continue
            if (
                index == 0
                and following is not None
                and (
                    _is_dek(line, self.lead_ins)
                    or _is_dek_over_byline(line, following, self.lead_ins)
                )
            ):
                story.dek = line
                self.others[number] = ("dek", "a short line under the headline")
                index += 1
                continue
            if (
                not story.dek
                and following is not None
                and self._is_top_matter(following, lines, index + 1)
                and 4 <= len(line.split()) <= MAX_DEK_WORDS
                and not _dateline(line)
                and _classify(line, self.lead_ins) is None
            ):
                story.dek = line
                self.others[number] = ("dek", "a sentence above the byline or date")
                index += 1
                continue
            if self._is_kicker(line, index, lines):
                parts.append(
                    self._dropped(
                        line, number, "kicker", "a short label above the story"
                    )
                )
                index += 1
                continue
            if line.strip() == story.headline.strip() or (
                line.rstrip(".") == story.headline and index < 6
            ):
                parts.append(
                    Part(
                        "caption",
                        text=line,
                        line=number,
                        why="repeats the headline, as a picture's title",
                    )
                )
                index += 1
                continue
            summary = self._summary_box(lines, index)
            if summary:
                parts.extend(summary)
                index += len(summary)
                continue
            break
        return parts, lines[index:]

    def _top_byline(self, line, index, lines):
        if index + 1 < len(lines) and _is_dek_over_byline(
            line, lines[index + 1][1], self.lead_ins
        ):
            return None
        found = self.byline(line, near_top=True)
        if not found:
            return None
        why, credits = found
        if why == "a name alone on its line":
            # A bare name is the byline when a date stands by it or the story names
            # the person again (a sign-off, a bio); otherwise a kicker ("Wide Angle").
            name = credits[0].name if credits else line
            near = [
                lines[other][1]
                for other in (index - 1, index + 1)
                if 0 <= other < len(lines)
            ]
            later = "\n".join(text for _number, text in lines[index + 1 :])
            if not (
                any(self.date(text) for text in near)
                or name in later
                or name in self.all_text.split(line, 1)[-1]
            ):
                return None
        return found

    def _is_top_matter(self, line, lines, index):
        return bool(self.date(line) or self._top_byline(line, index, lines))

    def _top_caption(self, lines, index, parts):
        """How many lines a caption and its credit take at ``index``, or 0."""
        number, line = lines[index]
        credit = self.credit_alone(line)
        if credit:
            why, text = credit
            parts.append(Part("caption", line=number, credit=text, why=why))
            return 1
        part = self.caption(line, number)
        if part is not None and part.kind != "caption":
            part = None
        following_credit = None
        if index + 1 < len(lines):
            following_number, following = lines[index + 1]
            following_credit = self.credit_alone(following)
        if following_credit and (part is None or not part.credit):
            why, text = following_credit
            if part is None:
                if len(line.split()) > 60 or _dateline(line):
                    return 0
                part = Part(
                    "caption",
                    text=line,
                    line=number,
                    why=f"followed by a picture credit ({why})",
                )
            part.credit = text
            parts.append(part)
            self.others[following_number] = ("credit", why)
            return 2
        if part is not None:
            parts.append(part)
            return 1
        return 0

    def _is_kicker(self, line, index, lines):
        words = line.split()
        return (
            index <= 4
            and 1 <= len(words) <= 6
            and len(line) <= 50
            and not _is_all_capitals(line)
            and not ends_sentence(line)
            and not line.endswith(":")
            and index + 1 < len(lines)
        )

    def _claim_box(self, lines, index):
        """The lines of a fact-check's claim box at ``index``: who, the claim, the
        source or the date it was said, the rating and its one-line summary."""
        texts = [line for _number, line in lines[index : index + 8]]
        if not texts:
            return []
        start = 0
        if (
            len(texts) > 1
            and not _standalone_quote(texts[0])
            and _standalone_quote(texts[1])
        ):
            if len(texts[0].split()) > 10 or ends_sentence(texts[0]):
                return []
            start = 1
        if not _whole_quote(texts[start]):
            return []
        end = start + 1
        attributed = False
        rated = None
        while end < len(texts):
            text = texts[end]
            if re.match(rf"^[{DASH}]\s*\S", text) or self.cues.credit(text):
                attributed = True
            elif self.cues.rating(text):
                rated = end
            elif (
                rated is not None
                and len(text.split()) <= 15
                and not ends_sentence(text)
            ):
                end += 1
                break
            else:
                break
            end += 1
        if not (attributed or rated is not None):
            return []
        kind, is_new = self.lead_ins.kind_for("Fact check")
        return [
            Part(
                "callout",
                text=text,
                line=number,
                callout_kind=kind,
                is_new_kind=is_new,
                why="a claim box: a quoted claim with its source or rating",
            )
            for number, text in lines[index : index + end]
        ]

    def _summary_box(self, lines, index):
        """Key points above the story: three or more one-sentence lines that the
        story goes on to tell at length, closed by a promo line."""
        run = []
        for number, line in lines[index : index + 8]:
            if self.promo(line):
                break
            if not ends_sentence(line) or len(line.split()) > 45 or _dateline(line):
                return []
            run.append((number, line))
        else:
            return []
        if len(run) < 3 or index + len(run) >= len(lines) - 1:
            return []
        later = set(
            comparable_words(
                " ".join(line for _number, line in lines[index + len(run) :])
            )
        )
        shares = []
        for _number, line in run:
            mine = [word for word in comparable_words(line) if len(word) > 3]
            shares.append(sum(word in later for word in mine) / max(len(mine), 1))
        if sum(shares) / len(shares) < 0.75:
            return []
        kind, is_new = self.lead_ins.kind_for("Key points")
        return [
            Part(
                "callout",
                text=line,
                line=number,
                callout_kind=kind,
                is_new_kind=is_new,
                why="key points: short sentences the story then tells at length",
            )
            for number, line in run
        ]

    # -- the body --------------------------------------------------------------

    def read_body(self, lines):
        openings = [self._gallery_opening(line) for _number, line in lines]
        self.galleries = {
            opening for opening in openings if opening and openings.count(opening) >= 3
        }
        parts = []
        index = 0
        related = False
        while index < len(lines):
            number, line = lines[index]
            following = lines[index + 1] if index + 1 < len(lines) else None
            previous = lines[index - 1][1] if index else ""
            promo = self.promo(line)
            if promo:
                parts.append(self._dropped(line, number, "promo line", promo[0]))
                related = promo[1]
                index += 1
                continue
            if (
                related
                and is_headline_like(line, 20)
                and not _is_all_capitals(line)
                and not line.endswith(":")
                and not NUMBERED.match(line)
                and self.caption(line, number) is None
            ):
                parts.append(
                    self._dropped(
                        line,
                        number,
                        "related link",
                        "a headline under a related-links heading",
                    )
                )
                index += 1
                continue
            related = False
            matter = self._body_matter(line)
            if matter:
                role, why, credits = matter
                self.story.bylines.extend(
                    credit for credit in credits if credit not in self.story.bylines
                )
                parts.append(self._dropped(line, number, f"{role} line", why))
                self.others[number] = (role, why)
                index += 1
                continue
            part = self._body_part(line, number, previous, following, lines, index)
            if part.kind == "callout" and not part.text:
                part, index = _lone_lead_in(part, line, following, self.lead_ins, index)
                if part.kind == "callout":
                    self.others[number] = ("callout", part.why)
            elif part.kind == "credit":
                if parts and parts[-1].kind == "caption" and not parts[-1].credit:
                    parts[-1].credit = part.credit
                    self.others[number] = ("credit", part.why)
                    index += 1
                    continue
                if (
                    parts
                    and parts[-1].kind == "paragraph"
                    and len(parts[-1].text.split()) <= 60
                    and len(parts) > 1
                ):
                    caption = parts[-1]
                    caption.kind, caption.credit = "caption", part.credit
                    caption.why = f"followed by a picture credit ({part.why})"
                    self.others[number] = ("credit", part.why)
                    index += 1
                    continue
                part = Part("caption", line=number, credit=part.credit, why=part.why)
            elif part.kind == "label":
                parts.append(Part("paragraph", text=line, line=number, why=part.why))
                index += 1
                while (
                    index < len(lines)
                    and _is_short_item(lines[index][1])
                    and not self.promo(lines[index][1])
                ):
                    item_number, item = lines[index]
                    parts.append(
                        Part(
                            "list_item",
                            text=item,
                            line=item_number,
                            list_style="bulleted",
                            why="a short line under a label ending in “:”",
                        )
                    )
                    index += 1
                continue
            parts.append(part)
            index += 1
        return parts

    def _body_matter(self, line):
        """``(role, why, credits)`` for a date, a labelled byline or a closing
        credit standing in the body, as fact-checks and roundups set them."""
        if len(line.split()) > 30:
            return None
        if why := self.date(line):
            return "date", why, []
        found = self.byline_line(line)
        if found and found[1] is not None and len(line.split()) <= 14:
            return "byline", found[0], _names_credits(found[1], found[2])
        credits = parse_credit_line(line)
        if credits is not None:
            return "credit", "closing credit line", credits
        found = self.cues.end_credit_of(line)
        if found and len(line.split()) <= 12:
            return "credit", found.why("closing credit"), []
        return None

    def _body_part(self, line, number, previous, following, lines, index):
        if (
            following is not None
            and len(line.split()) <= 60
            and not _dateline(line)
            and not NUMBERED.match(line)
            and (ends_sentence(line) or ":" not in line)
            and not self.credit_alone(line)
            and self.credit_alone(following[1])
            and not _classify(line, self.lead_ins)
        ):
            return Part(
                "caption",
                text=line,
                line=number,
                why="followed by a picture credit",
            )
        if line.rstrip(".") == self.story.headline.rstrip("."):
            return Part(
                "caption",
                text=line,
                line=number,
                why="repeats the headline, as a picture's title",
            )
        if self.galleries and self._gallery_opening(line) in self.galleries:
            return Part(
                "caption",
                text=line,
                line=number,
                why="one of several short lines opening with the same name",
            )
        words = line.split()
        if (
            len(words) <= 4
            and line[:1].islower()
            and not ends_sentence(line)
            and not has_handle_or_link(line)
            and all(
                ends_sentence(text)
                for _number, text in lines[max(index - 1, 0) : index + 2]
                if text != line
            )
        ):
            return Part(
                "dropped",
                text=line,
                line=number,
                reason="tag line",
                why="a short lower-case tag between paragraphs",
            )
        credit = self.credit_alone(line)
        if credit and not _standalone_quote(line):
            why, text = credit
            return Part("credit", line=number, credit=text, why=why)
        part = _classify(line, self.lead_ins, number=number)
        if part is not None and part.kind == "credit":
            part.why = "credit label"
            return part
        caption = self.caption(line, number)
        if caption is not None and (part is None or part.kind != "list_item"):
            return caption
        if part is not None:
            note = _note(part.text) if part.kind == "list_item" else None
            if note and part.marker in FOOTNOTE_MARKERS:
                kind, text = note
                return Part(
                    "note",
                    text=text,
                    line=number,
                    note_kind=kind,
                    why=f"a note about the story behind a footnote mark “{part.marker}”",
                )
            if part.kind == "list_item" and part.list_style == "numbered":
                neighbours = [
                    lines[other][1]
                    for other in (index - 1, index + 1)
                    if 0 <= other < len(lines)
                ]
                if (
                    following is not None
                    and not any(NUMBERED.match(text) for text in neighbours)
                    and _is_display_line(part.text)
                ):
                    return Part(
                        "subhead",
                        text=line,
                        line=number,
                        why="a numbered heading between paragraphs",
                    )
            if (
                part.kind == "quote"
                and following is not None
                and _is_quoted_heading(line)
            ):
                return Part(
                    "subhead",
                    text=line,
                    line=number,
                    why="a quoted phrase standing as a heading",
                )
            return part
        if following is not None:
            why = _subhead_why(line, self.interview)
            if why:
                return Part("subhead", text=line, line=number, why=why)
            if (
                line.endswith(":")
                and len(line.split()) <= 6
                and index + 2 < len(lines)
                and _is_short_item(following[1])
                and _is_short_item(lines[index + 2][1])
                and not self.promo(following[1])
            ):
                return Part(
                    "label",
                    text=line,
                    line=number,
                    why="a label ending in “:” over a list",
                )
        neighbours = [
            lines[other][1] for other in (index - 1, index + 1) if other < len(lines)
        ]
        if (
            len(line.split()) >= 9
            and not ends_sentence(line)
            and line[-1] not in ":;,—–-"
            and not _dateline(line)
            and index > 0
            and not re.search(rf"\b(?:{SPEECH_VERBS})\b|https?://", line)
            and all(ends_sentence(text) for text in neighbours)
        ):
            return Part(
                "caption",
                text=line,
                line=number,
                why="display text without a full stop, too long for a subhead",
            )
        return Part("paragraph", text=line, line=number, why="running text")

    @staticmethod
    def _gallery_opening(line):
        """The name that opens a short display line: "Jane Doe: Untitled, 2022"."""
        if len(line.split()) > 10 or ends_sentence(line):
            return None
        match = re.match(
            r"^([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3})(?::\s|\s+at\s|$)", line
        )
        return match.group(1) if match and _looks_like_name(match.group(1)) else None

    # -- every line ------------------------------------------------------------

    def line_roles(self, headline_number):
        roles = {headline_number: ("headline", "the first line")}
        for number, (role, why) in self.others.items():
            roles[number] = (role, why)
        for part in self.story.parts:
            if part.line in self.others and part.kind == "dropped":
                continue
            role = part.kind
            if part.kind == "dropped":
                role = "dropped"
            roles.setdefault(part.line, (role, part.why))
            if part.line not in self.others:
                roles[part.line] = (role, part.why)
        return [
            Line(number, role, self.texts.get(number, ""), why)
            for number, (role, why) in sorted(roles.items())
        ]


def _names_credits(names, role, title=""):
    """The credits a byline's names give, each with ``role`` (and ``title``)."""
    names = re.sub(r"\s*\((?:avec|with|con|mit)\s", ", ", names).rstrip(")")
    names = re.sub(r"\s+(?:et|y|und|and|&)\s+", ", ", names)
    credits = []
    for name in re.split(r"\s*[,;|]\s*", names):
        name = name.strip()
        if is_title_like_name(name):
            if not any(credit.name == name for credit in credits):
                credits.append(Credit(name=name, role=role, title=title))
        elif name and credits and not title and len(name) <= MAX_TITLE_LENGTH:
            break
    return credits


def _whole_quote(line):
    closing = {**QUOTE_PAIRS, "'": "'"}.get(line[:1])
    return bool(closing) and line.rstrip().endswith(closing) and len(line) > 10


def _is_short_item(line):
    """A list item whose marker the copy lost: a few words, no full stop."""
    words = line.split()
    return (
        1 <= len(words) <= 10
        and not ends_sentence(line.rstrip(")"))
        and not line.endswith(":")
        and not BULLET.match(line)
        and not NUMBERED.match(line)
        and not STEP.match(line)
    )


def _is_display_line(text):
    words = text.split()
    return len(words) <= MAX_SUBHEAD_WORDS and not ends_sentence(text)


def _is_quoted_heading(line):
    words = line.split()
    inner = line[1:-1].rstrip()
    return len(words) <= 14 and not ends_sentence(inner)


def _is_question(line):
    return (
        line.endswith("?")
        and len(line.split()) <= 20
        and all(s.strip().endswith("?") for s in SENTENCE_BREAK.split(line))
    )


def _has_letter(word):
    """Whether ``word`` holds a letter, not figures and marks alone."""
    return any(map(str.isalpha, word))


def _subhead_why(line, interview=False):
    """Why ``line`` is a subhead, or None.

    In an interview (``interview``: three or more questions stand alone on their
    lines) a longer question is a subhead too.
    """
    words = line.split()
    if sum(map(_has_letter, words)) * 2 < len(words):
        return None  # a line of figures: a score, a table row
    if _is_subhead(line):
        if line.endswith("?"):
            return "a short question standing alone"
        if _is_all_capitals(line):
            return "a short line in capitals"
        return "a short line in title case"
    words = line.split()
    if STEP.match(line) and len(words) <= 8:
        return "a numbered step"
    if (
        _is_question(line)
        and len(words) <= (20 if interview else MAX_QUESTION_WORDS)
        and line[0].isupper()
    ):
        return "a question standing alone, answered below"
    first = re.sub(r"^[‘“'\"«]\s*", "", line)[:1]
    if (
        len(words) <= 12
        and len(line) <= 100
        and not ends_sentence(line)
        and line[-1] not in ":;,—–-"
        and (first.isupper() or first.isdigit())
        and "," not in line
        and sum(map(_has_letter, words)) >= 1
        and not re.match(CONNECTIVES, line, re.IGNORECASE)
        and not _looks_like_name(line)
        and not has_handle_or_link(line)
        and sum(map(_has_letter, words)) >= min(2, len(words))
    ):
        return "a short line without a full stop, over a paragraph"
    return None


# Where one sentence ends and the next begins, within a line.
SENTENCE_BREAK = re.compile(r"(?<=[a-z][.!?])\s+")
STEP = re.compile(r"^(?:step|étape|schritt|paso)\s+\d+\b", re.IGNORECASE)
CONNECTIVES = (
    r"^(?:still|but|and|yet|so|then|however|also|meanwhile|instead|now|or|because"
    r"|mais|et|donc|aber|und|doch|pero|y|sin\s+embargo)\b"
)


def _lone_lead_in(part, line, following, lead_ins, index):
    """A lead-in alone on its line marks the next line as the callout's text."""
    if following is not None and _classify(following[1], lead_ins) is None:
        if not _is_subhead(following[1]):
            part.text, part.line = following[1], following[0]
            return part, index + 1
    if _is_subhead(line) or line.endswith(":"):
        return Part("subhead", text=line, line=part.line, why=part.why), index
    return Part("paragraph", text=line, line=part.line, why="running text"), index


def _classify(line, lead_ins, number=0):
    """The part a line is by its markers alone, or None for paragraph-or-subhead."""
    if PROMO.match(line):
        return Part(
            "dropped", text=line, line=number, reason="promo line", why="promo label"
        )
    caption = _caption(line, number)
    if caption:
        return caption
    found = lead_ins.match(line)
    if found:
        lead_in, kind, text, is_new = found
        why = f"callout label “{lead_in}”" + (" (a new kind)" if is_new else "")
        return Part(
            "callout",
            text=text,
            line=number,
            lead_in=lead_in,
            callout_kind=kind,
            is_new_kind=is_new,
            why=why,
        )
    for pattern, style in ((BULLET, "bulleted"), (NUMBERED, "numbered")):
        if match := pattern.match(line):
            return Part(
                "list_item",
                text=match.group("text"),
                line=number,
                list_style=style,
                marker=match.group("marker"),
                why=f"{style} list marker “{match.group('marker')}”",
            )
    quoted = _standalone_quote(line)
    if quoted:
        words, speaker = quoted
        speaker, _comma, title = speaker.partition(", ")
        return Part(
            "quote",
            text=words,
            line=number,
            speaker=speaker,
            speaker_title=title,
            why="a quotation alone on its line",
        )
    return None


def _caption(line, number):
    if (match := CREDIT_LABEL.match(line)) and _is_credit(match.group("credit")):
        # A credit alone on its line: _read_body gives it to the caption before it.
        return Part("credit", line=number, credit=match.group("credit"))
    if match := CAPTION_LABEL.match(line):
        caption, credit = match.group("text"), ""
        for pattern in (CREDIT_IN_PARENTHESES, CREDIT_AFTER_CAPTION, TRAILING_CREDIT):
            inner = _credit_after(pattern, caption)
            if inner and _is_credit(
                inner.group("credit"), loose=pattern is TRAILING_CREDIT
            ):
                caption, credit = inner.group("caption"), inner.group("credit")
                break
        return _caption_part(caption, credit, number)
    for pattern in (CREDIT_IN_PARENTHESES, CREDIT_AFTER_CAPTION):
        match = _credit_after(pattern, line)
        if match and _is_credit(match.group("credit")):
            return _caption_part(match.group("caption"), match.group("credit"), number)
    return None


def _credit_after(pattern, line):
    """``pattern.match(line)`` for a caption with its credit after it, asked only
    of a line that can be one: the credit closes the line in parentheses, or
    follows a colon. A lazy caption tried at every length makes these patterns
    the slowest to fail of a line's shapes."""
    if pattern in (CREDIT_IN_PARENTHESES, TRAILING_CREDIT) and not line.endswith(")"):
        return None
    if pattern is CREDIT_AFTER_CAPTION and ":" not in line:
        return None
    return pattern.match(line)


def _caption_part(caption, credit, number):
    if len(caption) > MAX_CAPTION_LENGTH or len(credit) > MAX_CREDIT_LENGTH:
        return None
    return Part("caption", text=caption, line=number, credit=credit)


def _is_credit(text, loose=False):
    """Whether ``text`` names a photographer or agency ("Jane Doe/Reuters", "AP")."""
    text = text.strip()
    if not text or len(text) > MAX_CREDIT_LENGTH or text.endswith("."):
        return False
    if AGENCY_CREDIT.match(text):
        return len(text.split()) <= 10
    return loose and len(text.split()) <= 6 and text[0].isupper()


def _standalone_quote(line):
    """``(words, speaker)`` when the whole line is one quotation, else None."""
    closing = QUOTE_PAIRS.get(line[0])
    if closing is None:
        return None
    attributed = re.match(
        rf"^(?P<quote>.+{re.escape(closing)})\s*[{DASH}]+\s*(?P<who>[^{DASH}]{{2,120}})$",
        line,
    )
    quote, speaker = (
        (attributed.group("quote"), attributed.group("who"))
        if attributed
        else (line, "")
    )
    if len(quote) < 3 or not quote.endswith(closing):
        return None
    words = quote[1:-1]
    inner_marks = {line[0], closing} if closing != "’" else {line[0]}
    if any(mark in words for mark in inner_marks) or not words.strip():
        return None
    return words, speaker.strip()


def _significant_words(line):
    return [
        word
        for word in line.split()
        if word.lower().strip(":,;") not in SMALL_WORDS and _has_letter(word)
    ]


def _is_title_case(line):
    words = _significant_words(line)
    if not words or not line[0].isupper():
        return False
    capitalised = sum(
        1 for word in words if next(c for c in word if c.isalpha()).isupper()
    )
    return capitalised / len(words) >= 0.75


def _is_all_capitals(line):
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def _is_subhead(line):
    """A short line without a final full stop: title case, all capitals or a question.

    Short paragraphs are sentences in sentence case and end with punctuation, and a
    pull quote opens with a quotation mark, so neither is taken for a subhead.
    """
    words = line.split()
    if len(words) > MAX_SUBHEAD_WORDS or len(line) > MAX_SUBHEAD_LENGTH:
        return False
    if not line[0].isupper() or line[-1] in ".,;:!…" + "”\"’'":
        return False
    if re.search(r"[.!?][”\"’]?\s+\S", line):
        return False  # more than one sentence
    if line.endswith("?"):
        return len(words) <= MAX_QUESTION_WORDS
    return _is_all_capitals(line) or _is_title_case(line)


# Other openings a wire or a paper sets before its first sentence.
SEPARATOR = rf"(?:\s*[{DASH}]\s*|\s+--?\s+|\s*\.-\s*)"
WIRE_OPENINGS = [
    # "Dekalb, Ill. —", "Berlin (dpa) -", "MADRID, 3 mar (EFE).-"
    re.compile(
        r"^(?P<place>[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3},"
        r" (?:[A-Z][a-z]{1,5}\.|[A-Z]{2}|\d{1,2} \w{3,10}\.?))"
        r"(?: \((?P<wire>[^()]{1,40})\))?" + SEPARATOR + r"(?P<rest>\S.*)$"
    ),
    re.compile(
        r"^(?P<place>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2})"
        r" \((?P<wire>[^()]{1,40})\)" + SEPARATOR + r"(?P<rest>\S.*)$"
    ),
    # "(EFE).-", "(AFP) —": the agency alone
    re.compile(
        r"^\((?P<wire>[A-Za-z][\w .&/-]{0,30})\)" + SEPARATOR + r"(?P<rest>\S.*)$"
    ),
    # "KVELLER via JTA —": an agency's name in capitals, passed on by another
    re.compile(
        r"^(?P<wire>[A-Z]{2,}(?: [A-Z]{2,})* via [A-Z][\w]+)"
        + SEPARATOR
        + r"(?P<rest>\S.*)$"
    ),
    # "April 17, 2015 --": the date the story was filed
    re.compile(
        r"^(?P<place>(?:January|February|March|April|May|June|July|August|September"
        r"|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)"
        r" \d{1,2}, \d{4})" + SEPARATOR + r"(?P<rest>\S.*)$"
    ),
    # 【ワシントン共同】: a Japanese wire's place and agency
    re.compile(
        r"^【(?P<place>[^】]{1,12}?)(?P<wire>共同|時事|ロイター)?】(?P<rest>\S.*)$"
    ),
]


def _dateline(line):
    """``(dateline, wire_credit, rest)`` when ``line`` opens with "TOKYO —" or alike."""
    # A dash ends the place: a line without one is spared the pattern, which
    # tries the place at every length.
    has_dash = any(dash in line for dash in DASH + "-")
    match = DATELINE.match(line) if has_dash else None
    if not match:
        return _wire_opening(line)
    head = DATELINE_HEAD.match(match.group("head").strip())
    if not head:
        return _wire_opening(line)
    place, extra, wire = head.group("place", "extra", "wire")
    if not _is_all_capitals(place) or len(place.split()) > 5:
        return _wire_opening(line)
    if re.search(r"[^\w\s.’'/&-]", place):
        return None
    if extra and (len(extra.split()) > 4 or not extra[0].isupper()):
        return None
    if wire and len(wire.split()) > 5:
        return None
    dateline = match.group("head").strip()
    if wire:
        dateline = dateline[: dateline.rindex("(")].rstrip()
    return dateline, (wire or "").strip(), match.group("rest")


def _wire_opening(line):
    for pattern in WIRE_OPENINGS:
        if match := pattern.match(line):
            found = match.groupdict()
            return (
                (found.get("place") or "").strip(),
                (found.get("wire") or "").strip(),
                found["rest"],
            )
    return None


def _find_dateline(story):
    """Take a dateline off the first paragraph, if the story opens with one."""
    for part in story.parts:
        # Top matter (captions, a claim box, a quote set above the story) comes
        # before the first paragraph; the dateline opens that paragraph.
        if part.kind in ("caption", "dropped", "callout", "pull_quote"):
            continue
        if part.kind == "paragraph" and (found := _dateline(part.text)):
            story.dateline, story.wire_credit, part.text = found
        return


def _find_speakers(story):
    """Tell pull quotes from quotes, and find who speaks each one."""
    told = [story.headline, story.dek]
    for part in story.parts:
        if part.kind == "quote":
            _find_speaker(story, part, told)
        told.append(part.text)


def _find_speaker(story, part, told):
    for earlier in reversed(told):
        for match in re.finditer(r"“([^“”]+)”|\"([^\"]+)\"|«([^«»]+)»", earlier):
            quotation = next(group for group in match.groups() if group is not None)
            if same_words(part.text, quotation):
                part.kind = "pull_quote"
                if not part.speaker:
                    person = speaker_of(
                        earlier, match.start(), match.end(), "\n".join(told)
                    )
                    if person:
                        part.speaker, part.speaker_title = person.name, person.title
                break
        if part.kind == "pull_quote":
            break
    if not part.speaker:
        story.notices.append(f"line {part.line}: no speaker found for the quote")


def _find_repeated_lines(story):
    """A paragraph that repeats words of another at length is a pull quote."""
    paragraphs = [part for part in story.parts if part.kind == "paragraph"]
    # Each paragraph's words, and its runs of four of them, read once.
    words = {id(part): comparable_words(part.text) for part in paragraphs}
    runs = {
        key: list(zip(each, each[1:], each[2:], each[3:], strict=False))
        for key, each in words.items()
    }
    grams = {}
    for part in paragraphs:
        for gram in runs[id(part)]:
            grams.setdefault(gram, set()).add(id(part))
    # Only the runs of four that two paragraphs or more have tell of a repeat.
    repeated = {gram: holders for gram, holders in grams.items() if len(holders) > 1}
    if not repeated:
        return
    for part in paragraphs:
        own = runs[id(part)]
        if len(words[id(part)]) < 8 or not own:
            continue
        others = {}
        for gram in own:
            for other in repeated.get(gram, ()):
                if other != id(part):
                    others[other] = others.get(other, 0) + 1
        if not others:
            continue
        # The paragraph sharing the most; of those sharing as much, the first.
        other = max(
            (p for p in paragraphs if id(p) in others),
            key=lambda p: (others[id(p)], -p.line),
        )
        other_id, shared = id(other), others[id(other)]
        longer = len(words[other_id]) > len(words[id(part)])
        if shared / len(own) >= 0.8 and (longer or other.line < part.line):
            part.kind = "pull_quote"
            part.why = f"repeats the words of line {other.line}"


def _title_cased(line):
    """Title case after any leading figures: "27 Oddest Medical Case Reports"."""
    return _is_title_case(re.sub(r"^[\d\W]+", "", line))


# What an editor may make of a line on the import page.
LINE_ROLES = (
    "paragraph",
    "subhead",
    "list_item",
    "callout",
    "quote",
    "caption",
    "dek",
    "byline",
    "dropped",
)


def apply_roles(story, roles, *, callout_kind=""):
    """``story`` with the lines of ``roles`` (``{line number: role}``) made so.

    An editor's correction, or the structure a document with markup brings: each
    line named gets the role given, from ``LINE_ROLES``, with its words as the
    file has them; a list item or a callout keeps the marker or label it was
    found with. ``callout_kind`` names the kind of a line made a callout.
    """
    lines = {line.line: line for line in story.lines}
    for number, role in sorted(roles.items()):
        line = lines.get(number)
        if line is None or role not in LINE_ROLES or line.role == "headline":
            continue
        if role == line.role:
            continue
        old = [part for part in story.parts if part.line == number]
        story.parts = [part for part in story.parts if part.line != number]
        if line.role == "dek":
            story.dek = ""
        text = line.text
        why = "set by hand"
        if role == "dek":
            story.dek = text
        elif role == "byline":
            story.bylines.extend(
                credit
                for credit in _names_credits(
                    re.sub(r"^by\s+", "", text, flags=re.I), "written"
                )
                if credit not in story.bylines
            )
        else:
            part = Part(role, text=text, line=number, why=why)
            previous = old[0] if old else None
            if role == "list_item":
                match = BULLET.match(text) or NUMBERED.match(text)
                part.list_style = "numbered" if NUMBERED.match(text) else "bulleted"
                if match:
                    part.text, part.marker = match.group("text"), match.group("marker")
            elif role == "callout":
                part.callout_kind = (
                    previous.callout_kind
                    if previous is not None and previous.callout_kind
                    else callout_kind
                )
            elif role == "dropped":
                part.reason = "dropped by hand"
            story.parts.append(part)
            story.parts.sort(key=lambda part: part.line)
        line.role, line.why = role, why
    return story
