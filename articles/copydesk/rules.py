"""Rules as data: what each rule looks for, where, how serious, and its examples.

A rule is one of three kinds:

- ``pattern``: a regular expression, with an optional replacement (``\\1`` and
  ``\\g<name>`` refer to groups) offered as the suggestion;
- ``words``: a house word list, each wrong form with the form to use instead;
- ``builtin``: one of the checks in ``checks/`` (``check`` names it), which reads
  the story as a whole (quotes, dates, sources, completeness).

Every rule carries example sentences it must flag and sentences it must leave
alone, as LanguageTool's rules do; ``desk.example_failures()`` runs them, the test
suite runs them for every shipped rule, and a rule whose examples fail cannot be
switched on. Rules read from and write to YAML, so that a newsroom can keep its
style guide in version control.
"""

import re
from dataclasses import asdict, dataclass, field

import yaml

from .copy import SCOPES
from .findings import ADVISORY, SEVERITIES
from .house import KINDS, Term

PATTERN = "pattern"
WORDS = "words"
BUILTIN = "builtin"
RULE_KINDS = (PATTERN, WORDS, BUILTIN)
CATEGORIES = (
    "punctuation",
    "capitals",
    "dates",
    "quotes",
    "grammar",
    "spelling",
    "style",
    "sources",
    "completeness",
)
RULE_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


class RuleError(ValueError):
    """A rule (or a rules file) that cannot be used; the message says why."""


@dataclass
class Rule:
    id: str
    kind: str
    message: str
    category: str = "style"
    severity: str = ADVISORY
    scopes: tuple = SCOPES
    pattern: str = ""
    replacement: str = ""
    case_sensitive: bool = False
    words: dict = field(default_factory=dict)
    check: str = ""
    skip_quotes: bool = True
    examples_match: tuple = ()
    examples_clean: tuple = ()
    enabled: bool = True
    description: str = ""

    def __post_init__(self):
        self.scopes = tuple(self.scopes)
        self.examples_match = tuple(self.examples_match)
        self.examples_clean = tuple(self.examples_clean)
        if self.kind == BUILTIN and not self.check:
            self.check = self.id

    def problems(self):
        """What makes this rule unusable as written, in words an editor reads."""
        problems = []
        if not RULE_ID.match(self.id or ""):
            problems.append(
                f"The id {self.id!r} must be lower-case words joined by dots or"
                " hyphens, such as punctuation.space-after."
            )
        if self.kind not in RULE_KINDS:
            problems.append(f"Unknown kind {self.kind!r}: use {', '.join(RULE_KINDS)}.")
        if self.severity not in SEVERITIES:
            problems.append(f"Unknown severity {self.severity!r}.")
        if self.category not in CATEGORIES:
            problems.append(f"Unknown category {self.category!r}.")
        unknown = [scope for scope in self.scopes if scope not in SCOPES]
        if unknown or not self.scopes:
            problems.append(f"Scopes must be among {', '.join(SCOPES)}.")
        if not self.message.strip():
            problems.append("A rule needs a message for the editor.")
        if self.kind == PATTERN:
            try:
                compiled = self.compiled()
            except re.error as error:
                problems.append(f"The pattern does not compile: {error}.")
            else:
                if compiled.search(""):
                    problems.append("The pattern matches an empty text.")
        if self.kind == WORDS and not self.words:
            problems.append("A word list rule needs at least one word.")
        return problems

    def compiled(self):
        flags = 0 if self.case_sensitive else re.IGNORECASE
        if self.kind == WORDS:
            body = "|".join(
                re.escape(word).replace(r"\ ", r"\s+")
                for word in sorted(self.words, key=len, reverse=True)
            )
            return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)
        return re.compile(self.pattern, flags)

    def as_data(self):
        """The rule as YAML writes it: only what differs from a rule's defaults."""
        data = {"id": self.id, "kind": self.kind}
        defaults = Rule(id=self.id, kind=self.kind, message="")
        for name, value in asdict(self).items():
            if name in data or value == getattr(defaults, name):
                continue
            data[name] = list(value) if isinstance(value, tuple) else value
        data["message"] = self.message
        return data


@dataclass
class Settings:
    """The desk's house-wide choices."""

    spelling: str = "US"  # "US", "UK", or "" for no spelling check
    headline_style: str = "either"  # "title", "sentence" or "either"
    headline_max_length: int = 100


HEADLINE_STYLES = ("either", "title", "sentence")
SPELLINGS = ("US", "UK", "")


def rule_from_data(data):
    """A ``Rule`` from one YAML mapping; RuleError naming the rule if it is wrong."""
    if not isinstance(data, dict) or "id" not in data:
        raise RuleError(f"Each rule needs an id: {data!r:.80}")
    known = set(Rule.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise RuleError(
            f"Rule {data['id']}: unknown fields {', '.join(sorted(unknown))}."
        )
    try:
        rule = Rule(**{"message": "", "kind": BUILTIN, **data})
    except TypeError as error:
        raise RuleError(f"Rule {data['id']}: {error}.") from None
    problems = rule.problems()
    if problems:
        raise RuleError(f"Rule {rule.id}: {' '.join(problems)}")
    return rule


def load_rules_yaml(text):
    """``(rules, terms, settings)`` from a style guide in YAML."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise RuleError(f"Not a YAML file: {error}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise RuleError(
            "A rules file is a mapping with rules, house_list and settings."
        )
    rules = [rule_from_data(item) for item in data.get("rules") or []]
    seen = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"Rule {rule.id} appears twice.")
        seen.add(rule.id)
    terms = [_term_from_data(item) for item in data.get("house_list") or []]
    settings = Settings(**(data.get("settings") or {}))
    if settings.headline_style not in HEADLINE_STYLES:
        raise RuleError(f"headline_style must be one of {', '.join(HEADLINE_STYLES)}.")
    if settings.spelling not in SPELLINGS:
        raise RuleError("spelling must be US, UK or empty.")
    return rules, terms, settings


def _term_from_data(item):
    if isinstance(item, str):
        item = {"canonical": item}
    if not isinstance(item, dict) or not str(item.get("canonical", "")).strip():
        raise RuleError(f"Each house list entry needs a canonical form: {item!r:.80}")
    item = {**item, "variants": tuple(item.get("variants") or ())}
    if item.get("kind", "name") not in KINDS:
        raise RuleError(f"{item['canonical']}: kind must be one of {', '.join(KINDS)}.")
    try:
        return Term(**item)
    except TypeError as error:
        raise RuleError(f"{item['canonical']}: {error}.") from None


def dump_rules_yaml(rules, terms, settings):
    """The style guide as YAML, in the form ``load_rules_yaml`` reads."""
    data = {
        "settings": asdict(settings),
        "house_list": [_term_as_data(term) for term in terms],
        "rules": [rule.as_data() for rule in rules],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)


def _term_as_data(term):
    data = {"canonical": term.canonical}
    if term.kind != "name":
        data["kind"] = term.kind
    if term.variants:
        data["variants"] = list(term.variants)
    if term.abbreviation:
        data["abbreviation"] = term.abbreviation
    if term.note:
        data["note"] = term.note
    return data
