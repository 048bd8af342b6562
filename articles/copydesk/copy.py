"""A story as the copy desk reads it: its fields as plain text, each with its place.

The checks never see models or HTML. ``reading.py`` turns an article (or a parsed
file) into a ``StoryCopy``: the headline, dek, subheads, paragraphs, callouts,
quotes, captions and alt text as ``Piece`` objects, plus what the completeness and
source checks need (bylines, citations, images).
"""

import re
from dataclasses import dataclass, field

# Where a piece sits, as rules name it in their scope.
SCOPES = ("headline", "dek", "subheads", "body", "callouts", "quotes", "captions")

# Opening and closing marks of a direct quotation inside running text.
_QUOTATION = re.compile(
    # Straight and curly marks are often mixed in pasted copy: either opens, either
    # closes.
    r"(?:“|(?<![\w”])\")[^“”\"\n]*[”\"]|«[^«»]*»|„[^„“”]*[“”]|「[^「」]*」|『[^『』]*』"
)


@dataclass
class Piece:
    """One field of a story as plain text: the headline, one paragraph, a caption."""

    location: str
    scope: str
    label: str
    text: str
    is_quote: bool = False  # the whole piece is something someone said
    quotes: list = field(default_factory=list)

    def __post_init__(self):
        if self.is_quote:
            self.quotes = [(0, len(self.text))]
        else:
            self.quotes = [match.span() for match in _QUOTATION.finditer(self.text)]

    def in_quote(self, start, end):
        """Whether ``start:end`` lies (even partly) inside a direct quotation."""
        return any(start < stop and end > begin for begin, stop in self.quotes)

    def quoted_texts(self):
        """The words inside each direct quotation, without the marks, with offsets."""
        for begin, stop in self.quotes:
            if self.is_quote:
                yield begin, stop
            else:
                yield begin + 1, stop - 1


@dataclass
class Quotation:
    """A quote part: its words, who said them, and whether it is pulled out."""

    location: str
    label: str
    text: str
    speaker: str = ""
    is_pull: bool = False


@dataclass
class CitedRecord:
    """A source the story cites, as recorded on the story."""

    organisation: str
    abbreviation: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    kind: str = "report"
    status: str = ""  # "", "retracted" or "disputed"
    status_note: str = ""
    location: str = ""
    label: str = ""


@dataclass
class Picture:
    """An image of the story, for the alt-text check."""

    location: str
    label: str
    alt_text: str


@dataclass
class StoryCopy:
    headline: str
    pieces: list = field(default_factory=list)
    bylines: list = field(default_factory=list)
    quotations: list = field(default_factory=list)
    citations: list = field(default_factory=list)
    pictures: list = field(default_factory=list)
    language: str = "en"
    requires_dek: bool = False
    is_published: bool = False
    # A date the story is written around (its publication or today), for dates
    # written without their year.
    reference_date: object = None

    def pieces_in(self, *scopes):
        return [piece for piece in self.pieces if piece.scope in scopes]

    @property
    def body_pieces(self):
        return self.pieces_in("body", "callouts")

    @property
    def has_body(self):
        return any(piece.text.strip() for piece in self.pieces_in("body"))

    @property
    def dek(self):
        return next((piece.text for piece in self.pieces_in("dek")), "")

    def reading_order(self):
        """Each location's place in the story, for sorting findings."""
        order = {piece.location: index for index, piece in enumerate(self.pieces)}
        for extra in (*self.citations, *self.pictures):
            order.setdefault(extra.location, len(order))
        order.setdefault("story", -1)
        return order


def is_sentence_start(text, index):
    """Whether the word at ``index`` opens a sentence (or the text)."""
    before = text[:index].rstrip(" \t“\"‘'(«")
    return not before or before[-1] in ".!?:\n"
