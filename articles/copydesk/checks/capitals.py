"""Capitals: weekdays and months, titles before names, house names, headline style."""

import re

from ..copy import is_sentence_start
from ..findings import Hit

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
# Months that are also everyday words count only next to a day or a year.
_AMBIGUOUS_MONTHS = {"march", "may", "august"}
_LOWER_DAY = re.compile(rf"(?<![\w-])(?:{'|'.join(WEEKDAYS)})s?(?![\w-])")
_LOWER_MONTH = re.compile(rf"(?<![\w-])(?P<month>{'|'.join(MONTHS)})(?![\w-])")

# Words a title-case heading leaves in lower case.
MINOR_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into",
    "nor", "of", "off", "on", "onto", "or", "over", "per", "so", "than", "the", "to",
    "up", "upon", "via", "vs", "with", "yet", "is", "are", "was", "be",
}  # fmt: skip
_HEADING_WORD = re.compile(r"(?<![\w’'.-])[^\W\d_][\w’'.-]*")
_ASIDE = re.compile(r"\([^()]*\)")
_CAPITALISED = re.compile(r"(?<![\w’'.-])[A-Z][\w’'-]*")
# Pronouns and other words that open sentences with a capital without naming
# anything: a name cannot start with them.
_NOT_NAMES = {"a", "an", "he", "her", "his", "i", "it", "its", "our", "she", "that",
              "the", "their", "these", "they", "this", "those", "we", "you", "your"}  # fmt: skip

# The last word of an organisation's or a document's name. A name broken by one
# lower-case word ("US-Japan security Treaty") or opened by one ("center for
# Strategic ...") is a name written in the wrong case.
NAME_HEADS = (
    "Accord", "Act", "Agency", "Agreement", "Alliance", "Association", "Authority",
    "Bank", "Bureau", "Center", "Centre", "Charter", "Commission", "Committee",
    "Convention", "Council", "Court", "Declaration", "Department", "Foundation",
    "Fund", "Institute", "Institution", "Ministry", "Office", "Organisation",
    "Organization", "Pact", "Party", "Protocol", "Treaty", "Tribunal", "Union",
    "University",
)  # fmt: skip
_NAME_GLUE = {"and", "for", "of", "on", "the", "de", "du", "la", "van", "von"}
_BROKEN_INSIDE = re.compile(
    rf"(?<![\w-])(?P<first>[A-Z][\w’'-]*)\s+(?P<low>[a-z][a-z-]{{2,}})\s+"
    rf"(?P<head>{'|'.join(NAME_HEADS)})(?![\w-])"
)
# Heads that open a name ("Institute for Fiscal Studies"), followed by two
# capitalised words at least, so that "a centre for Ukrainian refugees" and "the
# agreement on Tuesday" are left alone.
_OPENING_HEADS = (
    "association", "bank", "bureau", "center", "centre", "commission", "committee",
    "council", "court", "department", "foundation", "institute", "ministry", "office",
    "organisation", "organization", "university",
)  # fmt: skip
_BROKEN_OPENING = re.compile(
    rf"(?<![\w-])(?P<low>{'|'.join(_OPENING_HEADS)})"
    r"\s+(?P<glue>for|of|on)\s+(?P<next>[A-Z][\w’'-]*)"
    r"(?:\s+(?:and|of|for|on|the)?\s*[A-Z][\w’'-]*)+"
)


def weekdays_and_months(copy, pieces, desk):
    if not copy.language.startswith("en"):
        return
    for piece in pieces:
        for match in _LOWER_DAY.finditer(piece.text):
            yield Hit(piece, *match.span(), suggestions=(match.group().capitalize(),))
        for match in _LOWER_MONTH.finditer(piece.text):
            if match.group("month") in _AMBIGUOUS_MONTHS and not _next_to_a_date(
                piece.text, *match.span()
            ):
                continue
            yield Hit(piece, *match.span(), suggestions=(match.group().capitalize(),))


def _next_to_a_date(text, start, end):
    return bool(
        re.match(r"\s+\d{1,4}\b", text[end:])
        or re.search(r"\b\d{1,2}\s+$", text[:start])
    )


def titles(copy, pieces, desk):
    """A title is capitalised before a name and lower-case alone."""
    for piece in pieces:
        heading = piece.scope in ("headline", "subheads")
        for mention in desk.house.titles_in(piece.text):
            written, canonical = mention.written, mention.term.canonical
            before_name = _names_follow(piece.text, mention.end)
            if before_name:
                if written != canonical:
                    yield Hit(
                        piece,
                        mention.start,
                        mention.end,
                        message=f"A title before a name is capitalised: {canonical}.",
                        suggestions=(canonical,),
                    )
                continue
            lower = canonical.lower()
            opening = lower[0].upper() + lower[1:]
            allowed = {lower, canonical} if heading else {lower}
            if is_sentence_start(piece.text, mention.start):
                allowed.add(opening)
            if written in allowed:
                continue
            mixed = written not in (canonical, canonical.upper())
            yield Hit(
                piece,
                mention.start,
                mention.end,
                message=(
                    f"A title on its own is lower case: {lower}."
                    if not mixed
                    else f"A title is either {canonical} before a name or {lower} alone."
                ),
                suggestions=(lower,),
                severity="" if mixed else "advisory",
            )


def _names_follow(text, end):
    match = re.match(r"\s+([^\W\d_][\w’'-]*)", text[end:])
    if not match:
        return False
    word = match.group(1)
    if re.match(r"\s+the\s+Hon\b", text[end:]):
        return True  # "Senator the Hon. Aubyn Hill"
    return word[0].isupper() and word.lower() not in MINOR_WORDS | {"said", "says"}


def house_names(copy, pieces, desk):
    for piece in pieces:
        for mention in desk.house.names_in(piece.text):
            canonical = mention.term.canonical
            written = " ".join(mention.written.split())
            if written == canonical:
                continue
            if written.lower() == canonical.lower() and _case_allowed(
                piece, mention, canonical
            ):
                continue
            yield Hit(
                piece,
                mention.start,
                mention.end,
                message=f"The house writes this name {canonical}.",
                suggestions=(canonical,),
            )


def _case_allowed(piece, mention, canonical):
    """A name capitalised only at the start of a sentence, or all capitals in a
    heading, is the house form as the sentence or heading writes it."""
    written = " ".join(mention.written.split())
    if written == canonical[0].upper() + canonical[1:]:
        return is_sentence_start(piece.text, mention.start)
    if piece.scope in ("headline", "subheads"):
        return written.isupper() or written == _title_cased(canonical)
    return False


def _title_cased(text):
    return " ".join(
        word if word.lower() in MINOR_WORDS else word[0].upper() + word[1:]
        for word in text.split()
    )


def broken_names(copy, pieces, desk):
    if not copy.language.startswith("en"):
        return
    for piece in pieces:
        for match in _BROKEN_INSIDE.finditer(piece.text):
            if (
                match.group("low") in _NAME_GLUE
                or match.group("first").lower() in _NOT_NAMES
            ):
                continue
            low = match.group("low")
            fixed = f"{match.group('first')} {low[0].upper()}{low[1:]} {match.group('head')}"
            yield Hit(piece, *match.span(), suggestions=(fixed,))
        for match in _BROKEN_OPENING.finditer(piece.text):
            if match.group("next").lower() in _NAME_GLUE | MINOR_WORDS:
                continue
            low = match.group("low")
            yield Hit(
                piece,
                match.start(),
                match.end(),
                suggestions=(f"{low[0].upper()}{low[1:]}{match.group()[len(low) :]}",),
            )


def headline_style(copy, pieces, desk):
    """Headline and subheads in the house style: title case or sentence case.

    With the style "either", a heading is held to the style it mostly uses, so a
    title-case heading with one word left in lower case is caught while a
    sentence-case heading passes. Names from the house list keep their own form;
    words inside quotation marks are someone's words and left alone.
    """
    style = desk.settings.headline_style
    proper = _proper_nouns(copy)
    for piece in pieces:
        kept = [
            (mention.start, mention.end) for mention in desk.house.names_in(piece.text)
        ]
        kept += [(m.start, m.end) for m in desk.house.titles_in(piece.text)]
        kept += [match.span() for match in _ASIDE.finditer(piece.text)]
        words = []
        for match in _HEADING_WORD.finditer(piece.text):
            start, end = match.span()
            if piece.in_quote(start, end) or any(a <= start < b for a, b in kept):
                continue
            if match.group() in proper or len(match.group()) < 3:
                continue  # a name the story writes with a capital, "am", "pm"
            words.append(match)
        significant = [
            match
            for index, match in enumerate(words)
            if match.group().lower() not in MINOR_WORDS
            or is_sentence_start(piece.text, match.start())
        ]
        if len(significant) < 3:
            continue
        capitalised = [match for match in significant if match.group()[0].isupper()]
        share = len(capitalised) / len(significant)
        wants_title = style == "title" or (style == "either" and share >= 0.75)
        if not wants_title:
            continue  # sentence case cannot tell a name from a word; left to editors
        for match in significant:
            word = match.group()
            if word[0].isupper() or not word[0].isalpha():
                continue
            yield Hit(
                piece,
                *match.span(),
                message="This heading is in title case; capitalise this word too.",
                suggestions=(word[0].upper() + word[1:],),
            )


def _proper_nouns(copy):
    """Words the story's text capitalises mid-sentence: names, whatever the heading."""
    names = set()
    for piece in copy.pieces_in("body", "callouts", "captions"):
        for match in _CAPITALISED.finditer(piece.text):
            if not is_sentence_start(piece.text, match.start()):
                names.add(match.group())
    return names


CHECKS = {
    "capitals.weekday-month": weekdays_and_months,
    "capitals.title": titles,
    "capitals.house-name": house_names,
    "capitals.broken-name": broken_names,
    "capitals.headline-style": headline_style,
}
