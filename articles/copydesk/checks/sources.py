"""Sources: what the text cites is cited on the story, fully, and still stands."""

import re

from ...importing.citations import ORGANISATION_WORDS, cited_sources
from ..findings import ADVISORY, Hit

_WORDS = re.compile(r"[^\W\d_]+")
_DATED_KINDS = {"report", "study", "dataset", "article", "book", "statement"}


def _cited_names(copy):
    names = set()
    for record in copy.citations:
        names.add(record.organisation.casefold())
        if record.abbreviation:
            names.add(record.abbreviation.casefold())
    return names


def uncited(copy, pieces, desk):
    """A report or organisation the text cites, with no citation on the story."""
    names = _cited_names(copy)
    # A source is cited by a name with an organisation's word in it ("Institute")
    # or its abbreviation in brackets: texts with neither cite none.
    citing = [
        piece
        for piece in pieces
        if "(" in piece.text
        or not ORGANISATION_WORDS.isdisjoint(_WORDS.findall(piece.text.lower()))
    ]
    found = cited_sources(piece.text for piece in citing)
    for source in found:
        if source.organisation.casefold() in names or (
            source.abbreviation and source.abbreviation.casefold() in names
        ):
            continue
        for piece in pieces:
            index = piece.text.find(source.as_written)
            if index >= 0:
                yield Hit(
                    piece,
                    index,
                    index + len(source.as_written),
                    message=(
                        f"The text cites {source.organisation} but the story has no"
                        " citation for it: add it under Citations."
                    ),
                    severity="" if source.kind != "organisation" else ADVISORY,
                )
                break


def incomplete(copy, pieces, desk):
    """A cited report without its title, date or address."""
    for record in copy.citations:
        if record.kind not in _DATED_KINDS:
            continue
        missing = [
            name
            for name, value in (
                ("title", record.title),
                ("date", record.published),
                ("address", record.url),
            )
            if not value
        ]
        if missing:
            yield Hit(
                location=record.location,
                label=record.label,
                text=record.organisation,
                message=f"The cited {record.kind} has no {' or '.join(missing)}.",
            )


def abbreviation_first(copy, pieces, desk):
    """An abbreviation used before the full name it stands for."""
    full_names = {
        term.abbreviation: term.canonical for term in desk.house.abbreviations.values()
    }
    for record in copy.citations:
        if record.abbreviation:
            full_names[record.abbreviation] = record.organisation
    texts = [piece.text for piece in pieces]
    folded = [text.casefold() for text in texts]
    for abbreviation, full in full_names.items():
        if not any(abbreviation in text for text in texts):
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])")
        first_short = first_full = None
        full_folded = full.casefold()
        for order, (piece, text) in enumerate(zip(pieces, folded, strict=True)):
            if first_short is None:
                match = pattern.search(piece.text)
                if match:
                    first_short = (order, match.start(), piece, match)
            if first_full is None:
                index = text.find(full_folded)
                if index >= 0:
                    first_full = (order, index)
        if first_short and first_full and first_short[:2] < first_full:
            _, _, piece, match = first_short
            yield Hit(
                piece,
                *match.span(),
                message=f"Spell out {full} before using {abbreviation}.",
            )


def retracted(copy, pieces, desk):
    """A source marked retracted or disputed: never cited in what is yet to run."""
    for record in copy.citations:
        if not record.status:
            continue
        yield Hit(
            location=record.location,
            label=record.label,
            text=record.organisation,
            message=f"This source has been marked {record.status}"
            + (f": {record.status_note}" if record.status_note else ".")
            + " Remove the citation or check the claim it supports.",
            severity=ADVISORY if copy.is_published else "",
        )


CHECKS = {
    "sources.uncited": uncited,
    "sources.incomplete": incomplete,
    "sources.abbreviation-first": abbreviation_first,
    "sources.retracted": retracted,
}
