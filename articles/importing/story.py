"""Reading a plain-text story: one line per paragraph, the first line its headline.

``parse_story`` recognises the structure that copy pasted from other systems
carries (bylines, datelines, subheads, callouts, pull quotes, lists, photo captions,
promo lines, closing corrections) and returns it as plain data, without touching
the database. Text is never rewritten: every part holds a stretch of the file,
character for character; only markers (a bullet, a callout's lead-in, a dateline,
the quotation marks around a pull quote) are set apart from the words they mark.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .citations import cited_sources
from .people import parse_byline, parse_credit_line, same_words, speaker_of

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
NUMBERED = re.compile(r"^(?P<marker>\d{1,2}[.)])\s+(?P<text>\S.*)$")
PROMO = re.compile(
    r"^(?:related(?:\s+(?:coverage|stories|story|articles?|reading))?|read\s+more"
    r"|read\s+also|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|recommended"
    r"|watch|listen)\s*:\s*\S",
    re.IGNORECASE,
)
NOTE_LABELS = [
    (re.compile(r"^corrections?\s*:\s*(?P<text>\S.*)$", re.I), "correction"),
    (re.compile(r"^clarification\s*:\s*(?P<text>\S.*)$", re.I), "clarification"),
    (
        re.compile(r"^editors?[’']?s?[’']?\s+note\s*:\s*(?P<text>\S.*)$", re.I),
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
    alt_text: str = ""
    source: object = None  # the CitedSource a quote comes from

    def as_json(self):
        data = {"kind": self.kind, "text": self.text, "line": self.line}
        for name in PART_DETAILS.get(self.kind, ()):
            data[name] = getattr(self, name)
        return data


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
            "body": [part.as_json() for part in self.parts],
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


def parse_story(text, *, callout_lead_ins=None):
    """The structure of the story in ``text``.

    ``callout_lead_ins`` maps each opening that marks a callout ("Did You Know?",
    "Pro tip:") to the name of its callout kind; only those openings make callouts.
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
    lead_ins = _LeadIns(callout_lead_ins or {})
    rest = lines[1:]
    if not rest:
        raise StoryError("has a headline but no story under it")

    ending = _read_ending(story, rest)
    rest = rest[: len(rest) - len(ending)]
    top, rest = _read_top(story, rest, lead_ins)
    story.parts = top + _read_body(rest, lead_ins) + ending
    if not story.body:
        raise StoryError("has a headline but no story under it")
    _find_dateline(story)
    _find_speakers(story)
    story.sources = cited_sources(
        part.text
        for part in story.parts
        if part.kind in ("paragraph", "callout", "list_item", "quote")
    )
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
    """The callout lead-ins, longest first, matched without regard to case."""

    def __init__(self, mapping):
        self.items = sorted(
            mapping.items(), key=lambda item: len(item[0]), reverse=True
        )

    def match(self, line):
        """``(lead_in_as_written, kind_name, text_after)`` or None."""
        for lead_in, kind in self.items:
            if not line[: len(lead_in)].casefold() == lead_in.casefold():
                continue
            after = line[len(lead_in) :]
            if lead_in[-1] in ":?!":
                separator = re.match(r"\s*", after)
            else:
                # A lead-in without its own punctuation needs some: "Background:",
                # never "Background checks ...".
                separator = re.match(rf"\s*[:?!{DASH}]\s*|\s+-\s+|$", after)
            if separator is None or (separator.end() == 0 and after):
                continue
            return (
                line[: len(lead_in) + separator.end()].rstrip(),
                kind,
                after[separator.end() :],
            )
        return None


def _read_ending(story, lines):
    """Closing notes, promo and credit lines at the end of the file, in order."""
    ending = []
    for number, line in reversed(lines[1:]):
        note = _note(line)
        if note:
            kind, text = note
            ending.append(Part("note", text=text, line=number, note_kind=kind))
        elif PROMO.match(line):
            ending.append(Part("dropped", text=line, line=number, reason="promo line"))
        elif (credits := parse_credit_line(line)) is not None:
            story.bylines.extend(credits)
            ending.append(Part("dropped", text=line, line=number, reason="credit line"))
        else:
            break
    return list(reversed(ending))


def _note(line):
    for pattern, kind in NOTE_LABELS:
        if match := pattern.match(line):
            return kind, match.group("text")
    for pattern, kind in NOTE_SENTENCES:
        if pattern.match(line):
            return kind, line
    return None


def _read_top(story, lines, lead_ins):
    """Take the dek and bylines off the top; return the dropped parts and lines left."""
    top = []
    index = 0
    if len(lines) > 1 and (
        _is_dek(lines[0][1], lead_ins)
        or _is_dek_over_byline(lines[0][1], lines[1][1], lead_ins)
    ):
        story.dek = lines[0][1]
        index = 1
    while index < len(lines) - 1:
        number, line = lines[index]
        credits = parse_byline(line)
        if credits is None:
            break
        if credits:
            story.bylines.extend(credits)
        else:
            reason = "byline that names no person"
            top.append(Part("dropped", text=line, line=number, reason=reason))
        index += 1
    return top, lines[index:]


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


def _read_body(lines, lead_ins):
    parts = []
    index = 0
    while index < len(lines):
        number, line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        part = _classify(line, lead_ins, number=number)
        if part is None:
            part = Part("paragraph", text=line, line=number)
            if following is not None and _is_subhead(line):
                part = Part("subhead", text=line, line=number)
        elif part.kind == "callout" and not part.text:
            part, index = _lone_lead_in(part, line, following, lead_ins, index)
        elif part.kind == "credit":
            previous = parts[-1] if parts else None
            if (
                previous is not None
                and previous.kind == "caption"
                and not previous.credit
            ):
                previous.credit = part.credit
                index += 1
                continue
            part = Part("caption", line=number, credit=part.credit)
        parts.append(part)
        index += 1
    return parts


def _lone_lead_in(part, line, following, lead_ins, index):
    """A lead-in alone on its line marks the next line as the callout's text."""
    if following is not None and _classify(following[1], lead_ins) is None:
        if not _is_subhead(following[1]):
            part.text, part.line = following[1], following[0]
            return part, index + 1
    if _is_subhead(line) or line.endswith(":"):
        return Part("subhead", text=line, line=part.line), index
    return Part("paragraph", text=line, line=part.line), index


def _classify(line, lead_ins, number=0):
    """The part a line is by its markers alone, or None for paragraph-or-subhead."""
    if PROMO.match(line):
        return Part("dropped", text=line, line=number, reason="promo line")
    caption = _caption(line, number)
    if caption:
        return caption
    found = lead_ins.match(line)
    if found:
        lead_in, kind, text = found
        return Part(
            "callout", text=text, line=number, lead_in=lead_in, callout_kind=kind
        )
    for pattern, style in ((BULLET, "bulleted"), (NUMBERED, "numbered")):
        if match := pattern.match(line):
            return Part(
                "list_item",
                text=match.group("text"),
                line=number,
                list_style=style,
                marker=match.group("marker"),
            )
    quoted = _standalone_quote(line)
    if quoted:
        words, speaker = quoted
        speaker, _comma, title = speaker.partition(", ")
        return Part(
            "quote", text=words, line=number, speaker=speaker, speaker_title=title
        )
    return None


def _caption(line, number):
    if (match := CREDIT_LABEL.match(line)) and _is_credit(match.group("credit")):
        # A credit alone on its line: _read_body gives it to the caption before it.
        return Part("credit", line=number, credit=match.group("credit"))
    if match := CAPTION_LABEL.match(line):
        caption, credit = match.group("text"), ""
        for pattern in (CREDIT_IN_PARENTHESES, CREDIT_AFTER_CAPTION, TRAILING_CREDIT):
            inner = pattern.match(caption)
            if inner and _is_credit(
                inner.group("credit"), loose=pattern is TRAILING_CREDIT
            ):
                caption, credit = inner.group("caption"), inner.group("credit")
                break
        return _caption_part(caption, credit, number)
    for pattern in (CREDIT_IN_PARENTHESES, CREDIT_AFTER_CAPTION):
        match = pattern.match(line)
        if match and _is_credit(match.group("credit")):
            return _caption_part(match.group("caption"), match.group("credit"), number)
    return None


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
        if word.lower().strip(":,;") not in SMALL_WORDS
        and any(c.isalpha() for c in word)
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


def _dateline(line):
    """``(dateline, wire_credit, rest)`` when ``line`` opens with "TOKYO —" or alike."""
    match = DATELINE.match(line)
    if not match:
        return None
    head = DATELINE_HEAD.match(match.group("head").strip())
    if not head:
        return None
    place, extra, wire = head.group("place", "extra", "wire")
    if not _is_all_capitals(place) or len(place.split()) > 5:
        return None
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


def _find_dateline(story):
    """Take a dateline off the first paragraph, if the story opens with one."""
    for part in story.parts:
        if part.kind in ("caption", "dropped"):
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
