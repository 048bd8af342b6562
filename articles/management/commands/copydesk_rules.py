"""Keep the copy desk's style guide in a YAML file: export it, import it, check it.

The file holds the desk's settings, the house list and the rules, in the form of
``articles/copydesk/defaults.yaml``. Importing matches rules by id and house list
entries by their canonical form; ``--replace`` also removes what the file leaves
out. A rule whose examples fail is imported switched off, and said so.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...copydesk import (
    RuleError,
    dump_rules_yaml,
    load_rules_yaml,
    rule_problems,
)
from ...copyreading import load_desk
from ...models import CopyDeskSettings, CopyRule, HouseTerm
from ...models.copydesk import rule_fields, term_fields


class Command(BaseCommand):
    help = "Export, import or check the copy desk's rules, house list and settings."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", metavar="FILE", help="Write the style guide.")
        action.add_argument("--import", dest="source", metavar="FILE", help="Read one.")
        action.add_argument(
            "--check", action="store_true", help="Run every rule's examples."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="With --import: remove rules and house list entries not in the file.",
        )

    def handle(self, *args, export=None, source=None, check=False, replace=False, **o):
        if export:
            return self._export(Path(export))
        if source:
            return self._import(Path(source), replace)
        return self._check()

    def _export(self, path):
        desk = load_desk()
        terms = [term.as_term() for term in HouseTerm.objects.all()]
        text = dump_rules_yaml(desk.rules, terms, desk.settings)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{path}: cannot write ({error.strerror}).") from None
        self.stdout.write(
            f"Wrote {len(desk.rules)} rules and {len(terms)} house list entries to {path}."
        )

    @transaction.atomic
    def _import(self, path, replace):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text.") from None
        try:
            rules, terms, settings = load_rules_yaml(text)
        except RuleError as error:
            raise CommandError(f"{path}: {error}") from None
        stored = CopyDeskSettings.current()
        stored.spelling = settings.spelling
        stored.headline_style = settings.headline_style
        stored.headline_max_length = settings.headline_max_length
        stored.save()
        for term in terms:
            HouseTerm.objects.update_or_create(
                canonical=term.canonical, defaults=term_fields(term)
            )
        desk = load_desk()
        switched_off = []
        for position, rule in enumerate(rules):
            problems = rule_problems(rule, desk)
            if problems and rule.enabled:
                rule.enabled = False
                switched_off.append(f"{rule.id}: {' '.join(problems)}")
            CopyRule.objects.update_or_create(
                rule_id=rule.id, defaults=rule_fields(rule, position)
            )
        removed = 0
        if replace:
            removed += CopyRule.objects.exclude(
                rule_id__in=[r.id for r in rules]
            ).delete()[0]
            removed += HouseTerm.objects.exclude(
                canonical__in=[t.canonical for t in terms]
            ).delete()[0]
        self.stdout.write(
            f"Imported {len(rules)} rules and {len(terms)} house list entries"
            + (f"; removed {removed} not in the file." if replace else ".")
        )
        for line in switched_off:
            self.stderr.write(f"Switched off, its examples fail: {line}")

    def _check(self):
        desk = load_desk()
        failing = 0
        for rule in desk.rules:
            problems = rule_problems(rule, desk)
            if problems:
                failing += rule.enabled
                state = "on" if rule.enabled else "off"
                self.stdout.write(f"{rule.id} ({state}): {' '.join(problems)}")
        if failing:
            raise CommandError(f"{failing} switched-on rules fail their examples.")
        self.stdout.write(f"All {len(desk.rules)} rules pass their examples.")
