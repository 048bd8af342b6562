"""The copy desk's records: its rules, the house list, its settings, and the
findings editors marked as intended.

The checks themselves live in ``articles/copydesk`` and take plain data; each model
here turns into that data (``as_rule()``, ``as_term()``, ``as_settings()``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..copydesk import rules as desk_rules
from ..copydesk.copy import SCOPES
from ..copydesk.house import Term


def _lines(text):
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class CopyRule(models.Model):
    """One rule of the copy desk, editable by a Site administrator."""

    class Kind(models.TextChoices):
        PATTERN = desk_rules.PATTERN, _("Pattern")
        WORDS = desk_rules.WORDS, _("House word list")
        BUILTIN = desk_rules.BUILTIN, _("Built-in check")

    class Severity(models.TextChoices):
        BLOCKING = "blocking", _("Blocking: holds the story back")
        ADVISORY = "advisory", _("Advisory: shown, never blocks")

    class Category(models.TextChoices):
        PUNCTUATION = "punctuation", _("Punctuation")
        CAPITALS = "capitals", _("Capitals")
        DATES = "dates", _("Dates")
        QUOTES = "quotes", _("Quotes")
        GRAMMAR = "grammar", _("Grammar")
        SPELLING = "spelling", _("Spelling")
        STYLE = "style", _("Style")
        SOURCES = "sources", _("Sources")
        COMPLETENESS = "completeness", _("Completeness")

    rule_id = models.CharField(
        _("id"),
        max_length=80,
        unique=True,
        help_text=_("Lower-case words joined by dots, such as capitals.weekday."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind, default=Kind.PATTERN
    )
    builtin = models.CharField(
        _("built-in check"),
        max_length=80,
        blank=True,
        help_text=_("For a built-in rule: which check it runs (its id by default)."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category, default="style"
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity, default=Severity.ADVISORY
    )
    scopes = models.CharField(
        _("applies to"),
        max_length=200,
        default=",".join(SCOPES),
        help_text=_("Where in a story the rule reads."),
    )
    pattern = models.TextField(
        _("pattern"),
        blank=True,
        help_text=_("A regular expression, for a pattern rule."),
    )
    replacement = models.CharField(
        _("suggestion"),
        max_length=200,
        blank=True,
        help_text=_(r"What to offer instead; \1 stands for the pattern's first group."),
    )
    case_sensitive = models.BooleanField(_("case sensitive"), default=False)
    words = models.TextField(
        _("word list"),
        blank=True,
        help_text=_("For a word list: one “wrong = right” pair a line."),
    )
    skip_quotes = models.BooleanField(
        _("leave direct quotes alone"),
        default=True,
        help_text=_("A quote is what someone said: style rules do not correct it."),
    )
    message = models.CharField(
        _("message"),
        max_length=300,
        help_text=_("What the editor reads; {text} and {suggestion} are filled in."),
    )
    description = models.TextField(_("description"), blank=True)
    examples_match = models.TextField(
        _("examples it must flag"), blank=True, help_text=_("One sentence a line.")
    )
    examples_clean = models.TextField(
        _("examples it must leave alone"),
        blank=True,
        help_text=_("One sentence a line."),
    )
    is_enabled = models.BooleanField(
        _("switched on"),
        default=True,
        help_text=_("A rule whose examples fail cannot be switched on."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "rule_id"]
        verbose_name = _("copy desk rule")
        verbose_name_plural = _("copy desk rules")

    def __str__(self):
        return self.rule_id

    def as_rule(self):
        words = {}
        for line in _lines(self.words):
            wrong, _sep, right = line.partition("=")
            if wrong.strip() and right.strip():
                words[wrong.strip()] = right.strip()
        return desk_rules.Rule(
            id=self.rule_id,
            kind=self.kind,
            message=self.message,
            category=self.category,
            severity=self.severity,
            scopes=tuple(s for s in self.scopes.split(",") if s),
            pattern=self.pattern,
            replacement=self.replacement,
            case_sensitive=self.case_sensitive,
            words=words,
            check=self.builtin,
            skip_quotes=self.skip_quotes,
            examples_match=_lines(self.examples_match),
            examples_clean=_lines(self.examples_clean),
            enabled=self.is_enabled,
            description=self.description,
        )


def rule_fields(rule, position=0):
    """The ``CopyRule`` fields that hold ``rule`` (a ``copydesk.Rule``), by id."""
    return {
        "kind": rule.kind,
        "builtin": rule.check if rule.check != rule.id else "",
        "category": rule.category,
        "severity": rule.severity,
        "scopes": ",".join(rule.scopes),
        "pattern": rule.pattern,
        "replacement": rule.replacement,
        "case_sensitive": rule.case_sensitive,
        "words": "\n".join(f"{wrong} = {right}" for wrong, right in rule.words.items()),
        "skip_quotes": rule.skip_quotes,
        "message": rule.message,
        "description": rule.description,
        "examples_match": "\n".join(rule.examples_match),
        "examples_clean": "\n".join(rule.examples_clean),
        "is_enabled": rule.enabled,
        "position": position,
    }


def term_fields(term):
    """The ``HouseTerm`` fields that hold ``term`` (a ``copydesk.Term``)."""
    return {
        "kind": term.kind,
        "variants": "\n".join(term.variants),
        "abbreviation": term.abbreviation,
        "note": term.note,
    }


class HouseTerm(models.Model):
    """A name or title of the house list, in its canonical form."""

    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        TITLE = "title", _("Title")

    canonical = models.CharField(
        _("canonical form"),
        max_length=200,
        unique=True,
        help_text=_(
            "As the house writes it: Center for Strategic and International Studies."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind,
        default=Kind.NAME,
        help_text=_(
            "A title is capitalised before a name (Prime Minister Sanae Takaichi) "
            "and lower case alone (the prime minister)."
        ),
    )
    variants = models.TextField(
        _("other spellings to correct"),
        blank=True,
        help_text=_("One a line, such as Brookings Institute."),
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["canonical"]
        verbose_name = _("house list entry")
        verbose_name_plural = _("house list")

    def __str__(self):
        return self.canonical

    def as_term(self):
        return Term(
            canonical=self.canonical,
            kind=self.kind,
            variants=_lines(self.variants),
            abbreviation=self.abbreviation,
            note=self.note,
        )


class CopyDeskSettings(models.Model):
    """The house-wide choices of the copy desk: one row."""

    class Spelling(models.TextChoices):
        AMERICAN = "US", _("American")
        BRITISH = "UK", _("British")
        NONE = "", _("No spelling check")

    class HeadlineStyle(models.TextChoices):
        EITHER = "either", _("Either: each heading keeps the style it mostly uses")
        TITLE = "title", _("Title Case")
        SENTENCE = "sentence", _("Sentence case")

    spelling = models.CharField(
        _("spelling"), max_length=2, choices=Spelling, default="US", blank=True
    )
    headline_style = models.CharField(
        _("headline style"), max_length=10, choices=HeadlineStyle, default="either"
    )
    headline_max_length = models.PositiveSmallIntegerField(
        _("longest headline"), default=100, help_text=_("In characters.")
    )

    class Meta:
        verbose_name = _("copy desk settings")
        verbose_name_plural = _("copy desk settings")

    def __str__(self):
        return str(_("Copy desk settings"))

    @classmethod
    def current(cls):
        """The one row, made with the defaults if it is missing."""
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings

    def as_settings(self):
        return desk_rules.Settings(
            spelling=self.spelling,
            headline_style=self.headline_style,
            headline_max_length=self.headline_max_length,
        )


class CopyWaiver(models.Model):
    """A finding an editor marked as intended, with why: not raised again for the
    same text in the same place."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="copy_waivers"
    )
    rule = models.CharField(_("rule"), max_length=80)
    location = models.CharField(_("where"), max_length=80)
    text = models.CharField(_("text"), max_length=500)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("finding marked as intended")
        verbose_name_plural = _("findings marked as intended")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "rule", "location", "text"], name="copywaiver_once"
            )
        ]

    def __str__(self):
        return f"{self.rule}: {self.text}"

    @property
    def key(self):
        return f"{self.rule}|{self.location}|{self.text}"

    def clean(self):
        if not self.reason.strip():
            raise ValidationError({"reason": _("Say why the text is right as it is.")})
