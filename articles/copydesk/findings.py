"""What the copy desk reports: one finding per slip, with where it is and what to do."""

from dataclasses import dataclass, field

BLOCKING = "blocking"
ADVISORY = "advisory"
SEVERITIES = (BLOCKING, ADVISORY)

# How much text either side of a match a finding carries, for showing it in place.
CONTEXT = 40


@dataclass(frozen=True)
class Finding:
    """One slip in one field of a story.

    ``start`` and ``end`` are character offsets into the field's plain text;
    ``location`` names the field ("headline", "part:12:text", ...) so that a fix or
    a "mark as intended" finds its way back to it. ``detail`` carries what a check
    has to show beyond the match, such as both versions of a misquoted pull quote.
    """

    rule: str
    category: str
    severity: str
    location: str
    label: str
    start: int
    end: int
    text: str
    before: str
    after: str
    message: str
    suggestions: tuple = ()
    detail: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_blocking(self):
        return self.severity == BLOCKING

    @property
    def key(self):
        """What stays the same while the slip is not fixed: a waiver remembers it."""
        return f"{self.rule}|{self.location}|{self.text}"

    def as_json(self):
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "location": self.location,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "context": {"before": self.before, "after": self.after},
            "message": self.message,
            "suggestions": list(self.suggestions),
            **({"detail": self.detail} if self.detail else {}),
        }


def sort_key(finding, order):
    """Findings in reading order: by field as the story reads, then by offset."""
    return (order.get(finding.location, len(order)), finding.start, finding.rule)


@dataclass
class Hit:
    """What a check found, before the rule gives it a severity and a category.

    ``piece`` is the field it is in (``None`` for the story as a whole, with
    ``location`` and ``label`` saying where instead); ``message`` replaces the
    rule's own when the check has something more precise to say.
    """

    piece: object = None
    start: int = 0
    end: int = 0
    message: str = ""
    suggestions: tuple = ()
    detail: dict = field(default_factory=dict)
    location: str = ""
    label: str = ""
    text: str = ""
    severity: str = ""
