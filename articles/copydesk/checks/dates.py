"""Dates: a weekday written beside a date must be that date's weekday."""

import datetime
import re

from ..findings import Hit
from .capitals import MONTHS, WEEKDAYS

_MONTH = (
    r"(?P<month>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may"
    r"|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?"
    r"|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_WEEKDAY = rf"(?P<weekday>{'|'.join(WEEKDAYS)})"
_DATED = re.compile(
    rf"(?<![\w-]){_WEEKDAY},?\s+(?:the\s+)?(?:"
    rf"{_MONTH}\s+{_DAY}{_YEAR}"  # Tuesday, October 28, 2025
    rf"|{_DAY.replace('day>', 'day2>')}\s+(?:of\s+)?{_MONTH.replace('month>', 'month2>')}"
    rf"{_YEAR.replace('year>', 'year2>')}"  # Tuesday 28 October 2025
    r")(?![\w-])",
    re.IGNORECASE,
)


def weekday_agrees(copy, pieces, desk):
    for piece in pieces:
        for match in _DATED.finditer(piece.text):
            month = _month_number(match.group("month") or match.group("month2"))
            day = int(match.group("day") or match.group("day2"))
            year = match.group("year") or match.group("year2")
            if year:
                year = int(year)
            elif copy.reference_date:
                year = copy.reference_date.year
            else:
                continue
            try:
                date = datetime.date(year, month, day)
            except ValueError:
                yield Hit(piece, *match.span(), message="This date does not exist.")
                continue
            written = match.group("weekday")
            actual = WEEKDAYS[date.weekday()]
            if written.lower() == actual:
                continue
            correct = actual.capitalize()
            yield Hit(
                piece,
                match.start("weekday"),
                match.end("weekday"),
                message=(
                    f"{date:%-d %B %Y} is a {correct}, not a {written.capitalize()}."
                ),
                suggestions=(correct,),
            )


def _month_number(name):
    name = name.lower().rstrip(".")
    return next(
        index for index, month in enumerate(MONTHS, 1) if month.startswith(name[:3])
    )


CHECKS = {"dates.weekday": weekday_agrees}
