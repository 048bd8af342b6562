"""Running the rules over a story: findings in reading order, waived ones apart."""

import re
from dataclasses import dataclass, field

from .checks import BUILTINS
from .copy import Piece, StoryCopy
from .findings import CONTEXT, Finding, Hit, sort_key
from .house import HouseList
from .rules import BUILTIN, WORDS, Settings


@dataclass
class Desk:
    """Everything the checks need besides the story: rules, names, house choices."""

    rules: list
    house: HouseList = field(default_factory=HouseList)
    settings: Settings = field(default_factory=Settings)
    known_words: frozenset = frozenset()

    def __post_init__(self):
        self.known_words = frozenset(self.known_words) | self.house.known_words


@dataclass
class Report:
    """What the desk found: findings to act on, and those marked as intended."""

    findings: list
    waived: list

    @property
    def blocking(self):
        return [finding for finding in self.findings if finding.is_blocking]

    @property
    def advisory(self):
        return [finding for finding in self.findings if not finding.is_blocking]


def check_story(copy, desk, *, waived=()):
    """Every finding of ``desk``'s enabled rules on ``copy``.

    ``waived`` holds the keys of findings an editor marked as intended; those are
    reported apart and never block.
    """
    desk.house.forget()
    found = []
    for rule in desk.rules:
        if rule.enabled:
            found.extend(run_rule(rule, copy, desk))
    found = _without_repeats(found)
    order = copy.reading_order()
    found.sort(key=lambda finding: sort_key(finding, order))
    waived = set(waived)
    return Report(
        findings=[finding for finding in found if finding.key not in waived],
        waived=[finding for finding in found if finding.key in waived],
    )


def run_rule(rule, copy, desk):
    """The findings of one rule, whatever its kind."""
    pieces = copy.pieces_in(*rule.scopes)
    if rule.kind == BUILTIN:
        check = BUILTINS.get(rule.check)
        if check is None:
            return []
        hits = check(copy, pieces, desk)
    else:
        hits = _pattern_hits(rule, pieces)
    findings = []
    for hit in hits:
        if hit.piece is not None and rule.skip_quotes:
            if hit.piece.in_quote(hit.start, hit.end):
                continue
        findings.append(_finding(rule, hit))
    return findings


def _pattern_hits(rule, pieces):
    pattern = rule.compiled()
    for piece in pieces:
        for match in pattern.finditer(piece.text):
            if match.start() == match.end():
                continue
            suggestion = ""
            if rule.kind == WORDS:
                suggestion = _same_case(
                    match.group(), _lookup(rule.words, match.group())
                )
            elif rule.replacement:
                try:
                    suggestion = _same_case(
                        match.group(), match.expand(rule.replacement)
                    )
                except (re.error, IndexError):
                    suggestion = ""
            yield Hit(
                piece, *match.span(), suggestions=(suggestion,) if suggestion else ()
            )


def _lookup(words, written):
    folded = " ".join(written.split()).casefold()
    return next(right for wrong, right in words.items() if wrong.casefold() == folded)


def _same_case(written, replacement):
    if written[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _finding(rule, hit):
    piece = hit.piece
    if piece is not None:
        text = piece.text[hit.start : hit.end]
        before = piece.text[max(0, hit.start - CONTEXT) : hit.start]
        after = piece.text[hit.end : hit.end + CONTEXT]
        # An ellipsis says the context goes on beyond what is shown.
        before = ("…" if hit.start > CONTEXT else "") + before
        after = after + ("…" if hit.end + CONTEXT < len(piece.text) else "")
        location, label = piece.location, piece.label
    else:
        text, before, after = hit.text, "", ""
        location, label = hit.location, hit.label
    suggestion = hit.suggestions[0] if hit.suggestions else ""
    message = hit.message or rule.message.format_map(
        _Blanks(text=text, suggestion=suggestion)
    )
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=hit.severity or rule.severity,
        location=location,
        label=label,
        start=hit.start,
        end=hit.end,
        text=text,
        before=before,
        after=after,
        message=message,
        suggestions=tuple(s for s in hit.suggestions if s != text),
        detail=hit.detail,
    )


class _Blanks(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _without_repeats(findings):
    """One finding per slip: a finding on the same words as another of its
    category, or inside the words of one that offers a fix for them all, is
    reported once, by the rule that says most."""
    kept = []
    ranked = sorted(findings, key=lambda f: (f.location, -(f.end - f.start), f.start))
    for finding in ranked:
        if any(
            other.location == finding.location
            and other.category == finding.category
            and other.start <= finding.start
            and finding.end <= other.end
            and (
                (other.start, other.end) == (finding.start, finding.end)
                and other.end > other.start
                or other.suggestions
            )
            for other in kept
        ):
            continue
        kept.append(finding)
    return kept


def example_failures(rule, desk):
    """What is wrong with ``rule``'s examples: each sentence it should flag and does
    not, and each it should leave alone and flags. Empty when the examples hold."""
    scope = "body" if "body" in rule.scopes else rule.scopes[0]
    failures = []
    for sentence, should_match in [
        *((sentence, True) for sentence in rule.examples_match),
        *((sentence, False) for sentence in rule.examples_clean),
    ]:
        copy = StoryCopy(
            headline=sentence if scope == "headline" else "Example",
            pieces=[
                Piece(location="example", scope=scope, label="Example", text=sentence)
            ],
            bylines=["Example"],
        )
        matched = bool(run_rule(rule, copy, desk))
        if matched and not should_match:
            failures.append(f"flags an example it should leave alone: “{sentence}”")
        elif should_match and not matched:
            failures.append(f"misses an example it should flag: “{sentence}”")
    return failures


def rule_problems(rule, desk):
    """Why ``rule`` cannot be switched on: its own faults, then its examples'."""
    problems = rule.problems()
    if not problems:
        problems = [f"The rule {failure}." for failure in example_failures(rule, desk)]
    return problems
