"""The organisations a story cites: found by name and by the words that cite them.

An organisation is a run of capitalised words that holds a word such as Council or
Institution, or that is followed by its abbreviation in parentheses, "(CSIS)". It
counts as cited when the text says so ("according to", "a report by", "think tanks
like"), gives it a date "(September 2025)", or lists it with one that is cited
("... (CSIS) and the Brookings Institution").
"""

import datetime
import re
from dataclasses import dataclass

from .text import NOT_NAMES, sentence_around, words

ORGANISATION_WORDS = {
    "academy", "administration", "agency", "association", "authority", "bank", "board",
    "bureau", "center", "centre", "college", "commission", "committee", "corporation",
    "council", "department", "federation", "forum", "foundation", "fund", "institute",
    "institution", "laboratory", "ministry", "network", "observatory", "office",
    "organisation", "organization", "programme", "research", "reserve", "school",
    "service", "society", "studies", "survey", "trust", "union", "university",
}  # fmt: skip
CONNECTORS = {"of", "for", "on", "and", "&", "in", "at", "de", "du", "des", "für"}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
CUE = re.compile(
    r"\b(?:according\s+to|(?:reports?|stud(?:y|ies)|surveys?|polls?|analys[ie]s"
    r"|research|estimates?|figures|data|findings|papers?|statements?|interviews?)"
    r"\s+(?:by|from|of|conducted\s+by|published\s+by)|published\s+by|released\s+by"
    r"|compiled\s+by|cited\s+by"
    r"|citing|think[- ]tanks?\s+(?:like|such\s+as|including)|(?:sources|institutions"
    r"|organi[sz]ations|groups)\s+(?:like|such\s+as|including))\b",
    re.IGNORECASE,
)
FOLLOWING_CUE = re.compile(
    r"^(?:[’']s)?\s+(?:(?:latest|recent|new|annual|\d{4})\s+)?"
    r"(?P<word>report|study|survey|analysis|data|estimates|figures|statement|index)\b"
    r"|^,?\s+(?:said|says|found|estimated|reported)\s+(?:in\s+)?(?:a|an|its)\s+"
    r"(?P<said>report|study|survey|analysis|statement)\b",
    re.IGNORECASE,
)
KIND_WORDS = {
    "report": "report",
    "study": "study",
    "survey": "study",
    "poll": "study",
    "analysis": "study",
    "paper": "study",
    "data": "dataset",
    "figures": "dataset",
    "estimates": "dataset",
    "index": "dataset",
    "statement": "statement",
    "interview": "interview",
}
MAX_WORDS_AFTER_CUE = 6
MAX_NAME_WORDS = 12
PARENTHESIS = re.compile(r"\s*\((?P<inside>[^()]{1,80})\)")


@dataclass(frozen=True)
class CitedSource:
    """An organisation the story cites, as a ``Source`` row would hold it."""

    organisation: str
    abbreviation: str = ""
    published_on: datetime.date | None = None
    precision: str = ""
    kind: str = "organisation"
    as_written: str = ""
    claim: str = ""

    @property
    def published(self):
        """The date as precisely as the text gives it: "2025", "2025-09", ..."""
        if not self.published_on:
            return ""
        return {
            "year": f"{self.published_on:%Y}",
            "month": f"{self.published_on:%Y-%m}",
        }.get(self.precision, self.published_on.isoformat())

    def as_json(self):
        return {
            "organisation": self.organisation,
            "abbreviation": self.abbreviation,
            "published": self.published,
            "precision": self.precision,
            "kind": self.kind,
            "as_written": self.as_written,
        }


@dataclass
class _Mention:
    start: int
    end: int
    names: list
    abbreviation: str = ""
    published_on: datetime.date | None = None
    precision: str = ""
    end_with_notes: int = 0


def cited_sources(texts):
    """The organisations cited across ``texts`` (in reading order), once each."""
    found = {}
    for text in texts:
        for source in _cited_in(text):
            key = source.organisation.lower()
            known = next(
                (
                    other
                    for other in found.values()
                    if other.organisation.lower() == key
                    or (
                        source.abbreviation
                        and other.abbreviation == source.abbreviation
                    )
                ),
                None,
            )
            if known is None:
                found[key] = source
    return list(found.values())


def _cited_in(text):
    mentions = _mentions(text)
    cited = []
    previous, previous_cited = None, False
    for mention in mentions:
        kind = None
        reason = _cue_before(text, mention, previous)
        if reason is not None:
            kind = reason
        elif previous_cited and _listed_with(text, previous, mention):
            kind = "organisation"
        following = FOLLOWING_CUE.match(text[mention.end_with_notes :])
        if following:
            word = (following.group("word") or following.group("said")).lower()
            kind = (
                KIND_WORDS.get(word, "organisation")
                if kind in (None, "organisation")
                else kind
            )
        if kind is None and mention.published_on:
            kind = "report"
        is_cited = kind is not None
        if is_cited:
            opening, closing = sentence_around(
                text, mention.start, mention.end_with_notes
            )
            cited.append(
                CitedSource(
                    organisation=_proper_name(mention.names),
                    abbreviation=mention.abbreviation,
                    published_on=mention.published_on,
                    precision=mention.precision,
                    kind=kind,
                    as_written=text[mention.start : mention.end],
                    claim=text[opening:closing].strip(),
                )
            )
        previous, previous_cited = mention, is_cited
    return cited


def _cue_before(text, mention, previous):
    """The kind of source the words before ``mention`` cite, or None if they do not."""
    opening, _closing = sentence_around(text, mention.start)
    if previous is not None and previous.end_with_notes > opening:
        opening = previous.end_with_notes
    before = text[opening : mention.start]
    cues = list(CUE.finditer(before))
    if not cues:
        return None
    cue = cues[-1]
    if len(before[cue.end() :].split()) > MAX_WORDS_AFTER_CUE:
        return None
    for word in re.findall(r"\w+", before[cue.start() :].lower()):
        if word in KIND_WORDS:
            return KIND_WORDS[word]
    return "organisation"


def _listed_with(text, previous, mention):
    between = text[previous.end_with_notes : mention.start]
    return bool(
        re.fullmatch(
            r"\s*(?:,|,?\s*and|,?\s*or|,?\s*as well as)\s+(?:the\s+)?", between
        )
    )


def _mentions(text):
    mentions = []
    run = []
    for word in words(text) + [None]:
        if (
            word is not None
            and run
            and run[-1].joins_next
            and word.joins_previous
            and (word.is_capitalised or word.core.lower() in CONNECTORS)
        ):
            run.append(word)
            continue
        # A name takes two words at least: a shorter run is no mention.
        if len(run) >= 2 and (mention := _mention_from(text, run)):
            mentions.append(mention)
        run = []
        if word is not None and (
            word.is_capitalised or word.core.lower() in ORGANISATION_WORDS
        ):
            run = [word]
    return mentions


def _mention_from(text, run):
    while run and run[-1].core.lower() in CONNECTORS:
        run = run[:-1]
    while run and run[0].is_capitalised and run[0].core.lower() in NOT_NAMES:
        run = run[1:]
    if not 2 <= len(run) <= MAX_NAME_WORDS:
        return None
    if not run[0].is_capitalised and sum(word.is_capitalised for word in run) < 2:
        return None
    mention = _Mention(start=run[0].start, end=run[-1].end, names=[w.core for w in run])
    mention.end_with_notes = mention.end
    for notes in _parenthesis_after(text, mention.end):
        for note in re.split(r"\s*[,;]\s*", notes.group("inside").strip()):
            if _is_abbreviation_of(note, mention.names):
                mention.abbreviation = note
            elif (dated := _date(note)) is not None:
                mention.published_on, mention.precision = dated
            else:
                break
        else:
            mention.end_with_notes = notes.end()
            continue
        break
    has_word = any(name.lower() in ORGANISATION_WORDS for name in mention.names)
    return mention if has_word or mention.abbreviation else None


def _parenthesis_after(text, index):
    while match := PARENTHESIS.match(text, index):
        yield match
        index = match.end()


def _is_abbreviation_of(note, names):
    if not re.fullmatch(r"[A-Z][A-Za-z&.]{1,14}", note):
        return False
    capitals = [char for char in note if char.isupper()]
    if len(capitals) < 2:
        return False
    initials = [name[0].upper() for name in names]
    if capitals[0] != initials[0]:
        return False
    if note.isupper() and note.isalpha():
        # Some abbreviations take syllables, not initials: JETRO, NASDAQ.
        return True
    remaining = iter(initials)
    return all(capital in remaining for capital in capitals)


def _date(note):
    """``(date, precision)`` for "September 2025", "2025", "28 September 2025", ..."""
    note = note.strip()
    if re.fullmatch(r"(?:19|20)\d{2}", note):
        return datetime.date(int(note), 1, 1), "year"
    match = re.fullmatch(r"(?P<month>[A-Za-z]+)\.?\s+(?P<year>(?:19|20)\d{2})", note)
    if match and match.group("month").lower() in MONTHS:
        month = MONTHS[match.group("month").lower()]
        return datetime.date(int(match.group("year")), month, 1), "month"
    for pattern in (
        r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d{2})",
        r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>(?:19|20)\d{2})",
    ):
        match = re.fullmatch(pattern, note)
        if match and match.group("month").lower() in MONTHS:
            try:
                day = datetime.date(
                    int(match.group("year")),
                    MONTHS[match.group("month").lower()],
                    int(match.group("day")),
                )
            except ValueError:
                return None
            return day, "day"
    match = re.fullmatch(r"((?:19|20)\d{2})-(\d{2})-(\d{2})", note)
    if match:
        try:
            return datetime.date(*map(int, match.groups())), "day"
        except ValueError:
            return None
    return None


def _proper_name(names):
    """The organisation's name with every main word capitalised, as its own name is.

    Only a lower-case first letter changes ("center for Strategic ..." becomes
    "Center for Strategic ..."); the story's own text is never touched.
    """
    proper = []
    for index, name in enumerate(names):
        if name[0].islower() and (index == 0 or name.lower() not in CONNECTORS):
            name = name[0].upper() + name[1:]
        proper.append(name)
    return " ".join(proper)
