"""The copy desk: reads a story as a careful copy editor does, and says what to fix.

``check_story(copy, desk)`` runs the rules over a ``StoryCopy`` and returns a
``Report`` of ``Finding`` objects. Everything here is pure: the rules, the house
list and the story come in as data (``reading.py`` and ``loading.py`` make them
from the database), and nothing touches the network.
"""

from pathlib import Path

from .copy import CitedRecord, Picture, Piece, Quotation, StoryCopy
from .desk import Desk, Report, check_story, example_failures, rule_problems
from .findings import ADVISORY, BLOCKING, Finding
from .house import HouseList, Term
from .rules import Rule, RuleError, Settings, dump_rules_yaml, load_rules_yaml

DEFAULTS = Path(__file__).with_name("defaults.yaml")


def default_desk():
    """The desk as shipped: the rules, house list and settings of defaults.yaml."""
    rules, terms, settings = load_rules_yaml(DEFAULTS.read_text(encoding="utf-8"))
    return Desk(rules=rules, house=HouseList(terms), settings=settings)


__all__ = [
    "ADVISORY",
    "BLOCKING",
    "CitedRecord",
    "DEFAULTS",
    "Desk",
    "Finding",
    "HouseList",
    "Piece",
    "Picture",
    "Quotation",
    "Report",
    "Rule",
    "RuleError",
    "Settings",
    "StoryCopy",
    "Term",
    "check_story",
    "default_desk",
    "dump_rules_yaml",
    "example_failures",
    "load_rules_yaml",
    "rule_problems",
]
