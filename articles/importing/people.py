"""People in imported copy: the names on a byline, and who said a quote.

A speaker is named in full once ("US President Donald Trump") and shortly after
("President Trump"); the pull quote takes the full name, so these functions find
names as runs of capitalised words, split off the titles in front of them and look
back through the story for the fullest form of the same person.
"""

import re
from dataclasses import dataclass

from .text import NOT_NAMES, comparable_words, sentence_around, words

TITLE_WORDS = {
    "admiral", "ambassador", "attorney", "captain", "ceo", "chair", "chairman",
    "chairwoman", "chancellor", "chief", "col.", "commissioner", "congressman",
    "congresswoman", "defence", "defense", "deputy", "director", "dr", "economy",
    "emperor", "executive", "finance", "first", "foreign", "gen", "general", "governor",
    "judge", "justice", "king", "lady", "leader", "lord", "mayor", "minister", "mr",
    "mrs", "ms", "mx", "officer", "pope", "premier", "president", "prime", "prince",
    "princess", "professor", "prof", "queen", "rep", "representative", "secretary",
    "sen", "senator", "sir", "speaker", "spokesman", "spokesperson", "spokeswoman",
    "state", "trade", "treasury", "vice",
}  # fmt: skip
HONORIFICS = {"mr", "mrs", "ms", "mx", "dr", "sir", "dame", "lord", "lady"}
PARTICLES = {
    "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "di", "dos", "du",
    "el", "ibn", "la", "le", "ter", "van", "von", "y",
}  # fmt: skip
NOT_PEOPLE = {
    "association", "bank", "center", "centre", "council", "department", "foundation",
    "house", "institute", "institution", "ministry", "news", "press", "staff",
    "studies", "university",
}  # fmt: skip
SPEECH_VERBS = (
    "said|says|stated|told|added|noted|declared|insisted|stressed|explained|argued"
    "|wrote"
)

BYLINE_LABELS = {
    "by": "written",
    "written by": "written",
    "words by": "written",
    "reporting by": "reported",
    "reported by": "reported",
    "additional reporting by": "additional",
    "translated by": "translated",
    "translation by": "translated",
    "photos by": "photos",
    "photographs by": "photos",
}
BYLINE = re.compile(
    r"^(?P<label>" + "|".join(sorted(BYLINE_LABELS, key=len, reverse=True)) + r")"
    r"\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
MAX_BYLINE_WORDS = 24
# A word of a name: a letter, then word characters, apostrophes, stops, hyphens.
NAME_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
MAX_TITLE_LENGTH = 150  # what Author.title holds


@dataclass(frozen=True)
class Credit:
    """A person the byline credits: name, role (a ``Byline.Role`` value), title."""

    name: str
    role: str = "written"
    title: str = ""

    def as_json(self):
        return {"name": self.name, "role": self.role, "title": self.title}


@dataclass(frozen=True)
class Person:
    """A person as the text names them: the name, and any title written in front."""

    name: str
    title: str = ""
    start: int = 0
    end: int = 0
    is_lone: bool = False

    @property
    def surname(self):
        return self.name.split()[-1]


def _is_name_word(word):
    lowered = word.core.lower().rstrip(".")
    if word.core.lower() in PARTICLES or (word.is_abbreviated and len(word.core) == 1):
        return True
    return (
        word.is_capitalised and lowered not in NOT_NAMES and lowered not in NOT_PEOPLE
    )


def people_in(text):
    """Every person named in ``text``: capitalised words ending in a name.

    A lone capitalised word ("Rubio") is kept too, marked ``is_lone``: it may be a
    person or a place, which only a fuller form elsewhere in the story can tell.
    """
    found = []
    run = []
    for word in words(text):
        if run and run[-1].joins_next and word.joins_previous and _continues(run, word):
            run.append(word)
        else:
            found.extend(_person_from(run))
            run = [word] if word.is_capitalised else []
    found.extend(_person_from(run))
    return found


def _continues(run, word):
    if word.core == "of":
        # "Secretary of State Marco Rubio"
        return run[-1].core.lower() in TITLE_WORDS
    return word.is_capitalised or word.core.lower() in PARTICLES


def _person_from(run):
    while run and run[0].core.lower() in NOT_NAMES:
        run = run[1:]
    while run and (run[-1].core.lower() in PARTICLES or run[-1].core == "of"):
        run = run[:-1]
    if not run:
        return []
    last_title = max(
        (
            index
            for index, word in enumerate(run)
            if word.core.lower().rstrip(".") in TITLE_WORDS
        ),
        default=-1,
    )
    name_words = run[last_title + 1 :]
    if not name_words or len(name_words) > 4:
        return []
    if not all(_is_name_word(word) for word in name_words):
        return []
    if name_words[-1].core.isupper() and len(name_words[-1].core) > 1:
        # "US", "CSIS": an abbreviation, not a surname.
        return []
    title_words = run[: last_title + 1]
    title = " ".join(word.written for word in title_words)
    if len(title) > MAX_TITLE_LENGTH:
        title = ""
    if all(word.core.lower().rstrip(".") in HONORIFICS for word in title_words):
        title = ""
    name = " ".join(word.written for word in name_words)
    is_lone = last_title == -1 and len(name_words) == 1
    return [Person(name, title, run[0].start, run[-1].end, is_lone=is_lone)]


def speaker_of(quoting_text, quote_start, quote_end, story_text):
    """Who says the quote at ``quoting_text[quote_start:quote_end]``, in full.

    The speaker is the first person named in the sentence before the quote, else the
    one the words after it attribute it to ("..., said Jane Doe"). ``story_text`` is
    searched for the fullest form of that name and the title written with it.
    """
    opening, _closing = sentence_around(quoting_text, quote_start)
    candidates = people_in(quoting_text[opening:quote_start])[:1]
    candidates += _attributed_after(quoting_text[quote_end:])
    for person in candidates:
        person = fullest_form(person, story_text)
        if not person.is_lone:
            return person
    return None


def _attributed_after(text):
    """The person the words right after a quote name: "..., said Jane Doe"."""
    verbs = rf"(?:{SPEECH_VERBS})"
    head = re.match(
        rf"^[,.!?”\"’\s]*(?:{verbs}\s+(?P<after>.{{1,80}})|(?P<before>.{{1,80}}?)\s+{verbs}\b)",
        text,
    )
    if not head:
        return []
    return people_in(head.group("after") or head.group("before"))[:1]


def fullest_form(person, story_text):
    """``person`` under the longest name the story gives them, with its title."""
    fuller = {
        other.name: other
        for other in people_in(story_text)
        if other.surname == person.surname
        and len(other.name.split()) > len(person.name.split())
        and other.name.endswith(person.name)
    }
    if len(fuller) != 1:
        # None, or two people of the same surname: keep the name as the quote gives it.
        return person
    other = next(iter(fuller.values()))
    title = person.title
    if other.title and (not title or other.title.endswith(title)):
        title = other.title
    return Person(name=other.name, title=title, start=person.start, end=person.end)


def same_words(quote, quotation, *, at_least=0.85):
    """Whether ``quote`` repeats ``quotation`` (or a stretch of it), spelling aside."""
    from difflib import SequenceMatcher

    mine, theirs = comparable_words(quote), comparable_words(quotation)
    if not mine or not theirs:
        return False
    matcher = SequenceMatcher(a=mine, b=theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(mine) >= at_least


def parse_byline(line):
    """The people a byline line credits, or None if the line is not a byline."""
    match = BYLINE.match(line)
    if not match or len(line.split()) > MAX_BYLINE_WORDS or line.endswith("."):
        return None
    role = BYLINE_LABELS[re.sub(r"\s+", " ", match.group("label").lower())]
    names = match.group("names")
    if not names[0].isupper():
        return None
    return _credits(names, role)


def parse_credit_line(line):
    """The people a closing credit line names ("(Reporting by A; Editing by B)")."""
    inner = line.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    credits = []
    recognised = False
    for piece in re.split(r"\s*;\s*", inner.rstrip(".")):
        match = BYLINE.match(piece)
        if match and match.group("label").lower() != "by":
            recognised = True
            role = BYLINE_LABELS[re.sub(r"\s+", " ", match.group("label").lower())]
            credits.extend(_credits(match.group("names"), role))
        elif re.match(
            r"^(?:Editing|Edited|Writing|Graphics|Compiled) by\s", piece, re.I
        ):
            recognised = True
        else:
            return None
    return credits if recognised else None


def _credits(names, role):
    credits = []
    pending = []
    for segment in re.split(r"\s*,\s*", names.strip()):
        segment = re.sub(r"^(?:and|&)\s+", "", segment)
        people = re.split(r"\s+(?:and|&)\s+", segment)
        if all(_looks_like_name(person) for person in people):
            pending.extend(people)
            continue
        # A title: it belongs to the names since the last title.
        title = segment if len(segment) <= MAX_TITLE_LENGTH else ""
        credits.extend(Credit(name=name, role=role, title=title) for name in pending)
        pending = []
    credits.extend(Credit(name=name, role=role) for name in pending)
    return credits


def _looks_like_name(text):
    parts = text.split()
    if not 2 <= len(parts) <= 5:
        return False
    for part in parts:
        bare = part.strip(".,")
        if bare.lower() in PARTICLES:
            continue
        if not bare or not bare[0].isupper() or not NAME_WORD.fullmatch(bare):
            return False
        if bare.lower() in NOT_NAMES or bare.lower() in NOT_PEOPLE:
            return False
    return True
